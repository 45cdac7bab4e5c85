"""A voice and the cache together: an article's segments made once each, and the article stitched.

Every entry point reaches it through ``articles.ArticleService``, so an article always becomes
the same audio, under the same id, whoever asks for it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import audio
from ..config import Settings
from ..errors import BackendError, CacheError
from ..ops import metrics
from ..store.cache import AudioCache
from ..store.names import content_key, segment_key
from ..text import PIPELINE_VERSION
from ..text.reading.page_parts import ReadingPolicy
from ..text.words.lexicon import NO_LEXICON, Lexicon
from ..voice import word_timing
from ..voice.base import Backend
from ..voice.word_timing import WordTimes
from . import bookends
from .bookends import Bookend
from .cooperative import TooSlow, run_blocking, within
from .plan import Article, plan_article
from .timeline import Bookended, build_manifest, place, stitched

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (segments done, segments total)
Turn = Callable[[int, float], AbstractContextManager[None]]  # (index, seconds made before it)


@dataclass
class SpeakResult:
    """What ``Speaker.speak`` made: the article's files and how much came from the cache."""

    article: Article
    mp3_path: Path | None  # the article's MP3 in a local cache; None for object storage
    manifest: dict[str, Any]
    synthesized: int = 0  # segments made now
    reused: int = 0  # segments found in the cache
    article_cached: bool = False  # the whole article was already there

class Speaker:
    """Turns articles into audio with one backend and one cache."""

    def __init__(self, backend: Backend, cache: AudioCache, settings: Settings, *,
                 offload: bool = False, online: bool = False) -> None:
        """``offload``: synthesize on a native thread under the event loop (a CPU-bound voice;
        an online one waits on its socket, which the loop handles itself). ``online``: the
        voice is a remote service, which a listener may be spared from waiting on."""
        self.backend = backend
        self.offload = offload
        self.online = online
        self.cache = cache
        self.settings = settings
        self.fmt = audio.Mp3Format(backend.sample_rate, settings.mp3_bitrate, settings.mp3_quality,
                                   loudness=settings.loudness)

    # -- planning ------------------------------------------------------------------------------
    def prepare(self, text: str, *, html: bool = False, ssml: bool = False,
                lexicon: Lexicon = NO_LEXICON, lang: str = "",
                estimate: Callable[[str], float] | None = None,
                intro: Bookend | None = None, outro: Bookend | None = None,
                page_lang: str = "", feed_lang: str = "",
                policy: ReadingPolicy | None = None, first_only: bool = False) -> Article:
        """Validate and segment an article (``lang``: its language, "en-GB"); computes every
        key, makes no audio. ``intro``, ``outro``: said around it; part of its id, never of
        its segments' keys. ``page_lang``, ``feed_lang``: hints of its language (``plan_article``).
        ``policy``: what of HTML is read (None: the site's). ``first_only``: only its first
        segment, and an id of its own, never the article's (see ``plan_article``)."""
        plan = plan_article(text, self.settings, self.backend.max_chars, html=html, ssml=ssml,
                            lexicon=lexicon, lang=lang, estimate=estimate, page_lang=page_lang,
                            feed_lang=feed_lang, policy=policy, first_only=first_only)
        keys = tuple(self.segment_key(segment.text) for segment in plan.segments)
        identity: dict[str, Any] = {"segments": keys, "pauses": plan.pauses_ms,
                                    "audio": self.fmt.to_dict()}
        pause = bookends.pause_samples(self.settings, self.fmt.sample_rate)
        ends = (intro, outro)
        bookend_keys = tuple(end.key(self.segment_key(end.text), self.fmt, pause) if end else ""
                             for end in ends)
        if intro or outro:  # an article without them keeps the id it always had
            identity["bookends"] = bookend_keys
        return Article(content_key(identity), plan.text, plan.segments, keys, plan.pauses_ms,
                       self.backend.id, intro=intro, outro=outro,
                       bookend_keys=(bookend_keys[0], bookend_keys[1]), language=plan.language)

    def segment_key(self, text: str) -> str:
        return segment_key(self.backend.id, self.backend.options, self.fmt.to_dict(),
                           PIPELINE_VERSION, text)

    # -- audio ---------------------------------------------------------------------------------
    def segment_mp3(self, article: Article, index: int, turn: Turn | None = None,
                    ahead: float = 0.0, deadline: float | None = None) -> tuple[bytes, bool]:
        """One segment's MP3 frames and whether they came from the cache.

        Made at most once across threads and processes: the maker holds the segment's lock and
        everyone else waits for it, then reads the cache. ``turn(index, ahead)``: wait for the
        scheduler's go before synthesizing (``ahead``: seconds of the article made before it).
        ``deadline``: seconds an online voice has for it before a retryable BackendError.
        """
        key = article.keys[index]
        while True:
            cached = self.cache.get_segment(key)
            if cached is not None:
                return cached, True
            with turn(index, ahead) if turn else contextlib.nullcontext(), \
                    self.cache.locks.try_hold(key) as mine:
                if mine:
                    return self._made(article, index, key, deadline)
            # Another thread, process or node is making it: wait for it without a turn at the
            # voice (ours may make something else meanwhile), then read what it stored.
            with self.cache.locks.hold(key):
                pass

    def _made(self, article: Article, index: int, key: str,
              deadline: float | None = None) -> tuple[bytes, bool]:
        """Segment ``index`` made now, under its lock: unless it was stored meanwhile."""
        cached = self.cache.get_segment(key)
        if cached is not None:
            return cached, True
        text = article.segments[index].text
        started = time.perf_counter()
        log.debug("path synth-start %s at %.4f", key, time.time())
        if deadline is not None and self.online:
            try:
                mp3, words = within(deadline, self._render, text)
            except TooSlow as exc:
                raise BackendError("the online voice gave no audio in time for the listener",
                                   f"no answer within {deadline:g} s (TTS_ONLINE_FIRST_SECONDS)",
                                   retryable=True) from exc
        else:
            mp3, words = run_blocking(self._render, text) if self.offload else self._render(text)
        metrics.synthesized(self.backend.id, time.perf_counter() - started,
                            audio.frame_count(mp3) * self.fmt.frame_seconds)
        self.cache.put_segment(key, mp3, words.to_dict())
        log.debug("path synth-end %s at %.4f", key, time.time())
        log.info("synthesized segment %d/%d of %s (%d chars) in %.2fs", index + 1,
                 len(article.segments), article.id, len(text), time.perf_counter() - started)
        return mp3, False

    def _render(self, text: str) -> tuple[bytes, WordTimes]:
        """Synthesize and encode one segment, and place its words in its MP3: the CPU-bound part."""
        clip = self.backend.synthesize(text)
        pcm = audio.clip_to_pcm(clip, self.fmt.sample_rate)
        words = word_timing.for_clip(text, clip, pcm, self.fmt.sample_rate,
                                     str(self.backend.options.get("lang", "en")))
        if self.fmt.loudness is not None:  # every backend at one loudness, paid once: it is cached
            pcm = audio.level_pcm(pcm, self.fmt.sample_rate, self.fmt.loudness)
        return audio.encode_pcm(pcm, self.fmt), words.shifted(audio.ENCODER_DELAY)

    def bookend_mp3(self, bookend: Bookend | None, key: str) -> tuple[bytes, WordTimes | None]:
        """An intro's or outro's MP3 and word times (empty for none): made once, under its
        lock like a segment, then read from the cache by every article."""
        if bookend is None:
            return b"", None
        while True:
            cached = self.cache.get_segment(key)
            if cached is not None:
                stored = self.cache.get_segment_words(key)
                return cached, WordTimes.from_dict(stored) if stored else None
            with self.cache.locks.try_hold(key) as mine:
                if mine and self.cache.get_segment(key) is None:
                    started = time.perf_counter()
                    pause = bookends.pause_samples(self.settings, self.fmt.sample_rate)
                    render = functools.partial(bookends.render, bookend, self.backend, self.fmt,
                                               pause)
                    mp3, words = run_blocking(render) if self.offload else render()
                    if not bookend.path:
                        metrics.synthesized(self.backend.id, time.perf_counter() - started,
                                            audio.frame_count(mp3) * self.fmt.frame_seconds)
                    self.cache.put_segment(key, mp3, words.to_dict())
                    log.info("made the %s %s in %.2fs", bookend.role, key,
                             time.perf_counter() - started)
                    continue
            with self.cache.locks.hold(key):
                pass

    def segment_words(self, article: Article, index: int, mp3: bytes) -> WordTimes:
        """The word times stored with a made segment (``mp3``); estimated over its frames when
        they are missing or unreadable."""
        text = article.segments[index].text
        try:
            stored = self.cache.get_segment_words(article.keys[index])
            if stored is not None:
                return WordTimes.from_dict(stored)
        except (CacheError, ValueError, KeyError, TypeError) as exc:
            log.warning("unreadable word times of segment %s: %s", article.keys[index], exc)
        padded = audio.frame_count(mp3) * self.fmt.frame_samples
        return word_timing.spread_over(text, (audio.ENCODER_DELAY,
                                                 max(audio.ENCODER_DELAY, padded - self.fmt.frame_samples)))

    def speak(self, article: Article, progress: Progress | None = None,
              turn: Turn | None = None, first_deadline: float | None = None) -> SpeakResult:
        """Make (or find) the article's MP3 and manifest in the cache; each synthesis waits
        for ``turn`` (see ``segment_mp3``), an online voice's first segment at most
        ``first_deadline`` seconds."""
        path = self.cache.local_article_path(article.id)
        manifest = self.cache.get_manifest(article.id)
        if manifest is not None and self.cache.article_info(article.id) is not None:
            return SpeakResult(article, path, manifest, article_cached=True)
        result = SpeakResult(article, path, {})
        intro = self.bookend_mp3(article.intro, article.bookend_keys[0])  # heard first: made first
        segment_mp3s: list[bytes] = []
        total = len(article.segments)
        ahead = 0.0
        for index in range(total):
            mp3, hit = self.segment_mp3(article, index, turn, ahead,
                                        first_deadline if index == 0 else None)
            segment_mp3s.append(mp3)
            ahead += (audio.frame_count(mp3) * self.fmt.frame_seconds
                      + article.pauses_ms[index] / 1000)
            metrics.cache_lookup("segment", hit)
            result.reused += hit
            result.synthesized += not hit
            if progress:
                progress(index + 1, total)
        ends = Bookended(*intro, *self.bookend_mp3(article.outro, article.bookend_keys[1]))
        placed = list(place(article, segment_mp3s, self.fmt, ends.body_start))
        words = [self.segment_words(article, piece.index, piece.mp3) for piece in placed]
        manifest = build_manifest(article, placed, words, self.fmt, self.backend.options, ends)
        self.cache.put_article(article.id, ends.around(stitched(placed)), manifest)
        result.manifest = manifest
        return result
