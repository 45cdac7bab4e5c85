"""Click to first audio: time to the first MP3 bytes of a new ~5,000-character article (POST, then
GET the MP3 until bytes arrive) against synthesize-then-send (POST, wait until the whole article is
made, then GET), both on a real gunicorn server in the same run; and first bytes of a cached article.

    .venv/bin/python bench/bench_first_audio.py [--trials 5] [--results bench/RESULTS.md]

Targets (2 cores, default voice): new article <= 0.5 s median and >= 20x sooner than
synthesize-then-send; cached <= 20 ms median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import write_section  # noqa: E402

ARTICLE = Path(__file__).parent / "articles" / "harbor_bridge.txt"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(cache: Path, port: int, **settings: str) -> subprocess.Popen[bytes]:
    """``tts-service serve`` on ``port`` with TTS_* ``settings`` added, once it is ready."""
    # Readers click from the service's own page, without a key; the per-client budget is raised
    # because one client posts the same article into a wiped cache again and again.
    env = {**os.environ, "TTS_CACHE_DIR": str(cache), "TTS_LOG_LEVEL": "WARNING",
           "TTS_ANON_CHARS_PER_MINUTE": "1000000", **settings}
    exe = Path(sys.executable).with_name("tts-service")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200:
                return proc
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not become ready")


def wipe(cache: Path) -> None:
    for sub in ("segments", "articles"):
        shutil.rmtree(cache / sub, ignore_errors=True)
        (cache / sub).mkdir(parents=True)


def wait_ready(base: str, article_id: str) -> None:
    while requests.get(f"{base}/api/articles/{article_id}", timeout=10).json()["status"] != "ready":
        time.sleep(0.05)


def first_bytes(session: requests.Session, url: str) -> float:
    """Seconds from sending the GET to holding the first bytes of the body."""
    started = time.perf_counter()
    with session.get(url, stream=True, timeout=120) as response:
        response.raise_for_status()
        next(response.iter_content(256))
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    text = ARTICLE.read_text("utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Origin"] = base  # as the player on the service's own page sends it
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        server = start_server(cache, port)
        try:
            streamed, whole = [], []
            for _ in range(args.trials):
                wipe(cache)
                started = time.perf_counter()
                body = session.post(f"{base}/api/articles", json={"text": text}, timeout=30).json()
                first_bytes(session, base + body["audio_url"])
                streamed.append(time.perf_counter() - started)
                wait_ready(base, body["id"])

                wipe(cache)
                started = time.perf_counter()
                body = session.post(f"{base}/api/articles", json={"text": text}, timeout=30).json()
                wait_ready(base, body["id"])
                first_bytes(session, base + body["audio_url"])
                whole.append(time.perf_counter() - started)
            cached = [first_bytes(session, base + body["audio_url"]) for _ in range(30)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    new_median, whole_median = statistics.median(streamed), statistics.median(whole)
    report = "\n".join([
        "| case | median s | all runs |",
        "|---|---|---|",
        f"| new article, streamed (POST + first MP3 bytes) | {new_median:.3f} | "
        f"{', '.join(f'{t:.3f}' for t in streamed)} |",
        f"| new article, synthesize then send | {whole_median:.2f} | "
        f"{', '.join(f'{t:.2f}' for t in whole)} |",
        f"| cached article, first bytes | {statistics.median(cached) * 1000:.1f} ms | "
        f"min {min(cached) * 1000:.1f} ms, max {max(cached) * 1000:.1f} ms over {len(cached)} |",
        "",
        f"- streaming answers **{whole_median / new_median:.0f}x sooner** than synthesize-then-send"
        " (target >= 20x); new article median target <= 0.5 s; cached target <= 20 ms",
        f"- server: `tts-service serve` (gunicorn, 1 gevent worker) on 127.0.0.1; article "
        f"`{ARTICLE.name}`, {len(text):,} characters; {args.trials} trials, cache wiped before each",
    ])
    print(report)
    if args.results:
        write_section(args.results, "bench_first_audio.py: click to first audio (issue #3)", report)


if __name__ == "__main__":
    main()
