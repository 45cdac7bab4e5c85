"""Many readers at once (issue #11): a real `tts-service serve` on loopback, driven over HTTP by
one asyncio client whose readers behave like listeners: they read the MP3 at playback speed (1x,
1.5x, 2x) with a few seconds of read-ahead, some pause, some seek (a new request with
``Range: bytes=N-``; 206 or the whole stream with 200 are both handled).

    .venv/bin/python bench/bench_load.py [--scenario A|B|C|all] [--readers 200]
        [--connections 500] [--quick] [--server-log PATH] [--results bench/RESULTS.md]

A. ``--readers`` readers press play on one new article within 1 s (POST its HTML as the player
   does, then GET ``audio_url``). Targets: every first audio <= 1 s, median <= 0.3 s; no stall
   after a reader's first second.
B. ``--connections`` slow connections held ~35 s: half read a cached article very slowly, a fifth
   read new articles very slowly, the rest are slowloris (headers never finished) and requests
   never read. A prober opens fresh connections every 100 ms. Targets: /healthz p99 <= 100 ms and
   a cached article's first byte p99 <= 50 ms throughout; no probe fails (5 s timeout).
C. New articles started at twice the synthesis capacity (concurrent listeners of new articles =
   2 x audio-seconds made per wall second). Targets: admitted streams never stall, the others are
   told to retry (503/429 with Retry-After), no other 5xx.
D. RSS of the gunicorn workers before B and at its peak. Target: growth <= 200 MB.

A player is modelled as a browser plays: from its first byte the playhead moves at the reading
speed while bytes are buffered, waits (a stall) when they are not, and counts stalls only after
its first second of playing (after a start or a seek). Every wait is bounded; the server is
stopped in ``finally``.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import math
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402
from corpus import article  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "bench-load-publisher-key"
TITLE = "bench_load.py: many readers at once (issue #11)"
READ_AHEAD_S = 10.0  # seconds of audio a reader buffers ahead of its playhead
STALL_MIN_S = 0.05  # shorter waits are the client's own scheduling noise
PROBE_TIMEOUT_S = 5.0
FIRST_AUDIO_LIMIT_S = 25.0  # scenario A: a reader gives up waiting for audio after this
HOLD_S = 35.0  # scenario B: how long the slow connections stay open
SLOW_RATE = 2_000  # scenario B: bytes/s a slow reader takes (a quarter of playback speed)


# -- a small HTTP/1.1 client on asyncio streams ----------------------------------------------------
class HTTPFailure(Exception):
    """The exchange broke before a status line and headers arrived."""


@dataclass
class Conn:
    """One request's response: status, headers, and its body read in pieces."""

    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    chunked: bool = False
    left: int | None = None  # Content-Length still to come, or bytes left in the current chunk
    done: bool = False
    cut: bool = False  # the body ended before its declared end

    async def read_some(self, limit: int) -> bytes:
        """Up to ``limit`` bytes of the body; b"" at its end."""
        if self.done:
            return b""
        if self.chunked and not self.left:
            while True:  # skip the CRLF after the previous chunk
                line = await self.reader.readline()
                if not line:
                    self.done = self.cut = True
                    return b""
                if line.strip():
                    break
            size = int(line.split(b";")[0].strip(), 16)
            if size == 0:
                self.done = True
                return b""
            self.left = size
        want = limit if self.left is None else min(limit, self.left)
        data = await self.reader.read(want)
        if not data:
            self.done = True
            self.cut = self.left is not None
            return b""
        if self.left is not None:
            self.left -= len(data)
            if self.left == 0 and not self.chunked:
                self.done = True
        return data

    async def read_all(self, cap: int = 1 << 22) -> bytes:
        parts, size = [], 0
        while size < cap:
            data = await self.read_some(1 << 16)
            if not data:
                break
            parts.append(data)
            size += len(data)
        return b"".join(parts)

    def close(self) -> None:
        self.writer.close()


class Client:
    """Requests to one server; each on a fresh connection with ``Connection: close``."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"

    def raw(self, method: str, path: str, headers: dict[str, str] | None = None,
            body: bytes = b"", *, close: bool = True) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if close:
            lines.append("Connection: close")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def open(self, method: str, path: str, headers: dict[str, str] | None = None,
                   body: bytes = b"", timeout: float = 10.0) -> Conn:
        """Send a request and read its status line and headers within ``timeout``."""
        writer = None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.write(self.raw(method, path, headers, body))
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
        except (OSError, TimeoutError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError) as exc:
            if writer is not None:
                writer.close()
            raise HTTPFailure(type(exc).__name__) from exc
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        conn = Conn(reader, writer, status=int(status_line.split()[1]))
        for line in header_lines:
            name, sep, value = line.partition(":")
            if sep:
                conn.headers[name.strip().lower()] = value.strip()
        conn.chunked = "chunked" in conn.headers.get("transfer-encoding", "").lower()
        if not conn.chunked and "content-length" in conn.headers:
            conn.left = int(conn.headers["content-length"])
            conn.done = conn.left == 0
        if method == "HEAD" or conn.status in (204, 304):
            conn.done = True
        return conn

    async def json(self, method: str, path: str, payload: Any = None,
                   headers: dict[str, str] | None = None,
                   timeout: float = 30.0) -> tuple[int, dict[str, str], Any]:
        """A whole JSON exchange: status, headers and the decoded body (None if not JSON)."""
        body = b"" if payload is None else json.dumps(payload).encode()
        sent = {"Content-Type": "application/json", **(headers or {})} if payload is not None \
            else dict(headers or {})
        async with asyncio.timeout(timeout):
            conn = await self.open(method, path, sent, body, timeout)
            try:
                data = await conn.read_all()
            finally:
                conn.close()
        try:
            return conn.status, conn.headers, json.loads(data)
        except ValueError:
            return conn.status, conn.headers, None


# -- a listener ------------------------------------------------------------------------------------
class Player:
    """The playhead of one listener over byte offsets of the MP3 (CBR: bytes are time).

    ``have`` is how far the bytes from the playhead are buffered; ``incoming`` the offset of the
    next byte the connection delivers (below the playhead after a seek answered with 200: those
    bytes are skipped)."""

    def __init__(self, rate: float, pressed: float) -> None:
        self.rate = rate  # bytes per second of playback
        self.pos = self.have = self.incoming = 0.0
        self.waiting_since = pressed  # start or seek: until bytes at the playhead arrive
        self.playing_since: float | None = None
        self.last = pressed
        self.paused = False
        self.ended = False
        self.first_audio: float | None = None
        self.seek_waits: list[float] = []
        self.stall_s = 0.0
        self.stalls = 0
        self._stall_now = 0.0

    def advance(self, now: float) -> None:
        dt, self.last = now - self.last, now
        if self.playing_since is None or self.paused or dt <= 0:
            return
        buffered = self.have - self.pos
        if self.ended or self.rate * dt <= buffered:
            self.pos += min(self.rate * dt, buffered)
            return
        dry_at = now - dt + buffered / self.rate
        self.pos = self.have
        start = max(dry_at, self.playing_since + 1.0)  # the first second is start-up, not a stall
        if now > start:
            self.stall_s += now - start
            self._stall_now += now - start

    def _stall_over(self) -> None:
        if self._stall_now >= STALL_MIN_S:
            self.stalls += 1
        self._stall_now = 0.0

    def received(self, size: int, now: float) -> None:
        self.advance(now)
        self.incoming += size
        if self.incoming > self.have:
            self.have = self.incoming
            self._stall_over()
            if self.playing_since is None:
                self.playing_since = self.last = now
                waited = now - self.waiting_since
                if self.first_audio is None:
                    self.first_audio = waited
                else:
                    self.seek_waits.append(waited)

    def seek(self, offset: float, now: float) -> None:
        self.advance(now)
        self._stall_over()
        self.pos = self.have = offset
        self.playing_since, self.waiting_since = None, now

    def pause(self, now: float, paused: bool) -> None:
        self.advance(now)
        self.paused = paused

    def finish(self, now: float) -> None:
        self.advance(now)
        self._stall_over()

    @property
    def room(self) -> float:
        """Bytes the listener reads now: up to its read-ahead, all skipped bytes at once."""
        return max(self.pos - self.incoming, 0) + self.pos + READ_AHEAD_S * self.rate - self.have


async def play(conn: Conn, player: Player, stop_at: float, *, to_audio: bool = False) -> str:
    """Read ``conn`` as ``player`` consumes it until ``stop_at`` (or, with ``to_audio``, until it
    plays); 'ended', 'cut', 'time' or 'audio'."""
    loop = asyncio.get_running_loop()
    while True:
        now = loop.time()
        player.advance(now)
        if to_audio and player.playing_since is not None:
            return "audio"
        if now >= stop_at:
            return "time"
        if conn.done:
            player.ended = True
            return "cut" if conn.cut else "ended"
        room = int(player.room)
        if room <= 0:
            idle = 0.25 if player.paused or player.playing_since is None else \
                -room / player.rate + 0.02
            await asyncio.sleep(min(max(idle, 0.02), 0.5, stop_at - now))
            continue
        try:
            async with asyncio.timeout(min(0.5, stop_at - now)):
                data = await conn.read_some(min(room, 1 << 16))
        except TimeoutError:
            continue
        if data:
            player.received(len(data), loop.time())


async def settle(tasks: list[asyncio.Task[None]], until: float) -> Counter[str]:
    """Wait for ``tasks`` until ``until`` (loop time), cancel the rest; what escaped them."""
    loop = asyncio.get_running_loop()
    _, late = await asyncio.wait(tasks, timeout=max(0.0, until - loop.time()))
    for task in late:
        task.cancel()
    escaped: Counter[str] = Counter()
    for result in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(result, asyncio.CancelledError):
            escaped["cut by the bench's deadline"] += 1
        elif isinstance(result, BaseException):
            escaped[f"bench error {type(result).__name__}: {result}"] += 1
    return escaped


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def ms(value: float) -> str:
    if math.isinf(value):
        return "never"
    return "-" if math.isnan(value) else f"{value * 1000:.0f} ms"


def secs(value: float) -> str:
    if math.isinf(value):
        return "never"
    return "-" if math.isnan(value) else f"{value:.2f} s"


def counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name}: {n}" for name, n in sorted(counter.items())) or "none"


def mark(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def as_html(text: str) -> str:
    """An article element as the embedded player posts it (its outerHTML)."""
    head, *paragraphs = text.split("\n\n")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<article><h1>{html.escape(head)}</h1>{body}</article>"


# -- the server ------------------------------------------------------------------------------------
@dataclass
class Bench:
    client: Client
    server: harness.Server
    byte_rate: float = 8_000.0  # bytes per second of audio, from the manifest
    capacity: float = math.nan  # seconds of audio made per wall second
    capacity_source: str = ""
    cached_id: str = ""
    cached_bytes: int = 0
    texts: set[str] = field(default_factory=set)  # sentences used, so no article shares one
    next_index: int = 20_000
    made: list[str] = field(default_factory=list)  # new articles whose jobs may still run

    @property
    def page(self) -> dict[str, str]:
        return {"Origin": self.client.origin}  # as from the service's own page

    @property
    def keyed(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {KEY}"}

    def new_text(self, chars: int) -> str:
        self.next_index += 1
        return article(self.next_index, chars, self.texts)


async def wait_made(bench: Bench, ids: list[str], limit: float) -> float:
    """Wait (at most ``limit`` s) until the articles are ready or failed; the seconds waited."""
    started = time.monotonic()
    pending = list(dict.fromkeys(ids))
    while pending and time.monotonic() - started < limit:
        try:
            _, _, body = await bench.client.json("GET", f"/api/articles/{pending[0]}",
                                                 headers=bench.keyed, timeout=10)
            if body and body.get("status") in ("ready", "failed"):
                pending.pop(0)
                continue
        except (HTTPFailure, TimeoutError):
            pass
        await asyncio.sleep(0.3)
    return time.monotonic() - started


def capacity_of(body: Any) -> float | None:
    """The server's own synthesis capacity (seconds of audio per second), if it reports one."""
    if isinstance(body, dict):
        for name, value in body.items():
            if "capacity" in name and isinstance(value, int | float) and value > 0:
                return float(value)
            found = capacity_of(value)
            if found:
                return found
    return None


async def set_up(bench: Bench, ready: dict[str, Any], capacity: float | None) -> None:
    """The cached article for B, made by a publisher; its manifest gives the MP3's byte rate,
    and its making time the synthesis capacity (unless the server reports its own)."""
    client = bench.client
    started = time.monotonic()
    status, _, body = await client.json("POST", "/api/articles", {"text": bench.new_text(3000)},
                                        headers=bench.keyed, timeout=30)
    if status not in (200, 201):
        raise SystemExit(f"set-up: POST answered {status}: {body}")
    bench.cached_id = body["id"]
    [manifest] = await asyncio.to_thread(bench.server.wait_articles, bench.cached_id)
    wall = time.monotonic() - started
    bench.cached_bytes = int(manifest["bytes"])
    audio = manifest.get("audio") or {}
    bench.byte_rate = audio["bitrate"] * 1000 / 8 if audio.get("bitrate") else \
        manifest["bytes"] / manifest["duration"]
    reported = capacity_of(ready)
    if capacity:
        bench.capacity = capacity
        bench.capacity_source = (f"given with --capacity; measured here: a publisher's "
                                 f"{manifest['duration']:.0f} s article in {wall:.1f} s")
    elif reported:
        bench.capacity, bench.capacity_source = reported, "reported by /readyz"
    else:
        bench.capacity = manifest["duration"] / wall
        bench.capacity_source = (f"measured: a publisher's {manifest['duration']:.0f} s article "
                                 f"made in {wall:.1f} s")


# -- A: many readers press play on one new article -------------------------------------------------
@dataclass
class Reader:
    speed: float
    action: str  # plain | pause | seek
    press: float  # seconds after the scenario's start
    at: float = 0.0  # pause or seek, seconds after first audio
    arg: float = 0.0  # pause length (s), or seek jump (s of audio, negative: back)
    post: str = ""
    gets: list[str] = field(default_factory=list)
    player: Player | None = None
    outcome: str = ""


async def read_article(bench: Bench, reader: Reader, audio_url: str, player: Player,
                       listen_s: float, deadline: float) -> None:
    """GET the MP3 and play it for ``listen_s`` after its first audio, pausing or seeking once."""
    loop = asyncio.get_running_loop()
    give_up = min(deadline, player.waiting_since + FIRST_AUDIO_LIMIT_S)
    try:
        conn = await bench.client.open("GET", audio_url, timeout=max(0.1, give_up - loop.time()))
    except HTTPFailure as exc:
        reader.gets.append("no answer")
        reader.outcome = f"GET: {exc}"
        return
    reader.gets.append(str(conn.status))
    try:
        if conn.status != 200:
            reader.outcome = f"GET {conn.status}"
            return
        first = await play(conn, player, give_up, to_audio=True)
        if player.playing_since is None:
            reader.outcome = "GET: no audio in time" if first == "time" else f"GET: stream {first}"
            return
        start = player.playing_since
        end = min(deadline, start + listen_s)
        if reader.action == "plain":
            reader.outcome = await play(conn, player, end)
            return
        outcome = await play(conn, player, min(end, start + reader.at))
        if outcome != "time" or loop.time() >= end:
            reader.outcome = outcome
            return
        if reader.action == "pause":
            player.pause(loop.time(), True)
            outcome = await play(conn, player, min(end, loop.time() + reader.arg))
            player.pause(loop.time(), False)
            reader.outcome = outcome if outcome != "time" else await play(conn, player, end)
            return
        conn.close()  # seek: a new request from the new position
        offset = max(0, int(player.pos + reader.arg * bench.byte_rate))
        player.seek(offset, loop.time())
        try:
            conn = await bench.client.open("GET", audio_url, {"Range": f"bytes={offset}-"},
                                           timeout=max(0.1, end - loop.time()))
        except HTTPFailure as exc:
            reader.gets.append("no answer")
            player.seek_waits.append(math.inf)
            reader.outcome = f"seek GET: {exc}"
            return
        reader.gets.append(str(conn.status))
        if conn.status == 206:
            player.incoming = float(conn.headers.get("content-range", f"bytes {offset}-")
                                    .split()[1].split("-")[0])
        elif conn.status == 200:
            player.incoming = 0.0
        else:
            reader.outcome = f"seek GET {conn.status}"
            return
        reader.outcome = await play(conn, player, end)
        if player.playing_since is None:
            player.seek_waits.append(math.inf)
            reader.outcome = "seek: no audio in time"
    finally:
        player.finish(loop.time())
        conn.close()


async def scenario_a(bench: Bench, readers: int, listen_s: float = 30.0) -> str:
    rng = random.Random(11)
    text = bench.new_text(4500)
    payload = {"title": text.split("\n\n")[0], "html": as_html(text)}
    crowd = []
    for _ in range(readers):
        action = rng.choice(["plain"] * 3 + ["pause", "seek"])
        reader = Reader(speed=rng.choice([1.0, 1.0, 1.0, 1.5, 2.0]), action=action,
                        press=rng.uniform(0, 1))
        if action == "pause":
            reader.at, reader.arg = rng.uniform(4, 12), rng.uniform(3, 6)
        elif action == "seek":
            reader.at, reader.arg = rng.uniform(6, 14), rng.choice([20.0, -8.0])
        crowd.append(reader)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    deadline = t0 + 60
    ids: set[str] = set()

    async def one(reader: Reader) -> None:
        await asyncio.sleep(reader.press)
        pressed = loop.time()
        reader.player = Player(bench.byte_rate * reader.speed, pressed)
        try:
            status, _, body = await bench.client.json(
                "POST", "/api/articles", payload, headers=bench.page,
                timeout=FIRST_AUDIO_LIMIT_S)
            reader.post = str(status)
            if status not in (200, 201) or not body:
                reader.outcome = f"POST {status}"
                return
            ids.add(body["id"])
            await read_article(bench, reader, body["audio_url"], reader.player, listen_s, deadline)
        except (HTTPFailure, TimeoutError) as exc:
            reader.outcome = f"POST: {str(exc) or type(exc).__name__}"
            reader.post = reader.post or "no answer"
        except (ValueError, KeyError) as exc:
            reader.outcome = f"bad answer {type(exc).__name__}"

    escaped = await settle([asyncio.create_task(one(reader)) for reader in crowd], deadline + 5)
    bench.made.extend(ids)
    elapsed = loop.time() - t0

    players = [r.player for r in crowd if r.player is not None]
    firsts = [p.first_audio for p in players if p.first_audio is not None]
    no_audio = readers - len(firsts)
    everyone = firsts + [math.inf] * no_audio  # a reader without audio counts as the slowest
    within = sum(1 for f in firsts if f <= 1.0)
    stalled = [p for p in players if p.stalls]
    stall_s = sum(p.stall_s for p in stalled)
    seek_waits = [w for p in players for w in p.seek_waits]
    seekers = [r for r in crowd if len(r.gets) > 1]
    p50, worst = pct(everyone, 0.5), max(everyone, default=math.nan)
    return "\n".join([
        f"**A. {readers} readers press play on one new article within 1 s**",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| first audio (press to first MP3 byte) p50 / p95 / max, all readers | {secs(p50)} / "
        f"{secs(pct(everyone, 0.95))} / {secs(worst)} | median <= 0.3 s {mark(p50 <= 0.3)} |",
        f"| readers with first audio within 1 s | {within} of {readers} | all "
        f"{mark(worst <= 1.0)} |",
        f"| readers without audio ({FIRST_AUDIO_LIMIT_S:.0f} s limit, errors) | {no_audio} | 0 "
        f"{mark(no_audio == 0)} |",
        f"| first audio p50 / max, readers who got it | {secs(pct(firsts, 0.5))} / "
        f"{secs(max(firsts, default=math.nan))} | |",
        f"| readers that stalled after their first second | {len(stalled)} "
        f"({sum(p.stalls for p in stalled)} stalls, {stall_s:.1f} s in all) | 0 "
        f"{mark(not stalled)} |",
        f"| seeks: answers / wait for audio p50, max | {counts(Counter(r.gets[-1] for r in seekers))}"
        f" / {secs(pct(seek_waits, 0.5))}, {secs(max(seek_waits, default=math.nan))} | |",
        "",
        f"- POST answers: {counts(Counter(r.post or 'not sent' for r in crowd))}; GET answers: "
        f"{counts(Counter(g for r in crowd for g in r.gets))}; readers' ends: "
        f"{counts(Counter(r.outcome or 'unfinished' for r in crowd) + escaped)}",
        f"- one {len(text):,}-character article posted as HTML by every reader (same id); each "
        f"listens {listen_s:.0f} s from its first audio at 1x, 1.5x or 2x with {READ_AHEAD_S:.0f} s "
        f"read-ahead; {sum(r.action == 'pause' for r in crowd)} pause 3-6 s, "
        f"{sum(r.action == 'seek' for r in crowd)} seek once (+20 s or -8 s); "
        f"{elapsed:.0f} s in all",
    ])


# -- B: many slow connections, and a prober --------------------------------------------------------
async def hold_reader(bench: Bench, path: str, until: float, tally: Counter[str],
                      new_payload: dict[str, str] | None = None) -> None:
    """A connection reading ``path`` at a quarter of playback speed until ``until``."""
    loop = asyncio.get_running_loop()
    kind = "new" if new_payload else "cached"
    try:
        if new_payload:
            status, _, body = await bench.client.json(
                "POST", "/api/articles", new_payload, headers=bench.page,
                timeout=max(0.1, until - loop.time()))
            if status not in (200, 201):
                tally[f"{kind} POST {status}"] += 1
                return
            path = body["audio_url"]
        conn = await bench.client.open("GET", path, timeout=max(0.1, until - loop.time()))
    except (HTTPFailure, TimeoutError):
        tally[f"{kind} no answer"] += 1
        return
    try:
        player = Player(SLOW_RATE, loop.time())
        ended = await play(conn, player, until)
        state = "reading" if player.first_audio is not None else "no bytes yet"
        tally[f"{kind} {conn.status} {state}" + ("" if ended == "time" else f" ({ended})")] += 1
    finally:
        conn.close()


async def hold_raw(bench: Bench, until: float, tally: Counter[str], slowloris: bool) -> None:
    """Slowloris (a request whose headers never end, a byte every 10 s), or a whole request
    whose answer is never read."""
    loop = asyncio.get_running_loop()
    kind = "slowloris" if slowloris else "unread"
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", bench.client.port)
    except OSError:
        tally[f"{kind} refused"] += 1
        return
    try:
        if slowloris:
            writer.write(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{bench.client.port}\r\n"
                         "X-Slow: ".encode())
        else:
            writer.write(bench.client.raw("GET", "/healthz"))
        await writer.drain()
        closed = False
        while loop.time() < until and not closed:
            await asyncio.sleep(min(10.0, until - loop.time()))
            if slowloris and loop.time() < until:
                try:
                    writer.write(b"a")
                    await writer.drain()
                except OSError:
                    closed = True
            closed = closed or reader.at_eof()
        tally[f"{kind} " + ("closed by the server" if closed else "still open")] += 1
    except OSError:
        tally[f"{kind} broken"] += 1
    finally:
        writer.close()


async def probe(bench: Bench, path: str, results: list[float], failures: Counter[str]) -> None:
    """Time a fresh connection's GET to its first body byte."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        async with asyncio.timeout(PROBE_TIMEOUT_S):
            conn = await bench.client.open("GET", path, timeout=PROBE_TIMEOUT_S)
            try:
                if conn.status != 200:
                    failures[str(conn.status)] += 1
                    return
                if not await conn.read_some(1):
                    failures["empty"] += 1
                    return
            finally:
                conn.close()
    except TimeoutError:
        failures["timeout"] += 1
        return
    except HTTPFailure as exc:
        failures["timeout" if str(exc) == "TimeoutError" else str(exc)] += 1
        return
    results.append(loop.time() - started)


def probe_process(port: int, cached_path: str, seconds: float, every: float,
                  out: Any) -> None:
    """In a process of its own (so that the 500 connections' client loop does not delay it):
    every ``every`` s, time a fresh connection's GET of /healthz and of the cached article to
    the first byte of the body; puts (health, health_failures, cached, cached_failures)."""
    import socket

    def timed(path: str) -> float | str:
        started = time.perf_counter()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=PROBE_TIMEOUT_S) as sock:
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: probe\r\n\r\n".encode())
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = sock.recv(4096)
                    if not chunk:
                        return "closed"
                    head += chunk
                status = head.split(b" ", 2)[1].decode()
                if status != "200":
                    return status
                if len(head.partition(b"\r\n\r\n")[2]) == 0 and not sock.recv(1):
                    return "empty"
        except OSError as exc:
            return "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__
        return time.perf_counter() - started

    results: dict[str, tuple[list[float], Counter[str]]] = {
        "/healthz": ([], Counter()), cached_path: ([], Counter())}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        tick = time.monotonic()
        for path, (values, failures) in results.items():
            outcome = timed(path)
            if isinstance(outcome, float):
                values.append(outcome)
            else:
                failures[outcome] += 1
        time.sleep(max(0.0, every - (time.monotonic() - tick)))
    out.put((*results["/healthz"], *results[cached_path]))


async def probing(bench: Bench, until: float, every: float = 0.1
                  ) -> tuple[list[float], Counter[str], list[float], Counter[str]]:
    """Probe /healthz and the cached article's first byte every ``every`` s until ``until``,
    from a separate process."""
    import multiprocessing

    loop = asyncio.get_running_loop()
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    prober = context.Process(target=probe_process, args=(
        bench.client.port, f"/audio/{bench.cached_id}.mp3", until - loop.time(), every, out))
    prober.start()
    result = await loop.run_in_executor(None, out.get)
    await loop.run_in_executor(None, prober.join)
    return result  # type: ignore[no-any-return]


async def scenario_b(bench: Bench, connections: int) -> str:
    loop = asyncio.get_running_loop()
    idle = await probing(bench, loop.time() + 3)
    rss_before = bench.server.worker_rss()
    n_cached, n_new, n_loris = round(connections * 0.5), round(connections * 0.2), \
        round(connections * 0.15)
    n_unread = connections - n_cached - n_new - n_loris
    news = [{"text": bench.new_text(1500)} for _ in range(4)]
    tally: Counter[str] = Counter()
    t0 = loop.time()
    until = t0 + HOLD_S
    kinds = ["cached"] * n_cached + ["new"] * n_new + ["loris"] * n_loris + ["unread"] * n_unread
    random.Random(12).shuffle(kinds)
    peak: dict[int, int] = dict(rss_before)
    prober = asyncio.create_task(probing(bench, until))

    async def watch_rss() -> None:
        while loop.time() < until:
            for pid, rss in bench.server.worker_rss().items():
                peak[pid] = max(peak.get(pid, 0), rss)
            await asyncio.sleep(0.5)

    watcher = asyncio.create_task(watch_rss())
    holders = []
    for i, kind in enumerate(kinds):  # opened over ~2 s
        if kind == "cached":
            job = hold_reader(bench, f"/audio/{bench.cached_id}.mp3", until, tally)
        elif kind == "new":
            job = hold_reader(bench, "", until, tally, news[i % len(news)])
        else:
            job = hold_raw(bench, until, tally, slowloris=kind == "loris")
        holders.append(asyncio.create_task(job))
        if i % 25 == 24:
            await asyncio.sleep(0.1)
    tally.update(await settle(holders, until + 10))
    health, health_fail, cached, cached_fail = await prober
    await watcher
    for payload in news:  # for the wait before C
        try:
            _, _, body = await bench.client.json("POST", "/api/articles", payload,
                                                 headers=bench.keyed, timeout=30)
            bench.made.append(body["id"])
        except (HTTPFailure, TimeoutError, TypeError, KeyError):
            pass

    def row(name: str, values: list[float], fails: Counter[str], target: float) -> str:
        p99 = pct(values, 0.99)
        ok = not fails and p99 <= target
        return (f"| {name} | {len(values) + sum(fails.values())} | {ms(pct(values, 0.5))} | "
                f"{ms(p99)} | {ms(max(values) if values else math.nan)} | "
                f"{sum(fails.values())} ({counts(fails)}) | p99 <= {target * 1000:.0f} ms, no "
                f"failure {mark(ok)} |")

    growth = sum(peak.values()) - sum(rss_before.values())
    mb = 1 << 20
    return "\n".join([
        f"**B. {connections} slow connections held {HOLD_S:.0f} s; fresh probes every 100 ms**",
        "",
        "| probe | probes | p50 | p99 | max | failures | target |",
        "|---|---|---|---|---|---|---|",
        row("/healthz", health, health_fail, 0.100),
        row("cached article, first byte", cached, cached_fail, 0.050),
        row("/healthz, before the connections (3 s)", idle[0], idle[1], 0.100),
        row("cached first byte, before (3 s)", idle[2], idle[3], 0.050),
        "",
        f"- connections: {n_cached} read the cached article ({bench.cached_bytes:,} bytes) and "
        f"{n_new} read one of 4 new 1,500-character articles, all at {SLOW_RATE:,} bytes/s; "
        f"{n_loris} slowloris (headers never end); {n_unread} send `GET /healthz` and never read",
        f"- how they fared: {counts(tally)}",
        "",
        "**D. Memory of the gunicorn workers (around B)**",
        "",
        "| workers | RSS before B | peak RSS in B | growth | target |",
        "|---|---|---|---|---|",
        f"| {len(rss_before)} | {sum(rss_before.values()) / mb:,.0f} MB | "
        f"{sum(peak.values()) / mb:,.0f} MB | {growth / mb:,.0f} MB | <= 200 MB "
        f"{mark(growth <= 200 * mb)} |",
        "",
        "- per worker (one voice each): " + ", ".join(
            f"pid {pid}: {rss_before.get(pid, 0) / mb:,.0f} -> {peak[pid] / mb:,.0f} MB"
            for pid in sorted(peak)),
    ])


# -- C: new articles at twice the capacity ---------------------------------------------------------
async def scenario_c(bench: Bench, window_s: float = 20.0, chars: int = 600) -> str:
    loop = asyncio.get_running_loop()
    slots = max(2, round(2 * bench.capacity))
    t0 = loop.time()
    window_end, deadline = t0 + window_s, t0 + 60
    admitted: list[Player] = []
    outcomes: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    retried = no_retry_after = failures_5xx = 0
    answer_s: dict[int, list[float]] = {}  # POST answer times by status
    pool = [bench.new_text(chars) for _ in range(slots * 4)]

    async def slot(index: int) -> None:
        nonlocal retried, no_retry_after, failures_5xx
        await asyncio.sleep(index * 2.0 / slots)
        attempt = 0
        while loop.time() < window_end:
            text = pool.pop() if pool else bench.new_text(chars)
            payload = {"html": as_html(text)} if attempt % 2 else {"text": text}
            attempt += 1
            player = Player(bench.byte_rate, loop.time())
            try:
                status, headers, body = await bench.client.json(
                    "POST", "/api/articles", payload, headers=bench.page,
                    timeout=max(0.1, deadline - loop.time()))
                answers[f"POST {status}"] += 1
                answer_s.setdefault(status, []).append(loop.time() - player.waiting_since)
                if status in (200, 201):
                    bench.made.append(body["id"])
                    conn = await bench.client.open("GET", body["audio_url"],
                                                   timeout=max(0.1, deadline - loop.time()))
                    answers[f"GET {conn.status}"] += 1
                    status, headers = conn.status, conn.headers
                    if status == 200:
                        admitted.append(player)
                        try:
                            outcomes[await play(conn, player, deadline)] += 1
                        finally:
                            player.finish(loop.time())
                            conn.close()
                        continue
                    conn.close()
                if status in (429, 503):
                    retried += 1
                    if "retry-after" not in headers:
                        no_retry_after += 1
                    try:
                        wait = float(headers.get("retry-after", "5"))
                    except ValueError:
                        wait = 5.0
                    await asyncio.sleep(min(wait, 5.0, max(0.0, window_end - loop.time())))
                elif status >= 500:
                    failures_5xx += 1
                    await asyncio.sleep(1.0)
                else:
                    outcomes[f"answer {status}"] += 1
                    await asyncio.sleep(1.0)
            except (HTTPFailure, TimeoutError) as exc:
                outcomes[f"error {str(exc) or type(exc).__name__}"] += 1
                await asyncio.sleep(1.0)

    outcomes.update(await settle([asyncio.create_task(slot(i)) for i in range(slots)],
                                 deadline + 5))
    elapsed = loop.time() - t0
    stalled = [p for p in admitted if p.stalls]
    firsts = [p.first_audio for p in admitted if p.first_audio is not None]
    told = answer_s.get(503, []) + answer_s.get(429, [])
    return "\n".join([
        "**C. New articles started at twice the synthesis capacity**",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| streams admitted and read | {len(admitted)} | |",
        f"| admitted streams that stalled after their first second | {len(stalled)} "
        f"({sum(p.stalls for p in stalled)} stalls, {sum(p.stall_s for p in stalled):.1f} s) | "
        f"0 {mark(not stalled)} |",
        f"| told to retry (503/429) / of them without Retry-After | {retried} / {no_retry_after} | "
        f"Retry-After on all {mark(no_retry_after == 0)} |",
        f"| other 5xx answers | {failures_5xx} | 0 {mark(failures_5xx == 0)} |",
        f"| time to be told to retry (POST answered 503/429) p50 / max | "
        f"{secs(pct(told, 0.5))} / {secs(max(told, default=math.nan))} | |",
        f"| first audio of admitted streams p50 / max | {secs(pct(firsts, 0.5))} / "
        f"{secs(max(firsts) if firsts else math.nan)} | |",
        "",
        f"- capacity {bench.capacity:.1f} s of audio per second ({bench.capacity_source}); "
        f"{slots} listeners at once, each posting a new ~{chars}-character article (HTML or "
        f"text) and reading it at 1x to its end, the next one when done or told to retry "
        f"(waiting Retry-After, at most 5 s); new articles for {window_s:.0f} s, {elapsed:.0f} s "
        "in all",
        f"- answers: {counts(answers)}; admitted streams' ends: {counts(outcomes)}",
    ])


# -- main ------------------------------------------------------------------------------------------
async def run(args: argparse.Namespace, server: harness.Server) -> list[str]:
    bench = Bench(Client(server.port), server)
    await set_up(bench, server.ready, args.capacity)
    print(f"set-up: {bench.byte_rate:,.0f} bytes per second of audio; capacity "
          f"{bench.capacity:.1f} s of audio per second ({bench.capacity_source})", file=sys.stderr)
    scenarios = "ABC" if args.scenario == "all" else args.scenario
    sections = []
    for name in scenarios:
        if bench.made:  # the server finishes the previous scenario's articles first
            waited = await wait_made(bench, bench.made, 60)
            print(f"(waited {waited:.0f} s for earlier articles to be made)", file=sys.stderr)
            bench.made.clear()
        print(f"scenario {name}...", file=sys.stderr)
        if name == "A":
            sections.append(await scenario_a(bench, args.readers))
        elif name == "B":
            sections.append(await scenario_b(bench, args.connections))
        else:
            sections.append(await scenario_c(bench))
        print(sections[-1] + "\n", flush=True)  # as soon as it is known
    return sections


def main() -> None:
    parser = harness.arguments(__doc__)
    parser.add_argument("--scenario", choices=["A", "B", "C", "all"], default="all")
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--capacity", type=float,
                        help="C: seconds of audio made per second (default: the server's own "
                             "figure, else measured in the set-up; on a shared machine it varies)")
    parser.add_argument("--server-log", type=Path, help="keep gunicorn's error log here")
    args = harness.parse(parser, quick={"readers": 20, "connections": 50})
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * (args.readers + args.connections) + 1024
    if soft != resource.RLIM_INFINITY and soft < wanted:  # the server inherits it too
        resource.setrlimit(resource.RLIMIT_NOFILE, (
            wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    # every reader comes from 127.0.0.1: one client, whose budget is raised
    settings = {"TTS_API_KEYS": hash_key(KEY), **harness.OPEN_BUDGET}
    with harness.served(settings, log=args.server_log) as server:
        sections = asyncio.run(run(args, server))
        workers = len(server.worker_rss())
        server.stop()
        logged = server.log_lines()
    noted = [line for line in logged if any(word in line for word in (
        "Traceback", "[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Exception"))]
    footer = "\n".join([
        f"- server: `tts-service serve` (gunicorn, {workers} gevent worker(s)) on "
        "127.0.0.1, fresh cache; keyless readers from the service's own page (Origin), "
        "per-client budget raised; one asyncio client on the same 2 cores, and B's probes from a "
        "process of their own (so that the client's loop, busy with 500 connections, does not "
        "delay them)",
        f"- server error log: {len(noted)} lines of errors or tracebacks"
        + (f", first: `{noted[0].strip()[:160]}`" if noted else ""),
    ])
    print(footer)
    report = "\n\n".join([*sections, footer])
    if args.results:
        harness.write_section(args.results, TITLE, report)


if __name__ == "__main__":
    main()
