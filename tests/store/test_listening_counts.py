"""Listening counts add up across processes (each its own file, or one Redis hash) and go when
their days are past the retention."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tts_service.store.analytics import ListeningCounts

ARTICLE = "0123456789abcdef0123456789abcdef"
NOON = datetime(2026, 12, 7, 12, tzinfo=UTC)


def test_two_processes_counting_in_one_folder_add_up(tmp_path: Path) -> None:
    first, second = ListeningCounts(tmp_path, 30), ListeningCounts(tmp_path, 30)
    for counts in (first, second, first):
        counts.add(Counter({(ARTICLE, "play"): 1, (ARTICLE, "ms"): 1500}), NOON)
        counts.flush()
    day = ListeningCounts(tmp_path, 30).read_days(date(2026, 12, 7), date(2026, 12, 7))
    assert day["2026-12-07"] == Counter({(ARTICLE, "play"): 3, (ARTICLE, "ms"): 4500})
    assert len(list((tmp_path / "day" / "2026-12-07").glob("*.json"))) == 2
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
