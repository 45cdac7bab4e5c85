"""Batch throughput: pre-generate 20 articles of 2,000 to 8,000 characters cold with
``run_batch`` (worker processes), and in the same run synthesize the same texts by calling Piper
directly in one process with all cores. While the batch runs, a web server on the same machine
is asked for new articles, to show that live listeners still get their first audio at once.

    .venv/bin/python bench/bench_pregenerate.py [--workers N] [--articles 20] [--largest 7950]
        [--quick] [--results bench/RESULTS.md]

Target: batch throughput >= 0.9 of raw Piper's on the same texts.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import corpus  # noqa: E402

from tts_service.config import Settings  # noqa: E402
from tts_service.publish.batch import run_batch, worker_layout  # noqa: E402
from tts_service.publish.sources import SourceItem  # noqa: E402
from tts_service.synthesis.request import ArticleRequest  # noqa: E402
from tts_service.voice.piper_backend import PiperBackend, builtin_voice  # noqa: E402


def raw_piper(texts: list[str]) -> tuple[float, float]:
    """Audio seconds and wall seconds: one process, one voice using every core."""
    backend = PiperBackend(builtin_voice())
    voice = backend.piper_voice
    list(voice.synthesize("Warming up."))
    samples = 0
    started = time.perf_counter()
    for text in texts:
        samples += sum(len(chunk.audio_int16_bytes) // 2 for chunk in voice.synthesize(text))
    return samples / backend.sample_rate, time.perf_counter() - started


def probe_live_listeners(server: harness.Server, stop: threading.Event, out: list[float]) -> None:
    """Every few seconds, a new article is posted and its first MP3 bytes timed."""
    session = requests.Session()
    session.headers["Origin"] = server.base  # a reader's click on the service's page: no key
    n = 0
    time.sleep(5)  # let the batch get going
    while not stop.is_set():
        n += 1
        text = (f"Reader request number {n} arrives during the batch, asking for article {n}.\n\n"
                "The rest of the story follows in a second paragraph, as it would on the site.")
        started = time.perf_counter()
        body = server.post_article({"text": text}, session=session)
        harness.first_bytes(session, server.url(body["audio_url"]))
        out.append(time.perf_counter() - started)
        stop.wait(8)


def main() -> None:
    parser = harness.arguments(__doc__)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--articles", type=int, default=20, help="how many of the corpus (default 20)")
    parser.add_argument("--largest", type=int, default=7950,
                        help="characters of the largest; the smallest has 2,000 (default 7,950)")
    args = harness.parse(parser, quick={"articles": 2, "largest": 3000})
    texts = corpus(count=args.articles, largest=args.largest)
    raw_audio, raw_wall = raw_piper(texts)
    print(f"raw Piper: {raw_audio:.0f} s of audio in {raw_wall:.1f} s", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({}, cache_dir=Path(tmp) / "batch", log_level="WARNING")
        items = [SourceItem(f"article-{i}", ArticleRequest.from_file_text(t, "text", settings))
                 for i, t in enumerate(texts)]
        with harness.served(harness.ONE_READER) as server:
            live: list[float] = []
            stop = threading.Event()
            prober = threading.Thread(target=probe_live_listeners, args=(server, stop, live))
            try:
                prober.start()
                started = time.perf_counter()
                outcomes = run_batch(items, settings, workers=args.workers)
                batch_wall = time.perf_counter() - started
            finally:
                stop.set()
                prober.join()
    failed = [o for o in outcomes if o.status != "made"]
    if failed:
        raise SystemExit(f"batch failures: {failed}")
    batch_audio = sum(o.duration or 0 for o in outcomes)
    processes, threads = worker_layout(args.workers)
    ratio = raw_wall / batch_wall
    report = "\n".join([
        "| run | audio s | wall s | audio s per wall s |",
        "|---|---|---|---|",
        f"| raw Piper, one process, all cores | {raw_audio:.0f} | {raw_wall:.1f} | "
        f"{raw_audio / raw_wall:.2f} |",
        f"| `run_batch`, {processes} processes x {threads} thread(s), cold cache | "
        f"{batch_audio:.0f} | {batch_wall:.1f} | {batch_audio / batch_wall:.2f} |",
        "",
        f"- throughput ratio on the same texts (raw wall / batch wall): **{ratio:.3f}**; "
        "target >= 0.9",
        "- the batch's audio also holds the pauses between sentences and paragraphs, so the ratio"
        f" compares wall time for the same {len(texts)} texts",
        f"- corpus: {len(texts)} articles, {min(map(len, texts)):,} to {max(map(len, texts)):,} "
        f"characters, {sum(map(len, texts)):,} in all; no sentence repeats, so nothing comes from "
        "the cache",
        f"- live listeners during the batch (new article, POST + first MP3 bytes, web server on "
        f"the same machine): median **{statistics.median(live):.3f} s** over {len(live)} "
        f"requests (max {max(live):.3f} s); target <= 0.5 s" if live else
        "- live listeners: no probe completed",
    ])
    harness.report("bench_pregenerate.py: batch throughput (issue #4)", report, args.results)


if __name__ == "__main__":
    main()
