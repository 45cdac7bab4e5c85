"""One run of prose -> sentence spans: the rules decide what they know, pysbd the rest.

pysbd is accurate but slow (quadratic in its input) and its offsets can drift, so it is only
given the stretches between breaks the rules are sure of, and its sentences are placed back by
looking each one up in order rather than trusting its ``char_span``.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from itertools import pairwise

import pysbd

from .boundaries import Rule, decide, pysbd_code, rules_for, sentence_language
from .symbols import CLOSERS, LANGUAGE_CLOSERS, PYSBD_CHUNK_CHARS, PYSBD_RESERVED, TERMINALS

Span = tuple[int, int]

_SPACE = re.compile(r"\s")
_RESERVED = str.maketrans(dict.fromkeys(PYSBD_RESERVED, "_"))
_LOCK = threading.Lock()


@functools.cache
def _candidates(code: str) -> re.Pattern[str]:
    """Where a sentence of that pysbd language may start: after a terminal, maybe its closers."""
    closers = re.escape(CLOSERS + LANGUAGE_CLOSERS.get(code, ""))
    return re.compile(rf"[{re.escape(TERMINALS)}][{closers}]*\s+(?=\S)")


@functools.cache
def _segmenter(code: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=pysbd_code(code), clean=False, char_span=False)


def split_sentences(text: str, lang: str = "en") -> list[Span]:
    """Spans of the sentences in ``text``: in order, stripped, covering every non-space character.

    ``lang`` ("de-DE") picks the rules: its own where there are (``rules_for``), else English.
    """
    code = sentence_language(lang)
    rules = rules_for(code)
    masked = _SPACE.sub(" ", text).translate(_RESERVED)  # same length, nothing pysbd trips on
    verdicts = {match.end(): decide(masked, match.end(), rules)
                for match in _candidates(code).finditer(masked)}
    breaks = {pos for pos, verdict in verdicts.items() if verdict}
    undecided = sorted(pos for pos, verdict in verdicts.items() if verdict is None)
    for start, end in pairwise([0, *sorted(breaks), len(masked)]):
        inside = undecided[bisect.bisect_right(undecided, start):bisect.bisect_left(undecided, end)]
        if inside:
            breaks.update(_pysbd_breaks(masked, (start, end), inside, verdicts, (code, rules)))
    spans = (_strip(text, start, end) for start, end in pairwise([0, *sorted(breaks), len(text)]))
    return [span for span in spans if span]


def _pysbd_breaks(
    masked: str, stretch: Span, inside: list[int], verdicts: dict[int, bool | None],
    language: tuple[str, tuple[Rule, ...]],
) -> set[int]:
    """Where pysbd starts sentences in masked[start:end] (``stretch``) and no rule objects.

    ``inside`` are the candidates there that no rule decided. A long stretch is given to pysbd
    in chunks cut at some of them; pysbd then judges each such cut in the text around it.
    ``language``: the pysbd language code and the rules of ``split_sentences``.
    """
    start, end = stretch
    code, rules = language
    found: set[int] = set()
    cuts = _chunk_cuts(start, inside)
    for chunk_start, chunk_end in pairwise([start, *(inside[index] for index in cuts), end]):
        for pos in _pysbd_starts(masked, chunk_start, chunk_end, code):
            verdict = verdicts[pos] if pos in verdicts else decide(masked, pos, rules)
            if verdict is not False:
                found.add(pos)
    for index in cuts:
        window_start = inside[index - 1] if index > 0 else start
        window_end = inside[index + 1] if index + 1 < len(inside) else end
        if inside[index] in _pysbd_starts(masked, window_start, window_end, code):
            found.add(inside[index])
    return found


def _chunk_cuts(start: int, inside: list[int]) -> list[int]:
    """Indexes into ``inside`` of the cuts that keep chunks near PYSBD_CHUNK_CHARS or shorter."""
    cuts = []
    for index in range(1, len(inside)):
        if inside[index] - start > PYSBD_CHUNK_CHARS and inside[index - 1] > start:
            cuts.append(index - 1)
            start = inside[index - 1]
    return cuts


def _pysbd_starts(masked: str, start: int, end: int, code: str) -> list[int]:
    """Positions in masked[start:end] where pysbd begins its second, third, ... sentence.

    Each sentence is looked up after the one before it: pysbd may drop one it cannot place.
    """
    with _LOCK:  # a Segmenter keeps the text it works on in an attribute
        sentences = _segmenter(code).segment(masked[start:end])
    starts = []
    cursor = start
    for sentence in map(str.strip, sentences):
        found = masked.find(sentence, cursor, end) if sentence else -1
        if found < 0:
            continue
        if found > start:
            starts.append(_after_closers(masked, found, end))
        cursor = found + len(sentence)
    return [pos for pos in starts if pos < end]


def _after_closers(masked: str, pos: int, end: int) -> int:
    """Move a sentence start past closing quotes that belong to the sentence before it."""
    probe = pos
    while probe < end and masked[probe] in CLOSERS:
        probe += 1
    if probe == pos or (probe < end and masked[probe] != " "):
        return pos
    while probe < end and masked[probe] == " ":
        probe += 1
    return probe


def _strip(text: str, start: int, end: int) -> Span | None:
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return None
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())
