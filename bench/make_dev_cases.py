"""Build the public parts of the development set (``tests/text/cases/``) from two public suites.

Run once by hand with the two sources fetched (paths as arguments); the output files are in git,
so tests never need the sources. Expected forms are rewritten to US news style where the source's
style differs: dates say the month first ("July twenty-fifth", not "the twenty-fifth of July"),
no "and" inside a number, and letters said one by one are joined by hyphens ("o-d-i") so the voice
says the letters (it hears a lone "a" as the article); "p. 27" is "page twenty-seven", as in real news;
"his / her" is "his or her".

  python bench/make_dev_cases.py NEMO_REPO_CHECKOUT_OR_EXPORT GOOGLE_TN_JSON
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "text" / "cases"
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                "seventy|eighty|ninety|hundred|thousand|million|billion")
_DAY_OF = re.compile(rf"\bthe ((?:\w+ )?\w+(?:st|nd|rd|th)) of ({MONTHS})\b", re.I)
_AND = re.compile(rf"\b(hundred|thousand|million|billion) and (?=(?:{NUMBER_WORDS})\b)")
_LETTERS = re.compile(r"(?<![\w'-])([A-Za-z])((?: [A-Za-z](?![\w'-]))+)('s|s\b)?")
_LONE_A = re.compile(r"(?<=[a-z,] )A(?=[\s,.;:)]|$)")
# Abbreviations the Google suite leaves as written that a newsreader says in full: "p. 27" (in real
# news text, bench/news_en.txt, "p." before a number is always a page), "(6th ed.", "$90 billion USD".
_SAID_IN_FULL = [(re.compile(rf"\bp\. (?=(?:{NUMBER_WORDS})\b)"), "page "),
                 (re.compile(r"\b(\w+(?:st|nd|rd|th)) ed\.(?!\w)"), r"\1 edition"),
                 (re.compile(r"\bdollars u-s-d\b"), "U-S dollars")]
_DETOKEN = [(re.compile(r" ([,.;:!?)%])"), r"\1"), (re.compile(r"\( "), "("),
            (re.compile(r"\$ (?=\d)"), "$"), (re.compile(r"`` | ''|``|''"), '"')]


def _joined(m: re.Match[str]) -> str:
    """Letters joined by hyphens; an "a" after a hyphen is written "a-" before what follows ("c-i-a-
    said", "n-a- a- c-p"): joined to the next letter or word the voice says it "uh"."""
    run = re.sub(r"(?<=-)([Aa])-", r"\1- ", (m.group(1) + m.group(2)).replace(" ", "-"))
    after = m.group(3) or ""
    if re.search(r"-[Aa]$", run) and not after and m.string[m.end():m.end() + 1] not in (".", "'"):
        run += "-"
    return run + after


def us_style(spoken: str) -> str:
    spoken = _DAY_OF.sub(lambda m: f"{m.group(2)} {m.group(1)}", spoken)
    spoken = _AND.sub(r"\1 ", spoken)
    spoken = _LETTERS.sub(_joined, spoken)
    for pattern, repl in _SAID_IN_FULL:
        spoken = pattern.sub(repl, spoken)
    return _LONE_A.sub("A-", spoken)


_CHOICE = re.compile(r"(?<![\w-])([a-z]{2,}) / ([a-z]{2,})\b")


def choices_said(written: str, spoken: str) -> str:
    """Two words in small letters with a slash between them ("his / her") are a choice, said with
    "or" as a newsreader does; the suite leaves the slash, which the voice says "slash"."""
    for first, second in _CHOICE.findall(written):
        if not {first, second} & {"and", "or"}:
            spoken = spoken.replace(f"{first} / {second}", f"{first} or {second}")
    return spoken


def detokenize(text: str) -> str:
    for pattern, repl in _DETOKEN:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


NEMO_CLASSES = {"cardinal": "cardinal", "date": "date", "decimal": "decimal", "electronic": "electronic",
                "fraction": "fraction", "measure": "measure", "money": "money", "ordinal": "ordinal",
                "range": "range", "roman": "roman", "telephone": "telephone", "time": "time",
                "address": "abbreviation", "serial": "odd", "whitelist": "abbreviation",
                "word": "odd", "math": "symbol"}


def nemo(root: Path) -> list[str]:
    lines = []
    for name, kind in NEMO_CLASSES.items():
        path = root / f"test_cases_{name}.txt"
        for line in path.read_text("utf-8").splitlines():
            written, _, spoken = line.partition("~")
            if written.strip() and spoken.strip() and "|" not in line:
                lines.append(f"{kind} | {written.strip()} | {us_style(spoken.strip())}")
    return lines


def google(path: Path, count: int) -> list[str]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["text"] != r["gt_normalized"] and r["text"].isascii()
            and len(r["text"]) < 160 and re.search(r"\d|[A-Z]{2}", r["text"]) and "|" not in r["text"]]
    random.Random(19).shuffle(rows)
    return [f"sentence | {detokenize(r['text'])} | "
            f"{choices_said(detokenize(r['text']), us_style(detokenize(r['gt_normalized'])))}"
            for r in rows[:count]]


if __name__ == "__main__":
    nemo_root, google_json = Path(sys.argv[1]), Path(sys.argv[2])
    (OUT / "nemo_en.txt").write_text(
        "# NeMo text processing's English text-normalization test cases "
        "(github.com/NVIDIA/NeMo-text-processing,\n# tests/nemo_text_processing/en/"
        "data_text_normalization/, commit 1f12635). Licence: Apache-2.0.\n"
        "# Expected forms rewritten to US news style by bench/make_dev_cases.py.\n"
        + "\n".join(nemo(nemo_root)) + "\n", "utf-8")
    (OUT / "google_tn_en.txt").write_text(
        "# Sentences with written tokens from Google's text-normalization data (Sproat & Jaitly, "
        "\"RNN Approaches to\n# Text Normalization: A Challenge\", 2016), as sampled in "
        "NeMo-text-processing data/GoogleTN.json\n# (commit 1f12635). Licence: CC BY 4.0. "
        "Detokenized; expected forms rewritten to US news style\n# by bench/make_dev_cases.py.\n"
        + "\n".join(google(google_json, 1100)) + "\n", "utf-8")
