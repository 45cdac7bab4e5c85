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

Two more held-out sets come from the same repository (none of their written forms is one of
the first set's): ``nemo_itn/`` from its inverse-normalization cases (spoken~written, read the
other way round: a written form and every spoken form NeMo turns into it, any of them right; for
de, es, fr, pt: NeMo has no Italian ones), and ``nemo_audio/`` from its
``test_cases_normalize_with_audio.txt`` (de, es: a written form, then every spoken form NeMo's
audio-based normalization may choose; forms holding digits are left out; the class is guessed
from the written form, the file gives none). NeMo's inverse normalization accepts loose spoken
forms ("neunzehn achtzig" for 1980), so these sets are more forgiving than the first.

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


def _line(kind: str, written: str, spoken: list[str], lang: str) -> str:
    if lang == "de":
        spoken = [german_numbers(form) for form in spoken]
    return " | ".join([kind, written, *dict.fromkeys(form.lower() for form in spoken)])


def inverse_cases(folder: Path, lang: str, seen: set[str]) -> list[str]:
    """The inverse-normalization cases as ``class | written | spoken ...``: each written form with
    every spoken form NeMo turns into it, without the written forms in ``seen``."""
    found: dict[tuple[str, str], list[str]] = {}
    for kind in CLASSES:
        for path in sorted(folder.glob(f"test_cases_{kind}*.txt")):
            for line in path.read_text("utf-8").splitlines():
                spoken, _, written = (part.strip() for part in line.partition("~"))
                if not spoken or not _DIGIT.search(written) or _DIGIT.search(spoken) or "|" in line:
                    continue
                if written not in seen:
                    found.setdefault((kind, written), []).append(spoken)
    return [_line(kind, written, spoken, lang) for (kind, written), spoken in found.items()]


_GUESSES = ((r"[$€£¥]|\b(?:usd|eur)\b", "money"), (r"\d:\d|\d\s?(?:h|uhr|Uhr|a\.m\.)\b", "time"),
            (r"^\d{1,2}[./]\d{1,2}[./]\d{4}$|^\d{4}$", "date"), (r"\d/\d", "fraction"),
            (r"\d\.(?:[ºª])?$|[ºª]", "ordinal"), (r"\d,\d", "decimal"), (r"^[\d.]+$", "cardinal"))


def audio_cases(path: Path, lang: str, seen: set[str]) -> list[str]:
    """``test_cases_normalize_with_audio.txt``: "~written" lines, each followed by its spoken forms."""
    found: dict[str, list[str]] = {}
    written = ""
    for line in path.read_text("utf-8").splitlines() if path.exists() else []:
        if line.startswith("~"):
            written = line[1:].strip()
        elif written and line.strip() and not _DIGIT.search(line):
            found.setdefault(written, []).append(line.strip())
    rows = []
    for text, spoken in found.items():
        kind = next((name for pattern, name in _GUESSES if re.search(pattern, text)), "")
        if kind and text not in seen:
            rows.append(_line(kind, text, spoken, lang))
    return rows


def _header(what: str, lang: str, where: str, commit: str) -> list[str]:
    return [f"# NeMo text processing's {lang} {what} (github.com/NVIDIA/NeMo-text-processing, {where}"
            f"{', commit ' + commit[:7] if commit else ''}). Licence: Apache-2.0.",
            "# Made by bench/make_language_cases.py. class | written | spoken (NeMo's forms, any is right);",
            "# a line marked ~ is a known miss (bench/bench_languages_heard.py --mark rewrites the marks)."]


def main() -> None:
    root, commit = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "")
    for lang in LANGUAGES:
        base = root / "tests" / "nemo_text_processing" / lang
        folder = base / "data_text_normalization"
        found = cases(folder, lang)
        seen = {line.split(" | ")[1] for line in found}
        sets = {OUT: (found, "text-normalization test cases", f"{folder.relative_to(root)}/")}
        inverse = base / "data_inverse_text_normalization"
        if inverse.exists():
            sets[OUT.with_name("nemo_itn")] = (
                inverse_cases(inverse, lang, seen), "inverse-normalization test cases, read backwards",
                f"{inverse.relative_to(root)}/")
        audio = folder / "test_cases_normalize_with_audio.txt"
        if audio.exists():
            sets[OUT.with_name("nemo_audio")] = (
                audio_cases(audio, lang, seen), "audio-based normalization test cases",
                str(audio.relative_to(root)))
        for out, (rows, what, where) in sets.items():
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{lang}.txt").write_text("\n".join(_header(what, lang, where, commit) + rows) + "\n", "utf-8")
            print(f"{out.name}/{lang}: {len(rows)} cases")


if __name__ == "__main__":
    main()
