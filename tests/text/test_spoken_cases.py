"""What the listener hears: our normalized text against the spoken words, both through the default
voice's own phonemizer. A case passes when the voice will say the same sounds (stress marks,
pauses and spacing aside), and says them as one sentence.

The cases and the comparison by ear are ``spoken_support``'s (the heard-right bench uses them
too). A line starting with ``~`` is a known miss: it is expected to fail (strictly, so a fix must remove the
mark), which keeps the measured rate honest while the rules catch up."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from spoken_support import CASE_FILES, heard, read_cases

from tts_service.text.words.normalizing import normalize
from tts_service.voice.base import Backend

CLASSES = {"cardinal", "decimal", "money", "date", "time", "ordinal", "telephone", "electronic",
           "fraction", "range", "measure", "roman", "abbreviation", "acronym", "symbol",
           "sentence", "odd"}


def load_cases() -> list[Any]:
    cases = []
    for path in CASE_FILES:
        for number, kind, written, spoken, miss in read_cases(path):
            marks = [pytest.mark.xfail(strict=True, reason="a known miss")] if miss else []
            cases.append(pytest.param(kind, written, spoken, marks=marks,
                                      id=f"{path.stem}:{number}-{kind}-{written}"))
    return cases


CASES = load_cases()


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
