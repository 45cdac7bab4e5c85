"""The supervisor of the listening events' own process (``web.events_process``): ``serve``
starts it before its workers; it runs the events' process, again whenever that ends, and ends
it when the server ends. It imports nothing of the service (no metrics of its own, nothing to
load), so it starts at once and has nothing to break.

    python -m tts_service.serve events SOCKET      (``start`` runs it)
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

RESTART_SECONDS = 1.0  # between an end and the next start
POLL_SECONDS = 0.2


@contextlib.contextmanager
def quiet_if_gone(server: int) -> Iterator[None]:
    """For the events' process: an error while the server (process ``server``) has just ended
    (its metrics folder removed as this one started, say) says nothing; any other is raised."""
    try:
        yield
    except Exception:
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            return
        raise


def start(path: str) -> int:
    """Start the supervisor of an events' process listening at ``path``: its process id."""
    return os.posix_spawn(sys.executable, [sys.executable, "-m", "tts_service.serve", "events", path],
                          dict(os.environ))


def supervise(path: str) -> None:
    """Run the events' process, again whenever it ends, until this one's parent (the server)
    ends or SIGTERM (``stop``); then end it, and wait for it."""
    import signal

    import gevent  # serve.py has patched this process: its signals go through gevent's loop

    server, stopping = os.getppid(), []
    gevent.signal_handler(signal.SIGTERM, lambda: stopping.append(True))
    running = lambda: os.getppid() == server and not stopping  # noqa: E731
    while running():
        child = subprocess.Popen([sys.executable, "-m", "tts_service.serve", "events-process", path,
                                  str(server)])
        while child.poll() is None and running():
            time.sleep(POLL_SECONDS)
        if child.poll() is None:
            child.terminate()  # it writes out its counts first
            child.wait(timeout=30)
            break
        if running():
            log.warning("the listening events' process ended (%s): starting it again", child.returncode)
            time.sleep(RESTART_SECONDS)
    Path(path).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        Path(path).parent.rmdir()  # serve's folder for it


def stop(supervisor: int, within: float = 30.0) -> None:
    """For the server, as it ends: end the supervisor (and so the events' process) and wait for it."""
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(supervisor, signal.SIGTERM)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if os.waitpid(supervisor, os.WNOHANG)[0]:
                return
        except ChildProcessError:  # reaped already (gunicorn reaps every child it sees end)
            return
        time.sleep(0.02)

