"""The one list of backends, and the voices this process has loaded.

Adding a backend is one module defining a ``BackendKind`` (``KIND``) and one line in ``KINDS``. Nothing
else in the service names a backend: it asks the kind.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Hashable, Iterator, Mapping

from ..config import Settings
from ..errors import InputError, NotFound
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


def voice_for_language(settings: Settings, backend: str, voice: str, lang: str) -> tuple[str, str]:
    """The backend and voice that speak an article in ``lang``: the ones asked for when they speak
    it, else the operator's Piper voice for it (``TTS_VOICES``), else espeak-ng's. InputError when
    none does. A backend the registry does not know (a test's own) is kept as it is."""
    backend = backend or settings.backend
    if not lang or backend not in KINDS:
        return backend, voice
    if voice:  # a voice named that does not exist is an error, whatever the article's language
        KINDS[backend].configure(settings, voice)
    spoken = _speaking(settings, backend, voice, lang)
    if spoken is not None:
        return backend, spoken
    code = lang.strip().lower().replace("_", "-")
    mapped = settings.voice_map()
    for key in (code, code.split("-")[0]):
        if key in mapped:
            path, digest = mapped[key]
            return "piper", f"{path}#sha256:{digest}"
    return "espeak", KINDS["espeak"].voice_for_lang(lang, "")


def check_voices(settings: Settings) -> None:
    """ConfigError at start-up unless every ``TTS_VOICES`` voice is there with its digest."""
    if settings.voice_map():
        from .piper_backend import check_operator_voices

        check_operator_voices(settings)


def voice_languages(settings: Settings) -> list[tuple[str, str, list[str]]]:
    """Every voice one can name, as (backend, voice, the languages it speaks): each backend's
    voices, then the operator's per-language Piper voices (``TTS_VOICES``)."""
    listed = []
    for kind in KINDS.values():
        for voice in kind.voices(settings):
            listed.append((kind.name, voice, _languages(kind.name, settings, voice)))
    for lang, (path, _digest) in settings.voice_map().items():
        listed.append(("piper", str(path), [lang]))
    return listed


def _languages(backend: str, settings: Settings, voice: str) -> list[str]:
    """The language a voice speaks: gTTS's and espeak's voices are named by it; a Piper voice's
    is in its .onnx.json (``language.code``)."""
    if backend != "piper":
        return [voice]
    import json

    from .piper_backend import resolve_voice

    try:
        config = json.loads(resolve_voice(voice, settings.voices_dir).config.read_text("utf-8"))
        return [str(config["language"]["code"]).replace("_", "-")]
    except (OSError, ValueError, KeyError, TypeError, NotFound):
        return []


def asked_voice(settings: Settings, backend: str, voice: str, lang: str) -> str:
    """The voice a request in ``lang`` names: ``backend``'s for it when it speaks it, else ``voice``
    as given (the article's language picks another voice when it is made). InputError when no
    voice speaks ``lang``."""
    try:
        return backend_kind(backend or settings.backend).voice_for_lang(lang, voice)
    except InputError:
        voice_for_language(settings, backend, voice, lang)
        return voice


def speaks(settings: Settings, backend: str, voice: str, lang: str) -> bool:
    """Whether ``backend``'s ``voice`` speaks ``lang`` (their primary languages agree: "en-co.uk"
    speaks "en-GB", not "de"); True when the voice's language is unknown."""
    languages = _languages(backend, settings, voice)
    wanted = _primary(lang)
    return not languages or any(_primary(spoken) == wanted for spoken in languages)


def _primary(lang: str) -> str:
    return lang.strip().lower().replace("_", "-").split("-")[0]


def _speaking(settings: Settings, backend: str, voice: str, lang: str) -> str | None:
    """The voice of ``backend`` that speaks ``lang``: ``voice`` (or ``TTS_VOICE`` for the default
    backend) when it does, else the backend's own for ``lang``; None when it has none."""
    kind = KINDS[backend]
    named = voice or (settings.voice if backend == settings.backend else "")
    if named and _languages(backend, settings, named) and speaks(settings, backend, named, lang):
        return voice  # a voice known to speak it (a German Piper voice of TTS_VOICES_DIR)
    rejected = bool(named) and not speaks(settings, backend, named, lang)
    if rejected:
        voice = ""  # a voice of another language never reads the article: the backend's own for it
    try:
        chosen = kind.voice_for_lang(lang, voice)
        setup = kind.configure(settings, chosen)
        if not rejected and chosen != voice and setup == kind.configure(settings, voice):
            return voice  # the same voice, by the name it was asked by
    except (InputError, NotFound):
        return None
    if rejected and not chosen:  # "" is TTS_VOICE, the one rejected: the built-in default by name
        return next((name for name in kind.voices(settings)
                     if kind.configure(settings, name) == setup), None)
    return chosen


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
