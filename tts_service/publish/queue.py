"""A distributed task queue for pre-generation: Celery with a Redis broker.

``pregenerate --queue URL`` enqueues one task per article; ``worker --queue URL`` runs on any
machine that shares the cache. Tasks are idempotent (articles and segments are content-addressed),
acknowledged late and rejected back to the queue when a worker dies, so a killed worker loses
nothing: its task runs again elsewhere and finds every segment already made in the cache.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace
from typing import Any

from celery import Celery, signals

from ..articles import ArticleRequest, ArticleService
from ..config import Settings
from ..ops.process import start_worker_process
from .batch import speak_request, worker_layout

log = logging.getLogger(__name__)

TASK_NAME = "tts_service.speak_article"


class RetryLater(Exception):
    """Raised inside a task when a backend said trying again later may help."""


def make_celery(url: str, settings: Settings) -> Celery:
    """A Celery app on ``url`` (redis://host:port/db) as broker and result store. Its workers
    speak with ``settings``, handed over in the app's configuration (``tts_settings``)."""
    app = Celery("tts_service", broker=url, backend=url, set_as_current=False)
    app.conf.update(
        tts_settings=settings,
        task_acks_late=True,  # acknowledge after the article is made, not when it is received
        task_reject_on_worker_lost=True,  # a killed worker puts its task back in the queue
        worker_prefetch_multiplier=1,  # a busy worker does not hoard tasks
        broker_transport_options={"visibility_timeout": settings.queue_visibility_timeout},
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=7 * 24 * 3600,
        worker_hijack_root_logger=False,
        task_track_started=True,
    )
    app.task(name=TASK_NAME, bind=True, autoretry_for=(RetryLater,), max_retries=5,
             retry_backoff=True, retry_jitter=True)(_speak_article)
    return app


_service: ArticleService | None = None


def _worker_service(app: Celery) -> ArticleService:
    """This worker process's service, built on its first task (after the fork)."""
    global _service
    if _service is None:
        _service = ArticleService(app.conf.tts_settings)
    return _service


def _speak_article(task: Any, name: str, request: dict[str, Any]) -> dict[str, Any]:
    outcome = speak_request(_worker_service(task.app), name, ArticleRequest.from_dict(request))
    if outcome.retryable:
        raise RetryLater(outcome.error)
    return outcome.to_dict()


def run_worker(url: str, settings: Settings, concurrency: int | None = None) -> None:
    """Run a Celery worker in this process until it is stopped."""
    processes, threads = worker_layout(concurrency)
    settings = replace(settings, piper_threads=settings.piper_threads or threads)
    signals.worker_process_init.connect(functools.partial(_start_child, settings), weak=False)
    app = make_celery(url, settings)
    app.worker_main(["worker", f"--concurrency={processes}", "--pool=prefork",
                     f"--loglevel={settings.log_level}", "--without-gossip", "--without-mingle"])


def _start_child(settings: Settings, **_: Any) -> None:
    """Each pool process starts as every worker of ours does (nice, logging)."""
    start_worker_process(settings)
