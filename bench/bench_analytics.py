"""Listening analytics: what an event costs the server, whether 1,000 events a second move a
cached article's first byte, and how long the dashboard takes for 10,000 articles over 90 days.

    .venv/bin/python bench/bench_analytics.py [--seconds 20] [--rounds 1200] [--redis] [--quick]
        [--events-process on|off|both] [--main CHECKOUT] [--dashboard-only] [--results bench/RESULTS.md]

1. Against a real `tts-service serve`: clients send the beacons the player sends for a listen
   to a 244 s article (``player_beacons``: derived from static/player-analytics.js, 1.41 events
   a beacon), each on a new connection, 1,000 events a second from the service's own page, while
   another client reads a made article's MP3 (first byte), alternated with rounds of the same
   reads without events (the baseline). Server time per event: the server's CPU-seconds (all its
   processes; and the workers' alone) while only the events flowed, less the idle rate, over the
   events. By default two servers at once: with the events' own process (TTS_EVENTS_PROCESS=on,
   the default) and without it (off: the worker takes every beacon). First bytes: 12 rounds,
   each a block of reads without events and one with them on each server in turn (the order
   turned every round).
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
PER_SECOND = 1000
BLOCKS = 12  # of first bytes without events, each followed by one with them
TICK = 15.0  # player-analytics.js: a beacon every 15 s while there is something to send


def player_beacons(article_id: str, seconds: float = 244.0, starts_at: float = 3.0) -> list[list[dict[str, Any]]]:
    """The beacons ``static/player-analytics.js`` sends for one page view whose reader presses
    play ``starts_at`` s after the page loads and hears a ``seconds`` s article to the end at 1x
    (244 s: the 4,420-character article of FACTS.md). The player queues "shown" at once, "play"
    and its speed at the play, a progress event as each quarter is heard (100 at 98%), and sends
    the queue with the seconds heard every 15 s, and at the end."""
    beacons: list[list[dict[str, Any]]] = []
    queue = [{"article": article_id, "type": "shown"}]
    heard_at, marks = starts_at, [(p, starts_at + seconds * (0.98 if p == 100 else p / 100))
                                  for p in (25, 50, 75, 100)]
    played = False
    tick = TICK
    end = starts_at + seconds
    while True:
        now = min(tick, end)
        if not played and now >= starts_at:
            queue += [{"article": article_id, "type": "play"}, {"article": article_id, "type": "speed", "value": 1}]
            played = True
        queue += [{"article": article_id, "type": "progress", "value": p} for p, at in marks
                  if heard_at < at <= now]
        if now > heard_at:
            queue.append({"article": article_id, "type": "seconds", "value": round(now - heard_at, 2)})
            heard_at = now
        beacons.append(queue)
        queue = []
        if now >= end:
            return beacons
        tick += TICK


def beacon_requests(host: str, article_id: str) -> list[tuple[bytes, int]]:
    """The player's beacons as raw requests (sendBeacon: a POST of text/plain, from the page's
    origin), each with its number of events."""
    found = []
    for events in player_beacons(article_id):
        body = json.dumps({"events": events}).encode()
        head = (f"POST /api/events HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n"
                f"Content-Type: text/plain;charset=UTF-8\r\nContent-Length: {len(body)}\r\n\r\n")
        found.append((head.encode() + body, len(events)))
    return found


def beacon(port: int, request: bytes) -> int:
    """Send one beacon on a new connection (the server keeps an idle one 5 s, the player sends
    every 15 s) and read the answer: its status."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = sock.recv(4096)
            if not chunk:
                break
            body += chunk
        return int(head.split(b" ", 2)[1]) if head else 0


def flood(port: int, article_id: str, per_second: float, go: Any, stop: Any, sent: Any) -> None:
    """``per_second`` events a second, in the player's beacons, each on a connection of its own,
    while ``go`` is set, until ``stop``; ``sent`` counts the events the server accepted."""
    os.nice(19)  # other machines on a real node: the server's CPU is not theirs to take first
    requests_ = beacon_requests(f"127.0.0.1:{port}", article_id)
    n = 0
    while not stop.is_set():
        if not go.wait(0.1):
            continue
        started, due = time.monotonic(), 0.0
        while go.is_set() and not stop.is_set():
            request, events_in = requests_[n % len(requests_)]
            if beacon(port, request) == 202:  # counted (a refusal would measure something else)
                with sent.get_lock():
                    sent.value += events_in
            n += 1
            due += events_in / per_second
            ahead = started + due - time.monotonic()
            if ahead > 0:
                time.sleep(ahead)


def events_per_beacon() -> float:
    beacons = player_beacons("0" * 32)
    return sum(len(events) for events in beacons) / len(beacons)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


class Flood:
    """The events' clients, in processes of their own (the readers of a node are other machines:
    on a thread of the bench's process, their requests' Python would hold the GIL the first-byte
    reader waits for), sending while ``flowing``; ``sent`` events. ``clients`` processes share
    the rate (one alone cannot open 700 connections a second here)."""

    def __init__(self, port: int, article_id: str, clients: int = 2) -> None:
        context = multiprocessing.get_context("spawn")
        self.go, self.stop = context.Event(), context.Event()
        self.counter = context.Value("q", 0)
        self.workers = [context.Process(target=flood, args=(port, article_id, PER_SECOND / clients,
                                                             self.go, self.stop, self.counter), daemon=True)
                        for _ in range(clients)]
        for worker in self.workers:
            worker.start()

    @property
    def sent(self) -> int:
        return int(self.counter.value)

    @contextlib.contextmanager
    def flowing(self) -> Iterator[None]:
        """The events flow in the block, once the first beacon has been answered."""
        self.go.set()
        sent, deadline = self.sent, time.monotonic() + 60
        try:
            while self.sent == sent:
                if time.monotonic() > deadline or not all(worker.is_alive() for worker in self.workers):
                    raise harness.BenchError("the events' clients sent nothing")
                time.sleep(0.01)
            yield
        finally:
            self.go.clear()
            time.sleep(0.2)  # the last beacons answered

    def close(self) -> None:
        self.stop.set()
        for worker in self.workers:
            worker.join()


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


def workers_cpu(server: harness.Server) -> float:
    """CPU seconds of the gunicorn workers (the master's children but the events' supervisor)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(fields[1]) == server.process.pid and b"serve\x00events" not in command:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Subject:
    """One server under test: its made article, a reader's session, its events' clients."""

    def __init__(self, server: harness.Server) -> None:
        made = server.post_article({"text": article(1, 1500)},
                                   headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
        server.wait_articles(made["id"])
        self.server, self.session = server, requests.Session()
        self.url = server.url(f"/audio/{made['id']}.mp3")
        for _ in range(20):
            harness.first_bytes(self.session, self.url)  # warm
        self.events = Flood(server.port, made["id"])
        self.quiet: list[float] = []
        self.loaded: list[float] = []

    def cpu_per_event(self, seconds: float) -> dict[str, float]:
        """The server's CPU for the events alone (all its processes, and its workers'), less its
        idle rate over as long."""
        server = self.server
        idle_cpu0, idle_workers0, idle0 = server.cpu_seconds(), workers_cpu(server), time.monotonic()
        time.sleep(min(seconds, 5))
        idle_rate = (server.cpu_seconds() - idle_cpu0) / (time.monotonic() - idle0)
        idle_workers = (workers_cpu(server) - idle_workers0) / (time.monotonic() - idle0)
        with self.events.flowing():
            cpu0, on_workers0 = server.cpu_seconds(), workers_cpu(server)
            started, sent0 = time.monotonic(), self.events.sent
            time.sleep(seconds)
            sent = self.events.sent - sent0
            elapsed = time.monotonic() - started
            spent = server.cpu_seconds() - cpu0 - idle_rate * elapsed
            on_workers = workers_cpu(server) - on_workers0 - idle_workers * elapsed
        return {"events": sent, "events_per_s": sent / elapsed, "ms_per_event": 1000 * spent / max(sent, 1),
                "workers_ms_per_event": 1000 * on_workers / max(sent, 1)}

    def block(self, reads: int, events: Flood | None = None) -> None:
        """A block of first bytes without events, then one with them (with ``events``: another
        server's, the control: what the flow costs the machine, not this server)."""
        self.quiet += [harness.first_bytes(self.session, self.url) for _ in range(reads)]
        with (events or self.events).flowing():
            time.sleep(0.3)  # the flow under way
            self.loaded += [harness.first_bytes(self.session, self.url) for _ in range(reads)]

    def result(self, cpu: dict[str, float]) -> dict[str, float]:
        return {**cpu, "quiet_p99": p99(self.quiet), "loaded_p99": p99(self.loaded),
                "quiet_median": statistics.median(self.quiet), "loaded_median": statistics.median(self.loaded)}


def first_byte_under_events(seconds: float, rounds: int, redis: str = "",
                            modes: tuple[str, ...] = ("on", "off")) -> dict[str, dict[str, float]]:
    """For each TTS_EVENTS_PROCESS in ``modes``, a server, all up at once; CPU per event of each,
    then first bytes in ``BLOCKS`` rounds, each a block without and with events on every server
    in turn (the order turned every round), so the machine's load falls on all alike."""
    settings = {"TTS_API_KEYS": hash_key(KEY), "TTS_ANALYTICS_EVENTS_PER_MINUTE": "10000000",
                "TTS_REDIS_URL": redis, **harness.PINNED_CAPACITY}
    with contextlib.ExitStack() as stack:
        subjects = {mode: Subject(stack.enter_context(harness.served({**settings, "TTS_EVENTS_PROCESS": mode})))
                    for mode in modes}
        control = Subject(subjects[modes[0]].server) if len(modes) > 1 else None
        try:
            cpu = {mode: subject.cpu_per_event(seconds) for mode, subject in subjects.items()}
            for n in range(BLOCKS):
                for mode in (modes if n % 2 == 0 else modes[::-1]):
                    subjects[mode].block(rounds // BLOCKS)
                if control:  # the first server read while the events go to the second
                    control.block(rounds // BLOCKS, subjects[modes[1]].events)
        finally:
            for subject in [*subjects.values(), *([control] if control else [])]:
                subject.events.close()
        found = {mode: subject.result(cpu[mode]) for mode, subject in subjects.items()}
        if control:
            found[f"{modes[0]}, the events sent to the {modes[1]} server (control)"] = control.result(
                cpu[modes[1]])
        return found


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


def events_rows(served: dict[str, float], how: str) -> str:
    ratio = served["loaded_p99"] / served["quiet_p99"]
    medians = served["loaded_median"] / served["quiet_median"]
    quiet = f"{1000 * served['quiet_p99']:.2f} ms (median {1000 * served['quiet_median']:.2f})"
    loaded = f"{1000 * served['loaded_p99']:.2f} ms (median {1000 * served['loaded_median']:.2f})"
    return f"""| **{how}**: events sent | {served['events']:,} ({served['events_per_s']:.0f}/s, \
beacons of {events_per_beacon():.2f} events, each on a new connection) | 1,000/s |
| server CPU per event (less the idle rate) / of it on the workers | {served['ms_per_event']:.3f} ms / \
{served['workers_ms_per_event']:.3f} ms | <= 1 ms |
| cached first byte p99 without events | {quiet} | |
| cached first byte p99 with 1,000 events/s | {loaded} | |
| ratio (with / without) | **{ratio:.2f}** (medians: {medians:.2f}) | <= 1.10 |"""


def main() -> None:
    parser = harness.arguments(__doc__, rounds=1200)
    parser.add_argument("--seconds", type=float, default=20, help="how long the events flow")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--redis", action="store_true", help="the server with a real redis-server")
    parser.add_argument("--events-process", choices=["on", "off", "both"], default="both",
                        help="the servers' TTS_EVENTS_PROCESS: both = one of each at once, blocks interleaved")
    parser.add_argument("--main", type=Path, help="a checkout of main: its dashboard timed on the same files")
    parser.add_argument("--dashboard-only", action="store_true", help="the dashboard, no server")
    args = harness.parse(parser, quick={"seconds": 4, "rounds": 40, "articles": 500})
    rows = []
    if not args.dashboard_only:
        modes = ("on", "off") if args.events_process == "both" else (args.events_process,)
        with redis_url(args.redis) as url:
            for how, served in first_byte_under_events(args.seconds, args.rounds, url, modes).items():
                rows.append(events_rows(served, f"TTS_EVENTS_PROCESS={how}"))
    rows.append(dashboard_rows(dashboard_render(args.articles, 90, args.main), args.articles, args.main))
    body = "\n| measured | value | target |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    title = "Listening analytics (bench_analytics.py" + (" --redis)" if args.redis else ")")
    harness.report(title, body, args.results)


if __name__ == "__main__":
    main()
