"""What the publisher reads of the listening counts: totals, one row per article, and per day,
for a range of days; as JSON or CSV. I/O-free: it is given the counts."""

from __future__ import annotations

import csv
import heapq
import io
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..errors import InputError
from ..store.analytics import Counts, Summary

# Counted field -> its name in a row.
COLUMNS = {"shown": "shown", "play": "plays", "p25": "p25", "p50": "p50", "p75": "p75",
           "p100": "p100", "seek": "seeks", "download": "downloads", "error": "errors"}
MAX_DAYS = 1000


def date_range(first: str | None, last: str | None, default_days: int = 30) -> tuple[date, date]:
    """``from`` and ``to`` (YYYY-MM-DD, inclusive), by default the last ``default_days`` to today."""
    today = datetime.now(UTC).date()
    try:
        end = date.fromisoformat(last) if last is not None else today
        start = date.fromisoformat(first) if first is not None else end - timedelta(default_days - 1)
    except (ValueError, OverflowError) as exc:
        raise InputError("from and to are dates such as 2026-12-07", str(exc)) from exc
    if start > end or (end - start).days >= MAX_DAYS:
        raise InputError(f"from must be on or before to, at most {MAX_DAYS} days apart",
                         f"from={start.isoformat()} to={end.isoformat()}")
    return start, end


def row(fields: Counter[str]) -> dict[str, Any]:
    """The numbers of one article (or of all): counts, seconds listened, speeds and listen-through."""
    plays = fields["play"]
    result: dict[str, Any] = {name: fields[field] for field, name in COLUMNS.items()}
    result["seconds"] = round(fields["ms"] / 1000, 1)
    result["listen_through"] = round(fields["p100"] / plays, 3) if plays else 0.0
    result["speeds"] = {name.split(":", 1)[1]: n for name, n in sorted(fields.items())
                        if name.startswith("speed:")}
    return result


def report(days: dict[str, Counts], first: date, last: date) -> dict[str, Any]:
    """Totals, rows per article (most plays first) and totals per day."""
    per_article: defaultdict[str, Counter[str]] = defaultdict(Counter)
    everything: Counter[str] = Counter()
    per_day = []
    for day, counts in days.items():
        day_total: Counter[str] = Counter()
        for (article, field), n in counts.items():  # one pass: a Counter made per article only
            per_article[article][field] += n
            day_total[field] += n
        everything.update(day_total)
        per_day.append({"day": day, **row(day_total)})
    articles = [{"article": article, **row(fields)} for article, fields in per_article.items()]
    articles.sort(key=lambda item: (-item["plays"], item["article"]))
    return {"from": first.isoformat(), "to": last.isoformat(), "totals": row(everything),
            "days": per_day, "articles": articles}


def dashboard_report(days: dict[str, Summary], first: date, last: date, top: int) -> dict[str, Any]:
    """What the /analytics page shows, from the days' summaries (``ListeningCounts.summarize_days``):
    the totals and days of ``report``, and its first ``top`` rows of articles, their plays only."""
    everything: Counter[str] = Counter()
    plays: Counter[str] = Counter()
    per_day = []
    for day, summary in days.items():
        everything.update(summary.totals)
        plays.update(summary.plays)
        per_day.append({"day": day, **row(summary.totals)})
    best = heapq.nsmallest(top, plays.items(), key=lambda item: (-item[1], item[0]))  # report's order
    return {"from": first.isoformat(), "to": last.isoformat(), "totals": row(everything),
            "days": per_day, "articles": [{"article": article, "plays": n} for article, n in best]}


def hourly(hours: dict[str, Summary]) -> list[dict[str, Any]]:
    """Totals per hour (the last 48 hours), from ``ListeningCounts.summarize_hours``."""
    return [{"hour": hour, **row(summary.totals)} for hour, summary in hours.items()]


CSV_HEADER = ("article", "shown", "plays", "p25", "p50", "p75", "p100", "seeks", "downloads",
              "errors", "seconds", "listen_through")


def as_csv(result: dict[str, Any]) -> str:
    """One line per article, then a line of totals (article ``*``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for item in [*result["articles"], {"article": "*", **result["totals"]}]:
        writer.writerow([item[name] for name in CSV_HEADER])
    return out.getvalue()
