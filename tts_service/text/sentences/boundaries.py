"""Small rules that decide whether a sentence starts at a position, on top of pysbd.

Each rule looks at ``text`` around ``pos`` (the first character of a would-be sentence, after
white space) and answers True (a sentence starts here), False (it does not) or None (no opinion).
``text`` is one run of prose or one list item (see ``layout``), so a sentence starts at its start.
``decide`` asks them in order; the first opinion wins and pysbd settles what none of them knows.
A new rule is one function added to ``SENTENCE_RULES`` (English, and languages without pysbd
rules of their own) or to ``rules_for``'s set for the languages of PYSBD_LANGUAGES; what differs
between those languages is data (``symbols``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from itertools import pairwise

from pysbd.lang.english import English
from pysbd.languages import LANGUAGE_CODES

from ..words.tables import STATE_NAME_WORDS, STATES
from .symbols import (
    ABBREVIATIONS,
    AMBIGUOUS_ABBREVIATIONS,
    BEFORE_ORDINALS,
    BULLETS,
    CLOCK_ABBREVIATIONS,
    CLOSERS,
    CUT_BEFORE,
    ELLIPSES,
    LIST_ENDS,
    LIST_NUMBER_MAX_DIGITS,
    NEVER_FINAL,
    OPENERS,
    PYSBD_LANGUAGES,
    PYSBD_STAND_INS,
    SENTENCE_STARTERS,
    STREET_ENDINGS,
    TERMINALS,
    TIME_OPENERS,
    TIME_PHRASE_WORDS,
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
# A numbered list marker and the space after it, maybe after a bullet: "1. ", "2) ", "• 9.) ".
LIST_MARKER = re.compile(
    rf"(?:[{re.escape(BULLETS)}]\s*)?(\d{{1,{LIST_NUMBER_MAX_DIGITS}}})(?:\.\)|[.)])\s+"
)
_CAPITALIZED_ABBREVIATION = re.compile(rf"[{re.escape(OPENERS)}]*([A-Z][a-z]*)\.")
_SPACED_ELLIPSIS_AHEAD = re.compile(rf"\. \. \.\s+[{re.escape(OPENERS)}]*[A-Z]")
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


def after_list_marker(text: str, pos: int) -> bool | None:
    """A list marker that opens the run belongs to its item ("1.) The first item")."""
    return False if LIST_MARKER.fullmatch(text, 0, pos) else None


def after_title(text: str, pos: int) -> bool | None:
    """A title or a leading abbreviation never ends a sentence ("Dr. Jones", "e.g. Paris")."""
    return False if abbreviation_before(text, pos) in TITLES else None


def after_clock_time(text: str, pos: int) -> bool | None:
    """A clock time, then a title: a new sentence ("at 6 P.M. Mr. Smith"), unless the time opens
    its clause ("At 5 a.m. Mr. Smith went", "and at 6 p.m. Mr. Smith left")."""
    title = _CAPITALIZED_ABBREVIATION.match(text, pos)
    if not title or title.group(1) not in TITLES:
        return None
    if abbreviation_before(text, pos) not in CLOCK_ABBREVIATIONS:
        return None
    return not _time_opens_clause(text, pos)


def _time_opens_clause(text: str, pos: int) -> bool:
    """Whether the clock time before ``pos`` ends a phrase that opens a clause ("On Monday at")."""
    start = max(0, pos - _LOOK_BEHIND)
    words = text[start:pos].split()[:-1]  # up to the time's number
    if start == 0:
        words.insert(0, "")  # the start of the text
    for before, word in pairwise(words[-TIME_PHRASE_WORDS - 1:]):
        clause_break = (not before or ends_with_terminal(before) or before.endswith(",")
                        or before.lower() in CUT_BEFORE)
        if clause_break and word.lstrip(OPENERS).lower() in TIME_OPENERS:
            return True
    return False


_AP_STATES = frozenset(state for state in STATES if not state.isupper())


def in_state_name(text: str, pos: int) -> bool | None:
    """A state's AP abbreviation inside a name ends no sentence ("at Mass. General Hospital", "the
    Pa. Turnpike"); after a place and a comma ("Worcester, Mass. General Motors") it may."""
    if abbreviation_before(text, pos) not in _AP_STATES:
        return None
    after = _WORD_AFTER.match(text, pos)
    if after is None or after.group(1) not in STATE_NAME_WORDS:
        return None
    start = pos - len(word_before(text, pos)) - 1
    return None if word_before(text, max(0, start)).endswith(",") else False


def after_ambiguous_abbreviation(text: str, pos: int) -> bool | None:
    """After "U.S.", "Inc.", "etc.", "a.m." or an initial, only a typical first word starts one."""
    abbreviation = abbreviation_before(text, pos)
    initial = len(abbreviation) == 1 and abbreviation.isupper()
    if initial or abbreviation in AMBIGUOUS_ABBREVIATIONS:
        return starts_like_sentence(text, pos)
    return None


def before_spaced_ellipsis(text: str, pos: int) -> bool | None:
    """A full stop, a spaced ellipsis and a capital: the ellipsis opens the next sentence.

    "compounds. . . . The practice": the first period ends the sentence, the three after it
    leave words out at the start of the next one.
    """
    if not _SPACED_ELLIPSIS_AHEAD.match(text, pos):
        return None
    before = text[max(0, pos - 8):pos].rstrip()
    return True if before[-1:] == "." and before[-2:-1].isalnum() else None


def in_spaced_ellipsis(text: str, pos: int) -> bool | None:
    """No sentence starts inside a spaced ellipsis (". . ."), nor after one that leaves words out.

    Three spaced periods leave words out inside a sentence ("the thing is . . . I didn't"); a
    fourth is the full stop ("a period . . . . Next"). Four after a word ("compounds. . . . The")
    were cut by ``before_spaced_ellipsis`` before the ellipsis, not after it.
    """
    tail = text[max(0, pos - 24):pos].rstrip()
    dots = tail[len(tail.rstrip(". ")):]  # the dots before pos: " . . ." or, after a word, ". ."
    if text.startswith(".", pos):
        return False if " " in dots or text.startswith(". .", pos) else None
    if " " not in dots:
        return None
    if not dots.startswith(" "):
        return False if dots.count(".") == 4 else None
    if dots.count(".") == 3:
        return False
    return True if _OPENS_CAPITALIZED.match(text, pos) else None


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
    after_list_marker,
    after_title,
    before_spaced_ellipsis,
    in_spaced_ellipsis,
    after_ellipsis,
    after_clock_time,
    in_state_name,
    after_ambiguous_abbreviation,
    after_plain_word,
    after_link,
    after_closing_quote_or_bracket,
)


def sentence_language(lang: str) -> str:
    """The language whose rules segment ``lang`` ("de-AT": "de"; "pt-BR": "pt"; "en-GB", "xx": "en")."""
    primary = lang.replace("_", "-").split("-")[0].lower()
    return primary if primary in PYSBD_LANGUAGES else "en"


def opens_capital(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` opens with a capital of any alphabet, maybe after quotes."""
    while pos < len(text) and text[pos] in OPENERS:
        pos += 1
    return pos < len(text) and text[pos].isupper()


def after_list_end(text: str, pos: int, ends: frozenset[str]) -> bool | None:
    """An abbreviation that closes a list ends the sentence before a capital ("Birnen usw. Dann",
    "des poires etc. Puis"), not before a small letter or a digit ("usw. und", "etc. 5")."""
    if abbreviation_before(text, pos).lower() not in ends:
        return None
    return opens_capital(text, pos)


def after_word_of(text: str, pos: int, abbreviations: frozenset[str]) -> bool | None:
    """A word that is not one of the language's abbreviations, a full stop (or "!", "?") and a
    capital: a new sentence ("Müller kam. Über"); pysbd settles its abbreviations and numbers."""
    word = word_before(text, pos).lstrip(OPENERS).rstrip(CLOSERS)
    core = word.rstrip("!?") if word.endswith(("!", "?")) else word[:-1] if word.endswith(".") else ""
    plain = core.replace("'", "").replace("’", "").replace("-", "")
    if len(core) < 2 or not plain.isalpha() or not (core[1:].islower() or core.isupper()):
        return None
    if word.endswith(".") and core.lower() in abbreviations:
        return None
    return True if opens_capital(text, pos) else None


def after_never_final(text: str, pos: int, words: frozenset[str]) -> bool | None:
    """An abbreviation that always has a word after it never ends a sentence ("Sr. Silva",
    "Av. Paulista", "pág. 5")."""
    return False if abbreviation_before(text, pos).lower() in words else None


def before_house_number(text: str, pos: int, endings: tuple[str, ...]) -> bool | None:
    """A street's abbreviation before a house number does not end a sentence ("Hauptstr. 5")."""
    abbreviation = abbreviation_before(text, pos).lower()
    if abbreviation.endswith(endings) and text[pos:pos + 1].isdigit():
        return False
    return None


def after_ordinal(text: str, pos: int, before: frozenset[str]) -> bool | None:
    """A number and a full stop after an article or a preposition is an ordinal, not the end of a
    sentence ("den 100. Geburtstag", "seit dem 3. Mal")."""
    number = abbreviation_before(text, pos)
    if not number.isdigit():
        return None
    start = pos - len(word_before(text, pos)) - 1
    return False if word_before(text, max(0, start)).lower() in before else None


def pysbd_code(code: str) -> str:
    """The pysbd language whose rules settle ``code`` ("pt": Spanish's)."""
    return PYSBD_STAND_INS.get(code, code)


@functools.cache
def rules_for(code: str) -> tuple[Rule, ...]:
    """The rules for a language of PYSBD_LANGUAGES ("de"): SENTENCE_RULES for English; for the
    others those that hold in any language, with that language's tables: abbreviations, list
    ends, words never final, street abbreviations, words before ordinals."""
    if code not in PYSBD_LANGUAGES:
        return SENTENCE_RULES
    known = LANGUAGE_CODES[pysbd_code(code)].Abbreviation.ABBREVIATIONS
    abbreviations = frozenset(word.strip().lower() for word in known) | ABBREVIATIONS.get(code, frozenset())
    return (
        inside_word,
        after_list_marker,
        before_spaced_ellipsis,
        in_spaced_ellipsis,
        functools.partial(after_never_final, words=NEVER_FINAL.get(code, frozenset())),
        functools.partial(before_house_number, endings=STREET_ENDINGS.get(code, ())),
        functools.partial(after_ordinal, before=BEFORE_ORDINALS.get(code, frozenset())),
        functools.partial(after_list_end, ends=LIST_ENDS.get(code, frozenset())),
        functools.partial(after_word_of, abbreviations=abbreviations),
        after_link,
        after_closing_quote_or_bracket,
    )


def decide(text: str, pos: int, rules: tuple[Rule, ...] = SENTENCE_RULES) -> bool | None:
    """The first opinion of ``rules`` on whether a sentence starts at ``pos``."""
    for rule in rules:
        verdict = rule(text, pos)
        if verdict is not None:
            return verdict
    return None


def ends_with_terminal(line: str) -> bool:
    """Whether a line ends like a sentence or a clause (".", "?", ":", ";"), maybe inside quotes."""
    return line.rstrip().rstrip(CLOSERS).endswith((*TERMINALS, ":", ";"))
