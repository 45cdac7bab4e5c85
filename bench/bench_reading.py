"""How well the whole-page reader finds the article, against trafilatura alone, on public benchmarks.

    bench/fetch_data.sh          # once: the three benchmarks into bench/data/ (git-ignored)
    .venv/bin/python bench/bench_reading.py [--zyte DIR] [--readability DIR] [--trafilatura DIR] \
        [--only zyte,trafilatura] [--limit N] [--details out.json] [--speed] [--results bench/RESULTS.md]

The pages are not in this repository (nor in the wheel), and the bench downloads nothing:
``bench/fetch_data.sh`` clones them into ``bench/data/`` (git-ignored), whose folders are the
defaults (``bench/data/zyte``, ``bench/data/readability``, ``bench/data/trafilatura``):

- ``--zyte``: scrapinghub/article-extraction-benchmark (MIT): ``html/*.html.gz`` and
  ``ground-truth.json`` (each page's annotated ``articleBody``);
- ``--readability``: mozilla/readability (Apache-2.0): ``test/test-pages/*/source.html`` and the
  article Readability.js reads from it, ``expected.html``;
- ``--trafilatura``: adbar/trafilatura (Apache-2.0): ``tests/evaldata.json`` (per page, passages
  that must be read and passages that must not) over ``tests/eval/`` and ``tests/cache/``.

Scores: bags of words (lower-cased ``\\w+`` tokens, counted with repeats) against the annotated
text; precision and recall are averaged over pages, and F1 is their harmonic mean (as the Zyte
benchmark's ``evaluate.py`` does, with words rather than 4-word shingles). A page is *refused*
when a reader finds no text (ours: ``InputError``; trafilatura: ``None``). For the passage set:
the share of must-read passages read, of must-not passages read, and pages refused.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

from tts_service.errors import InputError  # noqa: E402
from tts_service.text.reading.article import read_article_html  # noqa: E402

_WORD = re.compile(r"\w+")
_LANG = re.compile(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", re.IGNORECASE)


@dataclass
class Page:
    source: str
    name: str
    html: str
    truth: str = ""  # the annotated article text (scored sets)
    must: list[str] = field(default_factory=list)  # passages that must be read (passage set)
    never: list[str] = field(default_factory=list)  # passages that must not be read

    @property
    def english(self) -> bool:
        found = _LANG.search(self.html[:5000])
        return bool(found) and found.group(1).lower().startswith("en")


def zyte_pages(root: Path) -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for key, item in sorted(truth.items()):
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield Page("zyte", key[:12], decode_file(raw), truth=item.get("articleBody", ""))


def readability_pages(root: Path) -> Iterator[Page]:
    from lxml import html as lxml_html

    for folder in sorted((root / "test" / "test-pages").iterdir()):
        source, expected = folder / "source.html", folder / "expected.html"
        if source.exists() and expected.exists():
            truth = lxml_html.fromstring(expected.read_bytes()).text_content()
            yield Page("readability", folder.name, decode_file(source.read_bytes()), truth=truth)


def trafilatura_pages(root: Path) -> Iterator[Page]:
    tests = root / "tests"
    for _url, item in sorted(json.loads((tests / "evaldata.json").read_text("utf-8")).items()):
        path = next((p for p in (tests / "eval" / item["file"], tests / "cache" / item["file"])
                     if p.exists()), None)
        if path is not None:
            yield Page("trafilatura", item["file"], decode_file(path.read_bytes()),
                       must=item.get("with", []), never=item.get("without", []))


def decode_file(raw: bytes) -> str:
    """A page's text in its own encoding (UTF-8, else as its bytes or meta tag say), as a browser
    or a crawler hands it on: both readers get the same string."""
    from trafilatura.utils import decode_file as guessed

    return guessed(raw)


def ours(html: str) -> str | None:
    try:
        return read_article_html(html).text
    except InputError:
        return None


def ours_headline_aside(html: str) -> str | None:
    """Our reading without its first block, the headline, which the annotations leave out."""
    text = _last_read[html] if html in _last_read else ours(html)
    return None if text is None else text.partition("\n\n")[2]


_last_read: dict[str, str | None] = {}


def _ours_remembered(html: str) -> str | None:
    _last_read.clear()
    _last_read[html] = ours(html)
    return _last_read[html]


def trafilatura_alone(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html) or None


READERS: dict[str, Callable[[str], str | None]] = {
    "ours": _ours_remembered, "ours, headline not scored": ours_headline_aside,
    "trafilatura alone": trafilatura_alone,
}


def precision_recall(truth: str, text: str | None) -> tuple[float, float]:
    want = Counter(w.lower() for w in _WORD.findall(truth))
    got = Counter(w.lower() for w in _WORD.findall(text or ""))
    hit = sum((want & got).values())
    precision = hit / sum(got.values()) if got else (1.0 if not want else 0.0)
    recall = hit / sum(want.values()) if want else 1.0
    return precision, recall


def _squash(text: str) -> str:
    """Spaces squashed, and the invisible format characters (U+2063 and the like, category Cf)
    dropped: a reader that drops them reads the passage all the same."""
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


def passages(page: Page, text: str | None) -> tuple[int, int]:
    """How many must-read and how many must-not passages the text holds."""
    read = _squash(text or "")
    return (sum(_squash(p) in read for p in page.must), sum(_squash(p) in read for p in page.never))


@dataclass
class Tally:
    pages: int = 0
    refused: int = 0
    precision: float = 0.0
    recall: float = 0.0
    must: int = 0
    must_read: int = 0
    never: int = 0
    never_read: int = 0
    seconds: float = 0.0

    def add(self, page: Page, text: str | None, seconds: float) -> dict[str, float]:
        self.pages += 1
        self.refused += text is None
        self.seconds += seconds
        if page.must or page.never:
            must, never = passages(page, text)
            self.must, self.must_read = self.must + len(page.must), self.must_read + must
            self.never, self.never_read = self.never + len(page.never), self.never_read + never
            return {"must": must / max(1, len(page.must)), "never": never / max(1, len(page.never))}
        p, r = precision_recall(page.truth, text)
        self.precision, self.recall = self.precision + p, self.recall + r
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    def row(self, name: str) -> str:
        ms = 1000 * self.seconds / max(1, self.pages)
        if self.must or self.never:
            return (f"| {name} | {self.pages} | {self.must_read / max(1, self.must):.3f} | "
                    f"{self.never_read / max(1, self.never):.3f} | {self.refused} | {ms:.0f} |")
        p, r = self.precision / max(1, self.pages), self.recall / max(1, self.pages)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return f"| {name} | {self.pages} | **{f1:.3f}** | {p:.3f} | {r:.3f} | {self.refused} | {ms:.0f} |"


class _Choices(logging.Handler):
    """Counts which reader the whole-page reader chose (its INFO line names it)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts = Counter[str]()

    def emit(self, record: logging.LogRecord) -> None:
        chosen = getattr(record, "reader", None)
        if chosen:
            self.counts[str(chosen)] += 1


DATA = Path(__file__).resolve().parent / "data"
# name: (title, licence, pages, a file that shows the benchmark is there)
SOURCES = {
    "zyte": ("scrapinghub/article-extraction-benchmark", "MIT", zyte_pages, "ground-truth.json"),
    "readability": ("mozilla/readability test pages", "Apache-2.0", readability_pages,
                    "test/test-pages"),
    "trafilatura": ("adbar/trafilatura evaldata.json", "Apache-2.0", trafilatura_pages,
                    "tests/evaldata.json"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    for name in SOURCES:
        parser.add_argument(f"--{name}", type=Path, default=DATA / name,
                            help=f"folder of the fetched benchmark (default bench/data/{name})")
    parser.add_argument("--only", default=",".join(SOURCES),
                        help="comma-separated sources to score (default all)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per source")
    parser.add_argument("--details", type=Path, help="write every page's scores here (JSON)")
    parser.add_argument("--speed", action="store_true",
                        help="also time the article of a 1 MB page (bench_extract.py's page)")
    parser.add_argument("--results", type=Path)
    args = parser.parse_args()
    wanted = [name for name in args.only.split(",") if name]
    unknown = sorted(set(wanted) - set(SOURCES))
    if unknown:
        parser.error(f"unknown source(s) {', '.join(unknown)}: choose from {', '.join(SOURCES)}")
    missing = [f"{getattr(args, name)} ({SOURCES[name][0]})" for name in wanted
               if not (getattr(args, name) / SOURCES[name][3]).exists()]
    if missing:
        sys.exit("bench_reading.py: benchmark pages not found: " + "; ".join(missing)
                 + ". Fetch them first with bench/fetch_data.sh (it git-clones the public "
                 "benchmarks into bench/data/), or give their folders with --zyte, "
                 "--readability, --trafilatura.")
    choices = _Choices()
    logger = logging.getLogger("tts_service.text.reading")
    logger.addHandler(choices)
    logger.setLevel(logging.INFO)
    details: list[dict[str, object]] = []
    sections = []
    for name, (title, licence, pages, _) in SOURCES.items():
        root = getattr(args, name)
        if name not in wanted:
            continue
        tallies = {"all": {r: Tally() for r in READERS}, "en": {r: Tally() for r in READERS}}
        choices.counts.clear()
        for index, page in enumerate(pages(root)):
            if args.limit and index >= args.limit:
                break
            row: dict[str, object] = {"source": name, "page": page.name, "english": page.english}
            for reader, read in READERS.items():
                started = time.perf_counter()
                text = read(page.html)
                seconds = time.perf_counter() - started
                row[reader] = tallies["all"][reader].add(page, text, seconds)
                if page.english:
                    tallies["en"][reader].add(page, text, seconds)
                row[f"{reader} chars"] = len(text) if text is not None else None
            details.append(row)
        sections.append(_table(name, title, licence, tallies, choices.counts))
        print(sections[-1], flush=True)
    if args.speed:
        sections.append(_speed())
        print(sections[-1], flush=True)
    if args.details:
        args.details.write_text(json.dumps(details, indent=1), "utf-8")
    if args.results and sections:
        harness.write_section(args.results, "bench_reading.py: the article of real pages, ours against "
                      "trafilatura alone (issue #20)", "\n\n".join(sections) + "\n\n" + NOTES)


def _table(name: str, title: str, licence: str, tallies: dict[str, dict[str, Tally]],
           chosen: Counter[str]) -> str:
    passages_set = any(t.must for t in tallies["all"].values())
    head = ("| reader | pages | must-read passages read | must-not passages read | refused | ms/page |\n"
            "|---|---|---|---|---|---|") if passages_set else (
            "| reader | pages | F1 | precision | recall | refused | ms/page |\n|---|---|---|---|---|---|---|")
    rows = [tallies[subset][reader].row(f"{reader} ({subset})")
            for subset in ("all", "en") for reader in READERS if tallies[subset][reader].pages]
    picked = ", ".join(f"{k}: {v}" for k, v in sorted(chosen.items()))
    return f"**{name}**: {title} ({licence})\n\n{head}\n" + "\n".join(rows) + f"\n\n- ours chose: {picked}"


def _speed(rounds: int = 5) -> str:
    import statistics

    from corpus import big_page
    from lxml import html as lxml_html

    page = big_page()
    read_article_html(page)
    ours = statistics.median(harness.times(lambda: read_article_html(page), rounds))
    parse = statistics.median(harness.times(lambda: lxml_html.document_fromstring(page), rounds))
    return (f"**speed**: the article of a {len(page.encode()):,}-byte page (bench_extract.py's): "
            f"**{ours:.3f} s**, {ours / parse:.1f}x parsing it with lxml ({parse:.3f} s); "
            f"target <= 0.3 s; median of {rounds}")


NOTES = """\
- "en": pages whose `<html lang>` starts with `en`. Words are lower-cased `\\w+` tokens; precision
  and recall are means over pages and F1 their harmonic mean. Our reader puts the headline first,
  which the Zyte and Readability annotations leave out (a few words of precision).
- "ours, headline not scored": the same reading without its first block, since the Zyte and
  Readability annotations leave the headline out while a listener needs it.
- Before issue #20 (main at 9b271f8, same pages and scoring): Zyte F1 0.830 (precision 0.823,
  recall 0.837), 13 refused; Readability F1 0.810 (0.847, 0.776), 5 refused; trafilatura's set
  0.790 of must-read passages read, 0.073 of must-not, 105 refused.
- trafilatura alone is `trafilatura.extract(html)` with its defaults (comments and tables read).
- Sources and licences: the repositories are MIT (Zyte) and Apache-2.0 (Readability,
  trafilatura); the pages in them are third parties' web pages, so none is committed here: they
  stay outside the repository and the wheel (`bench/data/` is git-ignored; the script's
  docstring says how to bring them), and `tests/text/pages/` holds pages written in their
  shapes.
- Second pass (branch `reading`, 2026-12-06), before -> after on these sets: refused 2 -> 0 on
  trafilatura's set (a noscript swallowing the page through an unclosed tag inside it; lyrics
  without sentence marks; a GBK page the bench had decoded as UTF-8, now decoded in its own
  encoding for both readers, which also moved trafilatura alone from 0.938 to 0.947 must-read);
  must-read 0.935 -> 0.944, must-not 0.095 -> 0.096; Zyte F1 0.956 -> 0.957 (the headline
  without the site's name its title carried), Readability unchanged; the 1 MB page 1.563 s
  (under load 15-18) -> 0.168 s (~11x parsing; bench_extract.py: ~0.24 CPU s under load).
  Not met: must-read >= 0.97 and must-not <= 0.05 on this set, where
  trafilatura alone reads 0.947 and 0.108 (with `favor_precision`: 0.912 and 0.074, 2 refused);
  Zyte F1 ties trafilatura alone (0.957; 0.968 with the headline we add not scored).
- Third pass (main, 2026-12-07), before -> after: the lead trafilatura leaves out put back when
  the page's description repeats it, and "read also" lines dropped. trafilatura's set must-read
  0.944 -> 0.953, must-not 0.096 -> 0.092; Zyte F1 0.957 -> 0.957 (precision 0.933 -> 0.932:
  its annotations leave the standfirst out, as they do the headline); Readability F1 0.875 ->
  0.875. Without the description check the lead gained as much must-read (0.955) but cost Zyte
  F1 0.002 (captions and promotions in that place), so it stays."""


if __name__ == "__main__":
    main()
