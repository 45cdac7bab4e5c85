"""Pre-generation of many articles: worker processes that keep every core busy, resumable.

The CLI and the queue worker both call ``speak_request``; the batch adds a process pool, progress
and a report. Work is content-addressed, so a re-run (after Ctrl-C, a crash or a failure) skips
every segment and article already in the cache.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..articles import ArticleRequest, ArticleService
from ..config import Settings
from ..errors import TTSError
from ..ops.process import start_worker_process
from ..voice.registry import backend_kind
from .sources import SourceItem

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What became of one article in a batch."""

    name: str
    status: str  # "made" | "cached" | "failed"
    id: str | None = None
    duration: float | None = None  # seconds of audio
    segments: int = 0
    synthesized: int = 0
    cache_hit: bool = False
    error: str = ""
    retryable: bool = False  # the failure may pass: a rate limit, a voice service down
    seconds: float = 0.0  # wall time spent on it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def made_ids(outcomes: Iterable[Outcome]) -> list[str]:
    """The ids of the articles a batch made or found made (not those that failed)."""
    return [outcome.id for outcome in outcomes if outcome.id is not None and outcome.status != "failed"]


def speak_request(service: ArticleService, name: str, request: ArticleRequest) -> Outcome:
    """Make one article through the same pipeline and ids as the web service."""
    started = time.perf_counter()
    try:
        result = service.make(request)
    except TTSError as exc:
        return Outcome(name, "failed", error=exc.one_line(),
                       retryable=bool(getattr(exc, "retryable", False)),
                       seconds=time.perf_counter() - started)
    article = result.article
    return Outcome(name, "cached" if result.article_cached else "made", article.id,
                   result.manifest["duration"], len(article.segments), result.synthesized,
                   cache_hit=result.article_cached, seconds=time.perf_counter() - started)


def worker_layout(workers: int | None, cores: int | None = None) -> tuple[int, int]:
    """(processes, ONNX threads each): by default one single-threaded voice per core, so the
    machine is busy but not oversubscribed."""
    cores = cores or os.cpu_count() or 1
    workers = max(1, workers or cores)
    return workers, max(1, cores // workers)


# -- worker processes ---------------------------------------------------------------------------
_service: ArticleService | None = None


def _init_worker(settings: Settings) -> None:
    global _service
    start_worker_process(settings, parent_handles_ctrl_c=True)
    _service = ArticleService(settings)


def _work(item: tuple[str, dict[str, Any]]) -> Outcome:
    name, request = item
    if _service is None:
        raise RuntimeError("worker used before its initializer ran")
    return speak_request(_service, name, ArticleRequest.from_dict(request))


def run_batch(items: Iterable[SourceItem], settings: Settings, *, workers: int | None = None,
              on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Speak every item on a pool of worker processes; returns one outcome per item.

    Ctrl-C terminates the workers at once: the cache only ever holds complete files, so the
    next run resumes where this one stopped.
    """
    processes, threads = worker_layout(workers)
    worker_settings = replace(settings, piper_threads=settings.piper_threads or threads)
    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def jobs() -> Iterator[tuple[str, dict[str, Any]]]:
        for item in items:
            if item.request is None:
                record(Outcome(item.name, "failed", error=item.error))
            else:
                yield item.name, item.request.to_dict()

    context = multiprocessing.get_context("spawn")  # never fork a process holding ONNX threads
    pool = context.Pool(processes, initializer=_init_worker, initargs=(worker_settings,))
    try:
        for outcome in pool.imap_unordered(_work, jobs(), chunksize=1):
            record(outcome)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return outcomes


# -- dry run ------------------------------------------------------------------------------------
@dataclass
class DryRunLine:
    name: str
    id: str | None
    chars: int
    segments: int
    new_segments: int
    estimated_seconds: float
    requests: int  # HTTP requests an online backend would send (one per new segment)
    error: str = ""


def dry_run(items: Iterable[SourceItem], settings: Settings) -> list[DryRunLine]:
    """What a batch would make, without making anything."""
    from .. import audio

    service = ArticleService(settings)
    lines = []
    for item in items:
        if item.request is None:
            lines.append(DryRunLine(item.name, None, 0, 0, 0, 0.0, 0, item.error))
            continue
        try:
            kind = backend_kind(item.request.backend or settings.backend)
            article = service.prepare(service.with_site_words(item.request))
        except TTSError as exc:
            lines.append(DryRunLine(item.name, None, len(item.request.text), 0, 0, 0.0, 0,
                                    exc.message))
            continue
        seconds = 0.0
        new = 0
        for segment, key in zip(article.segments, article.keys, strict=True):
            cached = service.cache.get_segment(key)
            if cached is None:
                new += 1
                seconds += kind.estimate_seconds(segment.text, settings)
            else:
                seconds += audio.duration_seconds(cached)
        seconds += sum(article.pauses_ms) / 1000
        lines.append(DryRunLine(item.name, article.id, len(article.text), len(article.segments),
                                new, seconds, new if kind.online else 0))
    service.shutdown()
    return lines
