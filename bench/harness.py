"""What every bench shares: its command line, a real `tts-service serve` to measure, waits with
deadlines, timing of paired runs, and the one place results are written (bench/RESULTS.md).

A bench imports this module and no other bench. The parts:

- ``arguments`` / ``parse``: ``--results`` and ``--quick`` on every bench (``--rounds`` where it
  repeats); ``--quick`` swaps in the bench's smallest run and writes no results unless asked;
  from ``parse`` on, SIGTERM unwinds the bench like Ctrl-C, stopping what it started.
- ``served`` / ``start_server``: a server on a free port with its own cache folder, TTS_* settings
  and log file, ready when ``/healthz`` and ``/readyz`` answer; stopped cleanly, its process group
  killed if it does not stop.
- ``service_process``: another server a bench needs (Redis, an S3 server), killed at the end.
- ``Server.post_article`` / ``Server.wait_articles``: a new article, refused loudly; until articles
  are ready, with a deadline; an article that failed fails the bench.
- ``times`` / ``alternating`` / ``ratio``: runs measured against a baseline in the same command.
- ``report`` / ``write_section``: print a bench's Markdown and replace its section in RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import requests

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
ARTICLE = BENCH / "articles" / "harbor_bridge.txt"  # the ~5,000-character news article

SERVER_READY_WITHIN = 180.0  # seconds for a server to answer; a busy 2-core machine is slow to start
ARTICLE_READY_WITHIN = 600.0  # seconds for articles to be made (a 5,000-character one: ~17 s quiet)
STOP_WITHIN = 60.0  # seconds for gunicorn to stop its workers before its process group is killed
# Every reader of a bench comes from 127.0.0.1, one client posting again and again: its budget
# is raised so that the bench measures the service, not the per-client limit.
OPEN_BUDGET = {"TTS_ANON_CHARS_PER_MINUTE": "100000000", "TTS_ANON_BURST_CHARS": "100000000"}
# The voice's capacity (for admission control) at what it makes on a quiet machine here (244 s
# of audio in 16.8 s): measured at start on a busy machine, it can be so low that even one keyless
# reader is refused, and a bench that is not about admission control would measure nothing.
PINNED_CAPACITY = {"TTS_SYNTH_CAPACITY": "14"}
ONE_READER = {**OPEN_BUDGET, **PINNED_CAPACITY}  # readers who come one at a time

K = TypeVar("K")
T = TypeVar("T")


class BenchError(RuntimeError):
    """A bench cannot go on: the server did not start, an article failed, a deadline passed."""


# -- the command line ------------------------------------------------------------------------------
_UNSET: Any = object()  # "not on the command line", told apart from a default that was typed


def arguments(doc: str, *, rounds: int | None = None, rounds_flag: str = "--rounds",
              results: Path | None = None) -> argparse.ArgumentParser:
    """A parser with the bench's docstring as its help, ``--results`` (default ``results``: None
    writes nothing), ``--quick`` and, when ``rounds`` is given, ``--rounds`` (or ``rounds_flag``)."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    if rounds is not None:
        parser.add_argument(rounds_flag, type=int, default=rounds,
                            help=f"repetitions of each measured run (default {rounds})")
    parser.add_argument("--results", type=Path, default=results,
                        help="replace this bench's section of this Markdown file"
                             + (f" (default {results.relative_to(ROOT)})" if results else ""))
    parser.add_argument("--quick", action="store_true",
                        help="a small, short run that still goes through everything: a smoke "
                             "test, whose results are written only when --results is given")
    return parser


def parse(parser: argparse.ArgumentParser, quick: Mapping[str, Any] | None = None,
          argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; with ``--quick``, the options in ``quick`` (by their names in the
    namespace) take those values unless given on the command line, and ``--results`` is off
    unless given."""
    _stop_on_sigterm()
    overrides = {"results": None, **(quick or {})}
    unknown = set(overrides) - set(vars(parser.parse_args([])))
    if unknown:
        raise ValueError(f"--quick sets options the parser does not have: {sorted(unknown)}")
    args = parser.parse_args(argv, namespace=argparse.Namespace(**dict.fromkeys(overrides, _UNSET)))
    for name, value in overrides.items():
        if getattr(args, name) is _UNSET:
            setattr(args, name, value if args.quick else parser.get_default(name))
    return args


def _stop_on_sigterm() -> None:
    """A bench stopped by SIGTERM (``timeout``, ``kill``, a service manager) unwinds as it does on
    Ctrl-C: its ``with`` blocks and ``finally`` clauses run, so no server it started is left."""
    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, stop)


# -- a real server ---------------------------------------------------------------------------------
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One `tts-service serve` process (gunicorn's master, leader of its own process group)."""

    process: subprocess.Popen[bytes]
    port: int
    cache: Path
    log: Path  # gunicorn's error log and the service's own log lines
    ready: dict[str, Any]  # what /readyz answered

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def wipe(self) -> None:
        """Empty the cache's segments and articles, so that the next article is made anew."""
        for sub in ("segments", "articles"):
            shutil.rmtree(self.cache / sub, ignore_errors=True)
            (self.cache / sub).mkdir(parents=True)

    def post_article(self, payload: Mapping[str, Any], *, session: requests.Session | None = None,
                     headers: Mapping[str, str] | None = None, timeout: float = 30) -> dict[str, Any]:
        """POST ``payload`` to /api/articles; its answer, or BenchError with the service's own
        error when it refused (a busy voice, a spent budget)."""
        reply = (session or requests).post(self.url("/api/articles"), json=payload,
                                            headers=dict(headers or {}), timeout=timeout)
        if reply.status_code not in (200, 201):
            raise BenchError(f"POST /api/articles answered {reply.status_code}: {reply.text[:300]}")
        return dict(reply.json())

    def wait_articles(self, *article_ids: str, session: requests.Session | None = None,
                   within: float = ARTICLE_READY_WITHIN) -> list[dict[str, Any]]:
        """Each article's status once it is ready (its manifest), waiting at most ``within``
        seconds in all; BenchError when one failed or the time is up."""
        get = (session or requests).get
        deadline = time.monotonic() + within
        manifests = []
        for article_id in article_ids:
            while True:
                body = get(self.url(f"/api/articles/{article_id}"), timeout=30).json()
                if body.get("status") == "ready":
                    manifests.append(body)
                    break
                if body.get("status") == "failed":
                    raise BenchError(f"article {article_id} failed: {body.get('error')}; "
                                     f"the server's log: {self.log}")
                if time.monotonic() > deadline:
                    raise BenchError(f"article {article_id} is still {body.get('status')} after "
                                     f"{within:.0f} s; the server's log: {self.log}")
                time.sleep(0.05)
        return manifests

    def log_lines(self) -> list[str]:
        return self.log.read_text("utf-8", "replace").splitlines() if self.log.exists() else []

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and all its descendants (the workers)."""
        table = _processes()
        return sum(table[pid].cpu for pid in _descendants(self.process.pid, table) if pid in table)

    def worker_rss(self) -> dict[int, int]:
        """Resident bytes of each of gunicorn's workers: the master's child processes but the
        listening events' supervisor (``python -m tts_service.serve events``), which is no worker."""
        return {pid: entry.rss for pid, entry in _processes().items()
                if entry.parent == self.process.pid and not _is_events_supervisor(pid)}

    def stop(self, within: float = STOP_WITHIN) -> None:
        """SIGTERM (gunicorn stops its workers gracefully); if the master is not gone within
        ``within`` s, SIGKILL its process group. Then nothing of the group is left running."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=within)
            except subprocess.TimeoutExpired:
                print(f"the server did not stop within {within:.0f} s: killed", file=sys.stderr)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # the master, or workers it left
        self.process.wait()


def start_server(cache: Path, log: Path, settings: Mapping[str, str] | None = None, *,
                 within: float = SERVER_READY_WITHIN, code: Path | None = None) -> Server:
    """Start `tts-service serve` on a free port with TTS_CACHE_DIR=``cache``, TTS_LOG_LEVEL
    WARNING and ``settings`` (the caller's own TTS_* variables are left out, so a bench measures
    what it says), gunicorn's error log in ``log``; return once it is ready. ``code``: another
    checkout whose code (and its ``.venv``) the server runs, for an A/B in one run."""
    port = free_port()
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("TTS_") and name != "PROMETHEUS_MULTIPROC_DIR"}
    env.update({"TTS_CACHE_DIR": str(cache), "TTS_LOG_LEVEL": "WARNING",
                # the server runs this tree's code, as the bench does
                "PYTHONPATH": os.pathsep.join(filter(None, [str(code or ROOT), os.environ.get("PYTHONPATH")])),
                **(settings or {})})
    exe = code / ".venv" / "bin" / "tts-service" if code else Path(sys.executable).with_name("tts-service")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as errors:  # gunicorn's access log (stdout) is dropped
        process = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, cwd=code or ROOT,
                                   stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
    server = Server(process, port, cache, log, {})
    try:
        server.ready = _wait_serving(server, within)
    except BaseException:
        server.stop(within=10)
        raise
    return server


@contextlib.contextmanager
def served(settings: Mapping[str, str] | None = None, *, cache: Path | None = None,
           log: Path | None = None, within: float = SERVER_READY_WITHIN,
           code: Path | None = None) -> Iterator[Server]:
    """A ready server for the ``with`` block, stopped at its end; its cache and log go in a
    temporary folder unless given (read ``log_lines`` before the block ends); ``code``: see
    ``start_server``."""
    with tempfile.TemporaryDirectory(prefix="tts-bench-") as tmp:
        server = start_server(cache or Path(tmp) / "cache", log or Path(tmp) / "server.log",
                              settings, within=within, code=code)
        try:
            yield server
        finally:
            server.stop()


@contextlib.contextmanager
def service_process(args: Sequence[str], ready: Callable[[], bool], what: str,
                    within: float = 60.0) -> Iterator[subprocess.Popen[bytes]]:
    """Another server a bench needs (redis-server, moto's S3), in its own process group, for the
    ``with`` block: returned once ``ready()``, killed at the end."""
    process = subprocess.Popen(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + within
        while not ready():
            if process.poll() is not None or time.monotonic() > deadline:
                raise BenchError(f"{what} did not start")
            time.sleep(0.1)
        yield process
    finally:
        process.kill()
        process.wait()


def _wait_serving(server: Server, within: float) -> dict[str, Any]:
    """/readyz's answer once /healthz and /readyz both answer 200 (each worker loads the voice
    before it serves); BenchError with the log's end if the process exits or time runs out."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"the server exited with {server.process.returncode}:\n{_tail(server)}")
        try:
            if requests.get(server.url("/healthz"), timeout=5).status_code == 200:
                ready = requests.get(server.url("/readyz"), timeout=10)
                if ready.status_code == 200:
                    return dict(ready.json())
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.1)
    raise BenchError(f"the server did not become ready within {within:.0f} s:\n{_tail(server)}")


def _tail(server: Server, lines: int = 20) -> str:
    return "\n".join(server.log_lines()[-lines:]) or f"(nothing in {server.log})"


@dataclass(frozen=True)
class _Process:
    parent: int
    cpu: float  # user + system seconds
    rss: int  # bytes


def _is_events_supervisor(pid: int) -> bool:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"tts_service.serve" in words and words[words.index(b"tts_service.serve") + 1:][:1] == [b"events"]


def _processes() -> dict[int, _Process]:
    """Every process this user can read in /proc: its parent, CPU seconds and resident bytes."""
    ticks, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = _Process(parent=int(fields[1]),
                                          cpu=(int(fields[11]) + int(fields[12])) / ticks,
                                          rss=int(fields[21]) * page)
    return table


def _descendants(pid: int, table: Mapping[int, _Process]) -> set[int]:
    family, grew = {pid}, True
    while grew:
        grew = False
        for child, entry in table.items():
            if entry.parent in family and child not in family:
                family.add(child)
                grew = True
    return family


def first_bytes(session: requests.Session, url: str, timeout: float = 120) -> float:
    """Seconds from sending a GET of ``url`` to holding the first bytes of its body."""
    started = time.perf_counter()
    with session.get(url, stream=True, timeout=timeout) as response:
        response.raise_for_status()
        next(response.iter_content(256))
        return time.perf_counter() - started


# -- timing against a baseline ---------------------------------------------------------------------
def timed(fn: Callable[[], object], setup: Callable[[], object] | None = None) -> float:
    """Seconds ``fn`` takes; ``setup`` runs first, untimed (to start cold, say)."""
    if setup is not None:
        setup()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def times(fn: Callable[[], object], rounds: int,
          setup: Callable[[], object] | None = None) -> list[float]:
    """``timed(fn, setup)`` ``rounds`` times."""
    return [timed(fn, setup) for _ in range(rounds)]


def alternating(runs: Mapping[K, Callable[[], T]], rounds: int, *,
                swap: bool = True) -> dict[K, list[T]]:
    """Every run once a round, in the mapping's order (with ``swap``, reversed every other round),
    so that the machine's noise hits the measured runs and their baseline alike; each run's
    results by name."""
    results: dict[K, list[T]] = {name: [] for name in runs}
    for round_ in range(rounds):
        names = list(runs)
        if swap and round_ % 2:
            names.reverse()
        for name in names:
            results[name].append(runs[name]())
    return results


def ratio(measured: Sequence[float], baseline: Sequence[float]) -> float:
    """Median of ``measured`` over the median of ``baseline``."""
    return statistics.median(measured) / statistics.median(baseline)


# -- results ---------------------------------------------------------------------------------------
def report(title: str, body: str, results: Path | None) -> None:
    """Print a bench's Markdown and, given a file, make it that file's section ``title``."""
    print(body)
    if results:
        write_section(results, title, body)


def write_section(path: Path, title: str, body: str) -> None:
    """Replace (or append) the section headed ``## title`` in ``path``; each bench owns one."""
    stamp = (f"_{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {platform.machine()}, "
             f"{os.cpu_count() or 0} cores_")
    section = f"## {title}\n{stamp}\n\n{body.strip()}\n"
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else (
        text.rstrip("\n") + "\n\n" + section)
    path.write_text(text, "utf-8")
