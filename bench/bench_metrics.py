"""What metrics and request ids cost a request (issue #13): two `tts-service serve` processes on
one cache, one with ``TTS_METRICS=off`` and one with ``TTS_METRICS=open``, each asked the same
requests in alternating rounds over one keep-alive connection.

    .venv/bin/python bench/bench_metrics.py [--rounds 5] [--requests 1000] [--quick]
        [--results bench/RESULTS.md]

Cases: ``GET /healthz`` (the cheapest request: the overhead shows most) and a 64 KB range of a
made article's MP3 (what listeners ask most). Target: requests/s with metrics on >= 0.9 x off.
"""

from __future__ import annotations

import contextlib
import http.client
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "bench-metrics-publisher-key"
TITLE = "bench_metrics.py: what metrics cost a request (issue #13)"
TEXT = ("The council met on Tuesday night and voted to reopen the harbor bridge in spring.\n\n"
        "Traffic is expected to return to normal by the summer, officials said.")


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
    parser = harness.arguments(__doc__, rounds=5, results=harness.RESULTS)
    parser.add_argument("--requests", type=int, default=1000)
    args = harness.parse(parser, quick={"rounds": 1, "requests": 200})
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        cache = Path(tmp) / "cache"
        servers = {name: stack.enter_context(harness.served(
                       {"TTS_METRICS": name, "TTS_API_KEYS": hash_key(KEY)}, cache=cache))
                   for name in ("off", "open")}
        made = servers["off"].post_article({"text": TEXT}, headers={"Authorization": f"Bearer {KEY}"})
        servers["off"].wait_articles(made["id"])
        cases = {"GET /healthz": ("/healthz", {}),
                 "GET 64 KB of a made MP3 (Range)": (made["audio_url"], {"Range": "bytes=0-65535"})}
        for path, headers in cases.values():  # warm both up
            for server in servers.values():
                rate(server.base, path, headers, 100)
        runs = {(case, name): (lambda base=server.base, path=path, headers=headers:
                               rate(base, path, headers, args.requests))
                for case, (path, headers) in cases.items() for name, server in servers.items()}
        rates = harness.alternating(runs, args.rounds, swap=False)
    rows = ["| case | metrics off, req/s | metrics on, req/s | on / off |", "|---|---|---|---|"]
    for case in cases:
        off, on = rates[(case, "off")], rates[(case, "open")]
        rows.append(f"| {case} | {statistics.median(off):,.0f} | {statistics.median(on):,.0f} | "
                    f"**{harness.ratio(on, off):.2f}** |")
    body = "\n".join(rows) + (
        f"\n\n- medians of {args.rounds} alternating rounds of {args.requests:,} requests on one "
        "keep-alive connection, client and server on the same 2 cores; target: on / off >= 0.9\n"
        "- servers: `tts-service serve` (1 gevent worker each) with `TTS_METRICS=off` and "
        "`TTS_METRICS=open` on one cache; both give every response an `X-Request-Id`")
    harness.report(TITLE, body, args.results)


if __name__ == "__main__":
    main()
