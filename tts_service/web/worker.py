"""The gunicorn worker behind ``tts-service serve``: gevent, so that a connection waiting for
audio costs a greenlet, not a thread.

Each connection is bounded: a request must arrive, headers and all, within
``TTS_HEADER_TIMEOUT`` seconds of the connection opening or of the previous response (gunicorn's
keep-alive timeout, which gevent enforces while reading), and any single read or write that
waits longer than ``TTS_CLIENT_TIMEOUT`` seconds drops the connection (a client that stopped
reading). Synthesis never runs on the loop: jobs are greenlets that hand the voice's work to
native threads (``cooperative.run_blocking``).

A connection whose first request is a listening beacon (``POST /api/events``) is handed to the
events' own process (``events_process``), when ``serve`` started one: the worker only peeks at
its first bytes. A beacon the worker takes itself (that process is not there, or the beacon came
on a connection that carried something else first) waits for the loop to be idle: its request
handling (~1 ms here) then starts only when no listener's request is ready. One that arrives
while a batch is being handled still waits for it (see docs/analytics.md).
"""

from __future__ import annotations

from typing import Any

import gevent
from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker

from ..config import Settings
from .events_process import Handover

EVENTS_PATH = "/api/events"
EVENTS_SOCKET: str | None = None  # the events' process's socket: set by ``server.serve``


class ListenerWorker(GeventWorker):  # type: ignore[misc]
    """gevent's worker, with a timeout on every read and write of a client's socket."""

    def init_process(self) -> None:
        settings = Settings.from_env()
        self.client_timeout = settings.client_timeout
        self.events = Handover(EVENTS_SOCKET, settings.header_timeout) if EVENTS_SOCKET else None
        super().init_process()

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        client.settimeout(self.client_timeout)  # instead of gevent's worker's plain blocking
        if self.events is not None and self.events.give(client):
            client.close()  # this copy only: the events' process holds the connection now
            return
        AsyncWorker.handle(self, listener, client, addr)

    def handle_request(self, listener_name: Any, req: Any, sock: Any, addr: Any) -> Any:
        if req.method == "POST" and req.path == EVENTS_PATH:
            gevent.idle()  # after every ready listener's request (gevent's idle priority)
        return super().handle_request(listener_name, req, sock, addr)
