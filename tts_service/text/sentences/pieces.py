"""A sentence too long for the voice -> balanced pieces, cut at clause punctuation before spaces.

The cut points are chosen together (dynamic programming) to minimize the cost of the cuts (see
``symbols.CLAUSE_CUTS`` and friends) plus a penalty for pieces far from the ideal length, with
no piece of fewer than MIN_PIECE_WORDS words when the sentence is long enough to avoid one.
Only a word longer than the limit on its own (a long URL, say) is cut inside.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ..words.normalizing import normalize
from .symbols import (
    BALANCE,
    CLAUSE_CUTS,
    CLAUSE_OPENERS,
    CONJUNCTION_CUT,
    CONTINUING,
    CUT_BEFORE,
    HARD_CUT,
    LINE_BREAK_CUT,
    MIN_PIECE_WORDS,
    NO_CUT_AFTER,
    OPENERS,
    OPENING_BRACKET_CUT,
    PAUSE_MARKS,
    QUOTES,
    SPACED_DASHES,
    WEAK_CUT,
    WHITESPACE_CUT,
)

Span = tuple[int, int]

_TOKEN = re.compile(r"[^\s—]*—|[^\s—]+")  # words; an em dash ends a word ("now—or")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    spoken: int  # length of the token's spoken form
    word: bool  # has a letter or digit
    glued: bool = False  # a part of a word cut because it is over the limit alone


Measure = Callable[[int, int], int]  # (start, end) -> length of the spoken form of text[start:end]


def split_long(text: str, max_chars: int, measure: Measure | None = None) -> list[Span]:
    """Spans of ``text`` whose spoken forms are at most ``max_chars`` long, in order.

    ``measure`` tells how long what a stretch of the text says is; by default each stretch is
    normalized on its own. The segmenter passes one that reads the sentence's spoken words.
    """
    measure = measure or (lambda start, end: len(normalize(text[start:end])))
    if measure(0, len(text)) <= max_chars:
        return [(0, len(text))]
    limit = max_chars
    while True:
        spans = _cut(text, _tokens(text, limit, measure), limit)
        excess = max(measure(start, end) + (i < len(spans) - 1 and _needs_comma(text[start:end]))
                     for i, (start, end) in enumerate(spans)) - max_chars
        if excess <= 0 or limit <= 1:
            return spans
        limit = max(1, limit - excess)  # the estimate fell short (it rarely does): tighten


def pause_cut(text: str, max_chars: int, measure: Measure | None = None) -> int | None:
    """Where to cut ``text`` (a sentence) short for a quick start: the end of its longest opening
    stretch that says at most ``max_chars`` and ends at a pause a speaker makes (a comma,
    semicolon, colon or dash; failing one, before a word that opens a clause, ``CLAUSE_OPENERS``,
    the piece then given a comma), or None when there is no such pause early enough. Never inside
    brackets or quotes, between two capitalized words ("Portland, Ore.", "Paris, France"), after a
    word that leads into its phrase ("the", "of", "Mr."), after a question or exclamation ("'Why
    now?':", which the voice would end as an utterance of its own), nor leaving fewer than
    MIN_PIECE_WORDS words on either side."""
    measure = measure or (lambda start, end: len(normalize(text[start:end])))
    for places, comma in ((_pauses(text), 0), (_clause_starts(text), 1)):
        best = None
        for at in places:
            before, after = text[:at].split(), text[at:].split()
            if measure(0, at) + comma > max_chars:
                break
            if (len([w for w in before if _is_word(w)]) >= MIN_PIECE_WORDS
                    and len([w for w in after if _is_word(w)]) >= MIN_PIECE_WORDS
                    and not _inside_a_phrase(text[:at], before[-1], after[0])
                    and not before[-1].rstrip(PAUSE_MARKS + QUOTES + "-").endswith(("?", "!"))):
                best = at
        if best is not None:
            return best
    return None


def _clause_starts(text: str) -> list[int]:
    """Ends of the words followed by a word of CLAUSE_OPENERS ("... on Monday | because ...")."""
    return [m.start() for m in re.finditer(r"(?<=[\w.%)])\s+(\w+)", text)
            if m.group(1) in CLAUSE_OPENERS]


def _pauses(text: str) -> list[int]:
    """Ends of the stretches of ``text`` that close at a pause mark followed by a space."""
    ends = {i + 1 for i, ch in enumerate(text[:-1]) if ch in PAUSE_MARKS and text[i + 1].isspace()}
    for dash in SPACED_DASHES:
        ends |= {m.start() + len(dash) - 1 for m in re.finditer(re.escape(dash), text)}
    return sorted(ends)


def _inside_a_phrase(head: str, last: str, following: str) -> bool:
    """Whether a cut after ``head`` (ending in the word ``last``, before ``following``) falls
    inside brackets, quotes, a name or a phrase that is not over yet."""
    if head.count("(") > head.count(")") or head.count("[") > head.count("]"):
        return True
    if sum(head.count(q) for q in "\"“”") % 2 or head.count("‘") > head.count("’"):
        return True
    word = last.rstrip(PAUSE_MARKS + QUOTES + "-")
    if word in NO_CUT_AFTER or word.lower() in NO_CUT_AFTER:
        return True
    next_word = following.lstrip(OPENERS)
    return last.endswith(",") and word[:1].isupper() and next_word[:1].isupper()


def _needs_comma(piece: str) -> bool:
    """Whether a piece that does not end its sentence is given a comma to close it (the voice
    then hears the phrase go on): one that ends in a comma, semicolon or colon is not."""
    return not piece.rstrip(QUOTES + ")]").endswith(CONTINUING)


def _tokens(text: str, limit: int, measure: Measure) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        spoken = measure(start, end)
        if spoken <= limit:
            tokens.append(_Token(start, end, spoken, _is_word(match.group())))
            continue
        for index, (part_start, part_end) in enumerate(_hard_parts(start, end, limit, measure)):
            part = text[part_start:part_end]
            tokens.append(_Token(part_start, part_end, measure(part_start, part_end),
                                 _is_word(part), glued=index > 0))
    return tokens


def _hard_parts(start: int, end: int, limit: int, measure: Measure) -> list[Span]:
    """Cut one over-long word into parts whose spoken forms fit ``limit``."""
    parts = []
    while start < end:
        stop = min(end, start + limit)
        while stop > start + 1 and measure(start, stop) > limit:
            stop -= 1
        parts.append((start, stop))
        start = stop
    return parts


def _cut(text: str, tokens: list[_Token], limit: int) -> list[Span]:
    """The cheapest way to cut ``tokens`` into pieces that fit ``limit``, as spans of ``text``."""
    ends = [0]  # ends[i]: spoken length of tokens[:i] with a space after each token
    words = [0]
    for token in tokens:
        ends.append(ends[-1] + token.spoken + 1)
        words.append(words[-1] + token.word)
    total = ends[-1] - 1
    ideal = total / math.ceil(total / limit)
    cut_costs = [0.0, *(_cut_cost(text, left, right) for left, right in pairwise(tokens))]
    # closes[i]: a piece ending before token i needs a comma to close it (not the last piece)
    closes = [int(_needs_comma(text[t.start:t.end])) for t in tokens] + [0]
    closes = [0, *closes[:-2], 0]
    min_words = MIN_PIECE_WORDS if words[-1] >= 2 * MIN_PIECE_WORDS else 1
    starts = _best_starts(ends, words, cut_costs, closes, limit, ideal, min_words)
    if starts is None:
        starts = _best_starts(ends, words, cut_costs, closes, limit, ideal, 0) or [0]
    bounds = [*starts, len(tokens)]
    return [(tokens[a].start, tokens[b - 1].end) for a, b in pairwise(bounds)]


def _best_starts(
    ends: list[int], words: list[int], cut_costs: list[float], closes: list[int], limit: int,
    ideal: float, min_words: int,
) -> list[int] | None:
    """Indexes of the first token of each piece in the cheapest cut, None if none is allowed.
    ``closes[stop]``: the piece ending before token ``stop`` takes one character more (a comma).

    With ``min_words`` 0 there is always a cut, as every token fits the limit on its own.
    """
    count = len(ends) - 1
    weight = BALANCE / ideal**2
    best = [math.inf] * (count + 1)
    base = [math.inf] * (count + 1)  # best cost of ending a piece before token i, and cutting
    previous = [0] * (count + 1)
    best[0] = base[0] = 0.0
    first = 0  # the first start whose piece still fits the limit
    last = -1  # the last start that leaves the piece min_words words
    for stop in range(1, count + 1):
        while ends[stop] - ends[first] - 1 + closes[stop] > limit and first < stop - 1:
            first += 1
        while last + 1 < stop and words[stop] - words[last + 1] >= min_words:
            last += 1
        target = ends[stop] - 1 - ideal
        for start in range(first, last + 1):
            cost = base[start] + weight * (target - ends[start]) ** 2
            if cost < best[stop]:
                best[stop] = cost
                previous[stop] = start
        if stop < count:
            base[stop] = best[stop] + cut_costs[stop]
    if best[count] == math.inf:
        return None
    starts = []
    stop = count
    while stop > 0:
        stop = previous[stop]
        starts.append(stop)
    return starts[::-1]


def _cut_cost(text: str, left: _Token, right: _Token) -> float:
    """The cost of ending a piece after ``left`` and starting the next one at ``right``."""
    if right.glued:
        return HARD_CUT
    before = text[left.start:left.end]
    after = text[right.start:right.end]
    mark = before.rstrip(QUOTES)
    mark = "…" if mark.endswith("...") else mark[-1:]
    if mark in CLAUSE_CUTS:
        return CLAUSE_CUTS[mark]
    if "\n" in text[left.end:right.start]:  # a line of a table or a listing ends there
        return LINE_BREAK_CUT
    if after.startswith(("(", "[")):
        return OPENING_BRACKET_CUT
    if before in NO_CUT_AFTER or before.lower() in NO_CUT_AFTER:
        return WEAK_CUT
    if after.lstrip(OPENERS).lower() in CUT_BEFORE:
        return CONJUNCTION_CUT
    return WHITESPACE_CUT


def _is_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
