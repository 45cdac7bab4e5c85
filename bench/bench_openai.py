"""First audio through the OpenAI-compatible route against our own stream, for new articles: the
official openai client's first streamed byte of ``POST /v1/audio/speech`` against ``POST
/api/articles`` then the first byte of ``GET /audio/<id>.mp3``; same server, same text, the cache
wiped before every run, the two alternated.

    .venv/bin/python bench/bench_openai.py [--trials 6] [--results bench/RESULTS.md]

Target: median openai / median ours <= 1.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openai
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_first_audio import ARTICLE, free_port, start_server, wait_ready, wipe  # noqa: E402
from results import write_section  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "tts_bench-openai-key"
CHARS = 1500  # the first paragraphs of the article: first audio depends on its first sentence


def ours(session: requests.Session, base: str, text: str) -> tuple[float, str]:
    """Seconds from the POST to the first MP3 bytes of our own stream; the article id."""
    started = time.perf_counter()
    body = session.post(f"{base}/api/articles", json={"text": text}, timeout=30).json()
    with session.get(base + body["audio_url"], stream=True, timeout=120) as response:
        response.raise_for_status()
        next(response.iter_content(256))
        return time.perf_counter() - started, body["id"]


def through_openai(client: openai.OpenAI, text: str) -> tuple[float, str]:
    """Seconds from the openai client's call to its first streamed byte; the article id."""
    started = time.perf_counter()
    with client.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy",
                                                            input=text) as response:
        next(response.iter_bytes(256))
        return time.perf_counter() - started, response.headers["x-article-id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=6)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    text = ARTICLE.read_text("utf-8")[:CHARS].rsplit("\n\n", 1)[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {KEY}"
    client = openai.OpenAI(base_url=f"{base}/v1", api_key=KEY, max_retries=0, timeout=120)
    runs: dict[str, list[float]] = {"ours": [], "openai": []}
    flows: dict[str, Callable[[], tuple[float, str]]] = {
        "ours": lambda: ours(session, base, text), "openai": lambda: through_openai(client, text)}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        server = start_server(cache, port, TTS_API_KEYS=hash_key(KEY))
        try:
            for trial in range(args.trials):
                for name in ("ours", "openai") if trial % 2 == 0 else ("openai", "ours"):
                    wipe(cache)
                    seconds, article_id = flows[name]()
                    runs[name].append(seconds)
                    wait_ready(base, article_id)  # nothing left running into the next run
        finally:
            server.terminate()
            server.wait(timeout=30)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    ratio = medians["openai"] / medians["ours"]
    report = "\n".join([
        "| flow | median s | all runs |",
        "|---|---|---|",
        *(f"| {label} | {medians[name]:.3f} | {', '.join(f'{t:.3f}' for t in runs[name])} |"
          for name, label in (("ours", "ours: POST /api/articles + first bytes of /audio/<id>.mp3"),
                              ("openai", "openai client: POST /v1/audio/speech, first streamed byte"))),
        "",
        f"- **ratio openai/ours: {ratio:.2f}** (target <= 1.1)",
        f"- server: `tts-service serve` (gunicorn, 1 gevent worker) on 127.0.0.1 with a key; "
        f"text: the first {len(text):,} characters of `{ARTICLE.name}`; {args.trials} trials of each, "
        "alternated, cache wiped before every run; openai " + openai.__version__,
    ])
    print(report)
    if args.results:
        write_section(args.results, "bench_openai.py: first audio through the OpenAI route (issue #13)",
                      report)


if __name__ == "__main__":
    main()
