"""What the listener hears: our normalized text against the spoken words, both through the default
voice's own phonemizer. A case passes when the voice will say the same sounds (stress marks,
pauses and spacing aside), and says them as one sentence.

The cases: ours in ``spoken_cases.txt``, and the development set in ``cases/*.txt`` (each file
names its source and licence). Expected words are written so the voice says letters as letters
(joined by hyphens: "a-m", "U-S"; a lone "A-"), since it hears a lone "a" as the article. A line
starting with ``~`` is a known miss: it is expected to fail (strictly, so a fix must remove the
mark), which keeps the measured rate honest while the rules catch up."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tts_service.text.words.normalizing import normalize
from tts_service.voice.base import Backend

CASES_FILE = Path(__file__).with_name("spoken_cases.txt")
CASE_FILES = (CASES_FILE, *sorted(Path(__file__).with_name("cases").glob("*.txt")))
KNOWN_MISS = "~"
CLASSES = {"cardinal", "decimal", "money", "date", "time", "ordinal", "telephone", "electronic",
           "fraction", "range", "measure", "roman", "abbreviation", "acronym", "symbol",
           "sentence", "odd"}
_NOT_HEARD = re.compile(r"[ˈˌʲ\s.,;:!?\"'()\-]")
_DOUBLED = re.compile(r"(.)\1+")
_SPELLING_HYPHEN = re.compile(r"(?<=[^\W_]{2})-(?=[^\W_]{2})")  # "forty-two"; not "a-m", "A-list"


def read_cases(path: Path) -> list[tuple[int, str, str, str, bool]]:
    """(line number, class, written, spoken, known miss) of each case in a case file."""
    cases = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        miss = line.startswith(KNOWN_MISS)
        kind, written, spoken = (part.strip() for part in line.lstrip(KNOWN_MISS).split(" | "))
        cases.append((number, kind, written, spoken, miss))
    return cases


def load_cases() -> list[Any]:
    cases = []
    for path in CASE_FILES:
        for number, kind, written, spoken, miss in read_cases(path):
            marks = [pytest.mark.xfail(strict=True, reason="a known miss")] if miss else []
            cases.append(pytest.param(kind, written, spoken, marks=marks,
                                      id=f"{path.stem}:{number}-{kind}-{written}"))
    return cases


CASES = load_cases()


def heard(voice: Any, text: str) -> str:
    """The sounds the voice makes for ``text``, without stress marks, pauses, spaces or the
    linking of letters said one by one. A hyphen between words is spelling, not sound; between
    letters it makes the voice say them as letters ("a-m" is not "uh em")."""
    phonemes = "".join("".join(s) for s in voice.phonemize(_SPELLING_HYPHEN.sub(" ", text)))
    return _DOUBLED.sub(r"\1", _NOT_HEARD.sub("", phonemes))


def test_the_table_covers_every_class_with_enough_cases() -> None:
    counts = Counter(case.values[0] for case in CASES)
    assert set(counts) == CLASSES
    assert len(CASES) >= 1500
    assert min(counts.values()) >= 7


def test_every_case_file_names_its_source_and_licence() -> None:
    for path in CASE_FILES[1:]:
        header = path.read_text("utf-8").split("\n", 3)[:3]
        assert any("Licence:" in line for line in header if line.startswith("#")), path.name


@pytest.mark.parametrize(("kind", "written", "spoken"), CASES)
def test_the_voice_says_it_right(piper: Backend, kind: str, written: str, spoken: str) -> None:
    voice = piper.piper_voice  # type: ignore[attr-defined]
    ours = normalize(written)
    assert heard(voice, ours) == heard(voice, spoken), f"we send {ours!r}"
    assert len(voice.phonemize(ours)) <= 1, f"the voice hears more than one sentence in {ours!r}"
