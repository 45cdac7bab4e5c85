"""Small rules that decide whether a sentence starts at a position, on top of pysbd.

Each rule looks at ``text`` around ``pos`` (the first character of a would-be sentence, after
white space) and answers True (a sentence starts here), False (it does not) or None (no opinion).
``decide`` asks them in order; the first opinion wins and pysbd settles what none of them knows.
A new rule is one function added to ``SENTENCE_RULES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pysbd.lang.english import English

from .symbols import (
    AMBIGUOUS_ABBREVIATIONS,
    CLOSERS,
    ELLIPSES,
    OPENERS,
    SENTENCE_STARTERS,
    TERMINALS,
    TITLES,
)

Rule = Callable[[str, int], bool | None]

_LOOK_BEHIND = 200  # characters searched backwards for the word before a position
_WORD_AFTER = re.compile(rf"[{re.escape(OPENERS)}]*([^\W\d_][\w'’]*)")
_OPENS_CAPITALIZED = re.compile(rf"[{re.escape(OPENERS)}]*[A-Z]")
# A word (not a single letter, no inner period), an acronym, a year or a large number, then
# "." or "?!". Numbers of one or two digits are left to pysbd: "are: 1. First" lists them.
_PLAIN_END = re.compile(
    rf"[{re.escape(OPENERS)}]*([^\W\d_][a-z'’-]+|[A-Z]{{2,}}|\d{{3,}}|\d{{1,3}}(?:,\d{{3}})+)"
    rf"(\.|[!?]+)[{re.escape(CLOSERS)}]*"
)
_LINK_END = re.compile(rf"[{re.escape(OPENERS)}]*(?:\w+://|www\.|[^@\s]+@)\S*\.[{re.escape(CLOSERS)}]*")
_CLOSED_END = re.compile(rf".*[.?!…][{re.escape(CLOSERS)}]+")
_LOWER_ABBREVIATIONS = frozenset(
    {word.lower() for word in TITLES | AMBIGUOUS_ABBREVIATIONS}
    | set(English.Abbreviation.ABBREVIATIONS)
)


def word_before(text: str, pos: int) -> str:
    """The white-space-delimited word that ends before ``pos`` ("" at the start)."""
    words = text[max(0, pos - _LOOK_BEHIND):pos].rsplit(None, 1)
    return words[-1] if words else ""


def abbreviation_before(text: str, pos: int) -> str:
    """The word before ``pos`` without quotes and brackets or its final period, if it has one."""
    core = word_before(text, pos).lstrip(OPENERS).rstrip(CLOSERS)
    return core[:-1] if core.endswith(".") and not core.endswith("..") else ""


def starts_like_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` is a capitalized SENTENCE_STARTERS word ("The", "It", "I")."""
    match = _WORD_AFTER.match(text, pos)
    if not match:
        return False
    word = match.group(1)
    end = match.end(1)
    if len(word) == 1 and text[end:end + 1] == ".":
        return False  # "I." or "A." is an initial, not a pronoun or an article
    capitalized = word[0].isupper() and (len(word) == 1 or word[1:].islower())
    return capitalized and word.lower() in SENTENCE_STARTERS


def inside_word(text: str, pos: int) -> bool | None:
    """No sentence starts inside a word, a URL or an e-mail address ("example.com/a?x=1")."""
    return False if pos > 0 and not text[pos - 1].isspace() else None


def after_title(text: str, pos: int) -> bool | None:
    """A title or a leading abbreviation never ends a sentence ("Dr. Jones", "e.g. Paris")."""
    return False if abbreviation_before(text, pos) in TITLES else None


def after_ambiguous_abbreviation(text: str, pos: int) -> bool | None:
    """After "U.S.", "Inc.", "etc.", "a.m." or an initial, only a typical first word starts one."""
    abbreviation = abbreviation_before(text, pos)
    initial = len(abbreviation) == 1 and abbreviation.isupper()
    if initial or abbreviation in AMBIGUOUS_ABBREVIATIONS:
        return starts_like_sentence(text, pos)
    return None


def after_ellipsis(text: str, pos: int) -> bool | None:
    """An ellipsis ends a sentence only before a typical first word ("... Then", not "... what")."""
    before = text[max(0, pos - 8):pos].rstrip().rstrip(CLOSERS)
    return starts_like_sentence(text, pos) if before.endswith(ELLIPSES) else None


def after_plain_word(text: str, pos: int) -> bool | None:
    """A word that is no abbreviation, a full stop (or "!", "?") and a capital: a new sentence."""
    match = _PLAIN_END.fullmatch(word_before(text, pos))
    if not match or not _OPENS_CAPITALIZED.match(text, pos):
        return None
    if match.group(2) == "." and match.group(1).lower() in _LOWER_ABBREVIATIONS:
        return None
    return True


def after_link(text: str, pos: int) -> bool | None:
    """A URL or e-mail address, a full stop and a capital: a new sentence ("example.com. Then")."""
    if _LINK_END.fullmatch(word_before(text, pos)) and _OPENS_CAPITALIZED.match(text, pos):
        return True
    return None


def after_closing_quote_or_bracket(text: str, pos: int) -> bool | None:
    """A full stop inside closing quotes or brackets, then a capital: a new sentence ('."', '.)')."""
    if _CLOSED_END.fullmatch(word_before(text, pos)) and _OPENS_CAPITALIZED.match(text, pos):
        return True
    return None


SENTENCE_RULES: tuple[Rule, ...] = (
    inside_word,
    after_title,
    after_ellipsis,
    after_ambiguous_abbreviation,
    after_plain_word,
    after_link,
    after_closing_quote_or_bracket,
)


def decide(text: str, pos: int) -> bool | None:
    """The first opinion of SENTENCE_RULES on whether a sentence starts at ``pos``."""
    for rule in SENTENCE_RULES:
        verdict = rule(text, pos)
        if verdict is not None:
            return verdict
    return None


def ends_with_terminal(line: str) -> bool:
    """Whether a line ends like a sentence or a clause (".", "?", ":", ";"), maybe inside quotes."""
    return line.rstrip().rstrip(CLOSERS).endswith((*TERMINALS, ":", ";"))
