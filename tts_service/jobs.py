"""Background synthesis in one process: at most one job per article, on a small thread pool.

A job belongs to the article, not to the request that started it: listeners come and go while
it runs. At shutdown, each job stops after the segment it is making; what is made stays cached.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class ShuttingDown(Exception):
    """Raised between segments to end a job when the process shuts down."""


class SynthesisJobs:
    """Runs ``work(article_id, progress)`` in the background, once per article at a time."""

    def __init__(self, work: Callable[[str, Progress], None], workers: int = 1) -> None:
        self._work = work
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synth")
        self._running: dict[str, Future[None]] = {}
        self._keyless: set[str] = set()  # jobs a keyless reader started: a budget of their own
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    def start(self, article_id: str, *, keyless: bool = False) -> Future[None]:
        """The job making this article: the running one, or a new one (``keyless``: started
        for a reader without a key)."""
        with self._lock:
            job = self._running.get(article_id)
            if job is None or job.done():
                job = self._executor.submit(self._run, article_id)
                self._running[article_id] = job
                if keyless:
                    self._keyless.add(article_id)
            return job

    def pending(self, *, keyless: bool | None = None) -> int:
        """Jobs running or waiting for a worker: all of them, or only those started for
        keyless readers (``keyless=True``) or for everyone else (``False``)."""
        with self._lock:
            return sum(1 for article_id, job in self._running.items() if not job.done()
                       and (keyless is None or (article_id in self._keyless) == keyless))

    def running(self, article_id: str) -> bool:
        with self._lock:
            job = self._running.get(article_id)
            return job is not None and not job.done()

    def _run(self, article_id: str) -> None:
        try:
            self._work(article_id, self._check_stopping)
        except ShuttingDown:
            log.info("article %s left unfinished at shutdown; it resumes on the next request",
                     article_id)
        finally:
            with self._lock:
                self._running.pop(article_id, None)
                self._keyless.discard(article_id)

    def _check_stopping(self, done: int, total: int) -> None:
        if self._stopping.is_set():
            raise ShuttingDown

    def shutdown(self) -> None:
        """Stop every job after its current segment; queued ones never start."""
        self._stopping.set()
        self._executor.shutdown(wait=False, cancel_futures=True)
