"""Which backends exist and how each is built: adding one is a module plus one line here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Settings
from ..errors import NotFound
from .base import Backend


@dataclass(frozen=True)
class BackendInfo:
    name: str
    description: str
    build: Callable[[Settings, str], Backend]
    voices: Callable[[Settings], list[str]]


def _piper(settings: Settings, voice: str) -> Backend:
    from .piper_backend import PiperBackend

    return PiperBackend.from_settings(settings, voice)


def _piper_voices(settings: Settings) -> list[str]:
    from .piper_backend import available_voices

    return sorted(available_voices(settings.voices_dir))


def _gtts(settings: Settings, voice: str) -> Backend:
    from .gtts_backend import GTTSBackend

    return GTTSBackend.from_settings(settings, voice)


def _gtts_voices(settings: Settings) -> list[str]:
    from gtts.lang import tts_langs

    return sorted(tts_langs())


BACKENDS: dict[str, BackendInfo] = {
    "piper": BackendInfo("piper", "offline neural voice (default)", _piper, _piper_voices),
    "gtts": BackendInfo("gtts", "Google Translate TTS, online", _gtts, _gtts_voices),
}

_loaded: dict[tuple[str, str, Settings], Backend] = {}
_loaded_lock = threading.Lock()


def backend_info(name: str) -> BackendInfo:
    try:
        return BACKENDS[name]
    except KeyError:
        raise NotFound(f"unknown backend {name!r}",
                       "available backends: " + ", ".join(sorted(BACKENDS))) from None


def get_backend(settings: Settings, name: str = "", voice: str = "") -> Backend:
    """The backend ``name`` with ``voice``, loaded once per process and then reused."""
    name = name or settings.backend
    info = backend_info(name)
    # Where audio is stored does not change a voice: tests with many caches share one load.
    key = (name, voice or settings.voice,
           replace(settings, cache_dir=Path("."), cache_url="", lock_dir=None, s3_endpoint_url=""))
    with _loaded_lock:
        if key not in _loaded:
            _loaded[key] = info.build(settings, voice)
        return _loaded[key]
