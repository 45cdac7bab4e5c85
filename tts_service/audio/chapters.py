"""Where an article's chapters start: at its headings, found in the manifest.

The manifest does not mark headings, so they are recognized by their shape: a paragraph of one
sentence, short, that does not end as a sentence does (no final ``.``, ``!``, ``?``, ``:`` ...).
An HTML ``<h2>`` (every heading block the readers make) and a headline have that shape; a
paragraph of prose never does. Each chapter runs from its heading to the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

HEADING_MAX_CHARS = 120
SENTENCE_ENDS = ".!?…:;,"
CLOSERS = "\"'”’»)]"  # may follow the final punctuation: 'He said "no."'


@dataclass(frozen=True)
class Chapter:
    """A stretch of the article's audio, in seconds, named by its heading."""

    title: str
    start: float
    end: float


def is_heading(source: str) -> bool:
    """Whether one paragraph's only sentence reads as a heading."""
    text = " ".join(source.split())
    stripped = text.rstrip(CLOSERS)
    return 0 < len(text) <= HEADING_MAX_CHARS and not stripped.endswith(tuple(SENTENCE_ENDS))


def headings(segments: Iterable[Mapping[str, Any]]) -> list[tuple[str, float]]:
    """The (text, start) of each paragraph that is a heading, in order."""
    paragraphs: dict[int, list[Mapping[str, Any]]] = {}
    for segment in segments:
        paragraphs.setdefault(int(segment["paragraph"]), []).append(segment)
    found = []
    for parts in paragraphs.values():
        text = " ".join(" ".join(str(part["source"]).split()) for part in parts)
        if len({part["sentence"] for part in parts}) == 1 and is_heading(text):
            found.append((text, float(parts[0]["start"])))
    return found


def chapters(manifest: Mapping[str, Any], intro_title: str = "") -> list[Chapter]:
    """The chapters of a finished article: one per heading, and one named ``intro_title`` for
    what comes before the first heading. None when the article has no heading."""
    marks = headings(manifest["segments"])
    if not marks:
        return []
    if marks[0][1] > 0:
        marks.insert(0, (intro_title or "Introduction", 0.0))
    duration = float(manifest["duration"])
    ends = [start for _, start in marks[1:]] + [duration]
    return [Chapter(title, start, end) for (title, start), end in zip(marks, ends, strict=True)]
