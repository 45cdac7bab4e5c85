"""normalize: the spoken form of a piece of source text."""

from __future__ import annotations

import pytest

from tts_service.text.words.normalizing import normalize

ROWS = [
    # ampersands are read as "and"
    ("R&D", "R and D"),
    ("Smith & Sons", "Smith and Sons"),
    ("AT&T", "A-T and T"),  # "AT" alone the voice reads as the word "at"
    # dashes between words are pauses; between numbers they are ranges
    ("now—or never", "now, or never"),
    ("now — or never", "now, or never"),
    ("now – or never", "now, or never"),
    ("today - or tomorrow", "today, or tomorrow"),
    ("1990–1995", "nineteen ninety to nineteen ninety five"),
    ("won 52–48", "won fifty two forty eight"),
    ("— a dash at the start", "a dash at the start"),
    ("a dash at the end —", "a dash at the end"),
    ("well-known, 52-48, -5", "well-known, fifty two to forty eight, minus five"),
    # quotes made plain, ellipses spelled out, invisible characters dropped
    ("“Hi,” she said", '"Hi," she said'),
    ("don’t ‘panic’", "don't 'panic'"),
    ("Wait…", "Wait..."),
    ("hy\u00adphen", "hyphen"),
    ("zero\u200bwidth\ufeff", "zerowidth"),
    # white space collapsed, also before punctuation
    ("  many   spaces\n\tand lines ", "many spaces and lines"),
    ("non\u00a0breaking", "non breaking"),
    ("x , y ; z", "x, y; z"),
    # numbers, money, times and abbreviations are said as a newsreader says them
    ("$1.2 billion, 3.5%, 10 a.m., Dr. Smith, U.S.",
     "one point two billion dollars, three point five percent, ten a-m, Doctor Smith, U-S."),
    ("rose .5 points", "rose point five points"),
    # an A said as a letter is written "A-" where something follows it: the voice hears an A joined
    # to the next letter or word as the article "uh"
    ("the CIA said", "the C-I-A- said"),
    ("the NAACP and the UAE", "the N-A- A- C-P and the U-A- E"),
    ("in the U.S.A.", "in the U-S-A."),
    ("the CIA's chief", "the C-I-A's chief"),
    ("the AP story", "the A-P story"),
    ("", ""),
]


@pytest.mark.parametrize(("source", "spoken"), ROWS)
def test_normalize(source: str, spoken: str) -> None:
    assert normalize(source) == spoken
