"""What the listener hears: our normalized text against the spoken words, both through the default
voice's own phonemizer. A case passes when the voice will say the same sounds (stress marks,
pauses and spacing aside), and says them as one sentence."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tts_service.text.words.normalizing import normalize
from tts_service.voice.base import Backend

CASES_FILE = Path(__file__).with_name("spoken_cases.txt")
CLASSES = {"cardinal", "decimal", "money", "date", "time", "ordinal", "telephone", "electronic",
           "fraction", "range", "measure", "roman", "abbreviation", "acronym", "symbol",
           "sentence", "odd"}
_NOT_HEARD = re.compile(r"[ˈˌʲ\s.,;:!?\"'()\-]")
_DOUBLED = re.compile(r"(.)\1+")


def load_cases() -> list[Any]:
    cases = []
    for number, line in enumerate(CASES_FILE.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, written, spoken = (part.strip() for part in line.split(" | "))
        cases.append(pytest.param(kind, written, spoken, id=f"{number}-{kind}-{written}"))
    return cases


CASES = load_cases()


def heard(voice: Any, text: str) -> str:
    """The sounds the voice makes for ``text``, without stress marks, pauses, spaces or the
    linking of letters said one by one. Hyphens between words are spelling, not sound."""
    phonemes = "".join("".join(sentence) for sentence in voice.phonemize(text.replace("-", " ")))
    return _DOUBLED.sub(r"\1", _NOT_HEARD.sub("", phonemes))


def test_the_table_covers_every_class_with_enough_cases() -> None:
    counts = Counter(case.values[0] for case in CASES)
    assert set(counts) == CLASSES
    assert len(CASES) >= 400
    assert min(counts.values()) >= 7


@pytest.mark.parametrize(("kind", "written", "spoken"), CASES)
def test_the_voice_says_it_right(piper: Backend, kind: str, written: str, spoken: str) -> None:
    voice = piper.piper_voice  # type: ignore[attr-defined]
    ours = normalize(written)
    assert heard(voice, ours) == heard(voice, spoken), f"we send {ours!r}"
    assert len(voice.phonemize(ours)) <= 1, f"the voice hears more than one sentence in {ours!r}"
