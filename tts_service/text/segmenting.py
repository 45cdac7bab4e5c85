"""Plain text -> the segments a voice speaks, each tied to the exact source text it came from.

The engine: ``layout`` finds paragraphs, list items and prose runs, ``sentences`` splits runs
into sentences, ``pieces`` cuts sentences that are too long for the voice, and ``normalizing``
turns each piece into what is spoken.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from .layout import runs
from .normalizing import DEFAULT_OPTIONS, Options, Spoken, SpokenWord, speak
from .pieces import split_long
from .sentences import split_sentences

_WORDY = re.compile(r"[^\W_]")  # a letter or digit
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
    # The spoken words, each with the range of ``source`` it came from.
    words: tuple[SpokenWord, ...] = dataclasses.field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The segment as the manifest shows it (the word map is not part of it)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)
                if field.name != "words"}


def segment_text(text: str, max_chars: int, options: Options = DEFAULT_OPTIONS) -> list[Segment]:
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
            pieces = _speakable_pieces(text, start, end, max_chars, options)
            if not pieces:
                continue
            if run.paragraph != last_paragraph:
                paragraph += 1
                last_paragraph = run.paragraph
            sentence += 1
            for spoken, piece_start, piece_end in pieces:
                segments.append(Segment(spoken.text, text[piece_start:piece_end], piece_start,
                                        piece_end, paragraph, sentence, spoken.words))
    return segments


def _speakable_pieces(text: str, start: int, end: int, max_chars: int,
                      options: Options) -> list[tuple[Spoken, int, int]]:
    """(spoken form, start, end) of the pieces of one sentence; none if it has no words."""
    sentence = text[start:end]
    if not _WORDY.search(sentence):
        return []
    whole = speak(sentence, options)
    if len(whole.text) <= max_chars:
        return [(whole, start, end)] if whole.text else []
    pieces = []
    for piece_start, piece_end in split_long(sentence, max_chars):
        spoken = speak(sentence[piece_start:piece_end], options)
        if spoken.text:
            pieces.extend(_fit(spoken, start + piece_start, start + piece_end, max_chars))
    return pieces


def _fit(spoken: Spoken, start: int, end: int, max_chars: int) -> list[tuple[Spoken, int, int]]:
    """The spoken form in parts of at most ``max_chars``. ``split_long`` measures words alone, so
    a word can say more in its sentence ("e.g." at the end says "for example."); then the words
    are shared out, the first part keeping the source and the others placed at its end."""
    if len(spoken.text) <= max_chars:
        return [(spoken, start, end)]
    parts: list[list[str]] = [[]]
    for word in spoken.text.split():
        while len(word) > max_chars:
            parts.append([word[:max_chars]])
            word = word[max_chars:]
        if parts[-1] and len(" ".join(parts[-1] + [word])) > max_chars:
            parts.append([])
        parts[-1].append(word)
    words = iter(spoken.words)
    fitted = []
    for index, part in enumerate(p for p in parts if p):
        mapped = tuple(mapped_word if index == 0 else SpokenWord(mapped_word.word, 0, 0)
                       for token in part if _WORDY.search(token)
                       if (mapped_word := next(words, None)) is not None)
        fitted.append((Spoken(" ".join(part), mapped), start if index == 0 else end, end))
    return fitted
