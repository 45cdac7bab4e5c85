"""Articles as the web service and the batch see them: submit, look up, stream, synthesize ahead.

An article is identified by its content-addressed id (see ``speech.Speaker.prepare``). Submitting
stores the request next to the cache (``articles/<id>.request.json``) so that any thread or worker
process can rebuild the article from its id alone. Synthesis belongs to the article, not to a
request: a background job makes every segment in order and stitches the article when done, while
streams read the segments as they appear. Each segment is made under its cache lock, so any number
of listeners, jobs and processes cause exactly one synthesis of each segment.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .backends.base import Backend
from .backends.registry import get_backend
from .cache import AudioCache, is_key
from .config import Settings
from .errors import InputError, NotFound, TTSError
from .speech import Article, Speaker, timeline

log = logging.getLogger(__name__)

REMEMBERED_ARTICLES = 256  # per process; older ones are rebuilt from their stored request


@dataclass(frozen=True)
class ArticleRequest:
    """What a client asked to be spoken. Stored as JSON beside the cache entry."""

    text: str
    html: bool = False
    title: str = ""
    backend: str = ""
    voice: str = ""

    @classmethod
    def from_json(cls, body: Any, settings: Settings) -> ArticleRequest:
        """Validate a POST body: ``{title?, text? | html?, lang?, voice?, backend?}``."""
        if not isinstance(body, dict):
            raise InputError("the request body must be a JSON object",
                             'send {"text": "..."} or {"html": "..."}')
        unknown = set(body) - {"title", "text", "html", "lang", "voice", "backend"}
        if unknown:
            raise InputError(f"unknown field(s): {', '.join(sorted(unknown))}",
                             "allowed: title, text, html, lang, voice, backend")
        for name in ("title", "text", "html", "lang", "voice", "backend"):
            if name in body and not isinstance(body[name], str):
                raise InputError(f"field {name!r} must be a string")
        if ("text" in body) == ("html" in body):
            raise InputError("send exactly one of 'text' or 'html'",
                             "text is plain text with blank lines between paragraphs")
        backend = body.get("backend", "") or settings.backend
        voice = body.get("voice", "")
        lang = body.get("lang", "")
        if lang:
            voice = _voice_for_lang(backend, lang, voice)
        text: str = body["text"] if "text" in body else body["html"]
        return cls(text=text, html="html" in body, title=body.get("title", "")[:500],
                   backend=backend, voice=voice)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "html": self.html, "title": self.title,
                "backend": self.backend, "voice": self.voice}


def _voice_for_lang(backend: str, lang: str, voice: str) -> str:
    """gTTS picks its voice by language; Piper voices each speak one language."""
    if backend == "gtts":
        return voice or lang
    if not lang.lower().startswith("en"):
        raise InputError(f"no Piper voice for language {lang!r}",
                         "the bundled voice speaks English (en); add a voice or use backend gtts")
    return voice


class ArticleService:
    """Submit, find and stream articles; owns the background synthesis jobs of this process."""

    def __init__(self, settings: Settings, *, jobs: int = 1) -> None:
        self.settings = settings
        self.cache = AudioCache.from_settings(settings)
        self._speakers: dict[tuple[str, str], Speaker] = {}
        self._speakers_lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="synth")
        self._jobs: dict[str, Future[None]] = {}
        self._jobs_lock = threading.Lock()
        self._stopping = threading.Event()
        # Recently used articles, so that polling and streaming do not re-segment them.
        self._articles: OrderedDict[str, tuple[Article, ArticleRequest]] = OrderedDict()

    def speaker(self, backend: str = "", voice: str = "") -> Speaker:
        """The Speaker for a backend and voice, built once."""
        key = (backend or self.settings.backend, voice)
        with self._speakers_lock:
            if key not in self._speakers:
                self._speakers[key] = Speaker(get_backend(self.settings, *key), self.cache,
                                              self.settings)
            return self._speakers[key]

    def use_backend(self, backend: Backend, name: str = "", voice: str = "") -> Speaker:
        """Serve ``name``/``voice`` with an already built backend (tests instrument one this way)."""
        speaker = Speaker(backend, self.cache, self.settings)
        with self._speakers_lock:
            self._speakers[(name or self.settings.backend, voice)] = speaker
        return speaker

    # -- submitting and finding ------------------------------------------------------------------
    def submit(self, request: ArticleRequest, *, start: bool = True) -> tuple[Article, bool]:
        """Register an article; returns it and whether it is new. Starts synthesis ahead."""
        speaker = self.speaker(request.backend, request.voice)
        article = speaker.prepare(request.text, html=request.html)
        created = self.cache.read_sidecar(article.id, "request") is None
        if created:
            self.cache.write_sidecar(article.id, "request", request.to_dict())
        self._remember(article, request)
        if start and not self.cache.has_article(article.id):
            self.clear_failure(article.id)
            self.start(article.id)
        return article, created

    def find(self, article_id: str) -> tuple[Article, ArticleRequest]:
        """The article with this id, rebuilt from its stored request if this process never saw it."""
        if not is_key(article_id):
            raise NotFound("no such article", "article ids are 32 lowercase hex digits")
        with self._speakers_lock:
            if article_id in self._articles:
                self._articles.move_to_end(article_id)
                return self._articles[article_id]
        stored = self.cache.read_sidecar(article_id, "request")
        if stored is None:
            raise NotFound(f"no article {article_id}", "POST it to /api/articles first")
        request = ArticleRequest(**stored)
        article = self.speaker(request.backend, request.voice).prepare(request.text,
                                                                       html=request.html)
        if article.id != article_id:  # the voice or settings changed since it was stored
            raise NotFound(f"article {article_id} was made with other settings",
                           "POST it again to get its current id")
        self._remember(article, request)
        return article, request

    def _remember(self, article: Article, request: ArticleRequest) -> None:
        with self._speakers_lock:
            self._articles[article.id] = (article, request)
            self._articles.move_to_end(article.id)
            while len(self._articles) > REMEMBERED_ARTICLES:
                self._articles.popitem(last=False)

    # -- status ----------------------------------------------------------------------------------
    def status(self, article_id: str) -> dict[str, Any]:
        """The manifest as far as it is known, with ``status`` pending/partial/ready/failed."""
        article, request = self.find(article_id)
        manifest = self.cache.get_manifest(article_id)
        if manifest is not None:
            return {"status": "ready", "title": request.title, **manifest}
        speaker = self.speaker(request.backend, request.voice)
        segments, made = _partial_segments(article, speaker)
        failure = self.failure(article_id)
        state = "failed" if failure else ("partial" if made else "pending")
        body: dict[str, Any] = {"status": state, "id": article_id, "title": request.title,
                                "backend": article.backend_id, "segments": segments,
                                "duration": None, "segments_ready": made}
        if failure:
            body["error"] = failure
        return body

    def failure(self, article_id: str) -> dict[str, str] | None:
        return self.cache.read_sidecar(article_id, "error")

    def clear_failure(self, article_id: str) -> None:
        self.cache.delete_sidecar(article_id, "error")

    # -- synthesis -------------------------------------------------------------------------------
    def start(self, article_id: str) -> Future[None]:
        """Make sure a background job is making this article (one per article per process)."""
        with self._jobs_lock:
            job = self._jobs.get(article_id)
            if job is None or job.done():
                job = self._executor.submit(self._run_job, article_id)
                self._jobs[article_id] = job
            return job

    def _run_job(self, article_id: str) -> None:
        article, request = self.find(article_id)

        def stop_if_shutting_down(done: int, total: int) -> None:
            if self._stopping.is_set():
                raise _ShuttingDown

        try:
            self.speaker(request.backend, request.voice).speak(article, stop_if_shutting_down)
        except _ShuttingDown:
            log.info("article %s left unfinished at shutdown; it resumes on the next request",
                     article_id)
        except TTSError as exc:
            log.warning("article %s failed: %s", article_id, exc.message)
            self.cache.write_sidecar(article_id, "error", exc.to_dict())
        except Exception:  # keep the worker alive; record the failure for clients
            log.exception("article %s failed unexpectedly", article_id)
            self.cache.write_sidecar(article_id, "error", {"error": "synthesis failed",
                                                           "detail": "see server logs"})
        finally:
            with self._jobs_lock:
                self._jobs.pop(article_id, None)

    def stream(self, article_id: str) -> Iterator[bytes]:
        """The article's MP3 as it is being made: segment frames in order, pauses between.

        The first segment is made (or awaited) before this returns, so that a failure can still
        become an error response; the rest follows as the generator is consumed.
        """
        article, request = self.find(article_id)
        speaker = self.speaker(request.backend, request.voice)
        self.start(article_id)
        first, _ = speaker.segment_mp3(article, 0)

        def frames() -> Iterator[bytes]:
            for index in range(len(article.segments)):
                mp3 = first if index == 0 else speaker.segment_mp3(article, index)[0]
                yield mp3
                pause = speaker.pause_mp3(article.pauses_ms[index])
                if pause:
                    yield pause

        return frames()

    def shutdown(self) -> None:
        """Stop background jobs after the segment each is making (finished ones stay cached)."""
        self._stopping.set()
        self._executor.shutdown(wait=False, cancel_futures=True)


class _ShuttingDown(Exception):
    """Raised between segments to end a job when the service shuts down."""


def _partial_segments(article: Article, speaker: Speaker) -> tuple[list[dict[str, Any]], int]:
    """Segment entries, with times for the leading run of segments already made."""
    made: list[bytes] = []
    for key in article.keys:
        mp3 = speaker.cache.get_segment(key)
        if mp3 is None:
            break
        made.append(mp3)
    entries = timeline(article, made, speaker)
    for index in range(len(made), len(article.segments)):
        entries.append({"index": index, **article.segments[index].to_dict(),
                        "start": None, "end": None})
    return entries, len(made)
