"""Segmenter speed on a maximum-size article (200,000 characters), against a plain regex sentence
split of the same text in the same run (the floor any splitter pays to read the text).

    .venv/bin/python bench/bench_segment.py [--results bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import clear_text_caches  # noqa: E402
from results import write_section  # noqa: E402

from tts_service.text import segment_text  # noqa: E402

ARTICLE = Path(__file__).parent / "articles" / "harbor_bridge.txt"


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    clear_text_caches()  # the input repeats one article: nothing may come from a cache
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    one = ARTICLE.read_text("utf-8")
    text = ("\n\n".join([one] * (200_000 // len(one) + 1)))[:200_000]
    floor = min(timed(lambda: re.split(r"(?<=[.!?])\s+", text)) for _ in range(3))
    rows = ["| input | max_chars | segments | seconds |", "|---|---|---|---|"]
    for label, sample in (("news article x40 (200,000 chars)", text), (one[:60] + "…", one)):
        for max_chars in (100, 400):
            count = len(segment_text(sample, max_chars))
            seconds = min(timed(lambda s=sample, m=max_chars: segment_text(s, m)) for _ in range(3))
            rows.append(f"| {label if len(sample) > 10_000 else f'one article ({len(one):,} chars)'}"
                        f" | {max_chars} | {count} | {seconds:.3f} |")
    rows += ["", f"- regex split of the 200,000 chars (floor): {floor * 1000:.1f} ms"]
    report = "\n".join(rows)
    print(report)
    if args.results:
        write_section(args.results, "bench_segment.py: segmenter speed (issue #2)", report)


if __name__ == "__main__":
    main()
