"""Listening counts: aggregates per article per day, and per hour for the last 48 hours; never
the events themselves.

A count is ``(article id, field) -> n`` in a bucket: ``day:2026-12-07`` or ``hour:2026-12-07T10``
(UTC). Fields are the players' events (``play``, ``p25`` .. ``p100``, ``ms`` listened, ``speed:2``
...). Each process adds what it hears in memory and writes it out at most once a second
(``flush``), so an event costs a dictionary update:

- with ``TTS_REDIS_URL``, the additions go to one Redis hash per bucket (``HINCRBY``), which every
  node adds to; each hash expires with the retention;
- without Redis (or while it is down), each process keeps its own totals per bucket in a file of
  its own, ``<folder>/day/<day>/<writer>.json``, rewritten atomically: no two processes write one
  file, and a reader adds up every file of a bucket.

A process killed between two flushes loses at most its last second of counts.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from .objects import atomic_write
from .redis_link import RedisLink, Unreachable, key

log = logging.getLogger(__name__)

Counts = Counter[tuple[str, str]]  # (article id, field) -> n
HOURS_KEPT = 48
FLUSH_SECONDS = 1.0
SWEEP_SECONDS = 3600.0


def day_of(moment: datetime) -> str:
    # Four digits of year always (strftime writes the year 323 as "323", not an ISO date).
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def hour_of(moment: datetime) -> str:
    return f"{day_of(moment)}T{moment.hour:02d}"


class ListeningCounts:
    """The counts of one service: added to by every process, read by any."""

    def __init__(self, folder: Path, days: int, redis: RedisLink | None = None,
                 flush_seconds: float = FLUSH_SECONDS) -> None:
        self.folder = folder
        self.days = days
        self.redis = redis
        self.flush_seconds = flush_seconds
        self.writer = uuid.uuid4().hex[:16]  # this process's files
        self._pending: dict[str, Counts] = {}  # bucket -> not yet written
        self._own: dict[str, Counts] = {}  # bucket -> this process's totals in its files
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._flushed_at = time.monotonic()
        self._swept_at = 0.0

    def add(self, counts: Counts, moment: datetime | None = None) -> None:
        """Count ``counts`` now (or at ``moment``); written out within a second."""
        moment = moment or datetime.now(UTC)
        with self._lock:
            for bucket in ("day:" + day_of(moment), "hour:" + hour_of(moment)):
                self._pending.setdefault(bucket, Counter()).update(counts)
        if time.monotonic() - self._flushed_at >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write out what was added since the last flush."""
        with self._flushing:
            with self._lock:
                pending, self._pending = self._pending, {}
                self._flushed_at = time.monotonic()
            for bucket, counts in pending.items():
                if not (self.redis and self._to_redis(bucket, counts)):
                    self._to_file(bucket, counts)
            self._forget_old_buckets()
            if time.monotonic() - self._swept_at >= SWEEP_SECONDS:
                self.sweep()

    def read(self, buckets: Iterable[str]) -> dict[str, Counts]:
        """The counts of every node in each of ``buckets`` (``day:...`` or ``hour:...``)."""
        self.flush()
        wanted = list(buckets)
        found = {bucket: self._from_files(bucket) for bucket in wanted}
        if self.redis:
            for bucket, counts in zip(wanted, self._from_redis(wanted), strict=True):
                found[bucket].update(counts)
        return found

    def read_days(self, first: date, last: date) -> dict[str, Counts]:
        """Day -> counts, for every day from ``first`` to ``last``."""
        days = [day_of(datetime.combine(first + timedelta(n), datetime.min.time()))
                for n in range((last - first).days + 1)]
        counts = self.read("day:" + day for day in days)
        return {day: counts["day:" + day] for day in days}

    def read_hours(self, now: datetime | None = None) -> dict[str, Counts]:
        """Hour -> counts, for the last 48 hours up to this one."""
        now = now or datetime.now(UTC)
        hours = [hour_of(now - timedelta(hours=n)) for n in range(HOURS_KEPT - 1, -1, -1)]
        counts = self.read("hour:" + hour for hour in hours)
        return {hour: counts["hour:" + hour] for hour in hours}

    def sweep(self, now: datetime | None = None) -> int:
        """Remove the files of days past the retention and of hours past 48 h; how many."""
        now = now or datetime.now(UTC)
        self._swept_at = time.monotonic()
        limits = {"day": day_of(now - timedelta(days=self.days)),
                  "hour": hour_of(now - timedelta(hours=HOURS_KEPT))}
        removed = 0
        for kind, oldest in limits.items():
            for bucket in sorted((self.folder / kind).glob("*")):
                if bucket.name < oldest:
                    for path in bucket.iterdir():
                        path.unlink(missing_ok=True)
                        removed += 1
                    bucket.rmdir()
        return removed

    def _to_redis(self, bucket: str, counts: Counts) -> bool:
        assert self.redis is not None
        name = key("analytics", *bucket.split(":", 1))
        seconds = self.days * 86400 if bucket.startswith("day:") else (HOURS_KEPT + 1) * 3600

        def write(client: object) -> None:
            pipe = client.pipeline(transaction=False)  # type: ignore[attr-defined]
            for (article, field), n in counts.items():
                pipe.hincrby(name, f"{article}:{field}", n)
            pipe.expire(name, seconds)
            pipe.execute()

        try:
            self.redis.attempt(write)
        except Unreachable:
            return False  # kept in this process's file instead, read beside Redis
        return True

    def _from_redis(self, buckets: list[str]) -> list[Counts]:
        assert self.redis is not None

        def read(client: object) -> list[dict[bytes, bytes]]:
            pipe = client.pipeline(transaction=False)  # type: ignore[attr-defined]
            for bucket in buckets:
                pipe.hgetall(key("analytics", *bucket.split(":", 1)))
            result: list[dict[bytes, bytes]] = pipe.execute()
            return result

        try:
            hashes = self.redis.attempt(read)
        except Unreachable:
            log.warning("listening counts in Redis are unreachable: showing this node's files only")
            return [Counter() for _ in buckets]
        return [_parsed({name.decode(): int(n) for name, n in found.items()}) for found in hashes]

    def _path(self, bucket: str, writer: str) -> Path:
        kind, name = bucket.split(":", 1)
        return self.folder / kind / name / f"{writer}.json"

    def _to_file(self, bucket: str, counts: Counts) -> None:
        if bucket not in self._own:  # new here, or forgotten: go on from what the file holds
            path = self._path(bucket, self.writer)
            self._own[bucket] = _parsed(json.loads(path.read_bytes())) if path.exists() else Counter()
        own = self._own[bucket]
        own.update(counts)
        blob = json.dumps({f"{article}:{field}": n for (article, field), n in own.items()})
        atomic_write(self._path(bucket, self.writer), blob.encode())

    def _from_files(self, bucket: str) -> Counts:
        total: Counts = Counter()
        for path in self._path(bucket, "*").parent.glob("*.json"):
            try:
                total.update(_parsed(json.loads(path.read_bytes())))
            except (OSError, ValueError) as exc:  # a file removed by a sweep, or not ours
                log.warning("skipped listening counts in %s: %s", path, exc)
        return total

    def _forget_old_buckets(self) -> None:
        """Drop from memory the buckets no event will be counted in any more (their files stay)."""
        now = datetime.now(UTC)
        current = {"day:" + day_of(now), "day:" + day_of(now - timedelta(hours=1)),
                   "hour:" + hour_of(now), "hour:" + hour_of(now - timedelta(hours=1))}
        for bucket in list(self._own):
            if bucket not in current:
                del self._own[bucket]


def _parsed(fields: dict[str, int]) -> Counts:
    counts: Counts = Counter()
    for name, n in fields.items():
        article, _, field = name.partition(":")
        counts[(article, field)] += int(n)
    return counts
