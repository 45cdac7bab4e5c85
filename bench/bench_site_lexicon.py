"""What a large site lexicon costs (issue #23): an article's submission, which takes into its
request the site entries its text holds (``ArticleService.with_site_words``, then ``prepare``,
as the queue and the API do), with 0, 100, 1,000 and 10,000 site entries, as ratios against
the 0-entry run of the same command; and the ``PUT /api/lexicon`` of 10,000 entries through the
real app (Flask test client, real store on disk).

The entries are made-up names (one in ten two words long) and 50 words of the article itself,
so that some are found. The same request is submitted each round: ``prepare`` finds the article
already segmented, so the rounds measure what the site lexicon adds, not the segmenter.

    .venv/bin/python bench/bench_site_lexicon.py [--rounds 15] [--quick]
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

from tts_service.access import hash_key  # noqa: E402
from tts_service.articles import ArticleService  # noqa: E402
from tts_service.config import Settings  # noqa: E402
from tts_service.synthesis.request import ArticleRequest  # noqa: E402
from tts_service.text.words.lexicon import Lexicon  # noqa: E402
from tts_service.web.app import create_app  # noqa: E402

SIZES = (0, 100, 1_000, 10_000)
KEY = "bench-site-lexicon-key"


def _entries(count: int, article: str) -> dict[str, str]:
    found = list(dict.fromkeys(re.findall(r"[A-Za-z]{5,}", article)))[:50]
    entries = {word: word.lower() + "-said" for word in found[:min(count, 50)]}
    index = 0
    while len(entries) < count:
        name = f"Zorb{index}vel"
        entries[f"{name} Quint{index}" if index % 10 == 0 else name] = f"zorb {index}"
        index += 1
    return entries


def _submit_times(count: int, article: str, rounds: int) -> tuple[list[float], int]:
    with tempfile.TemporaryDirectory() as cache:
        service = ArticleService(Settings.from_env({}, cache_dir=Path(cache)))
        if count:
            service.site_lexicon.replace(Lexicon.from_mapping(_entries(count, article)))
        request = ArticleRequest(text=article)
        taken = service.with_site_words(request)
        service.prepare(taken)  # segmented once: the rounds measure the lexicon's part
        runs = harness.times(lambda: service.prepare(service.with_site_words(request)), rounds)
        return runs, len(taken.lexicon)


def _put_times(article: str, rounds: int) -> list[float]:
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings.from_env({}, cache_dir=Path(cache), api_keys=hash_key(KEY))
        client = create_app({"SETTINGS": settings}).test_client()
        body = {"lexicon": _entries(10_000, article)}
        headers = {"Authorization": f"Bearer {KEY}"}
        out = []
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.put("/api/lexicon", json=body, headers=headers)
            out.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"PUT /api/lexicon: {response.status_code} {response.get_data(as_text=True)}")
        return out


def main() -> None:
    args = harness.parse(harness.arguments(__doc__ or "", rounds=15), quick={"rounds": 3})
    article = harness.ARTICLE.read_text("utf-8")
    load = Path("/proc/loadavg").read_text().split()[0]
    results = {count: _submit_times(count, article, args.rounds) for count in SIZES}
    base = statistics.median(results[0][0])
    lines = [f"article {len(article):,} characters, {args.rounds} rounds, load {load}", "",
             "| site entries | entries taken | submit median ms | added ms | ratio to 0 |",
             "|---:|---:|---:|---:|---:|"]
    for count, (runs, taken) in results.items():
        median = statistics.median(runs)
        lines.append(f"| {count:,} | {taken} | {median * 1000:.1f} | {(median - base) * 1000:.1f} "
                     f"| {harness.ratio(runs, results[0][0]):.2f} |")
    puts = _put_times(article, max(3, args.rounds // 3))
    lines += ["", f"PUT /api/lexicon of 10,000 entries: median {statistics.median(puts) * 1000:.0f} ms "
              f"({len(puts)} rounds)"]
    # its own section: the hand-written before/after table beside it is not replaced
    harness.report("bench_site_lexicon.py: latest run (issue #23)", "\n".join(lines), args.results)


if __name__ == "__main__":
    main()
