"""A listener's progressive stream of an article being made.

The stream never synthesizes. It registers as a listener (the scheduler then makes the article's
segments by the listener's clock), makes sure a job is making the article, and waits for each
segment to appear in the cache, polling with ``time.sleep``: under the event loop a waiting
stream is a sleeping greenlet, so hundreds of them cost almost nothing. Another process's job
fills the cache the same way, so any worker can serve any listener.

One voice per stream: if the article falls back to the offline voice before its first segment,
the stream is the offline voice's; if it falls back later, or fails after audio was sent, the
stream ends after its last whole segment and later reads get the finished article.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from typing import Any, Protocol

from ..audio import Mp3Format
from ..errors import BackendError, NotFound, TTSError
from ..store.cache import AudioCache
from .jobs import SynthesisJobs
from .plan import Article
from .scheduler import SynthesisScheduler
from .timeline import Bookended, place, stitched

log = logging.getLogger(__name__)

WAKE_SECONDS = 0.25  # a waiting stream looks at the cache when a job here makes a segment, or this often
CHECK_SECONDS = 1.0  # how often it looks at the article's failure, voice and job
SEGMENT_TIMEOUT = 300.0  # no segment for this long: the stream ends (a stuck or lost job)


class StreamSource(Protocol):
    """What a stream needs of the service that makes the articles."""

    cache: AudioCache
    jobs: SynthesisJobs
    scheduler: SynthesisScheduler

    def find(self, article_id: str) -> tuple[Article, Any]:
        """The article with this id as it is made now (the offline voice's after a fallback),
        and its request."""
        ...

    def failure(self, article_id: str) -> dict[str, Any] | None:
        """Why making the article failed, if it did."""
        ...

    def mp3_format(self, article: Article, request: Any) -> Mp3Format:
        """The MP3 format of the voice that makes ``article``."""
        ...


class VoiceChanged(Exception):
    """The article fell back to another voice while a stream waited for it."""

    def __init__(self, article: Article) -> None:
        super().__init__(article.id)
        self.article = article


def stream(service: StreamSource, article_id: str) -> Iterator[bytes]:
    """The article's MP3 frames as they are made (see the module's docstring). Waits for the
    first segment before returning; its failure raises."""
    article, request = service.find(article_id)
    failure = service.failure(article_id)
    if failure is not None:
        raise failed(failure)
    listening = contextlib.ExitStack()
    listening.enter_context(service.scheduler.listening(article_id))
    try:
        service.jobs.start(article_id)
        try:
            first = await_segment(service, article, 0)
            log.debug("path first-segment %s at %.4f", article_id, time.time())
        except VoiceChanged as changed:  # fell back before any audio: the offline voice's stream
            article = changed.article
            first = await_segment(service, article, 0)
    except BaseException:
        listening.close()
        raise
    return _frames(service, article, first, service.mp3_format(article, request), listening)


def _frames(service: StreamSource, article: Article, first: bytes, fmt: Mp3Format,
            listening: contextlib.ExitStack) -> Iterator[bytes]:
    with listening:
        try:
            intro_key, outro_key = article.bookend_keys
            ends = Bookended(await_segment(service, article, intro_key) if intro_key else b"")
            yield from ends.around(stitched(place(article, _segments(service, article, first), fmt,
                                                  ends.body_start)))
            if outro_key:  # made after the last segment
                yield await_segment(service, article, outro_key)
        except (VoiceChanged, TTSError) as exc:
            log.info("stream of article %s ends early: %s", article.id, type(exc).__name__)


def _segments(service: StreamSource, article: Article, first: bytes) -> Iterator[bytes]:
    yield first
    for index in range(1, len(article.segments)):
        yield await_segment(service, article, index)


def failed(failure: dict[str, Any]) -> BackendError:
    """The error a recorded failure answers with: 503 when trying again may help, else 502."""
    return BackendError(str(failure.get("error", "the audio could not be made")),
                        str(failure.get("detail", "")), retryable=bool(failure.get("retryable")))


def await_segment(service: StreamSource, article: Article, index: int | str) -> bytes:
    """Segment ``index`` of ``article`` (or its intro or outro, by key) once it is in the cache.
    Raises the article's recorded failure (a TTSError), VoiceChanged after a fallback, or
    NotFound when the wait times out or the service shuts down."""
    key = article.keys[index] if isinstance(index, int) else index
    started = time.monotonic()
    checked = started
    while True:
        seen = service.jobs.generation
        mp3 = service.cache.get_segment(key)
        if mp3 is not None:
            return mp3
        now = time.monotonic()
        # The first segment is looked for more often: a fallback then shows at once.
        if now - checked >= (CHECK_SECONDS if index != 0 else WAKE_SECONDS):
            _check(service, article)
            checked = now
        if service.jobs.stopping or now - started > SEGMENT_TIMEOUT:
            raise NotFound("the audio is not available right now", "try again in a moment")
        service.jobs.wait_for_progress(seen, WAKE_SECONDS)


def _check(service: StreamSource, article: Article) -> None:
    """Between polls: has the article failed, changed voice, or lost its job?"""
    failure = service.failure(article.id)
    if failure is not None:
        raise failed(failure)
    current, _ = service.find(article.id)
    if current.keys != article.keys:
        raise VoiceChanged(current)
    if not service.cache.has_article(article.id):
        service.jobs.start(article.id)  # the running job, or a new one if it ended
