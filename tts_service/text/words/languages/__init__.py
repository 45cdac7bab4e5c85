"""Reading other languages than English: per-language tables (``tables``) over one engine
(``engine``). ``rule_set(lang)`` gives the normalizer a language's rules, or None for English
and languages without a table (their words pass as written: the voice reads them)."""

from __future__ import annotations

import functools
import re

from ..rules import Rule
from .dates import ABBREVIATIONS, MONTH_FIRST
from .engine import MAY_END, rules
from .tables import LANGUAGES, POINT_REGIONS, REGIONS, Language
from .units import PER

__all__ = ["LANGUAGES", "RuleSet", "as_decimal_comma", "plain_words", "rejoin", "rule_set"]

_NAMED = re.compile(r"\(\?P<\w+>")  # a rule's own groups, unnamed in the combined pattern
RuleSet = tuple[re.Pattern[str], tuple[re.Pattern[str], ...], tuple[Rule, ...]]


def _table(lang: str) -> Language | None:
    """The table of ``lang``: its region's ("pt-PT"), else its primary language's ("pt-BR",
    "de_AT": pt, de), if there is one."""
    tag = lang.replace("_", "-").lower()
    return REGIONS.get("-".join(tag.split("-")[:2])) or LANGUAGES.get(tag.split("-")[0])


@functools.lru_cache(maxsize=16)
def rule_set(lang: str) -> RuleSet | None:
    """The combined pattern, each rule's own pattern and the rules of ``lang`` ("de", "pt-BR")."""
    table = _table(lang)
    if table is None:
        return None
    made = rules(table)
    master = re.compile("|".join(f"(?P<r{index}>{_NAMED.sub('(?:', rule.pattern)})"
                                 for index, rule in enumerate(made)))
    return master, tuple(re.compile(rule.pattern) for rule in made), made


# A number written with a decimal point ("1,500.50", "3.5"), not a date or a version ("3.10.2000")
_POINT_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d]|[.,]\d)")
_SWAPPED = str.maketrans(",.", ".,")


def as_decimal_comma(text: str, lang: str) -> str:
    """Numbers of a decimal-point region with a table of its own ("es-MX": "1,500.50") written as
    the rules of its language read them ("1.500,50"), each character in its place; other text
    as it is ("de-CH" keeps "14.30 Uhr")."""
    if "-".join(lang.replace("_", "-").lower().split("-")[:2]) not in POINT_REGIONS:
        return text
    return _POINT_NUMBER.sub(lambda m: m.group(0).translate(_SWAPPED), text)


@functools.lru_cache(maxsize=16)
def plain_words(lang: str) -> frozenset[str] | None:
    """The lowercase words where one of ``lang``'s rules may start ("usd 2", "abril 30"), which
    the normalizer tries although it never tries a plain word otherwise; None: no table."""
    table = _table(lang)
    if table is None:
        return None
    words = [key for key in table.currencies if key.isalpha() and key.islower()]
    words += [PER[table.code]] if table.code in PER else []  # "per km²"
    if table.code in MONTH_FIRST:
        words += [name.lower() for name in table.months] + [key.rstrip(".") for key in ABBREVIATIONS[table.code]]
    return frozenset(words)


@functools.lru_cache(maxsize=16)
def _no_end(lang: str) -> re.Pattern[str] | None:
    """What a sentence of ``lang`` cannot end with: an abbreviation (or the first part of one,
    "z." of "z. B."), or a German ordinal day before its month."""
    table = _table(lang)
    if table is None:
        return None
    months = [name for key in ABBREVIATIONS.get(table.code, {}) for name in (key, key.capitalize())]
    parts = {piece for key in [*table.abbreviations, *table.scales, *table.units, *months] if key not in MAY_END
             for piece in _prefixes(key) if piece.endswith(".")}
    words = "|".join(re.escape(part) for part in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?:(?<![^\W\d_])(?:{words})|\b\d{{1,2}}\.)$")


def _prefixes(key: str) -> list[str]:
    """ "z. B." -> ["z.", "z. B."]; "EE.UU." -> ["EE.", "EE.UU."]."""
    return [key[:index + 1].strip() for index, char in enumerate(key) if char == "."]


# A span opening with a number and its period on the line of the span before, which has no end of
# its own ("am | 2. oder 3. Tag"): an ordinal going on in the sentence, no list item
_ORDINAL_GOES_ON = re.compile(r"[ \t]*\d{1,3}\.[ \t]")  # on the same line (a list item opens a line)
_ENDS = frozenset(".!?:;\"'»”)")


def rejoin(spans: list[tuple[int, int]], text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` with those that end in one of ``lang``'s abbreviations joined
    to the next (the English splitter does not know "z. B.", "Sra." or "3. März"), and those that
    open with an ordinal ("2. oder 3. Tag") to the one before, which has no end."""
    no_end = _no_end(lang)
    if no_end is None or len(spans) < 2:
        return spans
    joined = [spans[0]]
    for start, end in spans[1:]:
        before = text[joined[-1][0]:joined[-1][1]].rstrip()
        goes_on = _ORDINAL_GOES_ON.match(text, start) and "\n" not in text[joined[-1][1]:start]
        if no_end.search(before) or goes_on and before[-1:] not in _ENDS:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined
