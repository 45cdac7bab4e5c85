"""Two faults a listener or a publisher must not wait on (issue #21), against a real
`tts-service serve`:

1. a publisher's request of 66,667 tiny segments ("A. A. A. ...", 200,000 characters): how long
   until it is refused (413), against a small new article's answer in the same run (the baseline);
2. Google's connections hanging (every HTTPS connection goes through a proxy that accepts and
   never answers, ``HTTPS_PROXY``): seconds from a gTTS article's POST to its first audio byte,
   which the offline voice makes once the online one has had ``TTS_ONLINE_FIRST_SECONDS``.

    .venv/bin/python bench/bench_faults.py [--rounds 5] [--quick] [--results bench/RESULTS.md]

Targets: the refusal within 50 ms; first audio within 2 s while Google hangs.
"""

from __future__ import annotations

import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "bench-publisher-key"
KEYED = {"Authorization": f"Bearer {KEY}"}
ATTACK = ("A. " * 66_667).strip()


def black_hole() -> int:
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(128)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    return int(server.getsockname()[1])


def post_seconds(server: harness.Server, payload: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    reply = requests.post(server.url("/api/articles"), json=payload, headers=KEYED, timeout=120)
    return time.perf_counter() - started, reply.status_code


def first_audio(server: harness.Server, index: int) -> float:
    """Seconds from the POST of a new gTTS article to its first audio byte."""
    started = time.perf_counter()
    posted = server.post_article({"text": f"Harbor news, part {index}. The ferry runs at noon.",
                                  "backend": "gtts"}, headers=KEYED, timeout=120)
    with requests.get(server.url(posted["audio_url"]), stream=True, timeout=120) as reply:
        reply.raise_for_status()
        next(reply.iter_content(256))
    return time.perf_counter() - started


def main() -> None:
    parser = harness.arguments(__doc__, rounds=5)
    args = harness.parse(parser, quick={"rounds": 2})
    settings = {"TTS_API_KEYS": hash_key(KEY), "HTTPS_PROXY": f"http://127.0.0.1:{black_hole()}",
                "NO_PROXY": "127.0.0.1,localhost", **harness.PINNED_CAPACITY}
    with harness.served(settings) as server:
        refused, baseline, statuses = [], [], set()
        for index in range(args.rounds):
            seconds, status = post_seconds(server, {"text": ATTACK})
            refused.append(seconds)
            statuses.add(status)
            baseline.append(post_seconds(server, {"text": f"A short new article, number {index}."})[0])
        waits = [first_audio(server, index) for index in range(args.rounds)]
    if statuses != {413}:
        raise harness.BenchError(f"the 66,667-segment request answered {statuses}, not 413")
    lines = [
        "| measure | median | runs | baseline (same run) |", "|---|---|---|---|",
        f"| 66,667-segment request refused (413) | {statistics.median(refused) * 1000:.0f} ms | "
        f"{', '.join(f'{s * 1000:.0f}' for s in refused)} ms | a small new article's POST: "
        f"{statistics.median(baseline) * 1000:.0f} ms |",
        f"| gTTS article while Google hangs: POST to first audio byte | "
        f"{statistics.median(waits):.2f} s | {', '.join(f'{s:.2f}' for s in waits)} s | "
        "TTS_ONLINE_FIRST_SECONDS 1.0 |",
    ]
    harness.report("Faults nobody waits on (issue 21)", "\n".join(lines), args.results)


if __name__ == "__main__":
    main()
