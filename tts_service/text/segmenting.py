"""Plain text -> the segments a voice speaks, each tied to the exact source text it came from.

The engine: ``layout`` finds paragraphs, list items and prose runs, ``sentences`` splits runs
into sentences, ``pieces`` cuts sentences that are too long for the voice, and ``normalizing``
turns each piece into what is spoken.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .layout import runs
from .normalizing import normalize
from .pieces import split_long
from .sentences import split_sentences

MIN_MAX_CHARS = 10  # below this, even ordinary words would have to be cut


@dataclass(frozen=True)
class Segment:
    """One piece of speech: a sentence, or part of one that is too long for the voice."""

    text: str  # what is spoken (normalized)
    source: str  # the exact input it came from: input[char_start:char_end] == source
    char_start: int
    char_end: int
    paragraph: int  # 0-based index over the paragraphs that have something to speak
    sentence: int  # 0-based index over the article; pieces of one sentence share it

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def segment_text(text: str, max_chars: int) -> list[Segment]:
    """Cut plain text (paragraphs separated by blank lines) into segments of at most max_chars.

    A segment never spans two sentences. Sentences and list items without a letter or digit are
    skipped; a word longer than ``max_chars`` on its own is the only thing ever cut inside.
    """
    if max_chars < MIN_MAX_CHARS:
        raise ValueError(f"max_chars must be at least {MIN_MAX_CHARS}, not {max_chars}")
    segments: list[Segment] = []
    paragraph = sentence = -1
    last_paragraph = None
    for run in runs(text):
        for start, end in split_sentences(text[run.start:run.end]):
            start += run.start
            end += run.start
            pieces = _speakable_pieces(text, start, end, max_chars)
            if not pieces:
                continue
            if run.paragraph != last_paragraph:
                paragraph += 1
                last_paragraph = run.paragraph
            sentence += 1
            for spoken, piece_start, piece_end in pieces:
                segments.append(Segment(spoken, text[piece_start:piece_end], piece_start,
                                        piece_end, paragraph, sentence))
    return segments


def _speakable_pieces(text: str, start: int, end: int, max_chars: int) -> list[tuple[str, int, int]]:
    """(spoken text, start, end) of the pieces of one sentence; none if it has no words."""
    sentence = text[start:end]
    if not any(ch.isalnum() for ch in sentence):
        return []
    pieces = []
    for piece_start, piece_end in split_long(sentence, max_chars):
        spoken = normalize(sentence[piece_start:piece_end])
        if spoken:
            pieces.append((spoken, start + piece_start, start + piece_end))
    return pieces
