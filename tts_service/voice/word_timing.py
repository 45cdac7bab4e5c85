"""When each word is said: sample spans of a segment's spoken words, and manifest word entries.

A segment's *spoken words* are the white-space tokens of its text holding a letter or digit: the
same words, in the same order, as ``Segment.words`` (which knows their source ranges). A voice that
reports phoneme alignments (Piper) gives each one a span through ``align``, one that reports where
each word starts (espeak-ng's word events) through ``from_word_starts``; any other voice gets
``share_by_phrases``: the clip's pauses matched to the text's commas and stops, and each phrase's
sound shared out by its words' phonemes (espeak's, in the segment's language; syllables and
letters when espeak lacks it), a phrase's last word drawn out. A segment's
``WordTimes`` are cached beside its MP3, in samples from the segment MP3's first sample (LAME's
encoder delay included), so they place on the article's frame-exact timeline like the segment.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..audio.clip import AudioClip
from ..text.words.normalizing import SpokenWord
from . import phonemes

log = logging.getLogger(__name__)

Timing = Literal["aligned", "estimated"]
Span = tuple[int, int]  # [start, end) in samples
Weigh = Callable[[str], float]  # how long a word is to say, in any unit

_WORDY = re.compile(r"[^\W_]")
_VOWELS = re.compile(r"[aeiouy]+", re.I)
_UNCOUNTED = {"ˈ", "ˌ"}  # stress marks: a word's own phonemizing and its context disagree on them
_BREAKS = {" ", "^", "$", "_"}  # word break, sentence begin/end, pad
_BEFORE = "\"'“‘«([{"  # not part of the word a reader sees highlighted
_AFTER = "\"'”’»)]},;:!?"
_PHRASE_END = re.compile(r"[,;:.!?…—–-][\"'”’»)\]]*$")  # a word after which a voice may pause
PAUSE_MS = 60  # the shortest silence inside a clip taken for a pause
# How much longer a phrase's last word is said than its length alone gives, in average words of
# the phrase (phrase-final lengthening; the one constant chosen on a recognizer's word times).
PHRASE_FINAL = 0.4


def spoken_words(text: str) -> list[str]:
    """The words a segment's spoken text says, in order (punctuation-only tokens are not)."""
    return [token for token in text.split() if _WORDY.search(token)]


@dataclass(frozen=True)
class WordTimes:
    """Each spoken word's span in a segment's MP3, in samples from its first sample."""

    timing: Timing
    words: tuple[str, ...]  # the spoken words of the segment's text
    spans: tuple[Span, ...]  # one for each word

    def to_dict(self) -> dict[str, Any]:
        return {"timing": self.timing, "words": list(self.words),
                "spans": [list(span) for span in self.spans]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WordTimes:
        """Read what ``to_dict`` wrote; ValueError (or KeyError, TypeError) if it is not that."""
        timing = data["timing"]
        if timing not in ("aligned", "estimated"):
            raise ValueError(f"unknown timing {timing!r}")
        words = tuple(str(word) for word in data["words"])
        spans = tuple((int(a), int(b)) for a, b in data["spans"])
        if len(words) != len(spans):
            raise ValueError("words and spans differ in number")
        return cls(timing, words, spans)

    def shifted(self, samples: int) -> WordTimes:
        return WordTimes(self.timing, self.words,
                         tuple((a + samples, b + samples) for a, b in self.spans))


def for_clip(text: str, clip: AudioClip, pcm: bytes, sample_rate: int,
             lang: str = "en") -> WordTimes:
    """The word times of a segment's clip, as ``pcm`` (the clip at ``sample_rate``) holds it:
    the voice's own when it gave them and they fit, else estimated (``lang``: the text's)."""
    words = tuple(spoken_words(text))
    samples = len(pcm) // 2
    if clip.words is not None:
        scale = sample_rate / clip.sample_rate
        spans = tuple((round(a * scale), round(b * scale)) for a, b in clip.words)
        if len(spans) == len(words) and all(0 <= a <= b <= samples for a, b in spans):
            return WordTimes("aligned", words, spans)
        log.warning("word alignment does not fit the segment (%d spans for %d words); "
                    "its word times are estimated", len(spans), len(words))
    return WordTimes("estimated", words, estimate_words(text, pcm, sample_rate, lang))


def spread_over(text: str, span: Span) -> WordTimes:
    """Word times shared out over ``span`` alone (when nothing better is known)."""
    words = tuple(spoken_words(text))
    return WordTimes("estimated", words, share_out(words, span))


# -- aligned: phoneme sample counts -> spans of our words ------------------------------------------
@dataclass(frozen=True)
class Phoneme:
    """One sounding phoneme of the voice's alignment, where it sits in the clip, and the word
    (the voice's own grouping) it belongs to."""

    start: int
    end: int
    group: int
    counted: bool  # a phoneme proper, not a stress mark


def sounding(alignment: Sequence[tuple[str, int]]) -> list[Phoneme]:
    """The phonemes that are part of words, from (phoneme, samples) pairs covering a clip in
    order (several sentences' alignments one after another); breaks and punctuation end a word."""
    phonemes: list[Phoneme] = []
    position = 0
    group = 0
    in_word = False
    for phoneme, samples in alignment:
        if phoneme in _BREAKS or unicodedata.category(phoneme[:1] or " ").startswith("P"):
            group += in_word
            in_word = False
        else:
            phonemes.append(Phoneme(position, position + samples, group, phoneme not in _UNCOUNTED))
            in_word = True
        position += samples
    return phonemes


def align(phonemes: Sequence[Phoneme], weights: Sequence[int]) -> tuple[Span, ...] | None:
    """A span for each of our words from the voice's phonemes, or None when they cannot be
    matched (fewer phonemes than words). ``weights``: phonemes of each word said alone.

    The voice groups phonemes into its own words, which are mostly ours; it joins some ("for
    the") and splits others. When the counts agree, word i is group i. Otherwise each boundary
    between our words, placed by the phonemes before it, moves to the voice's nearest word break
    if one is close, else stays inside the voice's word.
    """
    counted = [index for index, phoneme in enumerate(phonemes) if phoneme.counted]
    total, words = len(counted), len(weights)
    if words == 0 or total < words:
        return None
    group_starts = [i for i, p in enumerate(phonemes) if i == 0 or p.group != phonemes[i - 1].group]
    if len(group_starts) == words:
        cuts = group_starts + [len(phonemes)]
    else:
        # A break, in counted phonemes, and the phoneme (maybe a stress mark) its word starts at.
        breaks = {sum(1 for c in counted if c < start): start for start in group_starts}
        places = [0] + [_boundary(i, weights, total, list(breaks)) for i in range(1, words)]
        for i in range(1, words):  # every word keeps at least one phoneme
            places[i] = min(max(places[i], places[i - 1] + 1), total - (words - i))
        cuts = [0] + [breaks.get(place, counted[place]) for place in places[1:]] + [len(phonemes)]
    return tuple((phonemes[a].start, phonemes[b - 1].end) for a, b in zip(cuts, cuts[1:], strict=False))


def _boundary(index: int, weights: Sequence[int], total: int, breaks: Sequence[int]) -> int:
    """Where (in counted phonemes) word ``index`` starts: its share of the phonemes, moved to
    the nearest of the voice's word breaks within half of the shorter word beside it."""
    whole = sum(weights)
    ideal = sum(weights[:index]) * total / whole
    reach = min(weights[index - 1], weights[index]) * total / whole / 2
    nearest = min(breaks, key=lambda b: abs(b - ideal))
    return nearest if abs(nearest - ideal) <= reach else round(ideal)


# -- a voice's word events: where each word starts -> spans of our words ---------------------------
def from_word_starts(text: str, starts: Sequence[tuple[int, int]], pcm: bytes,
                     sample_rate: int) -> tuple[Span, ...] | None:
    """Spans for the spoken words of ``text`` from a voice's word events, (character of ``text``
    a word starts at, sample it starts at) in order, as espeak-ng reports them; None when they
    name none of the words. A word the voice gave no event of (it joined it to the one before)
    starts where its characters put it between its neighbours'. A word ends where the next
    starts, or at the pause before it (the clip's silences of ``PAUSE_MS`` or more); the last at
    the end of the sound."""
    tokens = [m for m in re.finditer(r"\S+", text) if _WORDY.search(m.group())]
    found: list[int | None] = []
    for token in tokens:
        inside = [sample for char, sample in starts if token.start() <= char < token.end()]
        found.append(min(inside) if inside else None)
    known = [(token.start(), sample) for token, sample in zip(tokens, found, strict=True)
             if sample is not None]
    if not known:
        return None
    speech = speech_span(pcm)
    silences = pauses(pcm, sample_rate, (0, len(pcm) // 2))
    if found[0] is None:  # words before the first event (espeak may miss the first one) start
        known.insert(0, (tokens[0].start(), min(speech[0], known[0][1])))  # with the sound
    if found[-1] is None:
        known.append((len(text), max(speech[1], known[-1][1])))
    chars, samples = [c for c, _ in known], [s for _, s in known]
    import numpy as np

    begins = [int(np.interp(token.start(), chars, samples)) if sample is None else sample
              for token, sample in zip(tokens, found, strict=True)]
    raw = begins
    begins = [_after_pause(begin, silences) for begin in raw]
    if len(raw) < 2 or speech[0] < raw[1]:  # the first word from the first sound, when before the next
        begins[0] = max(speech[0], begins[0])
    for index in range(1, len(begins)):  # in order, as the voice said them
        begins[index] = max(begins[index], begins[index - 1])
    ends = begins[1:] + [max(speech[1], begins[-1])]
    slack = sample_rate // 20  # a silence ending this close to the next word is the pause before it
    return tuple((begin, _before_pause(begin, end, silences, slack))
                 for begin, end in zip(begins, ends, strict=True))


def _after_pause(sample: int, silences: Sequence[Span]) -> int:
    """``sample``, or the end of the silence it falls in."""
    return next((b for a, b in silences if a <= sample < b), sample)


def _before_pause(start: int, end: int, silences: Sequence[Span], slack: int) -> int:
    """``end``, or the start of the silence between ``start`` and ``end`` that lasts until
    ``end`` (within ``slack``); a silence inside a word (a stop, a long number) does not end it."""
    return next((a for a, b in silences if start < a < end and b >= end - slack), end)


# -- estimated: phonemes (or syllables and letters) over the speech ---------------------------------
def syllables(word: str) -> int:
    """A rough syllable count: vowel groups, at least one (letters alone are said as one)."""
    return max(1, len(_VOWELS.findall(word)))


def syllables_and_letters(word: str) -> float:
    """A word's length to say when its phonemes are unknown: its syllables and its letters."""
    return syllables(word) + _letters(word) / 3


def weigher(lang: str = "en") -> Weigh:
    """How long each word of ``lang`` is to say: its phonemes (espeak), or its syllables and
    letters when espeak does not speak ``lang``."""
    return phonemes.counter(lang) or syllables_and_letters


def share_out(words: Sequence[str], speech: Span, weigh: Weigh = syllables,
             final: float = 0.0) -> tuple[Span, ...]:
    """Spans sharing out ``speech`` (where the clip is not silent) by each word's length to say
    (``weigh``), the last word drawn out by ``final`` average words (see ``PHRASE_FINAL``)."""
    if not words:
        return ()
    start, end = speech
    weights = [max(weigh(word), 1e-3) for word in words]
    weights[-1] += final * sum(weights) / len(weights)
    whole = sum(weights)
    edges = [start]
    before = 0.0
    for weight in weights[:-1]:
        before += weight
        edges.append(min(end, start + int((end - start) * before / whole)))
    edges.append(end)
    return tuple(zip(edges, edges[1:], strict=False))


def phrase_ends(text: str) -> list[int]:
    """Indexes of the spoken words after which the text has a comma, stop, dash or the like:
    where a voice may pause (not after the last word)."""
    ends: list[int] = []
    index = -1
    for token in text.split():
        if _WORDY.search(token):
            index += 1
            if _PHRASE_END.search(token):
                ends.append(index)
        elif index >= 0 and (not ends or ends[-1] != index):
            ends.append(index)  # a dash or other punctuation standing alone
    return [end for end in ends if end < index]


def pauses(pcm: bytes, sample_rate: int, speech: Span, threshold: float = 0.05) -> list[Span]:
    """The silences of at least ``PAUSE_MS`` inside ``speech`` of 16-bit mono PCM, in 10 ms
    steps: where the loudness of a step is under ``threshold`` of the loudest step's."""
    import numpy as np

    hop = max(1, sample_rate // 100)
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    steps = samples.size // hop
    if steps == 0:
        return []
    loudness = np.sqrt((samples[:steps * hop].reshape(steps, hop) ** 2).mean(axis=1))
    quiet = loudness < threshold * max(float(loudness.max()), 1.0)
    found: list[Span] = []
    step, last = speech[0] // hop + 1, min(steps, speech[1] // hop - 1)
    while step < last:
        if not quiet[step]:
            step += 1
            continue
        run = step
        while run < last and quiet[run]:
            run += 1
        if (run - step) * 10 >= PAUSE_MS:
            found.append((step * hop, run * hop))
        step = run
    return found


def estimate_words(text: str, pcm: bytes, sample_rate: int, lang: str = "en") -> tuple[Span, ...]:
    """Spans for the spoken words of ``text`` (in ``lang``) in its clip ``pcm``, as a voice
    without alignments gets them: ``share_by_phrases`` by phonemes, phrase ends drawn out."""
    return share_by_phrases(text, pcm, sample_rate, weigher(lang), PHRASE_FINAL)


def share_by_phrases(text: str, pcm: bytes, sample_rate: int, weigh: Weigh = syllables,
                     final: float = 0.0) -> tuple[Span, ...]:
    """Spans for the spoken words of ``text`` in its clip ``pcm``: each pause in the clip, the
    longest first, is taken for the phrase end (comma, stop) nearest to where ``weigh`` alone
    would put it, keeping their order; each phrase's words then share its sound by ``weigh``,
    its last word drawn out by ``final``."""
    words = spoken_words(text)
    speech = speech_span(pcm)
    plain = share_out(words, speech, weigh)
    ends = phrase_ends(text)
    anchored: dict[int, Span] = {}  # phrase end (word index) -> the pause after it
    for pause in sorted(pauses(pcm, sample_rate, speech), key=lambda p: p[0] - p[1]):
        middle = (pause[0] + pause[1]) / 2
        free = [end for end in ends if end not in anchored
                and all((other < end) == (gap[0] < pause[0]) for other, gap in anchored.items())]
        if free:
            anchored[min(free, key=lambda end: abs(plain[end][1] - middle))] = pause
    spans: list[Span] = []
    start, first = speech[0], 0
    for end in sorted(anchored):
        spans += share_out(words[first:end + 1], (start, anchored[end][0]), weigh, final)
        start, first = anchored[end][1], end + 1
    return tuple(spans) + share_out(words[first:], (start, speech[1]), weigh, final)


def speech_span(pcm: bytes, threshold: float = 0.02) -> Span:
    """Where 16-bit mono PCM holds sound: from the first to the last sample louder than
    ``threshold`` of the peak (the whole clip if it is silent)."""
    import numpy as np

    samples = np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32))
    if samples.size == 0:
        return (0, 0)
    loud = np.flatnonzero(samples > max(1, int(samples.max()) * threshold))
    if loud.size == 0:
        return (0, int(samples.size))
    return (int(loud[0]), int(loud[-1]) + 1)


# -- manifest ------------------------------------------------------------------------------------
def _letters(word: str) -> int:
    return max(1, len(_WORDY.findall(word)))


def word_spans(times: WordTimes, words: Sequence[SpokenWord]) -> list[Span]:
    """A span for each of the segment's spoken words (``Segment.words``) from the spans of its
    text's words. They are mostly the same words; where a rule's word holds several of ours
    ("ten-year" is "ten", "-year") or the reverse, both are laid over the letters they hold and
    each word takes the time of its letters."""
    spans = times.spans
    if len(spans) == len(words):
        return list(spans)
    if not spans:
        return []
    # The text's words: where their letters start, and each one's span over its letters.
    token_letters = [_letters(word) for word in times.words]
    edges = [0]
    for count in token_letters:
        edges.append(edges[-1] + count)
    ours = [_letters(word.word) for word in words]
    scale = edges[-1] / (sum(ours) or 1)

    def at(position: float, leaning: int) -> int:
        index = max(0, min(len(spans) - 1, bisect.bisect_right(edges, position) - 1 - leaning))
        a, b = spans[index]
        part = (position - edges[index]) / token_letters[index]
        return a + round((b - a) * min(1.0, max(0.0, part)))

    result = []
    before = 0
    for count in ours:
        start, before = before, before + count
        # An end that falls on a word's edge belongs to the word before it.
        end_edge = before * scale
        result.append((at(start * scale, 0), at(end_edge, 1 if end_edge in edges else 0)))
    return result


def manifest_words(times: WordTimes, words: Sequence[SpokenWord], source: str, char_start: int,
                   start: float, end: float, sample_rate: int) -> list[dict[str, Any]]:
    """The segment's word entries: one per source word the voice says (the spoken words of one
    source token merged), times on the article timeline within [start, end], character ranges
    into the article's text without the quotes and punctuation around a word. ``source``: the
    segment's source text, which starts at ``char_start`` in the article's."""
    entries: list[dict[str, Any]] = []
    last: tuple[int, int] | None = None
    for word, (a, b) in zip(words, word_spans(times, words), strict=False):
        seconds = (round(min(end, start + a / sample_rate), 4),
                   round(min(end, start + b / sample_rate), 4))
        if (word.start, word.end) == last:
            entries[-1]["end"] = seconds[1]
            continue
        last = (word.start, word.end)
        first, after = _trim(source, word.start, word.end)
        entries.append({"start": seconds[0], "end": seconds[1],
                        "char_start": char_start + first, "char_end": char_start + after})
    return entries


def _trim(source: str, start: int, end: int) -> Span:
    """``source[start:end]`` without the quotes and brackets before it, or the quotes, brackets
    and pauses (,;:!?) after it; all of it if nothing else is left."""
    first, after = start, end
    while first < after and source[first] in _BEFORE:
        first += 1
    while after > first and source[after - 1] in _AFTER:
        after -= 1
    return (first, after) if first < after else (start, end)
