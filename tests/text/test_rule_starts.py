"""The engine tries at each place only the rules that may start with the character there
(``words/starts.py``): that choice must never change a reading."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spoken_support import CASE_FILES, read_cases

from tts_service.text.words import normalizing
from tts_service.text.words.rules import RULES
from tts_service.text.words.starts import Starts, first_characters

WRITTEN = [written for path in CASE_FILES for _, _, written, _, _ in read_cases(path)]


@pytest.mark.parametrize(("pattern", "starts", "not_starts"), [
    (r"\d+", "07", "a."),
    (r"(?<![\w.])(?:Jan|Feb)\.?\d", "JF", "ja1"),
    (r"\b(?:Q([1-4])|([1-4])Q)", "Q14", "q5"),
    (r"(?:\+?1[\s.-]?)?\(\d{3}\)", "+1(", "2 "),  # optional parts: what follows may come first
    (r"[-–—]+", "-–—", "a"),
    (r"\b(?=[MDCLXVI])(M{0,3}(?:CM|D?C{0,3}))\b", "MDCLXVI", "Aa1"),  # may match nothing, but only there
])
def test_the_first_characters_of_a_pattern(pattern: str, starts: str, not_starts: str) -> None:
    first = first_characters(pattern)
    assert first is not None
    assert all(first.match(char) for char in starts)
    assert not any(first.match(char) for char in not_starts)


@pytest.mark.parametrize("pattern", [
    r"[^a-z]x",  # a negated class
    r".x",
    r"(?i)abc",  # case folded
    r"a?",  # may match nothing anywhere
    r"\b(?:x|)",
])
def test_a_pattern_it_cannot_follow_is_tried_everywhere(pattern: str) -> None:
    assert first_characters(pattern) is None


def test_every_rule_match_in_the_cases_starts_with_one_of_its_first_characters() -> None:
    text = "\n".join(WRITTEN)
    checked = 0
    for rule in RULES:
        first = first_characters(rule.pattern)
        for found in re.finditer(rule.pattern, text):
            if found.end() > found.start():
                checked += 1
                assert first is None or first.match(text[found.start()]), (rule.name, found.group(0))
    assert checked > 1000


class _Everywhere:
    """Every rule at every place, in one combined pattern: the engine before ``starts``."""

    def __init__(self) -> None:
        self.rules = (re.compile("|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(RULES))),
                      tuple(re.compile(rule.pattern) for rule in RULES), RULES)

    def at(self, char: str) -> object:
        return self.rules


_EVERYWHERE = _Everywhere()


def _read_everywhere(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patched:
        patched.setattr(normalizing, "_STARTS", _EVERYWHERE)
        normalizing.speak.cache_clear()
        read = [normalizing.speak(text).text for text in texts]
    normalizing.speak.cache_clear()
    return read


def test_the_cases_read_the_same_as_with_every_rule_tried_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    everywhere = _read_everywhere(WRITTEN, monkeypatch)
    chosen = [normalizing.speak(text).text for text in WRITTEN]
    assert len(WRITTEN) > 1500
    assert [pair for pair in zip(WRITTEN, chosen, everywhere, strict=True) if pair[1] != pair[2]] == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Jan", "Mar.", "St", "a.m.", "Q3", "XIV", "A", "U.S.", "NASA", "www.", "x",
                                  "km", "%", "$", "£", "-", "–", "/", ":", ".", ",", "'", "(", ")", "#", "@",
                                  "0", "1", "7", "19", "2024", "1,500", "3.5", " ", " ", "\n", "th", "s"]),
                max_size=20).map("".join))
def test_any_text_reads_the_same_as_with_every_rule_tried_everywhere(text: str) -> None:
    chosen = normalizing.speak(text).text
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(normalizing, "_STARTS", _EVERYWHERE)
        normalizing.speak.cache_clear()
        everywhere = normalizing.speak(text).text
    normalizing.speak.cache_clear()
    assert chosen == everywhere


def test_a_rule_set_keeps_its_rules_in_order_and_builds_each_choice_once() -> None:
    starts = Starts([r"\d+x", r"[a-z]+", r"\d+"], (re.compile(r"\d+x"), re.compile(r"[a-z]+"),
                                                   re.compile(r"\d+")), ("one", "two", "three"))
    master, patterns, rules = starts.at("7")
    assert rules == ("one", "three")
    assert [p.pattern for p in patterns] == [r"\d+x", r"\d+"]
    assert master.match("12x").lastgroup == "r0"
    assert master.match("12").lastgroup == "r1"
    assert starts.at("8") is starts.at("7")
    assert starts.at("q")[2] == ("two",)
    assert starts.at("%")[0].match("%") is None
