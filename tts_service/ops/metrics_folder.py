"""The folder where a server's worker processes keep their metrics (prometheus_client's
multiprocess mode), so that /metrics, read from any worker, adds up all of them.

prometheus_client reads ``PROMETHEUS_MULTIPROC_DIR`` once, when it is imported, so the server
process sets it first thing (``tts_service.serve``), before its workers fork. This module imports
nothing of ours for that reason. The folder is the operator's
when they set the variable (emptied of old values at start), else a new temporary one removed
at exit. A worker that exits is marked dead: its counters stay in the sums, its gauges leave them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def prepare() -> tuple[Path, bool]:
    """Set the variable for this process and its workers: the folder, and whether it is ours
    (to remove at exit). Call before prometheus_client is imported."""
    given = os.environ.get(VARIABLE)
    if given:
        folder = Path(given)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):  # a previous run's values: not this server's
            stale.unlink()
        return folder, False
    folder = Path(tempfile.mkdtemp(prefix="tts-metrics-"))
    os.environ[VARIABLE] = str(folder)
    return folder, True


def worker_exited(server: Any, worker: Any) -> None:
    """gunicorn's ``child_exit`` hook: the worker's live gauges no longer count."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
