"""Other languages read by their own rules, checked by ear: ours and the expected words sound
the same through espeak-ng's phonemizer for that language (the one Piper's voices use)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from piper.phonemize_espeak import EspeakPhonemizer

from tts_service.config import Settings
from tts_service.synthesis.plan import plan_article

CASES = Path(__file__).with_name("languages")
ESPEAK = {"de": "de", "fr": "fr", "es": "es", "es-MX": "es", "it": "it", "pt": "pt", "pt-PT": "pt", "nl": "nl"}
_NOT_HEARD = re.compile(r"[ˈˌ\s.,;:!?\"'()\-]")


def _cases() -> list[tuple[str, str, str]]:
    rows = []
    for path in sorted(CASES.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                written, spoken = (part.strip() for part in line.split(" | "))
                rows.append((path.stem, written, spoken))
    return rows


@pytest.fixture(scope="module")
def espeak() -> EspeakPhonemizer:
    return EspeakPhonemizer()


def _heard(espeak: EspeakPhonemizer, lang: str, text: str) -> str:
    return _NOT_HEARD.sub("", "".join("".join(s) for s in espeak.phonemize(ESPEAK[lang], text)))


@pytest.mark.parametrize(("lang", "written", "spoken"), _cases())
def test_heard_right(espeak: EspeakPhonemizer, lang: str, written: str, spoken: str) -> None:
    plan = plan_article(written, Settings(), 400, lang=lang)
    ours = " ".join(segment.text for segment in plan.segments)
    assert _heard(espeak, lang, ours) == _heard(espeak, lang, spoken), ours


@pytest.mark.parametrize("lang", sorted(ESPEAK))
def test_every_language_has_cases(lang: str) -> None:
    assert len([row for row in _cases() if row[0] == lang]) >= 6


def test_english_keeps_its_own_rules() -> None:
    plan = plan_article("It cost $2.5 million on 03/07/2025.", Settings(), 400)
    assert "two point five million dollars" in plan.segments[0].text
