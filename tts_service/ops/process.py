"""Where every process of ours starts: one logging format, and the set-up of worker processes.

The CLI, the app factory, batch workers and queue workers all start here, so every log line looks
the same whoever wrote it, and a worker is prepared the same way whichever pool runs it.
"""

from __future__ import annotations

import logging
import os
import signal
import sys

from ..config import Settings
from .json_logs import JsonFormatter

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s"

log = logging.getLogger(__name__)


def configure_logging(level: str | int, fmt: str = "text") -> None:
    """Log to stderr in our format (``fmt`` "json": one JSON object per line, see ``json_logs``),
    unless the root logger is set up already (by our parent process, a test runner)."""
    if not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(LOG_FORMAT))
        logging.basicConfig(level=level.upper() if isinstance(level, str) else level,
                            handlers=[handler])


def start_worker_process(settings: Settings, *, parent_handles_ctrl_c: bool = False) -> None:
    """Prepare a process that makes audio in the background (batch or queue worker).

    It logs in our format and runs at ``TTS_BATCH_NICE``, so that live listeners on the same
    machine come first. With ``parent_handles_ctrl_c`` it ignores SIGINT: Ctrl-C reaches every
    process of a terminal's group, and the parent stops the pool itself (SIGTERM, at its default
    again in the worker, ends it).
    """
    if parent_handles_ctrl_c:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's stop of the pool ends it
    if settings.batch_nice:
        os.nice(settings.batch_nice)
    configure_logging(settings.log_level, settings.log_format)  # a forked worker keeps its parent's set-up


def interrupt_on_sigterm() -> None:
    """Let SIGTERM (a service manager's stop) stop this process as Ctrl-C does: a
    KeyboardInterrupt in the main thread, so the same clean-up runs."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
