"""The development set of spoken cases and how it is checked by ear, shared by
``test_spoken_cases.py`` and ``bench/bench_heard_right.py``.

The cases: ours in ``spoken_cases.txt``, and the development set in ``cases/*.txt`` (each file
names its source and licence). A line is ``class | written | spoken``; expected words are written
so the voice says letters as letters (joined by hyphens: "a-m", "U-S"; a lone "A-", and an A after
a hyphen written "A-" before what follows: "C-I-A- said", "N-A- A- C-P"), since it hears an "a"
joined to the next word or letter as the article. A line starting with ``~`` is a known miss.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

CASES_FILE = Path(__file__).with_name("spoken_cases.txt")
CASE_FILES = (CASES_FILE, *sorted(Path(__file__).with_name("cases").glob("*.txt")))
KNOWN_MISS = "~"
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


def heard(voice: Any, text: str) -> str:
    """The sounds the voice makes for ``text``, without stress marks, pauses, spaces or the
    linking of letters said one by one. A hyphen between words is spelling, not sound; between
    letters it makes the voice say them as letters ("a-m" is not "uh em")."""
    phonemes = "".join("".join(s) for s in voice.phonemize(_SPELLING_HYPHEN.sub(" ", text)))
    return _DOUBLED.sub(r"\1", _NOT_HEARD.sub("", phonemes))


def heard_right(voice: Any, ours: str, spoken: str) -> bool:
    """Whether the voice says ``ours`` like ``spoken``, and as one sentence."""
    return heard(voice, ours) == heard(voice, spoken) and len(voice.phonemize(ours)) <= 1
