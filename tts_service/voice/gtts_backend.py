"""Google Translate's text-to-speech through gTTS: one HTTPS request per segment, throttled and retried.

gTTS builds the request (URL, headers, RPC body) from its ``_prepare_requests()``; we send it on a
``requests.Session`` we own, so the timeout, retries, the process-wide throttle and the error mapping
are ours, and tests can mount a fake transport. Google answers in its "batchexecute" envelope::

    )]}'

    [["wrb.fr","jQ1olc","[\\"<base64 MP3>\\"]",null,null,null,"generic"]
    ,["di",52]
    ,["af.httprm",51,"...",2]
    ]

and the MP3 inside is MPEG-2 Layer III, 24 kHz, mono, 32 kbit/s.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from http import HTTPStatus
from typing import Any

import gtts
import gtts.accents
import requests
from gtts.lang import tts_langs

from ..audio.clip import AudioClip
from ..audio.mp3 import iter_frames
from ..config import Settings
from ..errors import AudioError, BackendError, ConfigError, NotFound
from .base import BackendKind

log = logging.getLogger(__name__)

MAX_CHARS = gtts.gTTS.GOOGLE_TTS_MAX_CHARS  # 100: gTTS's limit for one request
SECONDS_PER_CHAR = 0.065  # Google's voice, roughly: a little slower than Piper's
SAMPLE_RATE = 24_000  # what Google sends (MPEG-2 Layer III, mono)
JITTER = 0.25  # each retry delay is stretched by a random 0..25 %
MAX_RETRY_AFTER = 60.0  # seconds: the most of a server's Retry-After we honour
_XSSI_PREFIX = ")]}'"
_TLD = re.compile(r"^[a-z]{2,63}(\.[a-z]{2,63}){0,2}$")
# The Google hosts we send to: gTTS's own list, plus real Google domains it lacks.
GOOGLE_TLDS = frozenset(gtts.accents.accents) | {"de", "com.br", "it", "nl", "pl", "se", "no", "dk",
                                                  "pt", "ru", "co.jp", "co.kr", "com.tr", "co.nz"}

# gTTS's own pre-processors are left out on purpose: ``tone_marks`` and ``word_sub`` lengthen the
# text ("?" -> "? ", "Esq." -> "Esquire"), so a 100-character segment would be cut again into many
# requests, and ``abbreviations`` drops the period after any word ending in "st", "dr", "mr"...
# ("came first. Then" -> "came first Then"). Our text normalizer owns such rewrites. gTTS's
# default tokenizer still cuts a segment longer than MAX_CHARS, should one ever arrive.
_NO_PRE_PROCESSORS: list[Callable[[str], str]] = []
_RAW_PHONEMES = re.compile(r"\[\[[^\[\]]*\]\]")


class Throttle:
    """Keeps request starts at least an interval apart across every thread that shares it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._next_start = float("-inf")

    def wait(self, interval: float, sleep: Callable[[float], None]) -> float:
        """Reserve the next start slot, sleep until it comes, and return the seconds slept."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start)
            self._next_start = start + interval
        delay = start - now
        if delay > 0:
            sleep(delay)
        return max(delay, 0.0)

    def hold(self, seconds: float) -> None:
        """Start no request for ``seconds`` from now (a rate limit applies to the whole process)."""
        with self._lock:
            self._next_start = max(self._next_start, self._clock() + seconds)


PROCESS_THROTTLE = Throttle()  # shared by every GTTSBackend unless a test passes its own


@dataclass(frozen=True)
class _Failure:
    """Why one attempt failed, and how to word it in the final error."""

    kind: str  # "rate_limit" | "server" | "timeout" | "connection"
    short: str  # e.g. "HTTP 503", for the list of attempts
    retry_after: float = 0.0
    error: Exception | None = None  # the requests exception, chained to the final BackendError


class GTTSBackend:
    """Google Translate TTS: online, many languages, MP3 out; one request per segment."""

    max_chars = MAX_CHARS
    sample_rate = SAMPLE_RATE

    def __init__(
        self,
        lang: str = "en",
        tld: str = "com",
        *,
        timeout: float = 10.0,
        min_interval: float = 0.2,
        retries: int = 4,
        backoff: float = 0.5,
        rate_limit_cooldown: float = 5.0,
        session_factory: Callable[[], requests.Session] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        throttle: Throttle | None = None,
    ) -> None:
        self.lang = resolve_lang(lang)
        self.tld = _check_tld(tld)
        numbers = {"timeout": timeout, "min_interval": min_interval, "retries": retries,
                   "backoff": backoff, "rate_limit_cooldown": rate_limit_cooldown}
        for name, value in numbers.items():
            if value < 0 or (name == "timeout" and value == 0):
                raise ConfigError(f"invalid gTTS setting {name}={value!r}",
                                  "timeout must be > 0; the others >= 0")
        self.timeout = float(timeout)
        self.min_interval = float(min_interval)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.rate_limit_cooldown = float(rate_limit_cooldown)
        self._session_factory = session_factory or requests.Session
        self._sleep = sleep
        self._throttle = throttle or PROCESS_THROTTLE
        self._local = threading.local()  # one Session per thread
        self.id = f"gtts:{self.lang}:{self.tld}:gtts-{gtts.__version__}"
        self.options: dict[str, Any] = {"lang": self.lang, "tld": self.tld}

    @property
    def host(self) -> str:
        return f"translate.google.{self.tld}"

    def synthesize(self, text: str) -> AudioClip:
        """Speak one segment; a segment over ``max_chars`` is cut by gTTS and its MP3s joined.
        Raw Piper phonemes (``[[ ... ]]``, from a lexicon) mean nothing to Google: they are left out."""
        text = " ".join(_RAW_PHONEMES.sub(" ", text).split())
        if not text:
            raise BackendError("gTTS was given an empty segment", "there is nothing to speak")
        prepared = self._prepare(text)
        if len(prepared) > 1:
            log.warning("gTTS: %d-character segment exceeds max_chars=%d; sent as %d requests",
                        len(text), self.max_chars, len(prepared))
        mp3 = b"".join(self._fetch(request, text) for request in prepared)
        return _mp3_clip(mp3, text)

    def _prepare(self, text: str) -> list[requests.PreparedRequest]:
        """gTTS's ready-to-send POSTs for ``text``: one, unless the text exceeds MAX_CHARS."""
        nothing = BackendError(f"gTTS found nothing to speak in {text[:40]!r}",
                               "the segment is only punctuation or spaces")
        try:
            # lang_check=False: we checked the language in __init__ (gTTS's check only warns
            # and falls back on deprecated codes such as "en-gb").
            tts = gtts.gTTS(text, tld=self.tld, lang=self.lang, lang_check=False,
                            pre_processor_funcs=_NO_PRE_PROCESSORS)
            prepared: list[requests.PreparedRequest] = tts._prepare_requests()
        except AssertionError as exc:  # gTTS's documented signal for "nothing left to speak"
            raise nothing from exc
        if not prepared:  # the same under python -O, where gTTS's asserts are gone
            raise nothing
        return prepared

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = self._session_factory()
        return session

    def _fetch(self, request: requests.PreparedRequest, text: str) -> bytes:
        """POST one prepared request, retrying what may pass; return the MP3 it carries."""
        attempts = self.retries + 1
        failures: list[_Failure] = []
        for attempt in range(attempts):
            self._throttle.wait(self.min_interval, self._sleep)
            started = time.monotonic()
            outcome = self._attempt(request)
            if isinstance(outcome, requests.Response):
                mp3 = _audio_from_response(outcome, self.lang)
                log.debug("gTTS: %d chars -> %d bytes of MP3 from %s in %.2f s (attempt %d)",
                          len(text), len(mp3), self.host, time.monotonic() - started, attempt + 1)
                return mp3
            failures.append(outcome)
            delay = self._delay(outcome, attempt)
            last = attempt + 1 == attempts
            if outcome.kind == "rate_limit":
                # Google limits this machine, not one thread: every request here waits.
                self._throttle.hold(delay)
                log.info("gTTS attempt %d/%d rate-limited (%s); %s", attempt + 1, attempts,
                         outcome.short, "giving up" if last else f"cooling down {delay:.1f} s")
            else:
                log.info("gTTS attempt %d/%d failed (%s); %s", attempt + 1, attempts,
                         outcome.short, "giving up" if last else f"retrying in {delay:.2f} s")
                if not last:
                    self._sleep(delay)
        raise self._gave_up(failures) from failures[-1].error

    def _attempt(self, request: requests.PreparedRequest) -> requests.Response | _Failure:
        """Send once: the response if 2xx, a _Failure when retrying may help; raise otherwise."""
        session = self._session()
        # Session.send skips what Session.request would add from the environment (proxies, CA).
        settings = session.merge_environment_settings(request.url or "", {}, None, None, None)
        try:
            response = session.send(request, timeout=self.timeout, **settings)
        except requests.Timeout as exc:  # before ConnectionError: ConnectTimeout is both
            return _Failure("timeout", f"no answer within {self.timeout:g} s", error=exc)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            return _Failure("connection", f"connection failed: {type(exc).__name__}", error=exc)
        except requests.RequestException as exc:
            raise BackendError(f"gTTS could not send its request to {self.host}: {exc}",
                               "this is a local problem (URL, proxy or TLS setup), not Google's",
                               ) from exc
        status = response.status_code
        if status == 429:
            return _Failure("rate_limit", "HTTP 429", _retry_after(response))
        if status >= 500:
            return _Failure("server", f"HTTP {status}")
        if status >= 400:
            raise BackendError(f"Google TTS refused the request with HTTP {status} "
                               f"({response.reason or _reason(status)}); not retried",
                               self._refusal_hint(status), retryable=False)
        return response

    def _refusal_hint(self, status: int) -> str:
        if status == 404 and self.tld != "com":
            return f"is {self.host} a Google Translate host? Try the tld 'com'"
        return (f"Google may have changed its endpoint; a newer gTTS (now {gtts.__version__}) "
                "may fix it, or use the piper backend")

    def _delay(self, failure: _Failure, attempt: int) -> float:
        """Exponential backoff (doubling per attempt) plus up to JITTER of random stretch."""
        base = self.rate_limit_cooldown if failure.kind == "rate_limit" else self.backoff
        delay = base * 2**attempt
        delay += random.uniform(0.0, JITTER * delay)
        return max(delay, min(failure.retry_after, MAX_RETRY_AFTER))

    def _gave_up(self, failures: list[_Failure]) -> BackendError:
        last = failures[-1]
        n = len(failures)
        after = f"after {n} attempt{'s' * (n != 1)}"
        history = "attempts: " + ", ".join(f.short for f in failures)
        messages = {
            "rate_limit": (f"Google TTS rate-limited us (HTTP 429) {after}",
                           "wait a few minutes, raise TTS_GTTS_MIN_INTERVAL, or use piper"),
            "server": (f"Google TTS failed on its side ({last.short}) {after}",
                       "Google's service is having trouble; try again later"),
            "timeout": (f"Google TTS timed out ({last.short}) {after}",
                        f"{self.host} is slow or unreachable; check the network or TTS_GTTS_TIMEOUT"),
            "connection": (f"Google TTS could not be reached at {self.host} {after}",
                           "check this machine's network, DNS and proxy settings"),
        }
        message, hint = messages[last.kind]
        return BackendError(message, f"{hint}; {history}", retryable=True)


def parse_voice(voice: str, default_lang: str = "en", default_tld: str = "com") -> tuple[str, str]:
    """Split a voice "lang" or "lang-tld" ("en-co.uk", "zh-TW", "zh-TW-com.tw") into its parts."""
    voice = voice.strip()
    if not voice:
        return default_lang, default_tld
    if _known_lang(voice) or "-" not in voice:
        return voice, default_tld
    lang, tld = voice.rsplit("-", 1)
    return lang, tld


def resolve_lang(lang: str) -> str:
    """gTTS's spelling of ``lang`` (case-insensitive); NotFound listing the languages otherwise."""
    known = _known_lang(lang)
    if known is None:
        raise NotFound(f"gTTS has no language {lang!r}",
                       "supported languages: " + ", ".join(sorted(tts_langs()))
                       + "; for a regional accent give a Google host too, e.g. voice 'en-co.uk'")
    return known


def _known_lang(lang: str) -> str | None:
    return _lang_codes().get(lang.strip().lower())


@functools.cache
def _lang_codes() -> dict[str, str]:
    """Lower-cased code -> gTTS's code. tts_langs() reads a table bundled with gTTS: no network."""
    return {code.lower(): code for code in tts_langs()}


def _check_tld(tld: str) -> str:
    """``tld`` lower-cased if it ends a Google Translate host we know (gTTS's list, and the few
    real ones it lacks); NotFound with examples otherwise. Never a host a request makes up."""
    tld = tld.strip().lower()
    if not _TLD.match(tld) or tld not in GOOGLE_TLDS:
        raise NotFound(f"{tld!r} cannot be the top-level domain of a Google Translate host",
                       "use the ending of a Google domain, such as com, co.uk, com.au, ca, co.in, "
                       "ie, co.za, fr, de, es, com.br or com.mx")
    return tld


def _retry_after(response: requests.Response) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return max(float(value), 0.0)
    except ValueError:  # absent, or an HTTP date: fall back to our own cooldown
        return 0.0


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "unknown status"


def _audio_from_response(response: requests.Response, lang: str) -> bytes:
    """The MP3 bytes inside a 2xx batchexecute answer; BackendError when there are none."""
    body = response.content.decode("utf-8", errors="replace")
    try:
        audio = _batchexecute_audio(body)
    except (ValueError, TypeError, IndexError, KeyError, binascii.Error) as exc:
        raise BackendError(
            f"Google TTS answered HTTP {response.status_code} without readable audio",
            f"Google's answer format may have changed; try a newer gTTS (now {gtts.__version__}). "
            f"{type(exc).__name__}: {exc}; body starts {body[:120]!r}",
        ) from exc
    if audio is None:
        raise BackendError(f"Google TTS answered without audio for language {lang!r}",
                           "Google may no longer speak this language; pick another voice")
    return audio


def _batchexecute_audio(body: str) -> bytes | None:
    """Decode the audio RPC's result; None when Google returned the RPC with no payload."""
    for envelope in _batchexecute_envelopes(body):
        for entry in envelope:
            if isinstance(entry, list) and entry[:2] == ["wrb.fr", gtts.gTTS.GOOGLE_TTS_RPC]:
                payload = entry[2]
                if payload is None:
                    return None
                return base64.b64decode(json.loads(payload)[0], validate=True)
    raise ValueError(f"no {gtts.gTTS.GOOGLE_TTS_RPC!r} result in the answer")


def _batchexecute_envelopes(body: str) -> Iterator[list[Any]]:
    """The JSON arrays of a batchexecute answer, with or without the chunk-length lines."""
    text = body.lstrip()
    if not text.startswith(_XSSI_PREFIX):
        raise ValueError("not a batchexecute answer (no )]}' prefix)")
    decoder = json.JSONDecoder()
    pos = len(_XSSI_PREFIX)
    while True:
        while pos < len(text) and (text[pos].isspace() or text[pos].isdigit()):
            pos += 1  # blank lines and the lengths of chunked answers
        if pos == len(text):
            return
        value, pos = decoder.raw_decode(text, pos)
        if isinstance(value, list):
            yield value


def _mp3_clip(mp3: bytes, text: str) -> AudioClip:
    """Wrap Google's MP3 after checking it is whole MPEG Layer III frames."""
    try:
        frames = iter_frames(mp3) if mp3 else []
    except AudioError as exc:
        raise BackendError(f"Google TTS sent audio that is not MP3 for {text[:40]!r}",
                           f"{exc.message} ({exc.detail}); first bytes {mp3[:8].hex()}") from exc
    if not frames:
        raise BackendError(f"Google TTS sent empty audio for {text[:40]!r}",
                           "try again later or use the piper backend")
    channels = 1 if mp3[frames[0].offset + 3] >> 6 == 3 else 2
    return AudioClip(data=mp3, format="mp3", sample_rate=frames[0].sample_rate, channels=channels)


@dataclass(frozen=True)
class GTTSSetup:
    """One Google voice (language and host) and how we talk to Google for it."""

    lang: str
    tld: str
    timeout: float
    min_interval: float
    retries: int
    backoff: float
    rate_limit_cooldown: float


def configure(settings: Settings, voice: str) -> GTTSSetup:
    """The setup for ``voice`` ("lang" or "lang-tld", e.g. "en-co.uk"); "" is TTS_GTTS_LANG/TLD.
    Raises NotFound for a language gTTS does not know or a host that cannot be Google's."""
    lang, tld = parse_voice(voice, settings.gtts_lang, settings.gtts_tld)
    return GTTSSetup(resolve_lang(lang), _check_tld(tld), settings.gtts_timeout,
                     settings.gtts_min_interval, settings.gtts_retries, settings.gtts_backoff,
                     settings.gtts_rate_limit_cooldown)


def load(setup: GTTSSetup) -> GTTSBackend:
    return GTTSBackend(**asdict(setup))


KIND = BackendKind(
    name="gtts",
    description="Google Translate TTS, online",
    online=True,
    max_chars=MAX_CHARS,
    configure=configure,
    load=load,
    voices=lambda settings: sorted(tts_langs()),
    voice_for_lang=lambda lang, voice: voice or lang,  # Google picks its voice by language
    estimate_seconds=lambda text, settings: len(text) * SECONDS_PER_CHAR,
)
