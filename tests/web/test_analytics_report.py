"""The /analytics page is drawn from each day's summary (totals and plays per article, written at
compaction) and shows exactly what the report of every count shows: the same totals, the same
days, the same first rows of articles, before compaction, after it and with late counts beside it."""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tts_service.store.analytics import ListeningCounts
from tts_service.web.analytics_report import dashboard_report, hourly, report
from tts_service.web.dashboard import TOP, render

DAYS = 30
NOW = datetime.now(UTC)


def listened(folder: Path, seed: int, articles: int = 300) -> None:
    """A month of a small site: each article listened on a few days after it is published,
    counted by three processes (each its own files); some articles shown but never played,
    plays that tie, every kind of field."""
    rng = random.Random(seed)
    processes = [ListeningCounts(folder, 400, flush_seconds=math.inf, sweep_seconds=math.inf)
                 for _ in range(3)]
    for n in range(articles):
        article = f"{n:032x}"
        published = rng.randrange(DAYS)
        for day in range(published, min(published + rng.randint(1, 6), DAYS)):
            plays = 0 if n % 7 == 0 else rng.randint(1, 9)
            counts = Counter({(article, "shown"): plays * 3 + 1, (article, "play"): plays,
                              (article, "p25"): plays // 2, (article, "p100"): plays // 3,
                              (article, "ms"): plays * 61_500, (article, "seek"): rng.randint(0, 2),
                              (article, f"speed:{rng.choice([1, 1.5, 2])}"): 1 if plays else 0})
            moment = NOW - timedelta(days=DAYS - 1 - day, minutes=rng.randrange(60))
            rng.choice(processes).add(+counts, moment)
    for counts in processes:
        counts.flush()


def page_of(counts: ListeningCounts, first: date, last: date) -> tuple[dict[str, Any], str]:
    shown = dashboard_report(counts.summarize_days(first, last), first, last, TOP)
    return shown, render(shown, {}, hourly(counts.summarize_hours()))


def whole_of(counts: ListeningCounts, first: date, last: date) -> tuple[dict[str, Any], str]:
    full = report(counts.read_days(first, last), first, last)
    return full, render(full, {}, hourly(counts.summarize_hours()))


def agree(shown: dict[str, Any], full: dict[str, Any]) -> None:
    assert shown["totals"] == full["totals"] and shown["days"] == full["days"]
    assert shown["articles"] == [{"article": item["article"], "plays": item["plays"]}
                                 for item in full["articles"][:TOP]]


def test_the_page_from_summaries_shows_what_every_count_shows_before_and_after_compaction(
        tmp_path: Path) -> None:
    listened(tmp_path, seed=1)
    counts = ListeningCounts(tmp_path, 400, sweep_seconds=math.inf)
    first, last = (NOW - timedelta(days=DAYS - 1)).date(), NOW.date()
    full_before, whole_before = whole_of(counts, first, last)
    assert full_before["totals"]["plays"] > 0 and len(full_before["articles"]) == 300
    assert [item["plays"] for item in full_before["articles"][:TOP]] != [0] * TOP
    shown_before, page_before = page_of(counts, first, last)
    agree(shown_before, full_before)
    assert page_before == whole_before

    assert counts.compact() >= DAYS - 2  # every closed day (and hour) now has a summary
    assert len(list(tmp_path.glob("day/*/*.summary"))) >= DAYS - 2
    full_after, whole_after = whole_of(counts, first, last)
    assert full_after == full_before  # compaction changes no number of the report
    shown_after, page_after = page_of(counts, first, last)
    assert shown_after == shown_before and page_after == page_before == whole_after

    listened(tmp_path, seed=2, articles=40)  # late counts for compacted days: files beside them
    full_late, whole_late = whole_of(counts, first, last)
    assert full_late["totals"]["plays"] > full_before["totals"]["plays"]
    shown_late, page_late = page_of(counts, first, last)
    agree(shown_late, full_late)
    assert page_late == whole_late
    counts.compact()
    assert page_of(counts, first, last) == (shown_late, page_late)
    assert whole_of(counts, first, last)[0] == full_late


def test_a_broken_summary_is_skipped_and_its_merged_file_read(tmp_path: Path) -> None:
    listened(tmp_path, seed=3, articles=50)
    counts = ListeningCounts(tmp_path, 400, sweep_seconds=math.inf)
    first, last = (NOW - timedelta(days=DAYS - 1)).date(), NOW.date()
    counts.compact()
    for summary in tmp_path.glob("day/*/*.summary"):
        summary.write_text('{"totals": 3}')
    agree(page_of(counts, first, last)[0], whole_of(counts, first, last)[0])
