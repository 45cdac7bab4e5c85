"""Where each segment lands in the article's MP3: the one walk over segments and the pauses
between them that stitching, the manifest, status reads and streaming share.

Times come from the real frame counts of each segment's MP3, never from PCM lengths: every
separately encoded segment carries the encoder's delay and padding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import audio
from ..text import PIPELINE_VERSION
from ..voice import word_timing
from ..voice.word_timing import WordTimes
from .bookends import Bookend
from .plan import Article


@dataclass(frozen=True)
class Placed:
    """One segment in the article's MP3: its frames, the pause after it, and where both start."""

    index: int
    mp3: bytes
    pause: bytes
    start_frame: int
    frames: int  # of the segment alone
    byte_start: int

@dataclass(frozen=True)
class Bookended:
    """The intro's and outro's MP3 (empty: none) and word times around an article's segments."""

    intro: bytes = b""
    intro_words: WordTimes | None = None
    outro: bytes = b""
    outro_words: WordTimes | None = None

    @property
    def body_start(self) -> tuple[int, int, int]:
        """Where the article's first segment starts: ``place``'s ``start``, after the intro."""
        return 0, audio.frame_count(self.intro), len(self.intro)

    def around(self, body: Iterable[bytes]) -> Iterator[bytes]:
        """The whole MP3: the intro, the article's frames, the outro."""
        if self.intro:
            yield self.intro
        yield from body
        if self.outro:
            yield self.outro


NO_BOOKENDS = Bookended()


def bookend_entry(bookend: Bookend, key: str, mp3: bytes, words: WordTimes | None,
                  at: tuple[int, int], fmt: audio.Mp3Format) -> dict[str, Any]:
    """The manifest's ``intro`` or ``outro``: where it lies (``at``: its first frame and byte),
    what it says, and its cache key (eviction keeps it while an article uses it)."""
    frame, byte = at
    start = frame * fmt.frame_seconds
    said = zip(words.words, words.spans, strict=True) if words else ()
    return {"key": key, "text": bookend.text,
            "file": bookend.path.name if bookend.path else "",
            "start": round(start, 4),
            "end": round((frame + audio.frame_count(mp3)) * fmt.frame_seconds, 4),
            "byte_start": byte, "byte_end": byte + len(mp3),
            "words": [{"word": word, "start": round(start + a / fmt.sample_rate, 4),
                       "end": round(start + b / fmt.sample_rate, 4)} for word, (a, b) in said]}


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

def build_manifest(article: Article, placed: list[Placed], words: list[WordTimes],
                   fmt: audio.Mp3Format, options: dict[str, Any],
                   ends: Bookended = NO_BOOKENDS) -> dict[str, Any]:
    """The manifest of a finished article: every segment's times, bytes and words, and the
    totals; ``fallback`` when another voice than the one asked for made it; ``timing``:
    "aligned" when the voice placed every word, else "estimated"; ``intro`` and ``outro``
    when it has them (``ends``), the segments placed after the intro."""
    entries = timeline(article, placed, words, fmt)
    last = entries[-1]
    bookends: dict[str, Any] = {}
    if article.intro:
        bookends["intro"] = bookend_entry(article.intro, article.bookend_keys[0], ends.intro,
                                          ends.intro_words, (0, 0), fmt)
    if article.outro:
        at = (placed[-1].start_frame + placed[-1].frames, last["byte_end"])
        last = bookends["outro"] = bookend_entry(article.outro, article.bookend_keys[1],
                                                 ends.outro, ends.outro_words, at, fmt)
    return {
        "id": article.id,
        "backend": article.backend_id,
        **({"fallback": article.fallback.to_dict()} if article.fallback else {}),
        "options": options,
        "audio": fmt.to_dict(),
        "pipeline": PIPELINE_VERSION,
        "duration": last["end"],
        "bytes": last["byte_end"],
        "timing": "aligned" if all(t.timing == "aligned" for t in words) else "estimated",
        "language": article.language.to_dict(),
        **({"voice": article.voice_choice.to_dict(article.backend_id)} if article.voice_choice else {}),
        "segments": [{**entry, "lang": article.language.lang} for entry in entries],
        **bookends,
    }
