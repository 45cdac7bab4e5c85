"""The last-resort offline voice: espeak-ng, in every language it speaks (about a hundred).

It is the espeak-ng that piper-tts ships in its wheel (``piper/espeakbridge.so`` with its
``espeak-ng-data``): the bridge exposes only phonemes to Python, but the library inside it exports
espeak-ng's whole C API, so ctypes drives its synthesizer. Nothing is downloaded, nothing is
installed besides the wheels. espeak keeps one current voice for the process, shared with Piper's
phonemizer: every call that sets it runs under ``phonemes.LOCK``.
"""

from __future__ import annotations

import ctypes
import functools
import logging
from dataclasses import dataclass
from typing import Any

from ..audio.clip import AudioClip
from ..config import Settings
from ..errors import BackendError, ConfigError, InputError
from . import phonemes, word_timing
from .base import BackendKind

log = logging.getLogger(__name__)

MAX_CHARS = 400
SAMPLE_RATE = 22_050  # espeak-ng's only output rate
SECONDS_PER_CHAR = 0.058  # espeak at its default 175 words a minute, on news text
_CHARS_UTF8 = 1  # espeakCHARS_UTF8
_WORD_EVENT = 1  # espeakEVENT_WORD; 0 (espeakEVENT_LIST_TERMINATED) ends a list of events


class _Event(ctypes.Structure):
    """espeak-ng's ``espeak_EVENT`` (speak_lib.h)."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int),  # characters from the text's start, from 1
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int),  # ms
                ("sample", ctypes.c_int),  # samples from the synthesis's start
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


@dataclass
class _Engine:
    """The library, its version, and the PCM and word events (character, sample) of the
    synthesis under way (under the lock)."""

    lib: Any
    version: str
    callback: Any = None
    pcm: list[bytes] | None = None
    words: list[tuple[int, int]] | None = None


@functools.lru_cache(maxsize=1)
def _engine() -> _Engine:
    """espeak-ng as Piper's bridge loaded it, set up to hand its audio to us."""
    try:
        from piper import espeakbridge  # type: ignore[attr-defined]
    except ImportError as exc:
        raise ConfigError("the espeak-ng voice needs piper-tts", "pip install piper-tts") from exc
    phonemes.bridge()  # initialized once, with the wheel's data
    lib = ctypes.CDLL(espeakbridge.__file__)
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_Info.argtypes = [ctypes.c_void_p]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    engine = _Engine(lib, (lib.espeak_Info(None) or b"?").decode("ascii", "replace"))

    def collect(wav: Any, samples: int, events: Any) -> int:
        if wav and samples > 0 and engine.pcm is not None:
            engine.pcm.append(ctypes.string_at(wav, samples * 2))
        index = 0
        while events and events[index].type != 0 and engine.words is not None:
            if events[index].type == _WORD_EVENT:
                engine.words.append((events[index].text_position - 1, events[index].sample))
            index += 1
        return 0

    engine.callback = _CALLBACK(collect)  # kept alive as long as the engine
    return engine


def voices() -> list[str]:
    """The languages espeak-ng speaks: the voice files in the wheel's data ("de", "pt-br"...)."""
    folder = phonemes.data_dir()
    if folder is None:
        return []
    return sorted(path.name for path in (folder / "lang").rglob("*") if path.is_file())


class EspeakBackend:
    """Speaks one language with espeak-ng's formant synthesizer. ``synthesize`` is thread-safe."""

    max_chars = MAX_CHARS
    sample_rate = SAMPLE_RATE

    def __init__(self, voice: str) -> None:
        engine = _engine()
        self.voice_name = voice
        self.id = f"espeak-ng:{voice}:{engine.version}"
        self.options: dict[str, Any] = {"lang": voice}

    def synthesize(self, text: str) -> AudioClip:
        """Speak one segment as 16-bit mono PCM at 22,050 Hz."""
        if not text.strip():
            raise BackendError("nothing to speak", "the segment is empty")
        engine = _engine()
        data = text.encode("utf-8") + b"\0"
        with phonemes.LOCK:
            engine.pcm, engine.words = [], []
            try:
                engine.lib.espeak_SetSynthCallback(engine.callback)
                if engine.lib.espeak_SetVoiceByName(self.voice_name.encode("ascii")) != 0:
                    raise BackendError(f"espeak-ng has no voice {self.voice_name!r}",
                                       "see `tts-service voices` for its languages")
                status = engine.lib.espeak_Synth(data, len(data), 0, 0, 0, _CHARS_UTF8, None, None)
                engine.lib.espeak_Synchronize()
                pcm = b"".join(engine.pcm)
                events = engine.words
            finally:
                engine.pcm = engine.words = None
        if status != 0 or not pcm:
            raise BackendError(f"espeak-ng failed on a segment (status {status})", text[:80])
        return AudioClip(pcm, "pcm_s16le", SAMPLE_RATE, 1,
                         word_timing.from_word_starts(text, events, pcm, SAMPLE_RATE))


@dataclass(frozen=True)
class EspeakSetup:
    voice: str


def configure(settings: Settings, voice: str) -> EspeakSetup:
    name = phonemes.espeak_voice(voice or "en")
    if name is None:
        raise InputError(f"espeak-ng speaks no language {voice!r}",
                         "see `tts-service voices` for its languages")
    return EspeakSetup(name)


def voice_for_lang(lang: str, voice: str) -> str:
    """espeak's voice for ``lang`` (it speaks about a hundred languages); InputError if none."""
    if voice:
        return voice
    name = phonemes.espeak_voice(lang)
    if name is None:
        raise InputError(f"espeak-ng speaks no language {lang!r}",
                         "see `tts-service voices` for the languages it speaks")
    return name


KIND = BackendKind(
    name="espeak",
    description="offline last resort: espeak-ng, every language it speaks",
    online=False,
    max_chars=MAX_CHARS,
    configure=configure,
    load=lambda setup: EspeakBackend(setup.voice),
    voices=lambda settings: voices(),
    voice_for_lang=voice_for_lang,
    estimate_seconds=lambda text, settings: len(text) * SECONDS_PER_CHAR,
)
