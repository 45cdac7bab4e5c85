"""The gTTS backend against a fake Google that answers with a real MP3; retries and errors are real."""

from __future__ import annotations

import itertools
import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import gtts
import pytest
import requests

from tts_service.audio.mp3 import iter_frames
from tts_service.config import Settings
from tts_service.errors import BackendError, ConfigError, NotFound
from tts_service.voice import gtts_backend
from tts_service.voice.base import Backend
from tts_service.voice.gtts_backend import (
    JITTER,
    MAX_RETRY_AFTER,
    PROCESS_THROTTLE,
    GTTSBackend,
    Throttle,
    parse_voice,
)
from tts_service.voice.registry import voice_setup

Rig = Any  # google_support's GTTSRig: backend, google (the fake transport), clock
MakeRig = Callable[..., Rig]


def between(value: float, low: float, high: float) -> bool:
    return low - 1e-9 <= value <= high + 1e-9


# -- success -------------------------------------------------------------------------------------

def test_success_returns_googles_mp3_unchanged(make_gtts: MakeRig, google_mp3: bytes) -> None:
    rig = make_gtts(["ok"])
    clip = rig.backend.synthesize("  Hello world.  ")

    assert clip.data == google_mp3
    assert (clip.format, clip.sample_rate, clip.channels) == ("mp3", 24_000, 1)
    [sent] = rig.google.sent
    assert sent.request.method == "POST"
    assert sent.request.url == "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
    assert (sent.text, sent.lang) == ("Hello world.", "en")
    assert sent.timeout == 10.0  # always an explicit timeout; gTTS's default is none
    assert rig.clock.sleeps == []


def test_fixture_mp3_is_in_googles_format(google_mp3: bytes) -> None:
    frames = iter_frames(google_mp3)
    assert {f.sample_rate for f in frames} == {24_000}
    assert {f.size for f in frames} == {96}  # 32 kbit/s MPEG-2 Layer III, no padding at 24 kHz
    assert google_mp3[3] >> 6 == 3  # mono


def test_fake_answer_is_what_gtts_itself_parses(make_gtts: MakeRig, google_mp3: bytes,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """gTTS's own stream() finds the same MP3 in the fake answer: the fake is Google-shaped."""
    rig = make_gtts(["ok"])
    monkeypatch.setattr(requests, "Session", rig.google.session)  # stream() makes its own Session

    assert b"".join(gtts.gTTS("Hello", lang_check=False).stream()) == google_mp3


@pytest.mark.parametrize("lang, tld, host, sent_lang", [
    ("en", "com", "translate.google.com", "en"),
    ("en", "co.uk", "translate.google.co.uk", "en"),
    ("fr", "ca", "translate.google.ca", "fr"),
    ("zh-TW", "com.tw", "translate.google.com.tw", "zh-TW"),
    ("zh-tw", "com.tw", "translate.google.com.tw", "zh-TW"),  # gTTS's spelling is restored
    ("pt", "com.br", "translate.google.com.br", "pt"),  # a real host gTTS's accents list lacks
    ("de", "DE", "translate.google.de", "de"),
])
def test_request_names_language_and_google_host(make_gtts: MakeRig, lang: str, tld: str,
                                                host: str, sent_lang: str) -> None:
    rig = make_gtts(["ok"], lang=lang, tld=tld)
    rig.backend.synthesize("Bonjour.")

    [sent] = rig.google.sent
    assert (sent.host, sent.lang, sent.text) == (host, sent_lang, "Bonjour.")


def test_raw_piper_phonemes_are_not_sent_to_google(make_gtts: MakeRig) -> None:
    rig = make_gtts(["ok"])
    rig.backend.synthesize("We flew to [[kˈiːv]] on Monday.")
    assert [sent.text for sent in rig.google.sent] == ["We flew to on Monday."]


@pytest.mark.parametrize("text", [
    # gTTS's default pre-processors would lengthen these past 100 and cut them into many requests
    ("Really?Yes!No?Maybe!" * 5)[:100],
    ("John Smith Esq. and Jane Doe Esq. said so. " * 3)[:100],
    # and its abbreviation rule would drop these periods ("first. Then" -> "first Then")
    "It came first. Then the Dr. left. Mrs. Jones stayed last.",
    "x" * 100,
    "a",
])
def test_a_segment_up_to_max_chars_is_one_verbatim_request(make_gtts: MakeRig, text: str) -> None:
    rig = make_gtts(["ok"])
    rig.backend.synthesize(text)

    assert rig.backend.max_chars == 100 >= len(text)
    assert [sent.text for sent in rig.google.sent] == [text]


def test_a_longer_segment_is_cut_by_gtts_and_the_mp3s_joined(make_gtts: MakeRig,
                                                             google_mp3: bytes) -> None:
    text = "The council met on Tuesday, and voted to expand the bus network next year. " * 3
    rig = make_gtts(["ok"] * 10)
    clip = rig.backend.synthesize(text)

    parts = [sent.text for sent in rig.google.sent]
    assert len(parts) > 1 and all(len(part) <= 100 for part in parts)
    assert re.findall(r"\w+", " ".join(parts)) == re.findall(r"\w+", text)  # commas are cut at
    assert clip.data == google_mp3 * len(parts)
    assert len(iter_frames(clip.data)) == len(iter_frames(google_mp3)) * len(parts)


# -- retries -------------------------------------------------------------------------------------

@pytest.mark.parametrize("failures", [
    [500], [502], [503], [504],
    ["timeout"], ["connect_timeout"], ["connect"], ["reset"],
    [503, "timeout", "connect"],
])
def test_transient_failures_are_retried(make_gtts: MakeRig, google_mp3: bytes,
                                        failures: list[Any]) -> None:
    rig = make_gtts([*failures, "ok"])

    assert rig.backend.synthesize("Hello.").data == google_mp3
    assert len(rig.google.sent) == len(failures) + 1
    assert all(sent.text == "Hello." for sent in rig.google.sent)
    assert len(rig.clock.sleeps) == len(failures)


def test_backoff_doubles_with_bounded_jitter(make_gtts: MakeRig) -> None:
    rig = make_gtts([503, 503, 503, 503, "ok"], backoff=0.5, retries=4)
    rig.backend.synthesize("Hello.")

    assert len(rig.clock.sleeps) == 4  # one wait before each retry
    for n, slept in enumerate(rig.clock.sleeps):
        expected = 0.5 * 2**n
        assert between(slept, expected, expected * (1 + JITTER)), (n, slept)
    starts = rig.starts
    assert [b - a for a, b in itertools.pairwise(starts)] == pytest.approx(rig.clock.sleeps)


@pytest.mark.parametrize("script, cooldowns", [
    ([429, "ok"], [5.0]),
    ([429, 429, "ok"], [5.0, 10.0]),
    ([503, 429, "ok"], [0.5, 10.0]),  # the cooldown grows with the attempt number too
])
def test_rate_limit_cools_down_then_retries(make_gtts: MakeRig, google_mp3: bytes,
                                            script: list[Any], cooldowns: list[float]) -> None:
    rig = make_gtts(script, rate_limit_cooldown=5.0, backoff=0.5)

    assert rig.backend.synthesize("Hello.").data == google_mp3
    assert len(rig.clock.sleeps) == len(cooldowns)
    for slept, expected in zip(rig.clock.sleeps, cooldowns, strict=True):
        assert between(slept, expected, expected * (1 + JITTER))


@pytest.mark.parametrize("retry_after, least", [
    ("30", 30.0),
    ("3600", MAX_RETRY_AFTER),  # an absurd wait is capped
    ("Wed, 21 Oct 2015 07:28:00 GMT", 5.0),  # a date is ignored: our own cooldown applies
])
def test_retry_after_is_honoured_within_a_cap(make_gtts: MakeRig, retry_after: str,
                                              least: float) -> None:
    rig = make_gtts([(429, {"Retry-After": retry_after}), "ok"], rate_limit_cooldown=5.0)
    rig.backend.synthesize("Hello.")

    [slept] = rig.clock.sleeps
    assert between(slept, least, max(least, 5.0 * (1 + JITTER)))


# -- giving up -----------------------------------------------------------------------------------

@pytest.mark.parametrize("step, message, cause", [
    (503, "Google TTS failed on its side (HTTP 503) after 5 attempts", type(None)),
    (500, "Google TTS failed on its side (HTTP 500) after 5 attempts", type(None)),
    ("timeout", "Google TTS timed out (no answer within 10 s) after 5 attempts",
     requests.exceptions.ReadTimeout),
    ("connect", "Google TTS could not be reached at translate.google.com after 5 attempts",
     requests.exceptions.ConnectionError),
    (429, "Google TTS rate-limited us (HTTP 429) after 5 attempts", type(None)),
])
def test_gives_up_after_the_last_attempt(make_gtts: MakeRig, step: Any, message: str,
                                         cause: type) -> None:
    rig = make_gtts([step] * 5, retries=4)

    with pytest.raises(BackendError) as caught:
        rig.backend.synthesize("Hello.")
    error = caught.value
    assert error.message == message
    assert error.retryable and error.status == 503
    assert error.detail.split("attempts: ")[1].count(", ") == 4  # "HTTP 503, HTTP 503, ..."
    assert isinstance(error.__cause__, cause)
    assert len(rig.google.sent) == 5
    assert len(rig.clock.sleeps) == 4


def test_no_retries_means_one_attempt(make_gtts: MakeRig) -> None:
    rig = make_gtts([503], retries=0)

    with pytest.raises(BackendError, match=r"\(HTTP 503\) after 1 attempt$"):
        rig.backend.synthesize("Hello.")
    assert len(rig.google.sent) == 1 and rig.clock.sleeps == []


@pytest.mark.parametrize("status, reason", [
    (400, "Bad Request"), (401, "Unauthorized"), (403, "Forbidden"), (404, "Not Found"),
])
def test_client_errors_are_not_retried(make_gtts: MakeRig, status: int, reason: str) -> None:
    rig = make_gtts([status])

    with pytest.raises(BackendError) as caught:
        rig.backend.synthesize("Hello.")
    assert caught.value.message == (
        f"Google TTS refused the request with HTTP {status} ({reason}); not retried")
    assert not caught.value.retryable and caught.value.status == 502
    assert len(rig.google.sent) == 1 and rig.clock.sleeps == []


def test_a_404_from_a_regional_host_says_so(make_gtts: MakeRig) -> None:
    rig = make_gtts([404], tld="co.uk")

    with pytest.raises(BackendError, match="HTTP 404") as caught:
        rig.backend.synthesize("Hello.")
    assert "translate.google.co.uk" in caught.value.detail


@pytest.mark.parametrize("step, message", [
    ("no_audio", "Google TTS answered without audio for language 'en'"),
    ("bad_payload", "Google TTS answered HTTP 200 without readable audio"),
    ("html", "Google TTS answered HTTP 200 without readable audio"),
    ("empty", "Google TTS answered HTTP 200 without readable audio"),
    ("not_mp3", "Google TTS sent audio that is not MP3 for 'Hello.'"),
    ("empty_audio", "Google TTS sent empty audio for 'Hello.'"),
])
def test_an_answer_without_mp3_is_an_error(make_gtts: MakeRig, step: str, message: str) -> None:
    rig = make_gtts([step, "ok"])

    with pytest.raises(BackendError) as caught:
        rig.backend.synthesize("Hello.")
    assert caught.value.message == message
    assert not caught.value.retryable
    assert len(rig.google.sent) == 1


def test_a_local_request_error_is_not_retried(make_gtts: MakeRig) -> None:
    rig = make_gtts(["too_many_redirects", "ok"])

    with pytest.raises(BackendError, match="could not send its request") as caught:
        rig.backend.synthesize("Hello.")
    assert isinstance(caught.value.__cause__, requests.exceptions.TooManyRedirects)
    assert not caught.value.retryable and len(rig.google.sent) == 1


@pytest.mark.parametrize("text", ["", "   \n", "…", "?!", " (...) "])
def test_nothing_to_speak_is_an_error_without_a_request(make_gtts: MakeRig, text: str) -> None:
    rig = make_gtts([])

    with pytest.raises(BackendError, match="empty segment|nothing to speak"):
        rig.backend.synthesize(text)
    assert rig.google.sent == []


# -- throttle ------------------------------------------------------------------------------------

def test_consecutive_calls_are_spaced_by_min_interval(make_gtts: MakeRig) -> None:
    rig = make_gtts(["ok", "ok", "ok"], min_interval=0.2)
    rig.backend.synthesize("One.")
    rig.backend.synthesize("Two.")
    rig.clock.now += 1.0  # a pause longer than the interval: no wait
    rig.backend.synthesize("Three.")

    assert rig.clock.sleeps == [pytest.approx(0.2)]
    assert rig.starts[1] - rig.starts[0] == pytest.approx(0.2)


def test_backends_sharing_a_throttle_are_spaced(make_gtts: MakeRig) -> None:
    first = make_gtts(["ok"], min_interval=0.3)
    second = make_gtts(["ok"], clock=first.clock, throttle=first.backend._throttle, lang="de")
    first.backend.synthesize("Hello.")
    second.backend.synthesize("Hallo.")

    assert second.starts[0] - first.starts[0] == pytest.approx(0.3)


def test_rate_limit_pauses_every_backend_sharing_the_throttle(make_gtts: MakeRig) -> None:
    limited = make_gtts([429], retries=0, rate_limit_cooldown=5.0)
    other = make_gtts(["ok"], clock=limited.clock, throttle=limited.backend._throttle)
    with pytest.raises(BackendError, match="rate-limited"):
        limited.backend.synthesize("Hello.")
    other.backend.synthesize("Hello again.")

    assert between(other.starts[0] - limited.starts[0], 5.0, 5.0 * (1 + JITTER))


def test_the_default_throttle_is_process_wide() -> None:
    backends = [GTTSBackend(), GTTSBackend(lang="fr", tld="fr")]
    assert all(backend._throttle is PROCESS_THROTTLE for backend in backends)


def test_throttle_spaces_request_starts_across_threads(make_google: Callable[..., Any]) -> None:
    """Real threads, real clock: six requests through one throttle take five intervals at least."""
    google = make_google(["ok"] * 6)
    throttle = Throttle()
    backends = [GTTSBackend(lang, session_factory=google.session, min_interval=0.05,
                            throttle=throttle) for lang in ("en", "fr", "de")]
    threads = [threading.Thread(target=backend.synthesize, args=("Hi.",))
               for backend in backends * 2]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    starts = sorted(sent.at for sent in google.sent)
    assert len(starts) == 6
    assert starts[-1] - began >= 5 * 0.05  # sleep never returns early: a hard bound
    assert min(b - a for a, b in itertools.pairwise(starts)) > 0.05 / 2  # none bunched together


# -- voices and settings -------------------------------------------------------------------------

def test_is_a_backend_with_a_versioned_id() -> None:
    backend = GTTSBackend("en", "co.uk")
    assert isinstance(backend, Backend)
    assert backend.id == f"gtts:en:co.uk:gtts-{gtts.__version__}"
    assert backend.options == {"lang": "en", "tld": "co.uk"}
    assert (backend.max_chars, backend.sample_rate) == (100, 24_000)


@pytest.mark.parametrize("lang", ["xx", "english", "en-gb", "en-US", ""])
def test_an_unknown_language_lists_the_supported_ones(lang: str) -> None:
    with pytest.raises(NotFound, match="gTTS has no language") as caught:
        GTTSBackend(lang)
    assert "en, " in caught.value.detail and "fr, " in caught.value.detail
    assert "en-co.uk" in caught.value.detail


@pytest.mark.parametrize("tld", ["com/evil", "evil.com:8080", "", "co..uk", ".com", "c", "1com"])
def test_a_malformed_domain_is_refused_with_examples(tld: str) -> None:
    with pytest.raises(NotFound, match="cannot be the top-level domain") as caught:
        GTTSBackend("en", tld)
    assert "co.uk" in caught.value.detail


def test_construction_touches_no_network() -> None:
    def no_session() -> requests.Session:
        raise AssertionError("a session was opened while building the backend")

    for lang in ("en", "zh-TW", "fr-CA"):
        GTTSBackend(lang, session_factory=no_session)


@pytest.mark.parametrize("name, value", [
    ("timeout", 0), ("timeout", -1), ("min_interval", -0.1), ("retries", -1), ("backoff", -1),
    ("rate_limit_cooldown", -5),
])
def test_impossible_numbers_are_a_config_error(name: str, value: float) -> None:
    with pytest.raises(ConfigError, match=name):
        kwargs: dict[str, Any] = {name: value}
        GTTSBackend(**kwargs)


@pytest.mark.parametrize("voice, parts", [
    ("", ("de", "at")),  # the settings' defaults
    ("en", ("en", "at")),
    ("en-co.uk", ("en", "co.uk")),
    ("zh-TW", ("zh-TW", "at")),
    ("zh-TW-com.tw", ("zh-TW", "com.tw")),
    ("fr-CA-ca", ("fr-CA", "ca")),
])
def test_voice_is_lang_or_lang_dash_tld(voice: str, parts: tuple[str, str]) -> None:
    assert parse_voice(voice, "de", "at") == parts


def test_the_setup_reads_the_gtts_settings() -> None:
    settings = Settings.from_env({}, gtts_lang="de", gtts_tld="at", gtts_timeout=3.5,
                                 gtts_min_interval=1.5, gtts_retries=2, gtts_backoff=0.25,
                                 gtts_rate_limit_cooldown=9.0)
    backend = gtts_backend.load(gtts_backend.configure(settings, ""))

    assert backend.options == {"lang": "de", "tld": "at"}
    assert (backend.timeout, backend.min_interval, backend.retries, backend.backoff,
            backend.rate_limit_cooldown) == (3.5, 1.5, 2, 0.25, 9.0)
    uk = gtts_backend.configure(settings, "en-co.uk")
    assert (uk.lang, uk.tld) == ("en", "co.uk")
    assert gtts_backend.configure(settings, "EN-Co.UK") == gtts_backend.configure(settings, "en-co.uk")


@pytest.mark.parametrize("backend, lang", [("gtts", "es"), ("piper", "en")])
def test_settings_voice_applies_only_when_gtts_is_the_configured_backend(backend: str,
                                                                         lang: str) -> None:
    voice = "es" if backend == "gtts" else "en_US-joe-medium"
    settings = Settings.from_env({}, backend=backend, voice=voice)
    _, setup = voice_setup(settings, "gtts")
    assert isinstance(setup, gtts_backend.GTTSSetup) and setup.lang == lang


@pytest.mark.parametrize("voice", ["xx", "xx-co.uk", "en-co/uk", "english"])
def test_the_setup_rejects_an_unknown_voice(voice: str) -> None:
    with pytest.raises(NotFound):
        gtts_backend.configure(Settings.from_env({}), voice)


# -- logging -------------------------------------------------------------------------------------

def test_each_failed_attempt_logs_one_info_line(make_gtts: MakeRig,
                                                caplog: pytest.LogCaptureFixture) -> None:
    rig = make_gtts([503, 429, "ok"])
    with caplog.at_level(logging.DEBUG, logger="tts_service.voice.gtts_backend"):
        rig.backend.synthesize("Hello.")

    ours = [r for r in caplog.records if r.name == "tts_service.voice.gtts_backend"]
    info = [r.getMessage() for r in ours if r.levelno == logging.INFO]
    assert len(info) == 2
    assert info[0].startswith("gTTS attempt 1/5 failed (HTTP 503); retrying in")
    assert info[1].startswith("gTTS attempt 2/5 rate-limited (HTTP 429); cooling down")
    assert [r.levelno for r in ours if "bytes of MP3" in r.getMessage()] == [logging.DEBUG]
