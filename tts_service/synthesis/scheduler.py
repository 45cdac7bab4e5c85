"""Which segment is made next: one scheduler for every article a process is making.

Each article's job walks its segments in order, but before it synthesizes one it waits for a
*turn*; ``slots`` turns run at once (the voice uses every core, so one by default). Waiting turns
are granted by need, re-judged whenever a turn ends or half a second passes:

1. the first segment of any article, oldest request first: every new listener starts at once;
2. a segment a listener will reach within ``lead`` seconds (its deadline: when the listener who
   started first, playing at normal speed, runs out of the audio made before it), soonest first;
3. articles nobody is listening to (submitted ahead, pre-generated through the API), in order;
4. listened-to articles already far ahead, soonest first.

So no stream runs dry while the machine has capacity, and background work uses what listeners
leave. Across processes the cache's segment locks keep each segment made once.

The scheduler also knows the demand in flight (articles being made for listeners, each needing
real-time synthesis) and the capacity (seconds of audio made per second), for admission control.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..ops import metrics

LEAD_SECONDS = 20.0  # a listener this close to running out comes before background work
REJUDGE_SECONDS = 0.5  # deadlines move with the clock: waiting turns are re-judged this often


@dataclass(eq=False)
class _Turn:
    article_id: str
    index: int
    ahead: float  # seconds of the article's audio made before this segment
    arrived: float  # when the article was asked for (monotonic)
    number: int = field(default_factory=itertools.count().__next__)


class SynthesisScheduler:
    """Turns at the voice, granted by need; listeners and demand for admission control."""

    def __init__(self, slots: int = 1, lead: float = LEAD_SECONDS) -> None:
        self.slots = slots
        self.lead = lead
        self._free = slots
        self._waiting: list[_Turn] = []
        self._listeners: dict[str, list[float]] = {}
        self._changed = threading.Condition()

    # -- turns -----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def turn(self, article_id: str, index: int, ahead: float, arrived: float) -> Iterator[None]:
        """Wait until this segment is the most needed one and a slot is free; hold the slot
        for the block."""
        mine = _Turn(article_id, index, ahead, arrived)
        with self._changed, metrics.JOBS_QUEUED.track_inprogress():
            self._waiting.append(mine)
            try:
                while not (self._free > 0 and self._most_needed() is mine):
                    self._changed.wait(REJUDGE_SECONDS)
            finally:
                self._waiting.remove(mine)
            self._free -= 1
            self._changed.notify_all()  # the next best may take another free slot
        try:
            with metrics.JOBS_RUNNING.track_inprogress():
                yield
        finally:
            with self._changed:
                self._free += 1
                self._changed.notify_all()

    def _most_needed(self) -> _Turn | None:
        now = time.monotonic()
        return min(self._waiting, key=lambda turn: self._rank(turn, now), default=None)

    def _rank(self, turn: _Turn, now: float) -> tuple[int, float, int]:
        if turn.index == 0:
            return 0, turn.arrived, turn.number
        starts = self._listeners.get(turn.article_id)
        if not starts:
            return 2, turn.arrived, turn.number
        deadline = min(starts) + turn.ahead
        return (1 if deadline - now < self.lead else 3), deadline, turn.number

    def waiting(self) -> list[tuple[str, int]]:
        """The waiting turns, most needed first (for tests and logs)."""
        with self._changed:
            now = time.monotonic()
            return [(turn.article_id, turn.index)
                    for turn in sorted(self._waiting, key=lambda turn: self._rank(turn, now))]

    # -- listeners -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def listening(self, article_id: str) -> Iterator[None]:
        """A listener streams the article for the block: its segments are needed by a clock."""
        started = time.monotonic()
        with self._changed:
            self._listeners.setdefault(article_id, []).append(started)
            self._changed.notify_all()
        try:
            yield
        finally:
            with self._changed:
                starts = self._listeners[article_id]
                starts.remove(started)
                if not starts:
                    del self._listeners[article_id]

    def listened(self) -> set[str]:
        """Articles with at least one listener streaming them now."""
        with self._changed:
            return set(self._listeners)
