"""Listening counts add up across processes (each its own file, or one Redis hash), go when
their days are past the retention, and are compacted into one file per closed bucket with
nothing lost or counted twice, whoever compacts at once and whoever dies in the middle."""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from waiting import wait_until

from tts_service.store import analytics
from tts_service.store.analytics import ListeningCounts, Summary, day_of, hour_of

ARTICLE = "0123456789abcdef0123456789abcdef"
NOON = datetime(2026, 12, 7, 12, tzinfo=UTC)
PLAY = Counter({(ARTICLE, "play"): 1, (ARTICLE, "ms"): 1500})


def test_two_processes_counting_in_one_folder_add_up(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    first, second = ListeningCounts(tmp_path, 30), ListeningCounts(tmp_path, 30)
    for counts in (first, second, first):
        counts.add(PLAY, now)
        counts.flush()
    day = ListeningCounts(tmp_path, 30).read_days(now.date(), now.date())
    assert day[day_of(now)] == Counter({(ARTICLE, "play"): 3, (ARTICLE, "ms"): 4500})
    assert len(list((tmp_path / "day" / day_of(now)).glob("*.json"))) == 2  # one per process
    assert not list(tmp_path.rglob("*.tmp"))


def test_days_past_the_retention_and_hours_past_48_are_swept(tmp_path: Path) -> None:
    counts = ListeningCounts(tmp_path, 30)
    for moment in (NOON - timedelta(days=31), NOON - timedelta(days=29), NOON - timedelta(hours=49)):
        counts.add(Counter({(ARTICLE, "play"): 1}), moment)
    counts.flush()
    counts.sweep(NOON)
    assert sorted(path.name for path in (tmp_path / "day").iterdir()) == ["2026-11-08", "2026-12-05"]
    assert [path.name for path in (tmp_path / "hour").iterdir()] == []


def test_a_day_long_ago_is_named_as_an_iso_date(tmp_path: Path) -> None:
    """Every day is named by its ISO date, four digits of year included, so a report asked for
    the year 323 lists "0323-12-09" (a date its schema accepts), not "323-12-09"."""
    days = ListeningCounts(tmp_path, 30).read_days(date(323, 12, 9), date(323, 12, 10))
    assert sorted(days) == ["0323-12-09", "0323-12-10"]


CLOSED = datetime.now(UTC) - timedelta(hours=30)  # a day and an hour no process rewrites


def counted(folder: Path, moment: datetime = CLOSED) -> tuple[Counter[Any], Counter[Any]]:
    """What a reader finds in the day and in the hour of ``moment``."""
    counts = ListeningCounts(folder, 30, sweep_seconds=math.inf)
    return (counts.read(["day:" + day_of(moment)])["day:" + day_of(moment)],
            counts.read(["hour:" + hour_of(moment)])["hour:" + hour_of(moment)])


def files_of(folder: Path, moment: datetime = CLOSED) -> list[str]:
    return sorted(path.name for path in (folder / "day" / day_of(moment)).glob("*.json"))


def count_in(folder: Path, times: int, moment: datetime = CLOSED) -> None:
    """``times`` processes' worth of counts, each its own files."""
    for _ in range(times):
        counts = ListeningCounts(folder, 30, sweep_seconds=math.inf)  # compacted when the test says
        counts.add(PLAY, moment)
        counts.flush()


def test_closed_buckets_are_compacted_into_one_file_and_the_open_ones_left(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    count_in(tmp_path, 3)
    count_in(tmp_path, 2, now)
    count_in(tmp_path, 1, now - timedelta(days=40))  # past the retention: the sweep's
    assert len(files_of(tmp_path)) == 3
    assert ListeningCounts(tmp_path, 30).compact() == 2  # the closed day and the closed hour
    assert files_of(tmp_path)[0].startswith("merged-") and len(files_of(tmp_path)) == 1
    assert counted(tmp_path) == (Counter({(ARTICLE, "play"): 3, (ARTICLE, "ms"): 4500}),) * 2
    assert len(files_of(tmp_path, now)) == 2 and counted(tmp_path, now)[0][(ARTICLE, "play")] == 2
    count_in(tmp_path, 1)  # late counts for a closed day: a file of their own, merged next time
    assert ListeningCounts(tmp_path, 30).compact() == 2 and len(files_of(tmp_path)) == 1
    assert counted(tmp_path)[0][(ARTICLE, "play")] == 4
    assert ListeningCounts(tmp_path, 30).compact() == 0  # nothing left to merge
    ListeningCounts(tmp_path, 30).sweep()
    assert not (tmp_path / "day" / day_of(now - timedelta(days=40))).exists()


def _die_at(step: str, folder: Path) -> None:
    """Compact, dying (SIGKILL) at ``step``: as the merged file is renamed into place, as its
    summary is, or as the first of its sources is deleted."""
    def die(*_: Any, **__: Any) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    renames = [os.replace]

    def second_rename(*args: Any) -> None:  # the merged file's goes through, its summary's not
        renames.pop()(*args) if renames else die()

    if step == "rename":
        os.replace = die  # this child's only: it was forked
    elif step == "summary":
        os.replace = second_rename
    else:
        Path.unlink = die  # type: ignore[method-assign]  (this child's only)
    ListeningCounts(folder, 30).compact()


def summarized(folder: Path, moment: datetime = CLOSED) -> tuple[Summary, Summary]:
    """The day's and the hour's summaries, as the dashboard reads them."""
    counts = ListeningCounts(folder, 30, sweep_seconds=math.inf)
    return (counts.summaries(["day:" + day_of(moment)])["day:" + day_of(moment)],
            counts.summaries(["hour:" + hour_of(moment)])["hour:" + hour_of(moment)])


@pytest.mark.parametrize(("step", "left"), [("rename", 3), ("summary", 4), ("unlink", 4)])
def test_a_compaction_that_dies_midway_loses_nothing_and_counts_nothing_twice(
        tmp_path: Path, step: str, left: int) -> None:
    count_in(tmp_path, 3)
    before = counted(tmp_path)
    summaries = tuple(Summary.of(counts) for counts in before)
    assert summarized(tmp_path) == summaries
    child = multiprocessing.get_context("fork").Process(target=_die_at, args=(step, tmp_path))
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -signal.SIGKILL
    assert len(files_of(tmp_path)) == left  # the merged file beside its sources, or not yet
    assert len(list((tmp_path / "day" / day_of(CLOSED)).glob("*.summary"))) == (step == "unlink")
    assert counted(tmp_path) == before and summarized(tmp_path) == summaries
    ListeningCounts(tmp_path, 30).compact()
    assert len(files_of(tmp_path)) == 1 and counted(tmp_path) == before
    assert len(list((tmp_path / "day" / day_of(CLOSED)).glob("*.summary"))) == 1
    assert summarized(tmp_path) == summaries


def _count_and_compact(folder: Path, rounds: int) -> None:
    for _ in range(rounds):
        count_in(folder, 1)
        ListeningCounts(folder, 30).compact()


def test_processes_counting_compacting_and_reading_at_once_add_up(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count_and_compact, args=(tmp_path, 15)) for _ in range(3)]
    for worker in workers:
        worker.start()
    seen = []
    while any(worker.is_alive() for worker in workers):
        seen.append(counted(tmp_path)[0][(ARTICLE, "play")])
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    assert seen == sorted(seen) and max(seen, default=0) <= 45  # never lost, never twice, while read
    ListeningCounts(tmp_path, 30).compact()
    assert len(files_of(tmp_path)) == 1
    assert counted(tmp_path) == (Counter({(ARTICLE, "play"): 45, (ARTICLE, "ms"): 45 * 1500}),) * 2


def test_a_process_tidies_at_its_first_flush_and_hourly_off_the_requests_thread(tmp_path: Path) -> None:
    count_in(tmp_path, 2)
    count_in(tmp_path, 1, datetime.now(UTC) - timedelta(days=40))
    ListeningCounts(tmp_path, 30).flush()  # a new process: its first flush sweeps and compacts
    wait_until(lambda: len(files_of(tmp_path)) == 1, "the closed day compacted")
    wait_until(lambda: not (tmp_path / "day" / day_of(datetime.now(UTC) - timedelta(days=40))).exists(),
               "the day past the retention swept")
    assert counted(tmp_path)[0][(ARTICLE, "play")] == 2



def test_a_process_on_a_machine_booted_a_minute_ago_tidies_at_its_first_flush(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The monotonic clock starts near 0 at boot: "never tidied" is not "tidied at time 0"."""
    monkeypatch.setattr(analytics, "time", SimpleNamespace(monotonic=lambda: 60.0))
    count_in(tmp_path, 1, datetime.now(UTC) - timedelta(days=40))
    ListeningCounts(tmp_path, 30).flush()
    wait_until(lambda: not (tmp_path / "day" / day_of(datetime.now(UTC) - timedelta(days=40))).exists(),
               "the day past the retention swept")
