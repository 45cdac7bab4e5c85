"""Segmenter speed on a maximum-size article (200,000 characters), against a plain regex sentence
split of the same text in the same run (the floor any splitter pays to read the text).

    .venv/bin/python bench/bench_segment.py [--rounds 3] [--quick] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import clear_text_caches  # noqa: E402
from harness import ARTICLE  # noqa: E402

from tts_service.text import segment_text  # noqa: E402


def fastest(fn: Callable[[], object], rounds: int) -> float:
    """The least seconds of ``rounds`` runs; the input repeats one article, so the text caches are
    cleared before each: nothing may come from a cache."""
    return min(harness.times(fn, rounds, setup=clear_text_caches))


def main() -> None:
    parser = harness.arguments(__doc__, rounds=3)
    args = harness.parse(parser, quick={"rounds": 1})
    one = ARTICLE.read_text("utf-8")
    text = ("\n\n".join([one] * (200_000 // len(one) + 1)))[:200_000]
    floor = fastest(lambda: re.split(r"(?<=[.!?])\s+", text), args.rounds)
    rows = ["| input | max_chars | segments | seconds |", "|---|---|---|---|"]
    for label, sample in (("news article x40 (200,000 chars)", text), (one[:60] + "…", one)):
        for max_chars in (100, 400):
            count = len(segment_text(sample, max_chars))
            seconds = fastest(lambda s=sample, m=max_chars: segment_text(s, m), args.rounds)
            rows.append(f"| {label if len(sample) > 10_000 else f'one article ({len(one):,} chars)'}"
                        f" | {max_chars} | {count} | {seconds:.3f} |")
    rows += ["", f"- regex split of the 200,000 chars (floor): {floor * 1000:.1f} ms"]
    harness.report("bench_segment.py: segmenter speed (issue #2)", "\n".join(rows), args.results)


if __name__ == "__main__":
    main()
