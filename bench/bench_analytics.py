"""Listening analytics: what an event costs the server, whether 1,000 events a second move a
cached article's first byte, and how long the dashboard takes for 10,000 articles over 90 days.

    .venv/bin/python bench/bench_analytics.py [--seconds 20] [--rounds 1200] [--redis] [--quick]
        [--results bench/RESULTS.md]

1. Against a real `tts-service serve`: a client sends batches of 20 events (1,000 events a second)
   from the service's own page while another reads a made article's MP3 (first byte), alternated
   with rounds of the same reads without events (the baseline). Server time per event: the
   server's CPU-seconds while only the events flowed, less the idle rate, over the events.
   First bytes: 4 alternating blocks of reads without and with the events.
   Targets: <= 1 ms per event; cached first byte p99 with events <= 1.10 x without.
   With ``--redis`` the server has a real redis-server (``TTS_REDIS_URL``): each batch is then
   charged to the address's budget in Redis, and the counts go to Redis hashes.
2. In process: 10,000 articles, each listened on 7 days after its day of publication within 90
   days (70,000 article-days of counts in the per-process files), read, added up and drawn as
   the /analytics page's body. Target: <= 1 s.
"""

from __future__ import annotations

import contextlib
import json
import math
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402
from corpus import article  # noqa: E402

from tts_service.access import hash_key  # noqa: E402
from tts_service.store.analytics import ListeningCounts  # noqa: E402
from tts_service.web.analytics_report import dashboard_report, hourly, report  # noqa: E402
from tts_service.web.dashboard import TOP, render  # noqa: E402

KEY = "bench-publisher-key"
BATCH, PER_SECOND = 20, 1000


def events(article_id: str) -> dict[str, object]:
    kinds = [{"article": article_id, "type": "play"}, {"article": article_id, "type": "progress", "value": 25},
             {"article": article_id, "type": "seconds", "value": 4.5}, {"article": article_id, "type": "shown"}]
    return {"events": [kinds[n % len(kinds)] for n in range(BATCH)]}


def flood(base: str, article_id: str, stop: Any, sent: Any) -> None:
    """1,000 events a second (50 batches of 20), on one connection, until ``stop``; ``sent``
    counts the events the server accepted."""
    session = requests.Session()
    body, started, n = events(article_id), time.monotonic(), 0
    while not stop.is_set():
        reply = session.post(f"{base}/api/events", json=body, headers={"Origin": base}, timeout=30)
        n += 1
        if reply.status_code == 202:  # counted (a refusal would measure something else)
            with sent.get_lock():
                sent.value += BATCH
        ahead = started + n * BATCH / PER_SECOND - time.monotonic()
        if ahead > 0:
            stop.wait(ahead)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


class Flood:
    """The events' client while the ``with`` block runs; ``sent`` events. In a process of its own
    (the readers of a node are other machines): on a thread of the bench's process, its requests'
    Python would hold the GIL the first-byte reader waits for, and the bench would measure itself.
    ``in_thread`` keeps the old way, to compare."""

    def __init__(self, base: str, article_id: str, in_thread: bool = False) -> None:
        context = multiprocessing.get_context("spawn")
        self.stop = threading.Event() if in_thread else context.Event()
        self.counter = context.Value("q", 0)
        make: Any = threading.Thread if in_thread else context.Process
        self.worker = make(target=flood, args=(base, article_id, self.stop, self.counter), daemon=True)

    @property
    def sent(self) -> int:
        return int(self.counter.value)

    def __enter__(self) -> Flood:
        """Once the first batch has been answered (a new process takes a second to start)."""
        self.worker.start()
        deadline = time.monotonic() + 60
        while not self.sent:
            if time.monotonic() > deadline or not self.worker.is_alive():
                self.stop.set()
                raise harness.BenchError("the events' client sent nothing")
            time.sleep(0.01)
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.worker.join()


@contextlib.contextmanager
def redis_url(wanted: bool) -> Iterator[str]:
    """A redis-server's URL for the block (``wanted``), else an empty one."""
    exe = shutil.which("redis-server")
    if not wanted:
        yield ""
        return
    if exe is None:
        raise harness.BenchError("redis-server is not installed (apt-get install redis-server)")
    port = harness.free_port()
    with tempfile.TemporaryDirectory(prefix="tts-bench-redis-") as folder, harness.service_process(
            [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", folder], lambda: _answers(port), "redis-server"):
        yield f"redis://127.0.0.1:{port}/0"


def _answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def first_byte_under_events(seconds: float, rounds: int, redis: str = "",
                            in_thread: bool = False) -> dict[str, float]:
    settings = {"TTS_API_KEYS": hash_key(KEY), "TTS_ANALYTICS_EVENTS_PER_MINUTE": "10000000",
                "TTS_REDIS_URL": redis, **harness.PINNED_CAPACITY}
    with harness.served(settings) as server:
        made = server.post_article({"text": article(1, 1500)},
                                   headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
        server.wait_articles(made["id"])
        session, url = requests.Session(), server.url(f"/audio/{made['id']}.mp3")
        for _ in range(20):
            harness.first_bytes(session, url)  # warm
        # The server's CPU for the events alone, less its idle rate over as long.
        idle_cpu0, idle0 = server.cpu_seconds(), time.monotonic()
        time.sleep(min(seconds, 5))
        idle_rate = (server.cpu_seconds() - idle_cpu0) / (time.monotonic() - idle0)
        with Flood(server.base, made["id"], in_thread) as events_only:
            cpu0, started, sent0 = server.cpu_seconds(), time.monotonic(), events_only.sent
            time.sleep(seconds)
            sent = events_only.sent - sent0
            elapsed = time.monotonic() - started
            spent = server.cpu_seconds() - cpu0 - idle_rate * elapsed
        # First bytes in alternating blocks: without events, then with them.
        quiet: list[float] = []
        loaded: list[float] = []
        for _ in range(4):
            quiet += [harness.first_bytes(session, url) for _ in range(rounds // 4)]
            with Flood(server.base, made["id"], in_thread):
                time.sleep(0.5)  # the flow under way
                loaded += [harness.first_bytes(session, url) for _ in range(rounds // 4)]
    return {"events": sent, "events_per_s": sent / elapsed, "ms_per_event": 1000 * spent / max(sent, 1),
            "quiet_p99": p99(quiet), "loaded_p99": p99(loaded), "quiet_median": statistics.median(quiet),
            "loaded_median": statistics.median(loaded)}


def listening_data(folder: Path, articles: int, days: int) -> tuple[date, date, int]:
    """``articles`` articles, each listened on 7 days after its day of publication within
    ``days`` days, counted in the per-process files (one file per day, as a process that counted
    it all would leave): the first and last day, and how many counts."""
    rng = random.Random(7)
    today = datetime.now(UTC).replace(hour=12)
    counts = ListeningCounts(folder, 400, flush_seconds=3600, sweep_seconds=math.inf)
    per_day: dict[int, Counter[tuple[str, str]]] = {}
    for n in range(articles):
        article_id = f"{n:032x}"
        published = rng.randrange(days)
        for day in range(published, min(published + 7, days)):
            plays = rng.randint(1, 40)
            per_day.setdefault(day, Counter()).update({
                (article_id, "shown"): plays * 3, (article_id, "play"): plays,
                (article_id, "p25"): plays * 3 // 4, (article_id, "p50"): plays // 2,
                (article_id, "p75"): plays // 3, (article_id, "p100"): plays // 4,
                (article_id, "ms"): plays * 95_000, (article_id, f"speed:{rng.choice([1, 1.5, 2])}"): 1})
    for day, day_counts in per_day.items():
        counts.add(day_counts, today - timedelta(days=days - 1 - day))
        counts.flush()
    first, last = (today - timedelta(days=days - 1)).date(), today.date()
    return first, last, sum(len(day_counts) for day_counts in per_day.values())


# The /analytics page's work on main's code (report over every count), run with main's checkout
# first on the path: python -c MAIN_PAGE FOLDER FIRST LAST -> seconds of each of 3 runs.
MAIN_PAGE = """
import json, sys, time
from datetime import date
from pathlib import Path
import tts_service
from tts_service.store.analytics import ListeningCounts
from tts_service.web.analytics_report import hourly, report
from tts_service.web.dashboard import render
assert tts_service.__file__.startswith(sys.argv[4]), tts_service.__file__
counts = ListeningCounts(Path(sys.argv[1]), 400, flush_seconds=3600, sweep_seconds=float("inf"))
first, last, took = date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3]), []
for _ in range(3):
    started = time.perf_counter()
    render(report(counts.read_days(first, last), first, last), {}, hourly(counts.read_hours()))
    took.append(time.perf_counter() - started)
print(json.dumps(took))
"""


def main_page_seconds(main: Path, folder: Path, first: date, last: date) -> list[float]:
    """The page's work on main's code (``main``: a checkout of it), on the same files."""
    found = subprocess.run([sys.executable, "-c", MAIN_PAGE, str(folder), first.isoformat(),
                            last.isoformat(), str(main.resolve())], cwd=tempfile.gettempdir(),
                           env={**os.environ, "PYTHONPATH": str(main.resolve())},
                           capture_output=True, text=True, timeout=600, check=True)
    took: list[float] = json.loads(found.stdout)
    return took


def page_seconds(counts: ListeningCounts, first: date, last: date) -> tuple[list[float], str]:
    """The /analytics page's work (``dashboard.dashboard``'s, less signing in and titles), 3 times."""
    took = []
    for _ in range(3):
        started = time.perf_counter()
        page = render(dashboard_report(counts.summarize_days(first, last), first, last, TOP), {},
                      hourly(counts.summarize_hours()))
        took.append(time.perf_counter() - started)
    return took, page


def dashboard_render(articles: int, days: int, main: Path | None) -> dict[str, Any]:
    """The page's seconds: on main's code (``main``), here before the days are compacted, here
    after; and whether the page is the same as one drawn from every count."""
    with tempfile.TemporaryDirectory(prefix="tts-bench-analytics-") as tmp:
        folder = Path(tmp)
        first, last, fields = listening_data(folder, articles, days)
        counts = ListeningCounts(folder, 400, flush_seconds=3600, sweep_seconds=math.inf)
        whole = render(report(counts.read_days(first, last), first, last), {},
                       hourly(counts.summarize_hours()))
        on_main = main_page_seconds(main, folder, first, last) if main else []
        before, page_before = page_seconds(counts, first, last)
        counts.compact()
        after, page_after = page_seconds(counts, first, last)
        on_main_after = main_page_seconds(main, folder, first, last) if main else []
    return {"main": on_main, "main_after": on_main_after, "before": before, "after": after,
            "fields": fields, "bytes": len(page_after), "same": page_before == page_after == whole}


def seconds(took: list[float]) -> str:
    return f"{min(took):.3f} s (median of 3: {statistics.median(took):.3f} s)" if took else "not run"


def dashboard_rows(drawn: dict[str, Any], articles: int, main: Path | None) -> str:
    board = f"dashboard: {articles:,} articles over 90 days ({drawn['fields']:,} counts)"
    rows = [f"| {board}, compacted (summaries) | {seconds(drawn['after'])} | <= 1 s |",
            f"| the same, before compaction (summaries made from the counts) | {seconds(drawn['before'])} | |"]
    if main:
        rows += [f"| the same on main's code ({main}), before / after compaction | "
                 f"{seconds(drawn['main'])} / {seconds(drawn['main_after'])} | |"]
    same = "yes" if drawn["same"] else "**NO**"
    rows += [f"| the page the same as one drawn from every count, before and after compaction | {same} | yes |"]
    return "\n".join(rows)


def events_rows(served: dict[str, float]) -> str:
    ratio = served["loaded_p99"] / served["quiet_p99"]
    quiet = f"{1000 * served['quiet_p99']:.2f} ms (median {1000 * served['quiet_median']:.2f})"
    loaded = f"{1000 * served['loaded_p99']:.2f} ms (median {1000 * served['loaded_median']:.2f})"
    return f"""| events sent | {served['events']:,} ({served['events_per_s']:.0f}/s, batches of {BATCH}) | 1,000/s |
| server CPU per event (less the idle rate) | {served['ms_per_event']:.3f} ms | <= 1 ms |
| cached first byte p99 without events | {quiet} | |
| cached first byte p99 with 1,000 events/s | {loaded} | |
| ratio (with / without) | {ratio:.2f} | <= 1.10 |"""


def main() -> None:
    parser = harness.arguments(__doc__, rounds=1200)
    parser.add_argument("--seconds", type=float, default=20, help="how long the events flow")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--redis", action="store_true", help="the server with a real redis-server")
    parser.add_argument("--flood-in-thread", action="store_true",
                        help="send the events from a thread of the bench's own process (the old way)")
    parser.add_argument("--main", type=Path, help="a checkout of main: its dashboard timed on the same files")
    parser.add_argument("--dashboard-only", action="store_true", help="the dashboard, no server")
    args = harness.parse(parser, quick={"seconds": 4, "rounds": 40, "articles": 500})
    rows = []
    if not args.dashboard_only:
        with redis_url(args.redis) as url:
            rows.append(events_rows(first_byte_under_events(args.seconds, args.rounds, url,
                                                            args.flood_in_thread)))
    rows.append(dashboard_rows(dashboard_render(args.articles, 90, args.main), args.articles, args.main))
    body = "\n| measured | value | target |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    title = "Listening analytics (bench_analytics.py" + (" --redis)" if args.redis else ")")
    harness.report(title, body, args.results)


if __name__ == "__main__":
    main()
