"""OpenAI's speech request in our terms: its model and voice names mapped onto our backends and
voices, its fields checked, and the article request it makes.

Names: every OpenAI model (``tts-1``, ``tts-1-hd``, ``gpt-4o-mini-tts``...) is the default
backend (``TTS_BACKEND``), and each backend is also a model under its own name (``piper``,
``gtts``). Every OpenAI voice (``alloy``, ``nova``...) is that backend's default voice
(``TTS_VOICE``); a backend's own voice names (``tts-service voices``) choose that voice. Any
other name is a 400 naming the field. The speech is an article like any other: the same text in
the same voice has the same id as when posted to ``/api/articles``, and shares its cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..audio.transcoding import FORMATS, MAX_SPEED, MIN_SPEED, OutputFormat
from ..config import Settings
from ..errors import InputError, TooLarge, TTSError
from ..synthesis.request import ArticleRequest
from ..voice.registry import KINDS, voice_setup

OPENAI_MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-03-20",
                 "gpt-4o-mini-tts-2025-12-15")
OPENAI_VOICES = ("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
                 "shimmer", "verse", "marin", "cedar")
STREAM_FORMATS = ("audio", "sse")
FIELDS = ("model", "input", "voice", "instructions", "response_format", "speed", "stream_format")
MAX_NAME_CHARS = 100


class FieldError(InputError):
    """A field of the speech request is missing or wrong: ``param`` names it, ``code`` says how."""

    def __init__(self, param: str, message: str, detail: str = "", *,
                 code: str = "invalid_value", status: int = 400) -> None:
        super().__init__(message, detail)
        self.param = param
        self.code = code
        self.status = status


@dataclass(frozen=True)
class SpeechRequest:
    """A checked ``POST /v1/audio/speech`` body."""

    model: str
    input: str
    backend: str  # ours, from the model
    voice: str  # ours, from the voice ("" is the backend's default)
    format: OutputFormat
    speed: float = 1.0
    stream_format: str = "audio"

    @classmethod
    def from_json(cls, body: Any, settings: Settings, *, keyed: bool) -> SpeechRequest:
        """Check a request body; FieldError names the first wrong field. ``keyed``: a caller
        without a key gets the default backend and voice only, and keyless size limits."""
        if not isinstance(body, dict):
            raise FieldError("", "the request body must be a JSON object",
                             '{"model": "tts-1", "input": "...", "voice": "alloy"}')
        unknown = sorted(set(body) - set(FIELDS))
        if unknown:
            raise FieldError(unknown[0], f"unknown parameter {unknown[0]!r}",
                             "allowed: " + ", ".join(FIELDS), code="unknown_parameter")
        text = _string(body, "input")
        limit = settings.max_article_chars if keyed else settings.anon_max_chars
        if not text.strip():
            raise FieldError("input", "'input' is empty", "send the text to speak")
        if len(text) > limit:
            raise FieldError("input", f"'input' has {len(text):,} characters; the limit is {limit:,}",
                             "split the text" + ("" if keyed else ", or send an API key"),
                             code="string_above_max_length")
        model = _string(body, "model")
        backend = model_backend(model, settings)
        voice = _voice(body.get("voice"), backend, settings)
        if not keyed and (backend != settings.backend or voice):
            raise FieldError("model" if backend != settings.backend else "voice",
                             "choosing a backend or voice needs an API key",
                             "without a key, any OpenAI model and voice name is the default voice",
                             status=403, code="not_allowed")
        if "instructions" in body:
            _string(body, "instructions")  # accepted and ignored: our voices take no style prompt
        name = _string(body, "response_format", "mp3")
        if name not in FORMATS:
            raise FieldError("response_format", f"unsupported response_format {name[:MAX_NAME_CHARS]!r}",
                             "one of: " + ", ".join(FORMATS))
        stream_format = _string(body, "stream_format", "audio")
        if stream_format not in STREAM_FORMATS:
            raise FieldError("stream_format", f"unsupported stream_format {stream_format[:MAX_NAME_CHARS]!r}",
                             "audio or sse")
        return cls(model, text, backend, voice, FORMATS[name], _speed(body.get("speed", 1.0)),
                   stream_format)

    def article_request(self) -> ArticleRequest:
        """The article this speech is: plain text in the chosen backend and voice."""
        return ArticleRequest(self.input, backend=self.backend, voice=self.voice)


def model_backend(model: str, settings: Settings) -> str:
    """Our backend for an OpenAI model name or one of our backends' names."""
    if model in OPENAI_MODELS:
        return settings.backend
    if model in KINDS:
        return model
    raise FieldError("model", f"unknown model {model[:MAX_NAME_CHARS]!r}",
                     "GET /v1/models lists them: " + ", ".join(model_ids()), code="model_not_found")


def model_ids() -> list[str]:
    return [*OPENAI_MODELS, *KINDS]


def _voice(given: object, backend: str, settings: Settings) -> str:
    """Our voice name for ``given`` (a name, or ``{"id": name}``): "" for OpenAI's names."""
    if isinstance(given, dict) and set(given) == {"id"}:
        given = given["id"]
    if given is None:
        raise FieldError("voice", "'voice' is required", "alloy, or one of GET /v1/audio/voices")
    if not isinstance(given, str) or not given or len(given) > MAX_NAME_CHARS:
        raise FieldError("voice", "'voice' must be a voice's name", "alloy, or one of GET /v1/audio/voices")
    if given in OPENAI_VOICES:
        return ""
    try:
        request = ArticleRequest.from_json({"text": "-", "backend": backend, "voice": given}, settings)
        # The backend's own names, and its spellings of them ("en-co.uk" for gTTS).
        _, setup = voice_setup(settings, backend, request.voice)
    except (TTSError, ValueError):
        raise FieldError("voice", f"unknown voice {given!r} for model {backend!r}",
                         "GET /v1/audio/voices lists them", code="voice_not_found") from None
    return "" if setup == voice_setup(settings, backend)[1] else given  # the default, by name


def _string(body: dict[str, Any], name: str, default: str | None = None) -> str:
    value = body.get(name, default)
    if value is None:
        raise FieldError(name, f"{name!r} is required")
    if not isinstance(value, str):
        raise FieldError(name, f"{name!r} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise FieldError(name, f"{name!r} is not valid text",
                         f"it holds a lone surrogate at character {exc.start}") from exc
    return value


def _speed(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError("speed", "'speed' must be a number", f"from {MIN_SPEED} to {MAX_SPEED}")
    if not MIN_SPEED <= value <= MAX_SPEED:  # exact for any int, false for NaN
        raise FieldError("speed", "'speed' is out of range", f"from {MIN_SPEED} to {MAX_SPEED}")
    return float(value)


def about_input(exc: InputError) -> FieldError:
    """An input the article pipeline refused (too long, nothing to speak) as a 400 on ``input``,
    as OpenAI reports a long input."""
    return FieldError("input", exc.message, exc.detail,
                      code="string_above_max_length" if isinstance(exc, TooLarge) else exc.code)
