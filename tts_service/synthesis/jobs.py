"""Background synthesis in one process: at most one job per article, each on its own worker.

A job belongs to the article, not to the request that started it: listeners come and go while
it runs. At shutdown, each job stops after the segment it is making; what is made stays cached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class ShuttingDown(Exception):
    """Raised between segments to end a job when the process shuts down."""


class SynthesisJobs:
    """Runs ``work(article_id, progress)`` in the background, once per article at a time, on up
    to ``workers`` threads (under gevent, greenlets); their syntheses take turns at the voice
    (``scheduler``)."""

    def __init__(self, work: Callable[[str, Progress], None], workers: int) -> None:
        self._work = work
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synth")
        self._running: dict[str, Future[None]] = {}
        self._keyless: set[str] = set()  # jobs a keyless reader started: a budget of their own
        self._arrived: dict[str, float] = {}  # when each job was started (monotonic)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._progress = threading.Condition()  # notified whenever a job makes a segment or ends
        self._generation = 0  # how many times it was notified

    def start(self, article_id: str, *, keyless: bool = False) -> Future[None]:
        """The job making this article: the running one, or a new one (``keyless``: started
        for a reader without a key)."""
        with self._lock:
            job = self._running.get(article_id)
            started = job is None or job.done()
            if started:
                job = self._executor.submit(self._run, article_id)
                self._running[article_id] = job
                self._arrived[article_id] = time.monotonic()
                if keyless:
                    self._keyless.add(article_id)
        if started:
            self._notify()  # a status read before this is out of date
        assert job is not None
        return job

    def pending(self, *, keyless: bool | None = None) -> int:
        """Jobs running or waiting for a worker: all of them, or only those started for
        keyless readers (``keyless=True``) or for everyone else (``False``)."""
        return len(self.running_ids(keyless=keyless))

    def running_ids(self, *, keyless: bool | None = None) -> set[str]:
        """Ids of the articles whose jobs are running or waiting (see ``pending``)."""
        with self._lock:
            return {article_id for article_id, job in self._running.items() if not job.done()
                    and (keyless is None or (article_id in self._keyless) == keyless)}

    def arrived(self, article_id: str) -> float:
        """When the article's job was started (monotonic): the order among first segments."""
        with self._lock:
            return self._arrived.get(article_id, time.monotonic())

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

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
                self._arrived.pop(article_id, None)
            self._notify()

    def _check_stopping(self, done: int, total: int) -> None:
        self._notify()
        if self._stopping.is_set():
            raise ShuttingDown

    def wake(self) -> None:
        """Wake the streams waiting here: a segment was made elsewhere (another node)."""
        self._notify()

    def _notify(self) -> None:
        with self._progress:
            self._generation += 1
            self._progress.notify_all()

    @property
    def generation(self) -> int:
        """Changes whenever a job of this process makes a segment or ends."""
        return self._generation

    def wait_for_progress(self, seen: int, timeout: float) -> None:
        """Sleep until the generation moves past ``seen`` (a job made a segment or ended) or
        ``timeout`` seconds pass; under gevent, a sleeping greenlet."""
        with self._progress:
            if self._generation == seen:
                self._progress.wait(timeout)

    def shutdown(self) -> None:
        """Stop every job after its current segment; queued ones never start."""
        self._stopping.set()
        self._executor.shutdown(wait=False, cancel_futures=True)
