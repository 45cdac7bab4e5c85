"""Plain text -> the segments a voice speaks, each tied to the exact source text it came from.

The engine: ``layout`` finds paragraphs, list items and prose runs, ``sentences`` splits runs
into sentences, ``pieces`` cuts sentences that are too long for the voice, and ``normalizing``
turns each piece into what is spoken.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .markup import Marked
from .reading.page_parts import INTERFACE_LABELS
from .sentences.layout import runs
from .sentences.pieces import pause_cut, split_long
from .sentences.splitting import split_sentences
from .sentences.symbols import CONTINUING
from .words.conventions import for_article
from .words.languages import rejoin
from .words.normalizing import DEFAULT_OPTIONS, Options, Spoken, SpokenWord, normalize, speak

_MARKS = ",;:.!?\"'()"  # punctuation the voice is given with the words
_MARK = re.compile("[" + re.escape(_MARKS) + "]")
_WORDY = re.compile(r"[^\W_]")  # a letter or digit
_NOT_LABEL = re.compile(r"[^\w\s]+")
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
    pause_ms: int | None = None  # a pause the publisher asked for after it (markup), if any

    def to_dict(self) -> dict[str, Any]:
        """The segment as the manifest shows it (the word map and pause are not part of it)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)
                if field.name not in ("words", "pause_ms")}


def segment_text(text: str, max_chars: int, options: Options = DEFAULT_OPTIONS,
                 marks: Marked | None = None) -> list[Segment]:
    """Cut plain text (paragraphs separated by blank lines) into segments of at most max_chars.

    A segment never spans two sentences. Sentences and list items without a letter or digit are
    skipped; a word longer than ``max_chars`` on its own is the only thing ever cut inside.
    ``marks`` (of the same text): what to say instead of some words, and pauses, which also cut
    a sentence into segments where they fall inside one.
    """
    pauses = dict(marks.pauses) if marks else {}
    if max_chars < MIN_MAX_CHARS:
        raise ValueError(f"max_chars must be at least {MIN_MAX_CHARS}, not {max_chars}")
    options = for_article(text, options)  # its own date order and separators, unless decided
    segments: list[Segment] = []
    paragraph = sentence = -1
    last_paragraph = None
    all_runs = list(runs(text))
    unread = _unread_paragraphs(text, all_runs)
    for run in all_runs:
        if run.paragraph in unread:
            continue
        prose = text[run.start:run.end]
        for start, end in rejoin(split_sentences(prose, options.lang), prose, options.lang):
            start += run.start
            end += run.start
            cuts = [start, *sorted(p for p in pauses if start < p < end), end]
            pieces = [piece for a, b in _trimmed(text, cuts)
                      for piece in _speakable_pieces(text, a, b, max_chars,
                                                     _with_says(options, marks, a, b))]
            if not pieces:
                continue
            if run.paragraph != last_paragraph:
                paragraph += 1
                last_paragraph = run.paragraph
            sentence += 1
            for spoken, piece_start, piece_end in pieces:
                segments.append(Segment(spoken.text, text[piece_start:piece_end], piece_start,
                                        piece_end, paragraph, sentence, spoken.words))
    return _with_pauses(segments, pauses)


def quick_start(segments: list[Segment], max_chars: int, options: Options = DEFAULT_OPTIONS,
                marks: Marked | None = None) -> list[Segment]:
    """The first segment cut short at an early pause (``pause_cut``), so that its audio is ready
    sooner after a click; whole when it has none. Its pieces keep its paragraph and sentence."""
    if not segments or max_chars <= 0 or len(segments[0].text) <= max_chars:
        return segments
    first = segments[0]
    source, shift = first.source, first.char_start
    local = marks.within(first.char_start, first.char_end) if marks else None
    whole = speak(source, _with_says(options, local, 0, len(source)))
    measure = _measure(source, whole)
    # No pause within max_chars: the first within twice that still halves a long sentence's wait.
    cut = pause_cut(source, max_chars, measure) or pause_cut(source, 2 * max_chars, measure) \
        if len(first.text) > 2 * max_chars else pause_cut(source, max_chars, measure)
    if cut is None:
        return segments
    limit = max(len(first.text), MIN_MAX_CHARS)
    pieces = [piece for a, b in _trimmed(source, [0, cut, len(source)])
              for piece in _speakable_pieces(source, a, b, limit, _with_says(options, local, a, b))]
    return [Segment(spoken.text, source[a:b], a + shift, b + shift, first.paragraph, first.sentence,
                    spoken.words) for spoken, a, b in _continuing(pieces, limit + 1)] + segments[1:]


def _continuing(pieces: list[tuple[Spoken, int, int]],
                max_chars: int) -> list[tuple[Spoken, int, int]]:
    """Each piece but the last closed as the voice hears a phrase go on: with a comma (or the
    semicolon or colon it ends in), never as the end of a sentence. Only a part of a word too
    long for the limit by itself (split_long leaves room for the comma otherwise) stays as it is."""
    closed = []
    for i, (spoken, start, end) in enumerate(pieces):
        text = spoken.text.rstrip(".!?-–— ")
        if i < len(pieces) - 1 and not spoken.text.endswith(CONTINUING) and len(text) < max_chars:
            spoken = dataclasses.replace(spoken, text=text + ",")
        closed.append((spoken, start, end))
    return closed


def _unread_paragraphs(text: str, all_runs: list[Any]) -> set[int]:
    """Paragraphs that are only an interface label ("Click to start listening", "Share") and
    paragraphs repeating the one just before (a headline copied twice with the page)."""
    texts: dict[int, str] = {}
    for run in all_runs:
        texts[run.paragraph] = texts.get(run.paragraph, "") + " " + text[run.start:run.end]
    unread: set[int] = set()
    before = None
    for number, words in texts.items():
        plain = " ".join(_NOT_LABEL.sub(" ", words).lower().split())
        if plain in INTERFACE_LABELS or (plain and plain == before):
            unread.add(number)
            continue  # "Headline / Click to start listening / Headline": the second is a repeat
        before = plain
    return unread


def _trimmed(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """The spans between cuts, without the white space at their ends."""
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        spans.append((a, b))
    return spans


def _with_says(options: Options, marks: Marked | None, start: int, end: int) -> Options:
    """The options for text[start:end], with the says inside it relative to ``start``."""
    inside = marks.within(start, end).says if marks else ()
    return dataclasses.replace(options, says=inside) if inside or options.says else options


def _with_pauses(segments: list[Segment], pauses: dict[int, int]) -> list[Segment]:
    """Each pause goes after the last segment that starts before it."""
    for position, ms in pauses.items():
        before = [i for i, segment in enumerate(segments) if segment.char_start < position]
        if before:
            segments[before[-1]] = dataclasses.replace(segments[before[-1]], pause_ms=ms)
    return segments


def _speakable_pieces(text: str, start: int, end: int, max_chars: int,
                      options: Options) -> list[tuple[Spoken, int, int]]:
    """(spoken form, start, end) of the pieces of one sentence; none if it has no words.
    ``options.says`` are positions in ``text[start:end]``."""
    sentence = text[start:end]
    if not _WORDY.search(sentence):
        return []
    whole = speak(sentence, options)
    if len(whole.text) <= max_chars:
        return [(whole, start, end)] if whole.text else []
    pieces = []
    for piece_start, piece_end in split_long(sentence, max_chars, _measure(sentence, whole)):
        piece_options = options
        if options.says:
            piece_options = dataclasses.replace(options, says=Marked(
                sentence, options.says).within(piece_start, piece_end).says)
        spoken = speak(sentence[piece_start:piece_end], piece_options)
        if spoken.text:
            pieces.extend(_fit(spoken, start + piece_start, start + piece_end, max_chars))
    return _continuing(pieces, max_chars)


def _measure(sentence: str, spoken: Spoken) -> Callable[[int, int], int]:
    """How long the spoken form of sentence[start:end] is, read off the whole sentence's spoken
    words (one normalizing pass, not one per stretch). A stretch that cuts into what one rule
    said (a long web address, say) is normalized on its own."""
    starts = [word.start for word in spoken.words]
    lengths = [0]
    for word in spoken.words:
        lengths.append(lengths[-1] + len(word.word) + 1)
    ranges = sorted({(word.start, word.end) for word in spoken.words})
    range_starts = [start for start, _ in ranges]
    marks_at = [found.start() for found in _MARK.finditer(sentence)]

    def cuts_a_word(position: int) -> bool:
        index = bisect.bisect_right(range_starts, position) - 1
        return index >= 0 and ranges[index][0] < position < ranges[index][1]

    def measure(start: int, end: int) -> int:
        if cuts_a_word(start) or cuts_a_word(end):
            return len(normalize(sentence[start:end]))
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        marks = bisect.bisect_left(marks_at, end) - bisect.bisect_left(marks_at, start)
        return max(0, lengths[last] - lengths[first] - 1) + marks

    return measure


def _fit(spoken: Spoken, start: int, end: int, max_chars: int) -> list[tuple[Spoken, int, int]]:
    """The spoken form in parts of at most ``max_chars``, each with its own stretch of source.

    ``split_long`` measures words alone, so a piece can say more in its sentence ("e.g." at the
    end says "for example."). Then its spoken words are shared out, never splitting what one
    rule said ("0.25%": "zero point two five percent"), and each part keeps the source of its
    words. Only a rule's words too long for the limit together are cut, the later parts then
    placed, with no source, at the end of the piece.
    """
    if len(spoken.text) <= max_chars:
        return [(spoken, start, end)]
    units: list[tuple[list[str], list[SpokenWord]]] = []  # what one rule (or one word) said
    words = iter(spoken.words)
    for token in spoken.text.split():
        word = next(words, None) if _WORDY.search(token) else None
        if word is not None and units and units[-1][1] and (
                units[-1][1][-1].start, units[-1][1][-1].end) == (word.start, word.end):
            units[-1][0].append(token)
            units[-1][1].append(word)
        elif word is not None or not units:
            units.append(([token], [word] if word else []))
        else:
            units[-1][0].append(token)  # punctuation goes with the word before it
    parts: list[tuple[list[str], list[SpokenWord]]] = []
    for tokens, unit_words in units:
        if parts and len(" ".join(parts[-1][0] + tokens)) <= max_chars:
            parts[-1][0].extend(tokens)
            parts[-1][1].extend(unit_words)
        else:
            parts.append((list(tokens), list(unit_words)))
    fitted: list[tuple[Spoken, int, int]] = []
    for index, (tokens, part_words) in enumerate(parts):
        first = start if index == 0 else start + min((w.start for w in part_words), default=end - start)
        last = end if index == len(parts) - 1 else start + max((w.end for w in part_words),
                                                               default=first - start)
        if fitted and first < fitted[-1][2]:  # no source of its own left: after the one before
            first = last = fitted[-1][2]
        shift = first - start
        shifted = tuple(SpokenWord(w.word, max(0, w.start - shift), max(0, w.end - shift))
                        for w in part_words)
        text = " ".join(tokens)
        while len(text) > max_chars:  # one rule's words too long together: cut them
            fitted.append((Spoken(text[:max_chars].rstrip(), shifted), first, last))
            text, shifted, first = text[max_chars:].lstrip(), (), last
        fitted.append((Spoken(text, shifted), first, last))
    return [part for part in fitted if part[0].text]
