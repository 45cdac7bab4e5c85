"""OpenAI-compatible speech: ``POST /v1/audio/speech``, ``GET /v1/models``, ``GET /v1/audio/voices``.

The speech is an article of the service (``openai_speech`` maps the names): submitted, segmented,
cached and made by the same jobs, then sent as the article's stored MP3 or its progressive
stream, converted on the way (``transcoding``). Errors are OpenAI's error object, so its clients
raise the right exception, with the house ``detail`` beside it.

Who may call: where keys are configured (``TTS_API_KEYS``), every ``/v1`` route needs one as
``Authorization: Bearer``. Where none are, callers are keyless readers, held to the keyless
bounds: the default voice, ``TTS_ANON_MAX_CHARS``, the per-address budget and the keyless jobs.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context
from werkzeug.exceptions import HTTPException

from ..access import PUBLISHER, Caller
from ..articles import ArticleService
from ..audio.transcoding import convert
from ..errors import Busy, InputError, TooLarge, TTSError
from ..voice.registry import voice_languages
from . import access
from .api import json_body
from .errors import shown
from .openai_speech import OPENAI_VOICES, FieldError, SpeechRequest, about_input, model_backend, model_ids
from .services import service_of

bp = Blueprint("openai", __name__, url_prefix="/v1")

OWNER = "tts-service"


def caller() -> Caller:
    """The publisher with a valid key; without configured keys, a keyless reader (a token the
    openai client must send is then ignored); otherwise 401."""
    if not access.keys():
        return Caller(keyed=False, client=request.remote_addr or "unknown")
    access.require_key()
    return PUBLISHER


@bp.post("/audio/speech")
def speech() -> Response:
    who = caller()
    service = service_of(current_app)
    body = json_body()
    if body is None:
        raise FieldError("", "the request body must be JSON",
                         'send Content-Type: application/json and {"model", "input", "voice"}')
    asked = SpeechRequest.from_json(body, service.settings, keyed=who.keyed)
    try:
        article, _ = service.submit(asked.article_request(), caller=who)
    except InputError as exc:  # the text itself: too long, nothing to speak
        raise about_input(exc) from exc
    mp3 = _article_mp3(service, article.id)  # a progressive stream waits for its first sentence
    rate = service.speaker_of(*service.find(article.id)).fmt.sample_rate
    audio = convert(mp3, asked.format, rate, asked.speed)
    if asked.stream_format == "sse":
        body_chunks, mimetype = _events(audio, len(asked.input)), "text/event-stream"
    else:
        body_chunks, mimetype = audio, asked.format.mimetype
    response = Response(stream_with_context(body_chunks), mimetype=mimetype, direct_passthrough=True)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # let proxies pass audio on at once
    response.headers["X-Article-Id"] = article.id  # its manifest and captions, under /api and /audio
    if asked.format.name in ("pcm", "wav"):
        response.headers["X-Sample-Rate"] = str(rate)
    return response


def _article_mp3(service: ArticleService, article_id: str) -> Iterable[bytes]:
    """The article's stored MP3 when it is made, else its progressive stream."""
    if service.cache.has_article(article_id):
        stored = service.cache.open_article(article_id)
        if stored is not None:  # None: evicted meanwhile
            service.cache.mark_used(article_id)
            return stored
    return service.stream(article_id)


def _events(audio: Iterator[bytes], characters: int) -> Iterator[bytes]:
    """Server-sent events as OpenAI sends them: audio deltas (base64), then ``done`` with usage.
    We have no tokens: usage counts characters in and audio bytes out."""
    sent = 0
    for chunk in audio:
        sent += len(chunk)
        yield _event({"type": "speech.audio.delta", "audio": base64.b64encode(chunk).decode("ascii")})
    yield _event({"type": "speech.audio.done",
                  "usage": {"input_tokens": characters, "output_tokens": sent,
                            "total_tokens": characters + sent}})


def _event(data: dict[str, Any]) -> bytes:
    return f"data: {json.dumps(data)}\n\n".encode()


@bp.get("/models")
def models() -> Response:
    caller()
    return jsonify({"object": "list", "data": [_model(name) for name in model_ids()]})


@bp.get("/models/<name>")
def model(name: str) -> Response:
    caller()
    if name not in model_ids():
        raise FieldError("model", f"unknown model {name[:100]!r}", "GET /v1/models lists them",
                         code="model_not_found", status=404)
    return jsonify(_model(name))


def _model(name: str) -> dict[str, Any]:
    settings = service_of(current_app).settings
    return {"id": name, "object": "model", "created": 0, "owned_by": OWNER,
            "backend": model_backend(name, settings)}


@bp.get("/audio/voices")
def voices() -> Response:
    """OpenAI's names (each the default voice), then every backend's own voices."""
    caller()
    settings = service_of(current_app).settings
    data = [{"id": name, "object": "voice", "backend": settings.backend, "default": True}
            for name in OPENAI_VOICES]
    data += [{"id": name, "object": "voice", "backend": backend, "default": False,
              "languages": langs} for backend, name, langs in voice_languages(settings)]
    return jsonify({"object": "list", "data": data, "voices": [item["id"] for item in data]})


# -- errors as OpenAI's clients read them ---------------------------------------------------------
def openai_error(status: int, message: str, detail: str = "", *, param: str | None = None,
                 code: str | None = None) -> tuple[Response, int]:
    """``{"error": {message, type, param, code}, "detail"}``; the message says what to do too."""
    kind = ("rate_limit_error" if status == 429 else "invalid_request_error" if status < 500
            else "server_error")
    shown_message = f"{message} ({detail})" if detail else message
    return jsonify({"error": {"message": shown_message, "type": kind, "param": param or None,
                              "code": code}, "detail": detail}), status


@bp.errorhandler(TTSError)
def tts_error(exc: TTSError) -> tuple[Response, int]:
    message, detail = shown(exc)
    status = 400 if isinstance(exc, TooLarge) else exc.status  # as OpenAI reports a long input
    response, status = openai_error(status, message, detail, param=getattr(exc, "param", None),
                                    code=exc.code)
    if isinstance(exc, Busy):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response, status


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[Response, int]:
    status = exc.code or 500
    response, status = openai_error(400 if status == 413 else status, (exc.name or "error").lower(),
                                    exc.description or "", code=(exc.name or "error").lower().replace(" ", "_"))
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, status
