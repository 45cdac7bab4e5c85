"""What every request leaves behind: its id, its metrics and (with JSON logs) its access line.

``Observed`` wraps the whole WSGI app, so it sees every response, errors included, and the bytes
as the server takes them: a progressive stream's first audio byte is timed when its first frames
leave the app, not when the view returns. A file the server sends itself (``wsgi.file_wrapper``,
sendfile) is counted by its Content-Length when the app hands it over.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask, request

from ..config import Settings
from ..ops import metrics
from ..ops.json_logs import REQUEST_ID, request_id_from

access_log = logging.getLogger("tts_service.access")

ROUTE_KEY = "tts.route"  # the environ key where the matched URL rule is noted
UNMATCHED = "unmatched"  # the route of a request no rule matched (404, 405)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})  # others: "other"

StartResponse = Callable[..., Any]


def install(app: Flask, settings: Settings) -> None:
    """Give every request of ``app`` an id (X-Request-Id, kept if the client's is sane); unless
    TTS_METRICS=off, record its metrics and serve /metrics; with JSON logs, log one line for it
    (gunicorn's access log is off then, see ``server``)."""
    from . import scrape

    count = settings.metrics != "off"
    app.before_request_funcs.setdefault(None, []).insert(0, _note_route)  # before any refusal
    app.wsgi_app = Observed(app.wsgi_app, count=count,  # type: ignore[method-assign]
                            log_access=settings.log_format == "json")
    if count:
        app.register_blueprint(scrape.bp)


def _note_route() -> None:
    rule = request.url_rule
    request.environ[ROUTE_KEY] = rule.rule if rule is not None else UNMATCHED


class Observed:
    """WSGI middleware around the app (see the module's docstring)."""

    def __init__(self, app: Callable[[dict[str, Any], StartResponse], Iterable[bytes]], *,
                 count: bool, log_access: bool) -> None:
        self.app = app
        self.count = count
        self.log_access = log_access

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        exchange = _Exchange(self, environ)
        try:
            body = self.app(environ, exchange.start_response(start_response))
        except BaseException:
            exchange.finish()
            raise
        file_wrapper = environ.get("wsgi.file_wrapper")
        if file_wrapper is not None and isinstance(body, file_wrapper):  # the server sends it
            exchange.sent(exchange.content_length)
            exchange.finish()
            return body
        return _Body(body, exchange)


class _Exchange:
    """One request and its response, from arrival to the end of its body."""

    def __init__(self, observed: Observed, environ: dict[str, Any]) -> None:
        self.observed = observed
        self.environ = environ
        self.arrived = time.perf_counter()
        self.request_id = request_id_from(environ.get("HTTP_X_REQUEST_ID"))
        self._token = REQUEST_ID.set(self.request_id)
        self.status = 500
        self.headers: dict[str, str] = {}
        self.bytes = 0
        self.finished = False

    def start_response(self, start_response: StartResponse) -> StartResponse:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            self.status = int(status.split(" ", 1)[0])
            self.headers = {name.lower(): value for name, value in headers}
            headers = [*headers, ("X-Request-Id", self.request_id)]
            return start_response(status, headers, exc_info)
        return start

    @property
    def content_length(self) -> int:
        try:
            return int(self.headers.get("content-length", "0"))
        except ValueError:
            return 0

    def sent(self, size: int) -> None:
        """``size`` bytes of the body went to the server; the first ones of audio are timed."""
        if size and not self.bytes and self.observed.count and self.headers.get(
                "content-type", "").startswith("audio/"):
            delivery = "stream" if "content-length" not in self.headers else "file"
            metrics.FIRST_AUDIO_BYTE.labels(delivery).observe(time.perf_counter() - self.arrived)
        self.bytes += size

    def finish(self) -> None:
        """The body is done (or abandoned): record the request and forget its id."""
        if self.finished:
            return
        self.finished = True
        try:
            route = self.environ.get(ROUTE_KEY, UNMATCHED)
            method = self.environ.get("REQUEST_METHOD", "")
            method = method if method in METHODS else "other"  # clients make up methods: bounded
            if self.observed.count:
                self._count(route, method)
            if self.observed.log_access:
                access_log.info("%s %s %d", method, self.environ.get("PATH_INFO", ""), self.status,
                                extra={"fields": {
                                    "method": method, "path": self.environ.get("PATH_INFO", ""),
                                    "route": route, "status": self.status, "bytes": self.bytes,
                                    "seconds": round(time.perf_counter() - self.arrived, 4)}})
        finally:
            try:
                REQUEST_ID.reset(self._token)
            except ValueError:  # closed from another context than the request's: leave that one
                pass

    def _count(self, route: str, method: str) -> None:
        metrics.REQUESTS.labels(route, method, str(self.status)).inc()
        metrics.RESPONSE_BYTES.labels(route).inc(self.bytes)
        reason = metrics.REFUSALS.get(self.status)
        if reason and (self.status != 503 or "retry-after" in self.headers):
            metrics.REFUSED.labels(reason).inc()


class _Body:
    """The response body as the server iterates it: bytes counted, the exchange finished on close."""

    def __init__(self, body: Iterable[bytes], exchange: _Exchange) -> None:
        self.body = body
        self.exchange = exchange

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.body:
            self.exchange.sent(len(chunk))
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.exchange.finish()
