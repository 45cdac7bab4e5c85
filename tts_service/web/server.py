"""Run the app under gunicorn (gevent workers, see ``worker``): the server behind ``serve``."""

from __future__ import annotations

import logging
import os
import tempfile
from typing import Any

from gunicorn import glogging
from gunicorn.app.base import BaseApplication

from ..ops import events_supervisor
from ..ops.json_logs import JsonFormatter
from . import worker

log = logging.getLogger(__name__)
WORKER_BOOT_ERROR = 3  # gunicorn's: the master stops instead of starting the worker again


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """gunicorn configured in code; each worker process builds its own app (and loads the voice)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        from ..errors import TTSError
        from .app import create_app

        try:
            return create_app()
        except TTSError as exc:  # a setting that cannot work: say so once, then stop the server
            log.critical("tts-service: cannot start: %s", exc.one_line())
            raise SystemExit(WORKER_BOOT_ERROR) from None


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve until interrupted. Each worker process holds one voice and up to
    TTS_MAX_CONNECTIONS connections on one event loop."""
    from ..config import Settings

    settings = Settings.from_env()
    supervisor, master = None, os.getpid()
    if settings.events_process:  # before the workers fork: they find the path in worker.py
        folder = tempfile.mkdtemp(prefix="tts-events-")
        worker.EVENTS_SOCKET = os.path.join(folder, "events.sock")
        supervisor = events_supervisor.start(worker.EVENTS_SOCKET)
    try:
        _run_gunicorn(host, port, workers, settings)
    finally:  # the events' processes end with the server (a worker that exits passes here too)
        if supervisor is not None and os.getpid() == master:
            events_supervisor.stop(supervisor)


def _run_gunicorn(host: str, port: int, workers: int, settings: Any) -> None:
    from ..ops import metrics_folder

    json_logs = settings.log_format == "json"
    GunicornServer({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "tts_service.web.worker.ListenerWorker",
        "worker_connections": settings.max_connections,
        "keepalive": settings.header_timeout,
        "timeout": 120,
        "graceful_timeout": 10,
        "accesslog": None if json_logs else "-",  # JSON: the app logs each request itself
        "errorlog": "-",
        "loglevel": "info",
        "logger_class": JsonGunicornLogger if json_logs else "gunicorn.glogging.Logger",
        "post_worker_init": _settle_memory,
        "child_exit": metrics_folder.worker_exited,
    }).run()


class JsonGunicornLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's own lines (start-up, workers, errors) as JSON objects, like ours."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            handler.setFormatter(JsonFormatter())


def _settle_memory(worker: Any) -> None:
    """After the app (and its voice) is loaded: move what exists now out of the garbage
    collector's sight, so its full collections, which would stop every connection of the worker
    at once, have only request-time objects to scan."""
    import gc

    gc.collect()
    gc.freeze()
