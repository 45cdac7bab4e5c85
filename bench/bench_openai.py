"""First audio through the OpenAI-compatible route against our own stream, for new articles: the
official openai client's first streamed byte of ``POST /v1/audio/speech`` against ``POST
/api/articles`` then the first byte of ``GET /audio/<id>.mp3`` (and against ``POST
/api/articles?stream=1``, the same in one request); same server, same text, the cache
wiped before every run, the two alternated.

    .venv/bin/python bench/bench_openai.py [--trials 10] [--new] [--quick] [--results bench/RESULTS.md]

``--new``: a different real news article each round (corpus.news_articles: the Zyte benchmark's
first 2,500 characters when fetched), the same one for both flows, so first segments vary as on
a news site; without it, every round speaks the first paragraphs of harbor_bridge.txt.

Each round runs the three flows one after the other on the same text (the order reversed every
other round), so a round's ratio openai/ours compares two tries a few seconds apart: the report
gives the ratio of the medians and the spread of the rounds' own ratios (their median, quartiles
and how many rounds the openai flow was the faster), which says whether a gap is the route's or the
machine's.

Target: median openai / median ours <= 1.1.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openai
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import harness  # noqa: E402
from harness import ARTICLE  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "tts_bench-openai-key"
CHARS = 1500  # the first paragraphs of the article: first audio depends on its first sentence


def ours(session: requests.Session, server: harness.Server, text: str) -> tuple[float, str]:
    """Seconds from the POST to the first MP3 bytes of our own stream; the article id."""
    started = time.perf_counter()
    body = server.post_article({"text": text}, session=session)
    harness.first_bytes(session, server.url(body["audio_url"]))
    return time.perf_counter() - started, body["id"]


def one_trip(session: requests.Session, server: harness.Server, text: str) -> tuple[float, str]:
    """Seconds from ``POST /api/articles?stream=1`` to its first MP3 bytes; the article id."""
    started = time.perf_counter()
    with session.post(server.url("/api/articles?stream=1"), json={"text": text}, stream=True,
                      timeout=120) as response:
        response.raise_for_status()
        next(response.iter_content(256))
        return time.perf_counter() - started, response.headers["X-Article-Id"]


def through_openai(client: openai.OpenAI, text: str) -> tuple[float, str]:
    """Seconds from the openai client's call to its first streamed byte; the article id."""
    started = time.perf_counter()
    with client.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy",
                                                            input=text) as response:
        next(response.iter_bytes(256))
        return time.perf_counter() - started, response.headers["x-article-id"]


def main() -> None:
    parser = harness.arguments(__doc__, rounds=10, rounds_flag="--trials")
    parser.add_argument("--new", action="store_true",
                        help="a different real news article each round (see the docstring)")
    args = harness.parse(parser, quick={"trials": 2})
    text = ARTICLE.read_text("utf-8")[:CHARS].rsplit("\n\n", 1)[0]
    texts = corpus.news_articles(args.trials) if args.new else [text] * args.trials
    rounds = {"ours": iter(texts), "openai": iter(texts), "one_trip": iter(texts)}
    with harness.served({"TTS_API_KEYS": hash_key(KEY)}) as server:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {KEY}"
        client = openai.OpenAI(base_url=f"{server.base}/v1", api_key=KEY, max_retries=0,
                               timeout=120)

        def run(flow: Callable[[], tuple[float, str]]) -> Callable[[], float]:
            def once() -> float:
                server.wipe()
                seconds, article_id = flow()
                server.wait_articles(article_id, session=session)  # nothing left running into the next
                return seconds
            return once

        runs = harness.alternating({"ours": run(lambda: ours(session, server, next(rounds["ours"]))),
                                    "openai": run(lambda: through_openai(client,
                                                                         next(rounds["openai"]))),
                                    "one_trip": run(lambda: one_trip(session, server,
                                                                     next(rounds["one_trip"])))},
                                   args.trials)
    medians = {name: statistics.median(times) for name, times in runs.items()}
    ratio = harness.ratio(runs["openai"], runs["ours"])
    report = "\n".join([
        "| flow | median s | all runs |",
        "|---|---|---|",
        *(f"| {label} | {medians[name]:.3f} | {', '.join(f'{t:.3f}' for t in runs[name])} |"
          for name, label in (("ours", "ours: POST /api/articles + first bytes of /audio/<id>.mp3"),
                              ("openai", "openai client: POST /v1/audio/speech, first streamed byte"),
                              ("one_trip", "one trip: POST /api/articles?stream=1, first bytes"))),
        "",
        f"- **ratio openai/ours: {ratio:.2f}** (target <= 1.1); one trip/ours: "
        f"{harness.ratio(runs['one_trip'], runs['ours']):.2f}",
        f"- per round (same text, tries seconds apart): openai/ours {spread(runs['openai'], runs['ours'])}; "
        f"one trip/ours {spread(runs['one_trip'], runs['ours'])}",
        "- server: `tts-service serve` (gunicorn, 1 gevent worker) on 127.0.0.1 with a key; "
        + (f"text: {len(texts)} new articles ({corpus.news_source()}), one a round; " if args.new else
           f"text: the first {len(text):,} characters of `{ARTICLE.name}`; ")
        + f"{args.trials} trials of each, "
        "alternated, cache wiped before every run; openai " + openai.__version__,
    ])
    harness.report("bench_openai.py: first audio through the OpenAI route (issue #13)", report,
                   args.results)


def spread(measured: list[float], baseline: list[float]) -> str:
    """The rounds' own ratios: their median, quartiles, and in how many rounds ``measured`` was faster."""
    ratios = [m / b for m, b in zip(measured, baseline, strict=True)]
    low, _, high = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return (f"median **{statistics.median(ratios):.2f}** (quartiles {low:.2f}-{high:.2f}, range "
            f"{min(ratios):.2f}-{max(ratios):.2f}; faster in {sum(r < 1 for r in ratios)} of {len(ratios)})")


if __name__ == "__main__":
    main()
