"""One error handler: our exception tree and HTTP errors become ``{"error", "detail"}`` JSON."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from ..errors import AudioError, Busy, CacheError, ConfigError, StorageFull, TTSError

log = logging.getLogger(__name__)


def json_error(status: int, error: str, detail: str = "") -> tuple[Response, int]:
    return jsonify({"error": error, "detail": detail}), status


def shown(exc: TTSError) -> tuple[str, str]:
    """The message and detail a client sees for ``exc`` (server errors are logged here)."""
    if exc.status >= 500:
        log.warning("%s: %s (%s)", type(exc).__name__, exc.message, exc.detail)
    if isinstance(exc, CacheError | AudioError | ConfigError) and exc.status != 507:
        # Their messages name the server's files; the log has them, the client does not.
        return "the server could not store or encode the audio", "the server logged the details; try again later"
    if isinstance(exc, StorageFull):
        return exc.message, "the service is out of disk space"
    return exc.message, exc.detail


def register(app: Flask) -> None:
    @app.errorhandler(TTSError)
    def tts_error(exc: TTSError) -> tuple[Response, int]:
        response, status = json_error(exc.status, *shown(exc))
        if isinstance(exc, Busy):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response, status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        response, status = json_error(exc.code or 500, (exc.name or "error").lower(),
                                      exc.description or "")
        for name, value in exc.get_headers():  # Allow (405), Content-Range (416)...
            if name.lower() != "content-type":
                response.headers[name] = value
        return response, status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("unexpected error")
        return json_error(500, "internal error", "the server logged the details")
