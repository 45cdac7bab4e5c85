"""Build the other languages' public development set (``tests/text/languages/nemo/``) from NeMo
text processing's text-normalization test cases (github.com/NVIDIA/NeMo-text-processing, Apache-2.0).

Run once by hand with the source fetched; the output files are in git, so tests never need the
source. Only the classes of numbers, money, dates and times are taken (cardinal, decimal,
fraction, ordinal, money, measure, date, time, telephone); each line of a source file is a
written form and its spoken form, in either order (the written one holds a digit); the spoken
forms are NeMo's, lower-cased as NeMo writes them, except that German number words are written
as German writes them, one word below a million ("sechs und vierzig tausend" becomes
"sechsundvierzigtausend": the voice says the spaced form otherwise). A line may give several
spoken forms (NeMo's alternatives); any of them is right.

  python bench/make_language_cases.py NEMO_REPO_CHECKOUT_OR_EXPORT [COMMIT]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "text" / "languages" / "nemo"
LANGUAGES = ("de", "es", "fr", "it", "pt")
CLASSES = ("cardinal", "decimal", "fraction", "ordinal", "money", "measure", "date", "time",
           "telephone")
_DIGIT = re.compile(r"\d")
_UNITS = ("null", "eins", "ein", "eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht",
          "neun", "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn", "sechzehn",
          "siebzehn", "achtzehn", "neunzehn")
_TENS = ("zwanzig", "dreißig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig")
_WORDS = sorted((*_UNITS, *_TENS, "hundert", "tausend", "sieb", "drit"), key=len, reverse=True)


def _stem(token: str) -> str:
    """The German number word a token starts with ("zwanzigstel": "zwanzig"), or ""."""
    return next((word for word in _WORDS if token.startswith(word)), "")


def _joins(before: str, token: str) -> bool:
    """Whether German writes ``token`` joined to the number word ``before``."""
    stem = _stem(token)
    if before == "und":
        return stem in _TENS
    if before in ("hundert", "tausend"):
        return bool(stem) and stem != before or token == "und"
    if before in _UNITS and before not in ("null", "eins"):
        return stem in ("hundert", "tausend") or token == "und"
    return before in _TENS and stem in ("hundert", "tausend")


def german_numbers(spoken: str) -> str:
    """NeMo's spaced German number words joined as German writes them."""
    words: list[str] = []
    last = ""
    for token in spoken.split():
        if words and last and _joins(last, token):
            words[-1] += token
        else:
            words.append(token)
        last = token if token == "und" or token in _UNITS or token in _TENS or token in (
            "hundert", "tausend") else ""
    return " ".join(words)


def cases(folder: Path, lang: str) -> list[str]:
    """The folder's cases as ``class | written | spoken [| spoken ...]`` lines, once each."""
    lines: dict[str, None] = {}
    for kind in CLASSES:
        path = folder / f"test_cases_{kind}.txt"
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            parts = [part.strip() for part in line.split("~")]
            written = [part for part in parts if _DIGIT.search(part)]
            spoken = [part for part in parts if part and not _DIGIT.search(part)]
            if len(written) != 1 or not spoken or "|" in line:
                continue  # no written form, or spoken forms with digits: nothing to measure by
            if lang == "de":
                spoken = [german_numbers(form) for form in spoken]
            lines[" | ".join([kind, written[0], *dict.fromkeys(spoken)])] = None
    return list(lines)


def main() -> None:
    root, commit = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "")
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        folder = root / "tests" / "nemo_text_processing" / lang / "data_text_normalization"
        found = cases(folder, lang)
        header = [f"# NeMo text processing's {lang} text-normalization test cases "
                  f"(github.com/NVIDIA/NeMo-text-processing, {folder.relative_to(root)}/"
                  f"{', commit ' + commit[:7] if commit else ''}). Licence: Apache-2.0.",
                  "# Made by bench/make_language_cases.py. class | written | spoken (NeMo's forms, any is right);",
                  "# a line marked ~ is a known miss (bench/bench_languages.py --mark rewrites the marks)."]
        (OUT / f"{lang}.txt").write_text("\n".join(header + found) + "\n", "utf-8")
        print(f"{lang}: {len(found)} cases")


if __name__ == "__main__":
    main()
