"""The one way in: the CLI, the web service, the batch and the queue all submit, make, find and
stream articles through ``ArticleService``, so an article made by any of them is served by the web.

An article is identified by its content-addressed id (see ``synthesis.speaker.Speaker.prepare``). Its request
is stored beside the cache (``article_index``); synthesis ahead of listeners runs as background
jobs (``jobs``); each segment is made under its cache lock, so any number of listeners, jobs and
processes cause exactly one synthesis of each segment. An article its online voice cannot make
is made by the offline voice instead, all of it, under the same id (``synthesis.offline``).

The service wires the synthesis parts together; each holds one idea: ``admission`` (which new
work is let in), ``recent`` (the articles used lately), ``index`` (stored requests, failures and
fallbacks), ``offline`` (the fallback), ``jobs`` and ``scheduler`` (background synthesis),
``streaming`` and ``partial`` (what a listener and a status read see of an unfinished article),
``site_lexicon`` (the publisher's site lexicon, whose words a new article's request takes).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from typing import Any

from . import audio
from .access import PUBLISHER, Caller
from .config import Settings
from .errors import AudioError, CacheError, NotFound, TooLarge, TTSError
from .store.cache import AudioCache
from .store.eviction import Evicted, Evictor
from .store.names import content_key, is_key
from .synthesis import bookends, budget, streaming
from .synthesis.admission import Admission
from .synthesis.bookends import Bookend
from .synthesis.budget import ClientBudgets
from .synthesis.cluster_load import ClusterLoad
from .synthesis.cooperative import run_blocking
from .synthesis.fallback import Fallback
from .synthesis.index import ArticleIndex
from .synthesis.jobs import Progress, ShuttingDown, SynthesisJobs
from .synthesis.offline import OfflineFallback
from .synthesis.partial import PartialTimelines
from .synthesis.plan import Article, VoiceChoice, find_language, read_input
from .synthesis.recent import RecentArticles
from .synthesis.request import ArticleRequest
from .synthesis.scheduler import SynthesisScheduler
from .synthesis.site_lexicon import SiteLexicon
from .synthesis.speaker import Speaker, SpeakResult, Turn
from .text.words.lexicon import Lexicon
from .voice.base import Backend
from .voice.registry import KINDS, check_voices, get_backend, offline_backend, voice_for_language

__all__ = ["ArticleRequest", "ArticleService"]

CAPACITY_PROBE = "The council met on Tuesday night and voted to reopen the harbor bridge in spring."

log = logging.getLogger(__name__)


FIRST_SEGMENTS_QUEUED = 2  # first segments made ahead of a click at once; more are not made ahead


class ArticleService:
    """Articles as every entry point sees them: submit, make, find, status and stream."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bookends = bookends.from_settings(settings)  # TTS_INTRO, TTS_OUTRO: checked now
        check_voices(settings)  # TTS_VOICES: each file there with its SHA-256
        self.cache = AudioCache.from_settings(settings)
        self.index = ArticleIndex(self.cache.store)
        self.site_lexicon = SiteLexicon(self.cache.store)  # PUT /api/lexicon
        self.recent = RecentArticles()
        # Every admitted article gets a job; the scheduler decides whose segment is made next.
        self.scheduler = SynthesisScheduler(settings.synth_jobs)
        self.jobs = SynthesisJobs(self._make_in_background,
                                  settings.max_pending_jobs + settings.anon_max_pending_jobs)
        self.budgets = ClientBudgets(self.cache.locks.folder / "budgets",
                                     settings.anon_chars_per_minute, settings.anon_burst_chars,
                                     self.cache.redis, most=settings.anon_max_chars)
        self.admission = Admission(settings, self.jobs, self.scheduler, self.budgets)
        if self.cache.redis:
            self.admission.cluster = ClusterLoad(self.cache.redis, self.admission.own_load)
        self.offline = OfflineFallback(settings, self.index, self.recent, self.prepare,
                                       self.speaker_of)
        self.partial = PartialTimelines()
        self.evictor = Evictor(self.cache, settings.cache_max_bytes, self._unfinished_keys,
                               chores=[self.budgets.sweep])
        self._speakers: dict[tuple[str, str], Speaker] = {}
        self._speakers_lock = threading.Lock()
        # First segments made ahead of a click (prepare_first): one at a time, never queued long.
        self._first_segments = ThreadPoolExecutor(1, thread_name_prefix="first-segment")
        self._first_pending: dict[Future[Any], str] = {}  # -> the segment's key

    @property
    def capacity(self) -> float | None:
        """Seconds of audio this process makes per second; None: unknown, not admission-controlled."""
        return self.admission.capacity

    def speaker(self, backend: str = "", voice: str = "") -> Speaker:
        """The Speaker for a backend and voice, built once."""
        key = (backend or self.settings.backend, voice)
        with self._speakers_lock:
            if key not in self._speakers:
                kind = KINDS.get(key[0])
                self._speakers[key] = Speaker(get_backend(self.settings, *key), self.cache,
                                              self.settings,
                                              offload=kind is not None and not kind.online,
                                              online=kind is not None and kind.online)
            return self._speakers[key]

    def use_backend(self, backend: Backend, name: str = "", voice: str = "") -> Speaker:
        """Serve ``name``/``voice`` with an already built backend (tests instrument one this way)."""
        kind = KINDS.get(name or self.settings.backend)
        speaker = Speaker(backend, self.cache, self.settings, online=kind is not None and kind.online)
        with self._speakers_lock:
            self._speakers[(name or self.settings.backend, voice)] = speaker
        self.recent.clear()
        return speaker

    # -- submitting, making, finding -------------------------------------------------------------
    def prepare(self, request: ArticleRequest) -> Article:
        """The article a request makes: segmented, keyed, with its id; no audio yet. The same
        content asked again (every reader of a breaking story posts it) is not segmented again."""
        asked = content_key([request.text, request.html, request.ssml, request.backend,
                             request.voice, request.lexicon, request.lang, request.intro,
                             request.outro] + ([request.hints] if request.hints else [])
                            + ([request.read_captions, request.read_faq]  # only when asked
                               if (request.read_captions, request.read_faq) != (None, None) else []))
        article = self.recent.prepared(asked)
        if article is not None:
            return article
        # Its language first (read and detected, not segmented), then its voice, then its plan:
        # an article is segmented once, for the voice that speaks it.
        chosen = self._voice(request, request.lang or self._language(request))
        article = self._prepare_with(request, *chosen)
        spoken = self._voice(request, article.language.lang)  # the language found in it
        if spoken != chosen:  # not expected: the plan found the language found above
            log.warning("article %s planned again for the voice of %s", article.id,
                        article.language.lang)
            chosen, article = spoken, self._prepare_with(request, *spoken)
        article = self._note_choice(request, chosen, article)
        self.recent.add_prepared(asked, article)
        return article

    def _note_choice(self, request: ArticleRequest, chosen: tuple[str, str],
                     article: Article) -> Article:
        """The article, noting (manifest ``voice``, and the log) a voice other than the one asked
        for, chosen because that one does not speak the article's language."""
        asked = (request.backend or self.settings.backend, request.voice)
        if chosen[0] == asked[0] and (chosen[1] == asked[1] or not chosen[1]):
            return article
        choice = VoiceChoice(asked[0], asked[1], article.language.lang)
        log.info("article %s is in %s: read by %s, not %s asked for", article.id,
                 article.language.lang, article.backend_id, ":".join(filter(None, asked)))
        return dataclasses.replace(article, voice_choice=choice)

    def _language(self, request: ArticleRequest) -> str:
        """The language of an article whose request names none (``plan.find_language``)."""
        return run_blocking(lambda: find_language(
            request.text, self.settings, html=request.html, ssml=request.ssml,
            policy=request.policy(self.settings), **request.hints)).lang

    def _first_only(self, request: ArticleRequest) -> Article:
        """The article of ``request``'s first segment alone (``Speaker.prepare``'s ``first_only``),
        in the voice of the language found in it; kept nowhere."""
        chosen = self._voice(request, request.lang or self._language(request))
        first = self._prepare_with(request, *chosen, first_only=True)
        spoken = self._voice(request, first.language.lang)
        return first if spoken == chosen else self._prepare_with(request, *spoken, first_only=True)

    def _voice(self, request: ArticleRequest, lang: str) -> tuple[str, str]:
        """The backend and voice that speak ``request`` in ``lang`` (see ``voice_for_language``)."""
        return voice_for_language(self.settings, request.backend, request.voice, lang)

    def _prepare_with(self, request: ArticleRequest, backend: str, voice: str, *,
                      first_only: bool = False) -> Article:
        speaker = self.speaker(backend, voice)
        kind = KINDS.get(backend or self.settings.backend)  # None: a test's own backend
        intro, outro = self._bookends(request)
        return run_blocking(lambda: speaker.prepare(
            request.text, html=request.html, ssml=request.ssml, lexicon=Lexicon(request.lexicon),
            lang=request.lang, intro=intro, outro=outro, **request.hints,
            policy=request.policy(self.settings), first_only=first_only,
            estimate=(lambda text: kind.estimate_seconds(text, self.settings)) if kind else None))

    def _bookends(self, request: ArticleRequest) -> tuple[Bookend | None, Bookend | None]:
        """The request's own intro and outro where it names them ("": none), else the site's."""
        return (self.bookends[0] if request.intro is None else Bookend.parse("intro", request.intro),
                self.bookends[1] if request.outro is None else Bookend.parse("outro", request.outro))

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
        article, request = self._prepared(request, caller)
        made = self.cache.has_article(article.id)
        new_work = start and not made
        if new_work and not self.jobs.running(article.id):
            paid = 1 if self._first_made_ahead(article) else 0
            self.admission.admit(budget.cost(article, paid=paid), keyed=caller.keyed,
                                 client=caller.client)
        created = self._save_request(article, request, metadata_wins=caller.keyed)
        if caller.keyed if keep is None else keep:
            self.cache.keep(article.id)
        self.recent.remember(article, request)
        if new_work:
            self.index.clear_failure(article.id)
            self.jobs.start(article.id, keyless=not caller.keyed)
        elif made:
            self.cache.mark_used(article.id)
        return article, created

    def _save_request(self, article: Article, request: ArticleRequest, *,
                      metadata_wins: bool) -> bool:
        """Store the request; True when it is new. Under the article's lock, so that of two
        requests at once (on any nodes) one is first."""
        with self.cache.locks.hold(content_key(["request", article.id])):
            return self.index.save_request(article.id, request, metadata_wins=metadata_wins)

    def _check_keyless_size(self, text: str) -> None:
        if len(text) > self.settings.anon_max_chars:
            raise TooLarge(f"the article has {len(text):,} characters; requests "
                           f"without a key may send {self.settings.anon_max_chars:,}",
                           "the publisher can make longer ones with an API key")

    def _prepared(self, request: ArticleRequest, caller: Caller, *,
                  first_only: bool = False) -> tuple[Article, ArticleRequest]:
        """``prepare``, with a keyless reader's size limit (a refused request still costs its size),
        of the request with the site lexicon's words it needs (``with_site_words``), returned too;
        ``first_only``: ``prepare_first``'s article of its first segment alone (an id of its own)."""
        try:
            if not caller.keyed and not (request.html or request.ssml):
                self._check_keyless_size(request.text)  # before any reading: it is plain text
            request = self.with_site_words(request)
            article = self._first_only(request) if first_only else self.prepare(request)
            if not caller.keyed:
                self._check_keyless_size(article.text)
        except TooLarge:
            if not caller.keyed:
                self.admission.charge_refused(caller.client, len(request.text))
            raise
        return article, request

    def with_site_words(self, request: ArticleRequest) -> ArticleRequest:
        """The request with the site lexicon's entries its text holds, under its own (see
        ``synthesis.site_lexicon``); itself when the site has none."""
        if not self.site_lexicon.current():
            return request
        plain = run_blocking(lambda: read_input(request.text, self.settings, html=request.html,
                                                ssml=request.ssml,
                                                policy=request.policy(self.settings)).text)
        lexicon = self.site_lexicon.used_by(plain, request.lexicon)
        return request if lexicon == request.lexicon else dataclasses.replace(request, lexicon=lexicon)

    def prepare_first(self, request: ArticleRequest, *, caller: Caller = PUBLISHER) -> Article:
        """Make only the article's first segment, in the background, before anyone asks to
        listen (the player asks when it comes into view): the click then finds it cached, as
        does every later reader. Costs a keyless reader that segment's characters; nothing is
        made for one when the service makes no audio on demand, nor when it is made already.
        Its synthesis starts once the first paragraphs are segmented; the whole article is
        segmented after (and returned: the click then finds it segmented too)."""
        if not caller.keyed:
            request = request.without_metadata()
        first, request = self._prepared(request, caller, first_only=True)
        log.debug("path planned %s at %.4f", first.keys[0], time.time())
        if (not caller.keyed and not self.settings.on_demand) \
                or self.cache.get_segment(first.keys[0]) is not None \
                or len(self._first_pending) >= FIRST_SEGMENTS_QUEUED:
            return self._prepared(request, caller)[0]
        if not caller.keyed:
            self.admission.budgets.charge(caller.client, len(first.segments[0].text))
        speaker = self.speaker(*self._voice(request, first.language.lang))
        future = self._first_segments.submit(speaker.segment_mp3, first, 0)
        self._first_pending[future] = first.keys[0]
        future.add_done_callback(self._first_made)
        return self._prepared(request, caller)[0]

    def _first_made_ahead(self, article: Article) -> bool:
        """Whether the article's first segment is made, or being made ahead here: a click after
        the page view's ``prepare_first`` does not pay for that segment twice."""
        return (article.keys[0] in list(self._first_pending.values())
                or self.cache.get_segment(article.keys[0]) is not None)

    def _first_made(self, future: Future[Any]) -> None:
        self._first_pending.pop(future, None)
        self.jobs.wake()  # a click's stream waiting for this segment plays it now, not at its next look
        if not future.cancelled() and future.exception() is not None:
            log.warning("first segment made ahead failed: %s", future.exception())

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
        self.admission.capacity = seconds / max(elapsed, 1e-3)
        return self.admission.capacity

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
        found = self.recent.get(_checked(article_id))
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
            article = self.offline.offline(article, request, Fallback.from_dict(recorded))
        if found is None or recorded is not None:
            self.recent.remember(article, request)
        return article, request

    def speaker_of(self, article: Article, request: ArticleRequest) -> Speaker:
        """The voice that makes ``article``: the one asked for, or the offline one after a fallback."""
        lang = article.language.lang
        if article.fallback:
            return self.speaker(*voice_for_language(self.settings, offline_backend(self.settings),
                                                    "", lang))
        return self.speaker(*self._voice(request, lang))

    def failure(self, article_id: str) -> dict[str, Any] | None:
        """Why the last attempt to make the article failed, or None."""
        return self.index.failure(article_id)

    def mp3_format(self, article: Article, request: ArticleRequest) -> audio.Mp3Format:
        return self.speaker_of(article, request).fmt

    def metadata(self, article_id: str) -> dict[str, str]:
        """The article's stored title, author and date (empty strings when unknown)."""
        return self.index.metadata(article_id)

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
            return {"status": "ready", **self.metadata(article_id), **manifest}
        article, request = self.find(article_id)
        segments, made = self.partial.entries(article, self.speaker_of(article, request))
        segments = [{**entry, "lang": article.language.lang} for entry in segments]  # as the manifest has them
        failure = self.index.failure(article_id)
        state = "failed" if failure else ("partial" if made else "pending")
        if not failure:
            self.jobs.start(article_id)  # resumes one a crash or a restart left unfinished
        body: dict[str, Any] = {"status": state, "id": article_id,
                                **self.metadata(article_id),
                                "backend": article.backend_id, "language": article.language.to_dict(),
                                "segments": segments,
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
        with the offline voice (segments the online voice made stay cached, unused). Made for
        the web (``turn``: a background job), an online voice has ``TTS_ONLINE_FIRST_SECONDS``
        for the first segment: a listener never waits on an unreachable service."""
        first = self.settings.online_first_seconds if turn is not None else None
        return self.offline.run(article, request, lambda article, speaker: speaker.speak(
            article, progress, turn, first_deadline=first))

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
        """Delete one article, kept or not, with the segments no other article uses; this
        process forgets it too, so that reading its status does not make it again."""
        forgotten = self.evictor.forget(_checked(article_id))
        self.recent.forget(article_id)
        self.partial.forget(article_id)
        return forgotten

    def _unfinished_keys(self, article_id: str) -> tuple[str, ...]:
        """The segment keys of an article with a stored request; none if it cannot be rebuilt."""
        try:
            return self.find(article_id)[0].all_keys
        except TTSError:
            return ()

    def join_cluster(self) -> None:
        """With the cluster's Redis: announce this node's work to the others, and wake this
        node's listeners when another node makes a segment. The web service does this at start."""
        if self.admission.cluster is not None:
            self.admission.cluster.start()
        if self.cache.notices is not None:
            self.cache.notices.listen(self.jobs.wake)

    def shutdown(self) -> None:
        """Stop background jobs after the segment each is making (finished ones stay cached),
        and leave the cluster."""
        self.jobs.shutdown()
        self._first_segments.shutdown(wait=True, cancel_futures=True)
        if self.admission.cluster is not None:
            self.admission.cluster.stop()


def _checked(article_id: str) -> str:
    """``article_id`` if it can be one; NotFound before anything touches the cache otherwise."""
    if not is_key(article_id):
        raise NotFound("no such article", "article ids are 32 lowercase hex digits")
    return article_id
