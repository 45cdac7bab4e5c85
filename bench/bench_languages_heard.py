"""Numbers, money, dates and times in other languages, heard right: the share of NeMo's cases
(``tests/text/languages/nemo/``, ``nemo_itn/``, ``nemo_audio/``, see ``bench/make_language_cases.py``)
CLDR's (``tests/text/languages/cldr/``, see ``bench/make_cldr_cases.py`` and
``bench/make_dutch_cases.py``) and real news clauses (``tests/text/languages/news/``, Leipzig
Wortschatz, CC BY 4.0, spoken forms written by hand) whose text as we send it
espeak-ng says like one of the expected spoken forms, by language and class (issue 24's target:
90% per language). ``--mark`` rewrites the known-miss marks (``~``) to match; ``--show LANG`` or
``LANG:CLASS`` prints the misses.

  python bench/bench_languages_heard.py [--mark] [--show de:ordinal] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "text"))
sys.path.insert(0, str(ROOT / "bench"))

import harness  # noqa: E402
from language_support import DEV_SETS, KNOWN_MISS, heard_right, ours, read_cases  # noqa: E402


def measure(path: Path, show: str, mark: bool) -> str:
    lang = path.stem
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = set()
    for number, kind, written, spoken, _ in read_cases(path):
        ok = heard_right(lang, written, spoken)
        total[kind] += 1
        right[kind] += ok
        if not ok:
            misses.add(number)
            if show in (lang, f"{lang}:{kind}"):
                print(f"  {lang} {kind}: {written!r} -> {ours(lang, written)!r}; want {spoken[0]!r}")
    if mark:
        lines = path.read_text("utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.startswith("#") and line.strip():
                lines[number - 1] = (KNOWN_MISS if number in misses else "") + line.lstrip(KNOWN_MISS)
        path.write_text("\n".join(lines) + "\n", "utf-8")
    classes = ", ".join(f"{kind} {right[kind]}/{total[kind]}" for kind in total)
    all_right, all_total = sum(right.values()), sum(total.values())
    return f"| {lang} | {path.parent.name} | {all_total} | **{all_right / all_total:.3f}** | {classes} |"


def main() -> int:
    parser = harness.arguments(__doc__)
    parser.add_argument("--mark", action="store_true", help="rewrite the ~ marks of known misses")
    parser.add_argument("--show", default="", help="print the misses of LANG or LANG:CLASS")
    args = harness.parse(parser, {})
    paths = sorted((path for folder in DEV_SETS for path in folder.glob("*.txt")),
                   key=lambda path: (path.stem, DEV_SETS.index(path.parent)))
    rows = [measure(path, args.show, args.mark) for path in paths]
    body = "\n".join(["Numbers, money, dates and times heard through espeak-ng in each language; target 90%. "
                      "Sets: nemo (NeMo text processing's text-normalization cases), nemo_itn (its inverse-"
                      "normalization cases read backwards), nemo_audio (its audio-based normalization cases), "
                      "all Apache-2.0; cldr (CLDR's formats and spell-out rules, Unicode License v3); news (clauses of "
                      "Leipzig Wortschatz news sentences, CC BY 4.0, spoken forms written by hand).", "",
                      "| language | set | cases | heard right | by class |", "|---|---|---|---|---|", *rows])
    harness.report("bench_languages_heard.py: other languages' numbers heard right (issue 24)",
                   body, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
