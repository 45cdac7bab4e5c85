"""THE pipeline: text -> segments -> cached or synthesized MP3 frames -> article MP3 + manifest.

Every entry point reaches it through ``articles.ArticleService``, so an article always becomes
the same audio, under the same id, whoever asks for it. ``plan_article`` is the text side alone
(no voice needed); ``Speaker`` adds a voice and the cache; ``place`` is the one walk over segments
and the pauses between them that stitching, the timeline and streaming share.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import audio
from ..config import Settings
from ..errors import CacheError, InputError, TooLarge
from ..ops import metrics
from ..store.cache import AudioCache
from ..store.names import content_key
from ..text import PIPELINE_VERSION, Options, Segment, segment_text
from ..text.markup import SENTENCE_END, Marked
from ..text.reading.article import read_article_html
from ..text.reading.page_parts import ReadingPolicy
from ..text.reading.ssml import read_ssml
from ..text.words.lexicon import NO_LEXICON, Lexicon, load_lexicon
from ..voice import word_timing
from ..voice.base import Backend
from ..voice.word_timing import WordTimes
from .cooperative import run_blocking
from .fallback import Fallback

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (segments done, segments total)
Turn = Callable[[int, float], AbstractContextManager[None]]  # (index, seconds made before it)


@dataclass(frozen=True)
class Plan:
    """The text side of an article: what each segment says and the pause after it."""

    text: str  # the plain text the segments index into (HTML input: the extracted text)
    segments: tuple[Segment, ...]
    pauses_ms: tuple[int, ...]  # silence after each segment; the last is 0


@dataclass(frozen=True)
class Article:
    """An article ready to be spoken: its segments, their cache keys and the pauses between."""

    id: str
    text: str  # the plain text the segments index into (HTML input: the extracted text)
    segments: tuple[Segment, ...]
    keys: tuple[str, ...]  # cache key of each segment's MP3
    pauses_ms: tuple[int, ...]  # silence after each segment; the last is 0
    backend_id: str
    fallback: Fallback | None = None  # spoken by the offline voice instead of the one asked for


@dataclass
class SpeakResult:
    """What ``Speaker.speak`` made: the article's files and how much came from the cache."""

    article: Article
    mp3_path: Path | None  # the article's MP3 in a local cache; None for object storage
    manifest: dict[str, Any]
    synthesized: int = 0  # segments made now
    reused: int = 0  # segments found in the cache
    article_cached: bool = False  # the whole article was already there


def _quick_start(segments: list[Segment], max_chars: int, options: Options,
                 marks: Marked) -> list[Segment]:
    """Cut a long first sentence at a clause, so the first audio is ready sooner after a click."""
    if not segments or max_chars <= 0 or len(segments[0].text) <= max_chars:
        return segments
    first = segments[0]
    shift = first.char_start
    pieces = [
        replace(piece, char_start=piece.char_start + shift, char_end=piece.char_end + shift,
                paragraph=first.paragraph, sentence=first.sentence)
        for piece in segment_text(first.source, max_chars, options,
                                  marks.within(first.char_start, first.char_end))
    ]
    return pieces + segments[1:]


def decode_input(data: bytes) -> str:
    """Text from raw bytes: UTF-8 (a BOM is dropped), refusing binary data with a clear error."""
    if b"\x00" in data:
        raise InputError("the input is binary, not text", "send UTF-8 text, Markdown or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "the input is not valid UTF-8",
            f"byte {exc.start} cannot be decoded; convert the file to UTF-8 first",
        ) from exc


def check_text(text: str, max_chars: int) -> str:
    """Refuse text that cannot make an article: empty, binary-looking, or too long."""
    if not text.strip():
        raise InputError("the article is empty", "there is no text to speak")
    if len(text) > max_chars:
        raise TooLarge(
            f"the article is too long: {len(text):,} characters",
            f"the limit is {max_chars:,} (TTS_MAX_ARTICLE_CHARS)",
        )
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise InputError("the input is binary, not text", "send UTF-8 text, Markdown or HTML")
    return text


def plan_article(text: str, settings: Settings, max_chars: int, *, html: bool = False,
                 ssml: bool = False, lexicon: Lexicon = NO_LEXICON,
                 estimate: Callable[[str], float] | None = None) -> Plan:
    """Validate and segment an article for a voice that takes ``max_chars`` at most. ``lexicon``:
    the article's own pronunciations, over the site's (``TTS_LEXICON``). ``estimate``: the
    voice's rough audio seconds for a text, to refuse an article that would be too long before
    anything is synthesized."""
    if html or ssml:  # markup: its size is limited as sent, the article as read from it
        size = len(text.encode("utf-8"))
        if size > settings.max_html_bytes:
            raise TooLarge(f"the {'HTML' if html else 'SSML'} is too large: {size:,} bytes",
                           f"the limit is {settings.max_html_bytes:,} (TTS_MAX_HTML_BYTES)")
        if not text.strip():
            raise InputError("the article is empty", "there is no text to speak")
        policy = ReadingPolicy.from_settings(settings)
        marks = read_article_html(text, policy) if html else read_ssml(text)
        if marks.text.strip():
            check_text(marks.text, settings.max_article_chars)
    else:
        marks = Marked(check_text(text, settings.max_article_chars))
    plain = marks.text
    options = Options(date_order=settings.date_order,
                      lexicon=load_lexicon(settings.lexicon).merged(lexicon))
    segments = tuple(_quick_start(segment_text(plain, max_chars, options, marks),
                                  settings.first_segment_chars, options, marks))
    if not segments:
        raise InputError("the article has nothing to speak",
                         "it holds no words, only markup, punctuation or white space")
    pauses = tuple(_pause_after(segments, i, settings) for i in range(len(segments)))
    _check_size(segments, pauses, settings, estimate)
    return Plan(plain, segments, pauses)


def _check_size(segments: tuple[Segment, ...], pauses: tuple[int, ...], settings: Settings,
                estimate: Callable[[str], float] | None) -> None:
    """Refuse, before any synthesis, an article with too many segments or too much audio
    ("Go." 40,000 times is short text but 40,000 segments and eight hours of pauses)."""
    if len(segments) > settings.max_segments:
        raise TooLarge(f"the article has too many segments: {len(segments):,}",
                       f"the limit is {settings.max_segments:,} (TTS_MAX_SEGMENTS)")
    seconds = sum(pauses) / 1000 + (sum(estimate(s.text) for s in segments) if estimate else 0.0)
    if seconds > settings.max_audio_seconds:
        raise TooLarge(f"the article would make about {seconds / 3600:.1f} hours of audio",
                       f"the limit is {settings.max_audio_seconds:,} s (TTS_MAX_AUDIO_SECONDS)")


def _pause_after(segments: tuple[Segment, ...], index: int, settings: Settings) -> int:
    if index + 1 >= len(segments):
        return 0
    here, after = segments[index], segments[index + 1]
    if here.pause_ms is not None:  # the publisher's own pause, or a sentence end it marked
        if here.pause_ms != SENTENCE_END:
            return here.pause_ms
        if after.paragraph == here.paragraph:
            return settings.sentence_pause_ms
    if after.paragraph != here.paragraph:
        return settings.paragraph_pause_ms
    if after.sentence != here.sentence:
        return settings.sentence_pause_ms
    return 0  # pieces of one long sentence follow each other directly


class Speaker:
    """Turns articles into audio with one backend and one cache."""

    def __init__(self, backend: Backend, cache: AudioCache, settings: Settings, *,
                 offload: bool = False) -> None:
        """``offload``: synthesize on a native thread under the event loop (a CPU-bound voice;
        an online one waits on its socket, which the loop handles itself)."""
        self.backend = backend
        self.offload = offload
        self.cache = cache
        self.settings = settings
        self.fmt = audio.Mp3Format(backend.sample_rate, settings.mp3_bitrate, settings.mp3_quality)

    # -- planning ------------------------------------------------------------------------------
    def prepare(self, text: str, *, html: bool = False, ssml: bool = False,
                lexicon: Lexicon = NO_LEXICON,
                estimate: Callable[[str], float] | None = None) -> Article:
        """Validate and segment an article; computes every key, makes no audio."""
        plan = plan_article(text, self.settings, self.backend.max_chars, html=html, ssml=ssml,
                            lexicon=lexicon, estimate=estimate)
        keys = tuple(self.segment_key(segment.text) for segment in plan.segments)
        article_id = content_key({"segments": keys, "pauses": plan.pauses_ms,
                                  "audio": self.fmt.to_dict()})
        return Article(article_id, plan.text, plan.segments, keys, plan.pauses_ms, self.backend.id)

    def segment_key(self, text: str) -> str:
        return _segment_key(self.backend.id, self.backend.options, self.fmt.to_dict(),
                            PIPELINE_VERSION, text)

    # -- audio ---------------------------------------------------------------------------------
    def segment_mp3(self, article: Article, index: int, turn: Turn | None = None,
                    ahead: float = 0.0) -> tuple[bytes, bool]:
        """One segment's MP3 frames and whether they came from the cache.

        Made at most once across threads and processes: the maker holds the segment's lock and
        everyone else waits for it, then reads the cache. ``turn(index, ahead)``: wait for the
        scheduler's go before synthesizing (``ahead``: seconds of the article made before it).
        """
        key = article.keys[index]
        cached = self.cache.get_segment(key)
        if cached is not None:
            return cached, True
        with turn(index, ahead) if turn else contextlib.nullcontext(), self.cache.locks.hold(key):
            cached = self.cache.get_segment(key)
            if cached is not None:
                return cached, True
            text = article.segments[index].text
            started = time.perf_counter()
            mp3, words = run_blocking(self._render, text) if self.offload else self._render(text)
            metrics.synthesized(self.backend.id, time.perf_counter() - started,
                                audio.frame_count(mp3) * self.fmt.frame_seconds)
            self.cache.put_segment(key, mp3, words.to_dict())
            log.info("synthesized segment %d/%d of %s (%d chars) in %.2fs", index + 1,
                     len(article.segments), article.id, len(text), time.perf_counter() - started)
            return mp3, False

    def _render(self, text: str) -> tuple[bytes, WordTimes]:
        """Synthesize and encode one segment, and place its words in its MP3: the CPU-bound part."""
        clip = self.backend.synthesize(text)
        pcm = audio.clip_to_pcm(clip, self.fmt.sample_rate)
        words = word_timing.for_clip(text, clip, pcm, self.fmt.sample_rate,
                                     str(self.backend.options.get("lang", "en")))
        return audio.encode_pcm(pcm, self.fmt), words.shifted(audio.ENCODER_DELAY)

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
        return word_timing.estimated_over(text, (audio.ENCODER_DELAY,
                                                 max(audio.ENCODER_DELAY, padded - self.fmt.frame_samples)))

    def speak(self, article: Article, progress: Progress | None = None,
              turn: Turn | None = None) -> SpeakResult:
        """Make (or find) the article's MP3 and manifest in the cache; each synthesis waits
        for ``turn`` (see ``segment_mp3``)."""
        path = self.cache.local_article_path(article.id)
        manifest = self.cache.get_manifest(article.id)
        if manifest is not None and self.cache.article_info(article.id) is not None:
            return SpeakResult(article, path, manifest, article_cached=True)
        result = SpeakResult(article, path, {})
        segment_mp3s: list[bytes] = []
        total = len(article.segments)
        ahead = 0.0
        for index in range(total):
            mp3, hit = self.segment_mp3(article, index, turn, ahead)
            segment_mp3s.append(mp3)
            ahead += (audio.frame_count(mp3) * self.fmt.frame_seconds
                      + article.pauses_ms[index] / 1000)
            metrics.cache_lookup("segment", hit)
            result.reused += hit
            result.synthesized += not hit
            if progress:
                progress(index + 1, total)
        placed = list(place(article, segment_mp3s, self.fmt))
        words = [self.segment_words(article, piece.index, piece.mp3) for piece in placed]
        manifest = build_manifest(article, placed, words, self)
        self.cache.put_article(article.id, stitched(placed), manifest)
        result.manifest = manifest
        return result


@dataclass(frozen=True)
class Placed:
    """One segment in the article's MP3: its frames, the pause after it, and where both start."""

    index: int
    mp3: bytes
    pause: bytes
    start_frame: int
    frames: int  # of the segment alone
    byte_start: int


def place(article: Article, segment_mp3s: Iterable[bytes], fmt: audio.Mp3Format,
          start: tuple[int, int, int] = (0, 0, 0)) -> Iterator[Placed]:
    """Walk the segments as they follow each other in the article, each with its pause, counting
    real frames and bytes. Lazy: a segment is asked for when the walk reaches it. ``start``:
    go on from segment index, frame and byte offset of an earlier walk (``segment_mp3s`` then
    starts with that segment)."""
    first, frame, offset = start
    for index, mp3 in enumerate(segment_mp3s, start=first):
        pause = audio.silence_mp3(article.pauses_ms[index], fmt)
        frames = audio.frame_count(mp3)
        yield Placed(index, mp3, pause, frame, frames, offset)
        frame += frames + audio.frame_count(pause)
        offset += len(mp3) + len(pause)


def stitched(placed: Iterable[Placed]) -> Iterator[bytes]:
    """The article's MP3 bytes: each segment's frames, then its pause."""
    for piece in placed:
        yield piece.mp3
        if piece.pause:
            yield piece.pause


def timeline(article: Article, placed: Iterable[Placed], words: Iterable[WordTimes],
             fmt: audio.Mp3Format) -> list[dict[str, Any]]:
    """Manifest entries for the placed segments (``words``: their word times, in order): times
    and byte offsets in the stitched MP3, and when each source word is said. The last entry's
    ``end`` is where its audio stops."""
    entries = []
    for piece, times in zip(placed, words, strict=True):
        segment = article.segments[piece.index]
        start = piece.start_frame * fmt.frame_seconds
        end = round((piece.start_frame + piece.frames) * fmt.frame_seconds, 4)
        entries.append({
            "index": piece.index,
            **segment.to_dict(),
            "start": round(start, 4),
            "end": end,
            "byte_start": piece.byte_start,
            "byte_end": piece.byte_start + len(piece.mp3),
            "timing": times.timing,
            "words": word_timing.manifest_words(times, segment.words, segment.source,
                                                segment.char_start, start, end, fmt.sample_rate),
        })
    return entries


def _segment_key(backend_id: str, options: dict[str, Any], audio_format: dict[str, Any],
                 pipeline: Any, text: str) -> str:
    """The cache key of one segment: everything that changes its sound."""
    return content_key({"backend": backend_id, "options": options, "audio": audio_format,
                        "pipeline": pipeline, "text": text})


def manifest_segment_keys(manifest: dict[str, Any]) -> list[str]:
    """The cache keys of a finished article's segments, from what its manifest records."""
    return [_segment_key(manifest["backend"], manifest["options"], manifest["audio"],
                         manifest["pipeline"], entry["text"]) for entry in manifest["segments"]]


def build_manifest(article: Article, placed: list[Placed], words: list[WordTimes],
                   speaker: Speaker) -> dict[str, Any]:
    """The manifest of a finished article: every segment's times, bytes and words, and the
    totals; ``fallback`` when another voice than the one asked for made it; ``timing``:
    "aligned" when the voice placed every word, else "estimated"."""
    entries = timeline(article, placed, words, speaker.fmt)
    last = entries[-1]
    return {
        "id": article.id,
        "backend": article.backend_id,
        **({"fallback": article.fallback.to_dict()} if article.fallback else {}),
        "options": speaker.backend.options,
        "audio": speaker.fmt.to_dict(),
        "pipeline": PIPELINE_VERSION,
        "duration": last["end"],
        "bytes": last["byte_end"],
        "timing": "aligned" if all(t.timing == "aligned" for t in words) else "estimated",
        "segments": entries,
    }
