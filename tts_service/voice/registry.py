"""The one list of backends, and the voices this process has loaded.

Adding a backend is one module defining a ``BackendKind`` (``KIND``) and one line in ``KINDS``. Nothing
else in the service names a backend: it asks the kind.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Hashable, Iterator, Mapping

from ..config import Settings
from ..errors import NotFound
from .base import Backend, BackendKind


class _Kinds(Mapping[str, BackendKind]):
    """Backend name -> its kind, each module imported when first asked for: a command that
    uses one backend (a cached ``speak``) does not pay for importing the others (gTTS pulls
    in requests and ssl)."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = modules
        self._kinds: dict[str, BackendKind] = {}

    def __getitem__(self, name: str) -> BackendKind:
        if name not in self._kinds:
            module = importlib.import_module(self._modules[name], __package__)
            self._kinds[name] = module.KIND
        return self._kinds[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


KINDS: Mapping[str, BackendKind] = _Kinds({
    "piper": ".piper_backend",
    "gtts": ".gtts_backend",
    "espeak": ".espeak_backend",
})

_loaded: dict[tuple[str, Hashable], Backend] = {}
_loaded_lock = threading.Lock()


def backend_kind(name: str) -> BackendKind:
    """The kind called ``name``; NotFound listing the others."""
    try:
        return KINDS[name]
    except KeyError:
        raise NotFound(f"unknown backend {name!r}",
                       "available backends: " + ", ".join(sorted(KINDS))) from None


def offline_backend(settings: Settings) -> str:
    """The backend an online one falls back to: the default backend if it is offline, else the
    first offline one listed (its default voice)."""
    if not backend_kind(settings.backend).online:
        return settings.backend
    return next(kind.name for kind in KINDS.values() if not kind.online)


def voice_setup(settings: Settings, name: str = "", voice: str = "") -> tuple[BackendKind, Hashable]:
    """The kind and voice setup for ``name`` and ``voice``. ``TTS_VOICE`` applies to the default
    backend (``TTS_BACKEND``) only: it names one of that backend's voices."""
    name = name or settings.backend
    kind = backend_kind(name)
    if not voice and name == settings.backend:
        voice = settings.voice
    return kind, kind.configure(settings, voice)


def get_backend(settings: Settings, name: str = "", voice: str = "") -> Backend:
    """The backend ``name`` speaking ``voice``, loaded once per process for each voice setup:
    settings that do not change the voice (log level, cache, pauses...) share one load."""
    kind, setup = voice_setup(settings, name, voice)
    with _loaded_lock:
        key = (kind.name, setup)
        if key not in _loaded:
            _loaded[key] = kind.load(setup)
        return _loaded[key]
