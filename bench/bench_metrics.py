"""What metrics and request ids cost a request (issue #13): two `tts-service serve` processes on
one cache, one with ``TTS_METRICS=off`` and one with ``TTS_METRICS=open``, each asked the same
requests in alternating rounds over one keep-alive connection.

    .venv/bin/python bench/bench_metrics.py [--rounds 5] [--requests 1000] [--results bench/RESULTS.md]

Cases: ``GET /healthz`` (the cheapest request: the overhead shows most) and a 64 KB range of a
made article's MP3 (what listeners ask most). Target: requests/s with metrics on >= 0.9 x off.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_first_audio import free_port  # noqa: E402
from results import write_section  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KEY = "bench-metrics-publisher-key"
TITLE = "bench_metrics.py: what metrics cost a request (issue #13)"
TEXT = ("The council met on Tuesday night and voted to reopen the harbor bridge in spring.\n\n"
        "Traffic is expected to return to normal by the summer, officials said.")


def start(cache: Path, metrics: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "TTS_CACHE_DIR": str(cache), "TTS_LOG_LEVEL": "WARNING",
           "TTS_METRICS": metrics, "TTS_API_KEYS": hash_key(KEY)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    exe = Path(sys.executable).with_name("tts-service")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                return proc, base
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not become ready")


def rate(base: str, path: str, headers: dict[str, str], count: int) -> float:
    """Requests per second over one keep-alive connection, each response read whole."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        started = time.perf_counter()
        for _ in range(count):
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status not in (200, 206):
                raise SystemExit(f"{path}: HTTP {response.status}")
        return count / (time.perf_counter() - started)
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        servers = {}
        try:
            for name in ("off", "open"):
                servers[name] = start(cache, name)
            base = servers["off"][1]
            made = requests.post(f"{base}/api/articles", json={"text": TEXT},
                                 headers={"Authorization": f"Bearer {KEY}"}, timeout=30).json()
            deadline = time.monotonic() + 120
            while requests.get(base + made["manifest_url"], timeout=10).json()["status"] != "ready":
                if time.monotonic() > deadline:
                    raise SystemExit("the article was not made")
                time.sleep(0.2)
            cases = {"GET /healthz": ("/healthz", {}),
                     "GET 64 KB of a made MP3 (Range)": (made["audio_url"],
                                                         {"Range": "bytes=0-65535"})}
            rates: dict[tuple[str, str], list[float]] = {}
            for path, headers in cases.values():  # warm both up
                for _, base in servers.values():
                    rate(base, path, headers, 100)
            for _ in range(args.rounds):
                for case, (path, headers) in cases.items():
                    for server, (_, base) in servers.items():
                        rates.setdefault((case, server), []).append(
                            rate(base, path, headers, args.requests))
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    rows = ["| case | metrics off, req/s | metrics on, req/s | on / off |", "|---|---|---|---|"]
    for case in cases:
        off = statistics.median(rates[(case, "off")])
        on = statistics.median(rates[(case, "open")])
        rows.append(f"| {case} | {off:,.0f} | {on:,.0f} | **{on / off:.2f}** |")
    body = "\n".join(rows) + (
        f"\n\n- medians of {args.rounds} alternating rounds of {args.requests:,} requests on one "
        "keep-alive connection, client and server on the same 2 cores; target: on / off >= 0.9\n"
        "- servers: `tts-service serve` (1 gevent worker each) with `TTS_METRICS=off` and "
        "`TTS_METRICS=open` on one cache; both give every response an `X-Request-Id`")
    print(body)
    write_section(args.results, TITLE, body)


if __name__ == "__main__":
    main()
