"""Plain text -> runs of prose and list items, each of which starts a new sentence.

Paragraphs are separated by blank lines (lines of only white space). Inside one, a line opening
with a list marker or a Markdown "#" is an item (the marker is left out of the run); a line that
wraps an item (indented, or starting in lower case) continues it; other lines are prose and are
joined, except after a heading: a short line without final punctuation before a capitalized one.
"-", "–" and "1." open an item only in a list context, as prose may wrap onto such a line.

A numbered list written inline ("1) The first item 2) The second item") is cut into items that
keep their markers: it opens a line (maybe after a bullet) in a list context, or follows a colon,
and goes on while the numbers count up by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..words.languages.dates import MONTH_NAMES
from ..words.languages.ordinals import RANKED
from .boundaries import LIST_MARKER, ends_with_terminal
from .symbols import BULLETS, CONTEXT_BULLETS, HEADING_LINE_SHARE, LIST_NUMBER_MAX_DIGITS, OPENERS

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(rf"(?:[{re.escape(BULLETS)}]|#{{1,6}})(?:\s+|$)")  # "• item", "## Heading"
_CONTEXT_MARKER = re.compile(
    rf"(?:[{re.escape(CONTEXT_BULLETS)}]|\d{{1,{LIST_NUMBER_MAX_DIGITS}}}(?:\.\)|[.)]))\s+(?=\S)"
)
# A list marker after white space; the first character set lets ``re`` skip ahead quickly.
_INLINE_MARKER = re.compile(rf"(?=[{re.escape(BULLETS)}\d])(?<!\S){LIST_MARKER.pattern}(?=\S)")
# A month's name (or abbreviation) of a language with its own rules, after a day's number, or a
# word a rank is written before ("1. FC Köln").
_MONTH_AFTER = re.compile(
    rf"(?:(?i:{'|'.join(re.escape(name) for name in sorted(MONTH_NAMES, key=len, reverse=True))})|"
    rf"{'|'.join(sorted(RANKED, key=len, reverse=True))})(?![^\W\d_])"
)
_CAPITALIZED = re.compile(rf"[{re.escape(OPENERS)}]*[A-Z]")


@dataclass(frozen=True)
class Run:
    """A stretch of the input that starts a new sentence: prose lines or one list item."""

    start: int
    end: int
    paragraph: int  # index of the paragraph among all blank-line-separated blocks
    item: bool = False


@dataclass(frozen=True)
class _Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    body: int  # where the words start: after the list marker of an item
    role: str  # "item" (opens with a marker), "wrap" (continues an item) or "prose"


def runs(text: str) -> Iterator[Run]:
    """The runs of ``text`` in order."""
    for paragraph, (start, end) in enumerate(_paragraphs(text)):
        for run in _paragraph_runs(text, _lines(text, start, end), paragraph):
            items = _inline_items(text, run.start, run.end)
            if not items:
                yield run
                continue
            if items[0] > run.start:
                yield Run(run.start, items[0], paragraph, run.item)
            for item_start, item_end in zip(items, [*items[1:], run.end], strict=True):
                yield Run(item_start, item_end, paragraph, item=True)


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _BLANK_LINES.finditer(text):
        if text[start:match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def _lines(text: str, start: int, end: int) -> list[_Line]:
    lines: list[_Line] = []
    for match in _LINE.finditer(text, start, end):
        raw = match.group()
        content = raw.strip()
        if not content:
            continue
        first = match.start() + len(raw) - len(raw.lstrip())
        last = first + len(content)
        above = lines[-1] if lines else None
        in_list = above is None or above.role != "prose" or text[above.end - 1] == ":"
        marker = _BULLET.match(text, first, last) or (
            _CONTEXT_MARKER.match(text, first, last) if in_list else None
        )
        if marker and _MONTH_AFTER.match(text, marker.end(), last) and text[first].isdigit():
            # "3. März 2025", "1. FC Köln": a date or a rank opening the line, said; in a list it
            # still starts its own item ("Termine:\n1. März: Start\n2. April: Ende")
            lines.append(_Line(first, last, first, "item" if in_list and lines else "prose"))
            continue
        opens_list = (marker or in_list) and LIST_MARKER.match(text, first, last)
        if opens_list and _inline_items(text, first, last)[:1] == [first]:
            lines.append(_Line(first, last, first, "item"))  # "1) a 2) b": markers stay
        elif marker:
            lines.append(_Line(first, last, marker.end(), "item"))
        elif above and above.role != "prose" and (first > match.start() or content[0].islower()):
            lines.append(_Line(first, last, first, "wrap"))
        else:
            lines.append(_Line(first, last, first, "prose"))
    return lines


def _paragraph_runs(text: str, lines: list[_Line], paragraph: int) -> Iterator[Run]:
    widest = max(line.end - line.start for line in lines)
    run: Run | None = None
    for above, line in zip([None, *lines], lines, strict=False):
        if run is not None and above is not None and _joins(text, above, line, widest):
            run = Run(run.start, line.end, paragraph, run.item)
            continue
        if run is not None:
            yield run
        run = Run(line.body, line.end, paragraph, line.role == "item")
    if run is not None:
        yield run


def _joins(text: str, above: _Line, line: _Line, widest: int) -> bool:
    """Whether ``line`` continues the run of the line above it."""
    if line.role != "prose":
        return line.role == "wrap"
    if above.role != "prose":
        return False  # prose after a list
    heading = (
        not ends_with_terminal(text[above.start:above.end])
        and above.end - above.start < HEADING_LINE_SHARE * widest
        and _CAPITALIZED.match(text, line.start) is not None
    )
    return not heading


def _inline_items(text: str, start: int, end: int) -> list[int]:
    """Where the items of inline numbered lists in text[start:end] start, at their markers.

    A list opens at ``start`` or after a colon and goes on with the next number, not after a
    colon ("Wins: 3. Losses: 4." is no list); any other marker is prose ("scored 1. Then").
    """
    opening = start if LIST_MARKER.match(text, start, end) else text.find(":", start, end)
    if opening < 0:
        return []  # no list can open here: the common case, so it is checked first
    items: list[int] = []
    chain: list[int] = []
    expected = -1
    for match in _INLINE_MARKER.finditer(text, opening, end):
        number = int(match.group(1))
        if match.start() == start or _after_colon(text, start, match.start()):
            items += chain if len(chain) > 1 else []
            chain = [match.start()]
            expected = number + 1
        elif chain and number == expected:
            chain.append(match.start())
            expected += 1
    return items + (chain if len(chain) > 1 else [])


def _after_colon(text: str, start: int, pos: int) -> bool:
    return text[max(start, pos - 16):pos].rstrip().endswith(":")
