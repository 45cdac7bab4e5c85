"""What a status read shows of an article being made, kept between reads.

The player polls an unfinished article every second. Each read goes on from where the last one
stopped: it looks only at the segments made since, so a poll costs the same whatever the
article's length.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import audio
from .plan import Article
from .speaker import Speaker
from .timeline import place, timeline

REMEMBERED = 64  # articles per process; a forgotten one is walked again from its start


@dataclass
class _Walked:
    keys: tuple[str, ...]  # the segments walked (another voice, after a fallback: another walk)
    made: list[dict[str, Any]]  # entries with times, for the leading run of made segments
    waiting: list[dict[str, Any]]  # an entry without times for every segment
    next: tuple[int, int, int]  # where the walk goes on: segment index, frame, byte offset


class PartialTimelines:
    """Segment entries of unfinished articles: times for the made ones, None for the others."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._walked: OrderedDict[str, _Walked] = OrderedDict()
        self._lock = threading.Lock()

    def entries(self, article: Article, speaker: Speaker) -> tuple[list[dict[str, Any]], int]:
        """The article's segment entries, and how many of them are made."""
        with self._lock:
            walked = self._walked.get(article.id)
        if walked is None or walked.keys != article.keys:
            walked = _Walked(article.keys, [], [
                {"index": index, **segment.to_dict(), "start": None, "end": None, "words": []}
                for index, segment in enumerate(article.segments)], (-1, 0, 0))
        first = len(walked.made)
        if walked.next[0] < 0:  # not started: after the intro, once that is made
            walked.next = _body_start(article, speaker)
        placed = [] if walked.next[0] < 0 else list(
            place(article, _made_from(article, speaker, first), speaker.fmt, walked.next))
        if placed:
            last = placed[-1]
            words = [speaker.segment_words(article, piece.index, piece.mp3) for piece in placed]
            walked = _Walked(article.keys,
                             walked.made + timeline(article, placed, words, speaker.fmt),
                             walked.waiting,
                             (last.index + 1, last.start_frame + last.frames + audio.frame_count(last.pause),
                              last.byte_start + len(last.mp3) + len(last.pause)))
        with self._lock:
            self._walked[article.id] = walked
            self._walked.move_to_end(article.id)
            while len(self._walked) > self.size:
                self._walked.popitem(last=False)
        return walked.made + walked.waiting[len(walked.made):], len(walked.made)

    def forget(self, article_id: str) -> None:
        with self._lock:
            self._walked.pop(article_id, None)


def _body_start(article: Article, speaker: Speaker) -> tuple[int, int, int]:
    """Where the first segment starts: after the intro (``(-1, 0, 0)``: the intro is not made yet,
    so nothing is placed)."""
    if not article.intro:
        return 0, 0, 0
    intro = speaker.cache.get_segment(article.bookend_keys[0])
    return (0, audio.frame_count(intro), len(intro)) if intro is not None else (-1, 0, 0)


def _made_from(article: Article, speaker: Speaker, first: int) -> Iterator[bytes]:
    """The MP3s of segments ``first``, ``first + 1``... as long as they are in the cache."""
    for key in article.keys[first:]:
        mp3 = speaker.cache.get_segment(key)
        if mp3 is None:
            return
        yield mp3
