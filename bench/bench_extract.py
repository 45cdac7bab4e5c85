"""Reading the article out of a 1 MB news page, against only parsing the same page with lxml in
the same run (the floor any reader pays).

    .venv/bin/python bench/bench_extract.py [--rounds 5] [--quick] [--results bench/RESULTS.md]

The page is the news-site test page grown to 1 MB: a long article (news text from corpus.py)
inside menus, rails of links, share bars and comments, as real pages are 200 to 750 KB of HTML
for 5 to 30 KB of text. Target: <= 0.3 s. Wall and CPU seconds are both printed: on a machine
shared with other work (load above the core count) the wall time measures the neighbours, and the
CPU time and the ratio to parsing are what carries over.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import big_page  # noqa: E402

from tts_service.text.reading.article import read_article_html  # noqa: E402


def main() -> None:
    parser = harness.arguments(__doc__, rounds=5)
    args = harness.parse(parser, quick={"rounds": 1})
    from lxml import html as lxml_html

    page = big_page()
    read = read_article_html(page).text
    ours = statistics.median(harness.times(lambda: read_article_html(page), args.rounds))
    floor = statistics.median(harness.times(lambda: lxml_html.document_fromstring(page), args.rounds))
    ours_cpu = statistics.median(_cpu(lambda: read_article_html(page), args.rounds))
    floor_cpu = statistics.median(_cpu(lambda: lxml_html.document_fromstring(page), args.rounds))
    report = "\n".join([
        "| run | median s | median CPU s |", "|---|---|---|",
        f"| read the article (`read_article_html`) | {ours:.3f} | {ours_cpu:.3f} |",
        f"| parse the page only (lxml) | {floor:.3f} | {floor_cpu:.3f} |",
        "",
        f"- page: {len(page.encode()):,} bytes of HTML; article read: {len(read):,} characters; "
        f"ratio to parsing alone: **{ours / floor:.1f}x**",
        f"- extracting a 1 MB page: **{ours:.3f} s** ({ours_cpu:.3f} CPU s); target <= 0.3 s; "
        f"median of {args.rounds}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
    ])
    harness.report("bench_extract.py: reading the article of a 1 MB page (issue #9)", report,
                   args.results)


def _cpu(fn: Callable[[], object], rounds: int) -> list[float]:
    """CPU seconds of this process for each of ``rounds`` calls of ``fn``."""
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        fn()
        spent.append(time.process_time() - started)
    return spent


if __name__ == "__main__":
    main()
