"""The one way in: the CLI, the web service, the batch and the queue all submit, make, find and
stream articles through ``ArticleService``, so an article made by any of them is served by the web.

An article is identified by its content-addressed id (see ``synthesis.speaker.Speaker.prepare``). Its request
is stored beside the cache (``article_index``); synthesis ahead of listeners runs as background
jobs (``jobs``); each segment is made under its cache lock, so any number of listeners, jobs and
processes cause exactly one synthesis of each segment. An article its online voice cannot make
is made by the offline voice instead, all of it, under the same id (``fallback``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, TypeVar

from . import audio
from .access import PUBLISHER, Caller
from .config import Settings
from .errors import (
    AudioError,
    BackendError,
    Busy,
    CacheError,
    InputError,
    NotAllowed,
    NotFound,
    TooLarge,
    TTSError,
)
from .store.cache import AudioCache
from .store.eviction import Evicted, Evictor
from .store.index import ArticleIndex
from .store.names import content_key, is_key
from .synthesis import streaming
from .synthesis.budget import ClientBudgets
from .synthesis.cooperative import run_blocking
from .synthesis.fallback import Fallback, falls_back
from .synthesis.jobs import Progress, ShuttingDown, SynthesisJobs
from .synthesis.partial import PartialTimelines
from .synthesis.plan import Article
from .synthesis.request import ArticleRequest
from .synthesis.scheduler import SynthesisScheduler
from .synthesis.speaker import Speaker, SpeakResult, Turn
from .text.words.lexicon import Lexicon
from .voice.base import Backend
from .voice.registry import KINDS, backend_kind, get_backend, offline_backend

__all__ = ["ArticleRequest", "ArticleService"]

REMEMBERED_REQUESTS = 256  # prepared articles kept by the content asked for
REALTIME_MARGIN = 2.0  # admitted listeners' articles: at most capacity / this (2x speed, overhead)
CAPACITY_PROBE = "The council met on Tuesday night and voted to reopen the harbor bridge in spring."

log = logging.getLogger(__name__)

T = TypeVar("T")


class ArticleService:
    """Articles as every entry point sees them: submit, make, find, status and stream."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache = AudioCache.from_settings(settings)
        self.index = ArticleIndex(self.cache.store)
        # Every admitted article gets a job; the scheduler decides whose segment is made next.
        self.scheduler = SynthesisScheduler(settings.synth_jobs)
        self.jobs = SynthesisJobs(self._make_in_background,
                                  settings.max_pending_jobs + settings.anon_max_pending_jobs)
        self.budgets = ClientBudgets(self.cache.locks.folder / "budgets",
                                     settings.anon_chars_per_minute, settings.anon_burst_chars)
        self.partial = PartialTimelines()
        # Seconds of audio this process makes per second (TTS_SYNTH_CAPACITY, or measured by
        # measure_capacity); None: unknown, no admission control (the CLI, batch, tests).
        self.capacity: float | None = settings.synth_capacity or None
        self.evictor = Evictor(self.cache, settings.cache_max_bytes, self._unfinished_keys)
        self._speakers: dict[tuple[str, str], Speaker] = {}
        self._speakers_lock = threading.Lock()
        self._prepared: OrderedDict[str, Article] = OrderedDict()  # by what was asked

    def speaker(self, backend: str = "", voice: str = "") -> Speaker:
        """The Speaker for a backend and voice, built once."""
        key = (backend or self.settings.backend, voice)
        with self._speakers_lock:
            if key not in self._speakers:
                kind = KINDS.get(key[0])
                self._speakers[key] = Speaker(get_backend(self.settings, *key), self.cache,
                                              self.settings,
                                              offload=kind is not None and not kind.online)
            return self._speakers[key]

    def use_backend(self, backend: Backend, name: str = "", voice: str = "") -> Speaker:
        """Serve ``name``/``voice`` with an already built backend (tests instrument one this way)."""
        speaker = Speaker(backend, self.cache, self.settings)
        with self._speakers_lock:
            self._speakers[(name or self.settings.backend, voice)] = speaker
            self._prepared.clear()
        return speaker

    # -- submitting, making, finding -------------------------------------------------------------
    def prepare(self, request: ArticleRequest) -> Article:
        """The article a request makes: segmented, keyed, with its id; no audio yet. The same
        content asked again (every reader of a breaking story posts it) is not segmented again."""
        asked = content_key([request.text, request.html, request.ssml, request.backend,
                             request.voice, request.lexicon])
        with self._speakers_lock:
            article = self._prepared.get(asked)
            if article is not None:
                self._prepared.move_to_end(asked)
                return article
        speaker = self.speaker(request.backend, request.voice)
        kind = KINDS.get(request.backend or self.settings.backend)  # None: a test's own backend
        article = run_blocking(lambda: speaker.prepare(
            request.text, html=request.html, ssml=request.ssml, lexicon=Lexicon(request.lexicon),
            estimate=(lambda text: kind.estimate_seconds(text, self.settings)) if kind else None))
        with self._speakers_lock:
            self._prepared[asked] = article
            while len(self._prepared) > REMEMBERED_REQUESTS:
                self._prepared.popitem(last=False)
        return article

    def submit(self, request: ArticleRequest, *, start: bool = True,
               caller: Caller = PUBLISHER, keep: bool | None = None) -> tuple[Article, bool]:
        """Register an article; returns it and whether it is new. With ``start``, a background
        job begins making it ahead of its listeners.

        A publisher's request sets the article's title, author and date, and is kept by cache
        eviction (``keep`` overrides that). A keyless reader's never changes the metadata, may be
        evicted when least recently used, and new work for one is bounded: a smaller size, a
        budget of characters per client and a number of articles being made at once of its own."""
        if not caller.keyed:
            request = request.without_metadata()
        try:
            article = self.prepare(request)
            if not caller.keyed and len(article.text) > self.settings.anon_max_chars:
                raise TooLarge(f"the article has {len(article.text):,} characters; requests "
                               f"without a key may send {self.settings.anon_max_chars:,}",
                               "the publisher can make longer ones with an API key")
        except TooLarge:
            if not caller.keyed:  # reading it was work: a refused input costs its size
                self.budgets.spend(caller.client, len(request.text))
            raise
        made = self.cache.has_article(article.id)
        new_work = start and not made
        if new_work and not self.jobs.running(article.id):
            self._admit(article, caller)
        created = self.index.save_request(article.id, request, metadata_wins=caller.keyed)
        if caller.keyed if keep is None else keep:
            self.cache.keep(article.id)
        self.index.remember(article, request)
        if new_work:
            self.index.clear_failure(article.id)
            self.jobs.start(article.id, keyless=not caller.keyed)
        elif made:
            self.cache.mark_used(article.id)
        return article, created

    def _admit(self, article: Article, caller: Caller) -> None:
        """Refuse new work beyond the caller's bounds: Busy (503), RateLimited (429), or
        NotAllowed when keyless synthesis is off."""
        settings = self.settings
        if caller.keyed:
            if self.jobs.pending(keyless=False) >= settings.max_pending_jobs:
                raise Busy(f"the service is making {settings.max_pending_jobs} articles already",
                           "try again in a few seconds (TTS_MAX_PENDING_JOBS)")
            return
        if not settings.on_demand:
            raise NotAllowed("this article has no audio yet",
                             "the publisher makes audio ahead; new audio needs an API key")
        if self.jobs.pending(keyless=True) >= settings.anon_max_pending_jobs:
            raise Busy("too many readers' articles are being made right now",
                       "try again in a few seconds (TTS_ANON_MAX_PENDING_JOBS)")
        if self.capacity is not None and len(self.demand()) + 1 > self.capacity / REALTIME_MARGIN:
            raise Busy("the voice is busy making other new articles for their listeners",
                       "try again in a few seconds; articles already made are served at once",
                       retry_after=10)
        self.budgets.charge(caller.client, sum(len(segment.text) for segment in article.segments))

    def demand(self) -> set[str]:
        """Articles being made for listeners now: each needs its audio at least as fast as it is
        played (those a reader asked for, and any that someone is streaming)."""
        return self.jobs.running_ids(keyless=True) | {
            article_id for article_id in self.scheduler.listened() if self.jobs.running(article_id)}

    def measure_capacity(self) -> float | None:
        """Time the default voice on a short news sentence: seconds of audio per second (None
        for an online voice, whose capacity is the remote service's)."""
        kind = KINDS.get(self.settings.backend)
        if kind is None or kind.online:
            return None
        speaker = self.speaker()
        article = speaker.prepare(CAPACITY_PROBE)
        started = time.perf_counter()
        clip = speaker.backend.synthesize(article.segments[0].text)
        elapsed = time.perf_counter() - started
        seconds = len(audio.clip_to_pcm(clip, speaker.fmt.sample_rate)) / (2 * speaker.fmt.sample_rate)
        self.capacity = seconds / max(elapsed, 1e-3)
        return self.capacity

    def make(self, request: ArticleRequest, progress: Progress | None = None, *,
             keep: bool = True) -> SpeakResult:
        """Register an article and make it now, in this thread (the CLI, batch and queue). Made
        this way, it is kept unless ``keep`` is False."""
        article, _ = self.submit(request, start=False, keep=keep)
        result = self._speak(*self.find(article.id), progress)
        self.evictor.sweep_if_due()
        return result

    def find(self, article_id: str) -> tuple[Article, ArticleRequest]:
        """The article with this id, as it is being made (by the offline voice once it has fallen
        back), rebuilt from its stored request if this process never saw it."""
        found = self.index.recall(_checked(article_id))
        if found is None:
            request = self.index.load_request(article_id)
            if request is None:
                raise NotFound(f"no article {article_id}", "POST it to /api/articles first")
            article = self.prepare(request)
            if article.id != article_id:  # the voice or settings changed since it was stored
                raise NotFound(f"article {article_id} was made with other settings",
                               "POST it again to get its current id")
        else:
            article, request = found
        recorded = None if article.fallback else self.index.fallback(article_id)
        if recorded is not None:  # fallen back, maybe in another process
            article = self._offline(article, request, Fallback.from_dict(recorded))
        if found is None or recorded is not None:
            self.index.remember(article, request)
        return article, request

    def speaker_of(self, article: Article, request: ArticleRequest) -> Speaker:
        """The voice that makes ``article``: the one asked for, or the offline one after a fallback."""
        if article.fallback:
            return self.speaker(offline_backend(self.settings))
        return self.speaker(request.backend, request.voice)

    def resume_unfinished(self) -> int:
        """Start a job for every requested article that is neither made nor failed: what a crash
        or a restart interrupted. Returns how many."""
        unfinished = [article_id for article_id in self.index.requested_ids()
                      if not self.cache.has_article(article_id) and self.index.failure(article_id) is None]
        for article_id in unfinished:
            self.jobs.start(article_id)
        return len(unfinished)

    # -- status ----------------------------------------------------------------------------------
    def state(self, article: Article) -> str:
        """Just the status word of an article (ready, failed, partial or pending): what a POST
        answers, without the segments."""
        if self.cache.has_article(article.id):
            return "ready"
        if self.index.failure(article.id) is not None:
            return "failed"
        return "partial" if self.cache.get_segment(article.keys[0]) is not None else "pending"

    def status(self, article_id: str) -> dict[str, Any]:
        """The manifest as far as it is known, with ``status`` pending/partial/ready/failed.
        A finished article is known by its manifest alone, whoever made it."""
        manifest = self.cache.get_manifest(_checked(article_id))
        if manifest is not None:
            self.partial.forget(article_id)
            self.cache.mark_used(article_id)
            return {"status": "ready", **self.index.metadata(article_id), **manifest}
        article, request = self.find(article_id)
        segments, made = self.partial.entries(article, self.speaker_of(article, request))
        failure = self.index.failure(article_id)
        state = "failed" if failure else ("partial" if made else "pending")
        if not failure:
            self.jobs.start(article_id)  # resumes one a crash or a restart left unfinished
        body: dict[str, Any] = {"status": state, "id": article_id,
                                **self.index.metadata(article_id),
                                "backend": article.backend_id, "segments": segments,
                                "duration": None, "segments_ready": made}
        if article.fallback:
            body["fallback"] = article.fallback.to_dict()
        if failure:
            body["error"] = failure
        return body

    # -- synthesis -------------------------------------------------------------------------------
    def _speak(self, article: Article, request: ArticleRequest, progress: Progress | None,
               turn: Turn | None = None) -> SpeakResult:
        """Make the article with its voice or, when that online voice is unavailable, all of it
        with the offline voice (segments the online voice made stay cached, unused)."""
        return self._falling_back(article, request,
                                  lambda article, speaker: speaker.speak(article, progress, turn))

    def _falling_back(self, article: Article, request: ArticleRequest,
                      work: Callable[[Article, Speaker], T]) -> T:
        """``work`` on the article and its voice; again on the offline voice's article if the
        article falls back on the error ``work`` raised."""
        try:
            return work(article, self.speaker_of(article, request))
        except BackendError as exc:
            offline = self._fallen_back(article, request, exc)
            if offline is None:
                raise
        return work(offline, self.speaker_of(offline, request))

    def _fallen_back(self, article: Article, request: ArticleRequest,
                     error: BackendError) -> Article | None:
        """The article to make with the offline voice now that ``error`` stopped its own, with
        the fallback recorded; None when it does not fall back (see ``fallback.falls_back``)."""
        kind = KINDS.get(request.backend or self.settings.backend)  # None: a test's own backend
        if article.fallback or not falls_back(error, online=kind is not None and kind.online,
                                              allowed=self.settings.fallback and request.fallback):
            return None
        if not self._offline_speaks(article, request):
            log.warning("article %s: no fallback, the offline voice does not speak its language",
                        article.id)
            return None
        log.warning("article %s: %s; the offline voice makes all of it instead", article.id,
                    error.one_line())
        fallback = Fallback(article.backend_id)
        self.index.record_fallback(article.id, fallback.to_dict())
        offline = self._offline(article, request, fallback)
        self.index.remember(offline, request)
        return offline

    def _offline_speaks(self, article: Article, request: ArticleRequest) -> bool:
        """Whether the offline voice speaks the language of the voice the article asked for."""
        lang = self.speaker_of(article, request).backend.options.get("lang")
        if not lang:
            return True
        try:
            backend_kind(offline_backend(self.settings)).voice_for_lang(str(lang), "")
        except InputError:
            return False
        return True

    def _offline(self, article: Article, request: ArticleRequest, fallback: Fallback) -> Article:
        """``article`` as the offline voice speaks it: its own segments, under the same id."""
        spoken = self.prepare(replace(request, backend=offline_backend(self.settings), voice=""))
        return replace(spoken, id=article.id, fallback=fallback)

    def _make_in_background(self, article_id: str, progress: Progress) -> None:
        """A background job's work: make the article, or record why it failed."""
        try:
            arrived = self.jobs.arrived(article_id)

            def turn(index: int, ahead: float) -> AbstractContextManager[None]:
                return self.scheduler.turn(article_id, index, ahead, arrived)

            self._speak(*self.find(article_id), progress, turn)
            self.evictor.sweep_if_due()
        except ShuttingDown:
            raise
        except TTSError as exc:
            log.warning("article %s failed: %s", article_id, exc.one_line())
            shown = exc.to_dict() if not isinstance(exc, CacheError | AudioError) else {
                "error": "the audio could not be stored", "detail": "the server logged the details"}
            retryable = isinstance(exc, CacheError | AudioError) or getattr(exc, "retryable", False)
            self.index.record_failure(article_id, {**shown, "retryable": retryable})
        except Exception:  # keep the worker alive; record the failure for clients
            log.exception("article %s failed unexpectedly", article_id)
            self.index.record_failure(article_id, {"error": "synthesis failed",
                                                   "detail": "see server logs"})

    def stream(self, article_id: str) -> Iterator[bytes]:
        """The article's MP3 as it is being made: segment frames in order, pauses between.

        The stream never synthesizes: it is a listener the scheduler serves by its clock, and it
        waits (cheaply, without holding a thread under the event loop) for each segment the job
        makes. The first segment is awaited before this returns, so that a failure can still
        become an error response. See ``streaming`` for how a stream follows a fallback."""
        return streaming.stream(self, article_id)

    # -- eviction --------------------------------------------------------------------------------
    def evict(self, max_bytes: int | None = None, *, include_kept: bool = False) -> Evicted:
        """Bring the cache under ``max_bytes`` (default ``TTS_CACHE_MAX_BYTES``) now: least
        recently used on-demand articles go first, kept ones too with ``include_kept``."""
        return self.evictor.sweep(max_bytes, include_kept=include_kept)

    def forget(self, article_id: str) -> Evicted:
        """Delete one article, kept or not, with the segments no other article uses."""
        return self.evictor.forget(_checked(article_id))

    def _unfinished_keys(self, article_id: str) -> tuple[str, ...]:
        """The segment keys of an article with a stored request; none if it cannot be rebuilt."""
        try:
            return self.find(article_id)[0].keys
        except TTSError:
            return ()

    def shutdown(self) -> None:
        """Stop background jobs after the segment each is making (finished ones stay cached)."""
        self.jobs.shutdown()


def _checked(article_id: str) -> str:
    """``article_id`` if it can be one; NotFound before anything touches the cache otherwise."""
    if not is_key(article_id):
        raise NotFound("no such article", "article ids are 32 lowercase hex digits")
    return article_id
