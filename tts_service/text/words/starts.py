"""Which rules may start at a character: the engine tries, at each place, only the rules whose
pattern can begin with the character there, through a combined pattern of those rules alone.

A rule's first characters are read off its parsed pattern: the first thing it consumes, past
zero-width assertions (``\\b``, look-behinds, look-aheads: a superset is safe), through groups,
alternatives and optional repeats; or, for a pattern that may match nothing, the first characters
of a look-ahead it starts with. A pattern this reading cannot follow (a negated class, ``.``,
case-insensitive flags, one that may match nothing anywhere) is tried at every character, as before.
Choosing among fewer rules changes no reading: a rule left out cannot match where it starts with
a character it never begins with, and the rules kept stay in their order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Generic, TypeVar

try:  # the parser of the standard library's own re (Python 3.11+); without it, every rule everywhere
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python
    _C = _P = None

R = TypeVar("R")


class _Anywhere(Exception):
    """The pattern may begin with characters this reading does not follow."""


def first_characters(pattern: str) -> re.Pattern[str] | None:
    """A one-character pattern that every first character of ``pattern`` matches, or None
    where ``pattern`` may begin anywhere (or match nothing)."""
    if _P is None:
        return None
    try:
        parsed = _P.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
    except (re.error, AttributeError, TypeError, ValueError):
        return None
    for guess in (_first, _leading_lookahead):  # what it consumes first, else a look-ahead before it
        try:
            parts, nullable = guess(parsed)
        except (_Anywhere, AttributeError, TypeError, ValueError):
            continue
        if parts and not nullable:
            return re.compile("[" + "".join(parts) + "]")
    return None


def _leading_lookahead(items: object) -> tuple[list[str], bool]:
    """The first characters of a look-ahead the pattern starts with (past other zero-width
    assertions): "\\b(?=[MDCLXVI])(M{0,3}...)" may match nothing, but only before one of those."""
    for op, av in items:  # type: ignore[attr-defined]
        if op is _C.ASSERT and av[0] == 1:
            return _first(av[1])
        if op not in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            break
    raise _Anywhere


def _categories() -> dict[object, str]:
    if _C is None:  # pragma: no cover - another Python
        return {}
    return {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
            _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W"}


_CATEGORIES = _categories()


def _first(items: object) -> tuple[list[str], bool]:
    """The character-class parts that can begin ``items`` and whether they can match nothing."""
    parts: list[str] = []
    for op, av in items:  # type: ignore[attr-defined]
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        if op is _C.LITERAL:
            return parts + [re.escape(chr(av))], False
        if op is _C.IN:
            for inner, value in av:
                if inner is _C.LITERAL:
                    parts.append(re.escape(chr(value)))
                elif inner is _C.RANGE:
                    parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif inner is _C.CATEGORY and value in _CATEGORIES:
                    parts.append(_CATEGORIES[value])
                else:  # NEGATE, case-folded ranges, other categories
                    raise _Anywhere
            return parts, False
        if op is _C.SUBPATTERN:
            _group, add_flags, _del_flags, inner_items = av
            if add_flags & (re.IGNORECASE | re.VERBOSE):
                raise _Anywhere
            inner_parts, nullable = _first(inner_items)
        elif op is _C.ATOMIC_GROUP:
            inner_parts, nullable = _first(av)
        elif op is _C.BRANCH:
            inner_parts, nullable = [], False
            for branch in av[1]:
                branch_parts, branch_nullable = _first(branch)
                inner_parts += branch_parts
                nullable = nullable or branch_nullable
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            low, _high, inner_items = av
            inner_parts, nullable = _first(inner_items)
            nullable = nullable or low == 0
        else:  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...
            raise _Anywhere
        parts += inner_parts
        if not nullable:
            return parts, False
    return parts, True


class Starts(Generic[R]):
    """The rules of one rule set that may start at each character, as a rule set of their own:
    (combined pattern, each rule's pattern, the rules), in the original order. Built on the
    first sight of a character, then kept (a text has few distinct characters where rules start)."""

    def __init__(self, patterns: Sequence[str], compiled: tuple[re.Pattern[str], ...],
                 rules: tuple[R, ...]) -> None:
        self._patterns = tuple(patterns)
        self._compiled = compiled
        self._rules = rules
        self._firsts = tuple(first_characters(pattern) for pattern in self._patterns)
        self._by_char: dict[str, tuple[re.Pattern[str], tuple[re.Pattern[str], ...], tuple[R, ...]]] = {}
        self._by_choice: dict[tuple[int, ...], tuple[re.Pattern[str], tuple[re.Pattern[str], ...],
                                                     tuple[R, ...]]] = {}

    def at(self, char: str) -> tuple[re.Pattern[str], tuple[re.Pattern[str], ...], tuple[R, ...]]:
        """The rule set of the rules that may begin with ``char``."""
        found = self._by_char.get(char)
        if found is None:
            chosen = tuple(index for index, first in enumerate(self._firsts)
                           if first is None or first.match(char))
            found = self._by_choice.get(chosen)
            if found is None:
                master = re.compile("|".join(f"(?P<r{position}>{self._patterns[index]})"
                                             for position, index in enumerate(chosen)) or "(?!)")
                found = (master, tuple(self._compiled[index] for index in chosen),
                         tuple(self._rules[index] for index in chosen))
                self._by_choice[chosen] = found
            self._by_char[char] = found
        return found
