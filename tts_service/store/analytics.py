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
  file, and a reader adds up every file of a bucket. Only the buckets of now and of an hour ago
  are rewritten so; counts for an older bucket (a clock moved back, a test) go to a new file of
  their own, written once.

Files are compacted (``compact``, hourly beside ``sweep``): once a bucket is closed (older than
``CLOSED_HOURS``, so that nobody rewrites its files), one process at a time (a lock per bucket)
adds its files up into one ``merged-<id>.json`` that names the files it took, then deletes them.
A reader skips the files a merged file names, so a process that dies between the two steps
leaves counts that are neither lost nor counted twice, and the next compaction finishes the
deletions. A reader that finds a file gone meanwhile reads the bucket again.

Beside each merged file, compaction writes its summary (``merged-<id>.summary``, atomically,
after the merged file and before its sources go): the bucket's totals per field and its plays
per article, a few hundred numbers where the counts are thousands. ``summaries`` reads those
for a closed bucket and adds up the counts only of what no summary covers (an open bucket, late
files, a merged file whose summary was not written yet), so the dashboard reads 90 small files
for 90 days. A summary is only ever of its own merged file, which never changes: it cannot be
out of date, and one left behind by a compaction that died is ignored, then removed.

A process killed between two flushes loses at most its last second of counts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as member
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from .locks import LockFolder
from .names import content_key
from .objects import atomic_write
from .redis_link import RedisLink, Unreachable, key

log = logging.getLogger(__name__)

Counts = Counter[tuple[str, str]]  # (article id, field) -> n
HOURS_KEPT = 48
FLUSH_SECONDS = 1.0
SWEEP_SECONDS = 3600.0
CLOSED_HOURS = 3  # a bucket this much older than now is written by nobody: it may be compacted
MERGED = "merged-"  # a compacted file's name begins so
SUMMARY = ".summary"  # merged-<id>.summary: that merged file's totals and plays (not *.json)
READ_ATTEMPTS = 5


def day_of(moment: datetime) -> str:
    # Four digits of year always (strftime writes the year 323 as "323", not an ISO date).
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def hour_of(moment: datetime) -> str:
    return f"{day_of(moment)}T{moment.hour:02d}"


@dataclass
class Summary:
    """What the dashboard needs of a bucket: its totals per field (every article added up), its
    plays per article, and (of a merged file) the files it took."""

    totals: Counter[str] = member(default_factory=Counter)
    plays: Counter[str] = member(default_factory=Counter)  # every article counted, 0 plays too
    sources: list[str] = member(default_factory=list)

    @classmethod
    def of(cls, counts: Counts) -> Summary:
        summary = cls()
        totals, plays = summary.totals, summary.plays
        for (article, name), n in counts.items():
            totals[name] += n
            plays[article] += n if name == "play" else 0  # every article: unplayed ones rank too
        return summary

    def add(self, other: Summary) -> None:
        self.totals.update(other.totals)
        self.plays.update(other.plays)

    def blob(self) -> bytes:
        return json.dumps({"sources": self.sources, "totals": self.totals,
                           "plays": self.plays}).encode()

    @classmethod
    def parsed(cls, content: Any) -> Summary:
        """From ``blob``'s JSON; ValueError for anything else."""
        try:
            return cls(Counter({str(k): int(n) for k, n in content["totals"].items()}),
                       Counter({str(k): int(n) for k, n in content["plays"].items()}),
                       [str(name) for name in content["sources"]])
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a summary of listening counts: {exc}") from exc


class ListeningCounts:
    """The counts of one service: added to by every process, read by any."""

    def __init__(self, folder: Path, days: int, redis: RedisLink | None = None,
                 flush_seconds: float = FLUSH_SECONDS, sweep_seconds: float = SWEEP_SECONDS) -> None:
        self.folder = folder
        self.days = days
        self.redis = redis
        self.flush_seconds = flush_seconds
        self.sweep_seconds = sweep_seconds
        self.writer = uuid.uuid4().hex[:16]  # this process's files
        self._pending: dict[str, Counts] = {}  # bucket -> not yet written
        self._own: dict[str, Counts] = {}  # bucket -> this process's totals in its files
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._flushed_at = time.monotonic()
        self._swept_at: float | None = None  # never: the first flush tidies

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
            since = math.inf if self._swept_at is None else time.monotonic() - self._swept_at
            if since >= self.sweep_seconds and self.sweep_seconds < math.inf:
                self._swept_at = time.monotonic()
                threading.Thread(target=self.tidy, name="analytics-tidy", daemon=True).start()

    def read(self, buckets: Iterable[str]) -> dict[str, Counts]:
        """The counts of every node in each of ``buckets`` (``day:...`` or ``hour:...``)."""
        self.flush()
        wanted = list(buckets)
        found = {bucket: self._from_files(bucket) for bucket in wanted}
        if self.redis:
            for bucket, counts in zip(wanted, self._from_redis(wanted), strict=True):
                found[bucket].update(counts)
        return found

    def summaries(self, buckets: Iterable[str]) -> dict[str, Summary]:
        """The ``Summary`` of every node's counts in each of ``buckets``: the compacted part from
        its summary file, only the rest from the counts."""
        self.flush()
        wanted = list(buckets)
        found = {bucket: self._summary_from_files(bucket) for bucket in wanted}
        if self.redis:
            for bucket, counts in zip(wanted, self._from_redis(wanted), strict=True):
                found[bucket].add(Summary.of(counts))
        return found

    def read_days(self, first: date, last: date) -> dict[str, Counts]:
        """Day -> counts, for every day from ``first`` to ``last``."""
        counts = self.read("day:" + day for day in _days(first, last))
        return {day: counts["day:" + day] for day in _days(first, last)}

    def summarize_days(self, first: date, last: date) -> dict[str, Summary]:
        """Day -> its ``Summary``, for every day from ``first`` to ``last``."""
        found = self.summaries("day:" + day for day in _days(first, last))
        return {day: found["day:" + day] for day in _days(first, last)}

    def summarize_hours(self, now: datetime | None = None) -> dict[str, Summary]:
        """Hour -> its ``Summary``, for the last 48 hours up to this one."""
        found = self.summaries("hour:" + hour for hour in _hours(now))
        return {hour: found["hour:" + hour] for hour in _hours(now)}

    def tidy(self) -> None:
        """Sweep, then compact: off the request's thread (a process that ends in the middle of
        it leaves nothing wrong)."""
        try:
            self.sweep()
            self.compact()
        except Exception:  # a thread of its own: what goes wrong is logged, and tried next hour
            log.exception("could not tidy the listening counts in %s", self.folder)

    def sweep(self, now: datetime | None = None) -> int:
        """Remove the files of days past the retention and of hours past 48 h; how many."""
        now = now or datetime.now(UTC)
        limits = {"day": day_of(now - timedelta(days=self.days)),
                  "hour": hour_of(now - timedelta(hours=HOURS_KEPT))}
        removed = 0
        for kind, oldest in limits.items():
            for bucket in sorted((self.folder / kind).glob("*")):
                if bucket.name < oldest:
                    with contextlib.suppress(OSError):  # another process sweeps it too
                        for path in list(bucket.iterdir()):
                            path.unlink(missing_ok=True)
                            removed += 1
                        bucket.rmdir()
        return removed

    def compact(self, now: datetime | None = None) -> int:
        """Merge the files of each closed bucket within the retention into one, with its summary;
        how many buckets were written."""
        now = now or datetime.now(UTC)
        closed = now - timedelta(hours=CLOSED_HOURS)
        limits = {"day": (day_of(now - timedelta(days=self.days)), day_of(closed)),
                  "hour": (hour_of(now - timedelta(hours=HOURS_KEPT)), hour_of(closed))}
        merged, locks = 0, LockFolder(self.folder / "locks", "TTS_CACHE_DIR or TTS_LOCK_DIR")
        for kind, (oldest, newest) in limits.items():
            for bucket in sorted((self.folder / kind).glob("*")):
                if oldest <= bucket.name < newest:
                    with locks.try_hold(content_key(["analytics", kind, bucket.name])) as mine:
                        if mine and _compact_bucket(bucket):  # else another process compacts it
                            merged += 1
        return merged

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
        if bucket not in _current(datetime.now(UTC)):  # closed: a file of its own, written once
            self._own.pop(bucket, None)
            atomic_write(self._path(bucket, f"{self.writer}-{uuid.uuid4().hex[:8]}"), _blob(counts))
            return
        if bucket not in self._own:  # new here, or forgotten: go on from what the file holds
            path = self._path(bucket, self.writer)
            self._own[bucket] = _parsed(json.loads(path.read_bytes())) if path.exists() else Counter()
        own = self._own[bucket]
        own.update(counts)
        atomic_write(self._path(bucket, self.writer), _blob(own))

    def _from_files(self, bucket: str) -> Counts:
        return _again_if_gone(_sum_files, self._path(bucket, "*").parent)

    def _summary_from_files(self, bucket: str) -> Summary:
        return _again_if_gone(_summarize_files, self._path(bucket, "*").parent)

    def _forget_old_buckets(self) -> None:
        """Drop from memory the buckets no event will be counted in any more (their files stay)."""
        current = _current(datetime.now(UTC))
        for bucket in list(self._own):
            if bucket not in current:
                del self._own[bucket]


def _days(first: date, last: date) -> list[str]:
    return [day_of(datetime.combine(first + timedelta(n), datetime.min.time()))
            for n in range((last - first).days + 1)]


def _hours(now: datetime | None) -> list[str]:
    now = now or datetime.now(UTC)
    return [hour_of(now - timedelta(hours=n)) for n in range(HOURS_KEPT - 1, -1, -1)]


def _again_if_gone(read: Any, folder: Path) -> Any:
    """``read(folder)``, again while a file it listed went meanwhile (compacted while read)."""
    for _ in range(READ_ATTEMPTS):
        try:
            return read(folder)
        except FileNotFoundError:
            continue
    log.warning("listening counts in %s kept changing while read: some may be missing", folder)
    return read(folder, strict=False)


def _current(now: datetime) -> set[str]:
    """The buckets a process rewrites its own file of: this hour's and the last, and their days."""
    before = now - timedelta(hours=1)
    return {"day:" + day_of(now), "day:" + day_of(before), "hour:" + hour_of(now),
            "hour:" + hour_of(before)}


def _blob(counts: Counts) -> bytes:
    return json.dumps({f"{article}:{field}": n for (article, field), n in counts.items()}).encode()


def _read_one(path: Path, strict: bool) -> dict[str, Any] | None:
    """A count file's content; None for one gone (unless ``strict``: FileNotFoundError) or broken."""
    try:
        content = json.loads(path.read_bytes())
        if not isinstance(content, dict):
            raise ValueError("not a JSON object")
        return content
    except FileNotFoundError:
        if strict:
            raise
    except (OSError, ValueError) as exc:  # not ours, or broken
        log.warning("skipped listening counts in %s: %s", path, exc)
    return None


def _read_files(folder: Path, strict: bool) -> dict[str, dict[str, Any]]:
    """Name -> content of the bucket's files; FileNotFoundError (when ``strict``) if one went."""
    found = {path.name: _read_one(path, strict) for path in sorted(folder.glob("*.json"))}
    return {name: content for name, content in found.items() if content is not None}


def _fields(name: str, content: dict[str, Any]) -> dict[str, int]:
    fields: dict[str, int] = content.get("counts", {}) if name.startswith(MERGED) else content
    return fields


def _counts_of(files: dict[str, dict[str, Any]]) -> tuple[Counts, set[str]]:
    """The files' counts added up, less those a merged file took; and the names it took."""
    taken = {str(source) for name, content in files.items() if name.startswith(MERGED)
             for source in content.get("sources") or []}
    total: Counts = Counter()
    for name, content in files.items():
        if name not in taken:
            total.update(_parsed(_fields(name, content)))
    return total, taken


def _sum_files(folder: Path, strict: bool = True) -> Counts:
    total, _ = _counts_of(_read_files(folder, strict))
    return total


def _summary_path(folder: Path, merged: str) -> Path:
    return folder / (merged.removesuffix(".json") + SUMMARY)


def _read_summary(path: Path) -> Summary | None:
    try:
        return Summary.parsed(json.loads(path.read_bytes()))
    except FileNotFoundError:
        return None  # not written yet (the merged file is read instead), or gone with its file
    except (OSError, ValueError) as exc:
        log.warning("skipped the summary %s (its merged file is read instead): %s", path, exc)
        return None


def _summarize_files(folder: Path, strict: bool = True) -> Summary:
    """The bucket's ``Summary``: a merged file's from its summary, any other file's from its
    counts; the files a merged file took left out, as ``_sum_files`` does."""
    names = sorted(path.name for path in folder.glob("*.json"))
    summaries: dict[str, Summary] = {}
    contents: dict[str, dict[str, Any]] = {}
    for name in names:
        if name.startswith(MERGED):
            found = _read_summary(_summary_path(folder, name))
            if found is not None:
                summaries[name] = found
            elif (content := _read_one(folder / name, strict)) is not None:
                contents[name] = content
    taken = {source for found in summaries.values() for source in found.sources}
    taken |= {str(source) for content in contents.values() for source in content.get("sources") or []}
    total = Summary()
    for name in names:
        if name in taken:
            continue
        if name in summaries:
            total.add(summaries[name])
        elif (content := contents.get(name) or _read_one(folder / name, strict)) is not None:
            total.add(Summary.of(_parsed(_fields(name, content))))
    return total


def _compacted(folder: Path) -> bool:
    """True when the bucket is one merged file and its summary, nothing else (not read again)."""
    names = sorted(path.name for path in folder.iterdir())
    return (len(names) == 2 and names[0].startswith(MERGED) and names[0].endswith(".json")
            and names[1] == _summary_path(folder, names[0]).name)


def _compact_bucket(folder: Path) -> bool:
    """Merge a closed bucket's files into one, with its summary (its lock held); True when
    something was written. First the deletions a compaction that died left undone, then the
    merged file, then its summary, then its sources go."""
    if _compacted(folder):
        return False
    files = _read_files(folder, strict=False)
    _, taken = _counts_of(files)
    for name in taken:
        _remove(folder, name)
    for leftover in folder.glob(".*.tmp"):  # an atomic write that died long ago
        with contextlib.suppress(OSError):
            if time.time() - leftover.stat().st_mtime > CLOSED_HOURS * 3600:
                leftover.unlink()
    files = {name: content for name, content in files.items() if name not in taken}
    written = False
    if len(files) > 1 or any(not name.startswith(MERGED) for name in files):
        total, _ = _counts_of(files)
        name = f"{MERGED}{uuid.uuid4().hex[:16]}.json"
        atomic_write(folder / name, json.dumps({"sources": sorted(files),
                                                "counts": json.loads(_blob(total))}).encode())
        _write_summary(folder, name, total, sorted(files))
        for source in files:
            _remove(folder, source)
        written = True
    elif files:  # one merged file: its summary, unless it has one
        (name, content), = files.items()
        if _read_summary(_summary_path(folder, name)) is None:
            _write_summary(folder, name, _parsed(_fields(name, content)),
                           [str(source) for source in content.get("sources") or []])
            written = True
    for summary in folder.glob("*" + SUMMARY):  # a compaction died before it removed them
        if not (folder / (summary.name.removesuffix(SUMMARY) + ".json")).exists():
            summary.unlink(missing_ok=True)
    return written


def _write_summary(folder: Path, merged: str, counts: Counts, sources: list[str]) -> None:
    summary = Summary.of(counts)
    summary.sources = sources
    atomic_write(_summary_path(folder, merged), summary.blob())


def _remove(folder: Path, name: str) -> None:
    """A count file, and its summary if it had one (after it: a reader lists the file first)."""
    (folder / name).unlink(missing_ok=True)
    if name.startswith(MERGED):
        _summary_path(folder, name).unlink(missing_ok=True)


def _parsed(fields: dict[str, int]) -> Counts:
    # Names are unique, and so are their (article, field) pairs: one dict build, no += per name.
    return Counter({(article, field): int(n) for name, n in fields.items()
                    for article, _, field in (name.partition(":"),)})
