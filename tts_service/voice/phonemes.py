"""How long a word is to say, in phonemes: espeak-ng (bundled with Piper) phonemizes it in the
segment's language. Used to share a segment's sound among its words when the voice does not say
when each word is (gTTS); a language espeak does not know gets None, and the caller falls back
to letters and syllables."""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

_FLAGS = re.compile(r"\([^)]*\)")  # espeak's (lang) switches around a word of another language
_NOT_COUNTED = {"ˈ", "ˌ", "-", "_"}  # stress marks and joiners: not sounds
_ALIASES = {"zh": "cmn", "zh-cn": "cmn", "zh-tw": "cmn", "zh-hk": "yue", "iw": "he",
            "jw": "jv", "en": "en-us"}
LOCK = threading.RLock()  # espeak holds one current voice for the process: set it under this
_LOCK = LOCK


def exclusive(phonemize: Callable[[str], list[list[str]]]) -> Callable[[str], list[list[str]]]:
    """``phonemize`` (a Piper voice's) run under the lock this module sets espeak's voice under,
    so that a word counted in another language meanwhile does not switch the voice it says."""

    @functools.wraps(phonemize)
    def locked(text: str) -> list[list[str]]:
        with _LOCK:
            return phonemize(text)

    return locked


def bridge() -> object | None:
    """Piper's espeak-ng bridge, initialized with the wheel's data; None without piper-tts."""
    return _bridge()


def data_dir() -> Path | None:
    """The espeak-ng data piper-tts ships, or None without piper-tts."""
    if _bridge() is None:
        return None
    from piper.phonemize_espeak import ESPEAK_DATA_DIR

    return Path(ESPEAK_DATA_DIR)


@functools.lru_cache(maxsize=1)
def _bridge() -> object | None:
    try:
        from piper import espeakbridge  # type: ignore[attr-defined]
        from piper.phonemize_espeak import ESPEAK_DATA_DIR
    except ImportError:  # piper-tts is not installed
        return None
    espeakbridge.initialize(str(ESPEAK_DATA_DIR))
    return espeakbridge


_VOICE_NAME = re.compile(r"[a-z0-9-]{1,40}")


def espeak_voice(lang: str) -> str | None:
    """The espeak-ng voice that phonemizes ``lang`` (a gTTS/BCP 47 code: "de", "pt-BR"), or None
    when espeak has none (or is not installed)."""
    bridge = _bridge()
    if bridge is None:
        return None
    code = lang.strip().lower().replace("_", "-")
    if not _VOICE_NAME.fullmatch(code):
        return None  # no language tag (espeak's own call refuses a NUL with a ValueError)
    for name in dict.fromkeys([_ALIASES.get(code, code), code.split("-")[0],
                               _ALIASES.get(code.split("-")[0], "")]):
        if not name:
            continue
        try:
            with _LOCK:
                bridge.set_voice(name)  # type: ignore[attr-defined]
        except RuntimeError:
            continue
        return name
    return None


def count(text: str) -> int:
    """The sounds in espeak's phonemes ``text`` (codepoints, decomposed, stress marks and
    punctuation left out)."""
    plain = unicodedata.normalize("NFD", _FLAGS.sub("", text))
    return sum(1 for char in plain if not char.isspace() and char not in _NOT_COUNTED
               and not unicodedata.category(char).startswith("P"))


@functools.lru_cache(maxsize=16)
def counter(lang: str) -> Callable[[str], int] | None:
    """A function giving the phonemes of one word said alone in ``lang``, or None when espeak
    does not speak ``lang``."""
    voice = espeak_voice(lang)
    if voice is None:
        log.info("no espeak voice for %r: word times are estimated from letters and syllables",
                 lang)
        return None
    bridge = _bridge()

    @functools.lru_cache(maxsize=8192)
    def phonemes(word: str) -> int:
        with _LOCK:
            bridge.set_voice(voice)  # type: ignore[attr-defined]
            clauses = bridge.get_phonemes(word)  # type: ignore[attr-defined]
        return count("".join(phonemes for phonemes, _, _ in clauses))

    return phonemes
