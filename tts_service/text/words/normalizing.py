"""Source text -> the words a newsreader would say, remembering where each came from.

The engine tries the rules of ``spoken_rules.RULES`` (one combined regular expression) only where
one may start: at words holding a digit, a capital, a symbol or a full stop, never at plain
lowercase words. Where rules match, the first that speaks wins; text no rule takes passes through
as written, with quotes made plain and invisible characters dropped. Every piece of output keeps
the source range it came from, so the spoken words of a segment map back to what a reader sees.

Last, the text is made one sentence for the voice: a full stop, question or exclamation mark
inside it becomes a comma (the voice would otherwise drop its pitch and pause there).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .conventions import as_decimal_point, for_article
from .languages import as_decimal_comma, plain_words, rule_set
from .rules import RULES, Options, Rule, letters_for_voice
from .starts import Starts
from .tables import BARE_ABBREVIATIONS, MONTHS, SPOKEN_CHARACTERS

__all__ = ["Options", "Spoken", "SpokenWord", "normalize", "speak"]

_CHARACTERS = str.maketrans(SPOKEN_CHARACTERS)
_LETTERS_KEPT = not any(chr(code).isalpha() for code in _CHARACTERS)  # a word of letters reads as written
# English's rules, by the character where they may start: each with a combined pattern of its own
_STARTS = Starts([rule.pattern for rule in RULES], tuple(re.compile(rule.pattern) for rule in RULES), RULES)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,;:!?.](?:\s|$))")
# A stop inside the text, before white space, a dash, an opening bracket or an ellipsis (past any
# closing quote or bracket): 'thus!"--and he', "said.(Oleg", "factions.[MP3]", "'11 weeks!'… I".
_INNER_STOP = re.compile(r"[.?!。]+(?=[\"'”’)\]]*(?:\s|--|[—–(\[]|\.\.))")
# "Shaw, M., Flon, L.;", 'home.",': the voice ends a sentence there
_STOP_BEFORE_MARK = re.compile(r"(?<!\.)\.(?=[\"'”’)\]]*[,;:])")
# "Planet?, both", "(guilty!), then", "Day?", the": a question or exclamation mark before a comma,
# even past a closing bracket or quote, ends a sentence for the voice too.
_MARK_BEFORE_COMMA = re.compile(r"[?!]+(?=[\"'”’)\]]*[,;:])")
_LAST_WORD = re.compile(r"[^\W_][\W_]*$")
_WORD = re.compile(r"\S+")
_ALNUM = re.compile(r"[^\W_]")
_WORD_EDGES = ",.;:!?\"'()"
_OPENING = "(\"'“‘["
_SPECIAL = re.compile(r"[^\sa-z'’,;:!?\"“”()]")
DEFAULT_OPTIONS = Options()
_PLAIN_CANDIDATES = frozenset({name for name in MONTHS if name != "may"}  # "march 4 2021", "jul 25"
                              | {word for word in BARE_ABBREVIATIONS if word.islower()} | {"st"})  # "mt Eden"


@dataclass(frozen=True)
class SpokenWord:
    """A word the voice says and the source characters it stands for (``source[start:end]``)."""

    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Spoken:
    """A piece of source text as the voice is given it, with its words mapped to the source."""

    text: str
    words: tuple[SpokenWord, ...]


@dataclass
class _Piece:
    text: str
    start: int
    end: int
    literal: bool = False  # source text as written (with its white space), not a rule's words


@functools.lru_cache(maxsize=4096)  # the segmenter asks again for pieces of long sentences
def speak(source: str, options: Options = DEFAULT_OPTIONS) -> Spoken:
    """The spoken form of ``source`` and where each spoken word came from. Unless ``options``
    hold the article's conventions already, ``source`` is read as an article of its own."""
    options = for_article(source, options)
    if options.decimal_comma and rule_set(options.lang) is None:  # English rules read "1.500" as "1,500"
        source = as_decimal_point(source)
    elif not options.decimal_comma and rule_set(options.lang) is not None:  # "es-MX": "1,500.50" as "1.500,50"
        source = as_decimal_comma(source, options.lang)
    pieces = _pieces(source, options)
    words: list[SpokenWord] = []
    for piece in pieces:
        if piece.literal:
            for found in _WORD.finditer(source, piece.start, piece.end):
                word = found.group(0)
                if not (_LETTERS_KEPT and word.isalpha()):  # most words: letters only, as written
                    word = word.translate(_CHARACTERS).strip(_WORD_EDGES)
                if _ALNUM.search(word):
                    words.append(SpokenWord(word, found.start(), found.end()))
            continue
        for word in piece.text.split():
            if _ALNUM.search(word):
                words.append(SpokenWord(word.strip(_WORD_EDGES), piece.start, piece.end))
    text = " ".join("".join(piece.text for piece in pieces).split())
    return Spoken(_one_sentence(_SPACE_BEFORE_PUNCTUATION.sub("", text)), tuple(words))


def normalize(source: str, options: Options = DEFAULT_OPTIONS) -> str:
    """Only the spoken text of ``source``."""
    if _SPECIAL.search(source) is None:  # plain words: only white space, quotes and inner stops change
        return _one_sentence(_SPACE_BEFORE_PUNCTUATION.sub("", " ".join(source.translate(_CHARACTERS).split())))
    return speak(source, options).text


def _pieces(source: str, options: Options) -> list[_Piece]:
    """What the publisher's markup says first, then the lexicon's words, then the rules."""
    pieces: list[_Piece] = []
    pos = 0
    for start, end, spoken in options.says:
        pieces += _lexicon_pieces(source, pos, start, options)
        pieces.append(_Piece(spoken, start, end))
        pos = end
    return pieces + _lexicon_pieces(source, pos, len(source), options)


def _lexicon_pieces(source: str, start: int, end: int, options: Options) -> list[_Piece]:
    if not options.lexicon:
        return _rule_pieces(source, start, end, options)
    pieces: list[_Piece] = []
    pos = start
    for found in options.lexicon.pattern.finditer(source, start, end):
        pieces += _rule_pieces(source, pos, found.start(), options)
        pieces.append(_Piece(options.lexicon.spoken(found.group(0)), found.start(), found.end()))
        pos = found.end()
    return pieces + _rule_pieces(source, pos, end, options)


def _rule_pieces(source: str, start: int, end: int, options: Options) -> list[_Piece]:
    pieces: list[_Piece] = []
    pos = start
    language = rule_set(options.lang)  # the article language's rules; else English's, by first character
    plain = plain_words(options.lang)  # None: English's
    for candidate in _candidates(source, start, end, _PLAIN_CANDIDATES if plain is None else plain):
        if candidate < pos:
            continue
        rules = language or _STARTS.at(source[candidate])
        match = rules[0].match(source, candidate, end)
        if match is None:
            continue
        spoken, spoken_end = _speak_at(match, end, options, rules[1:])
        if spoken is None:  # every rule that matched here declined
            continue
        _as_written(source, pos, match.start(), pieces)
        if spoken[-1:].isalnum() and source[spoken_end:spoken_end + 1].isalnum():
            spoken += " "  # "13%of": the words of a rule stay apart from the next word
        said = letters_for_voice(spoken)
        if said.endswith("A-") and source[spoken_end:spoken_end + 1] in ("'", "’"):
            said = said[:-1]  # "the FAA's": "A's", which the voice says as the letter's
        if pieces and not pieces[-1].literal and pieces[-1].end == match.start() and said[:1].isalnum() \
                and pieces[-1].text[-1:].isalnum():
            said = " " + said  # two rules' words side by side ("4.25%" then "-4.5%") stay apart
        pieces.append(_Piece(said, match.start(), spoken_end))
        pos = spoken_end
    _as_written(source, pos, end, pieces)
    return pieces


def _candidates(source: str, start: int, end: int, plain: frozenset[str]) -> Iterator[int]:
    """Where a rule may start, in order: the start of each word holding a character other than
    lowercase letters and plain punctuation, and each such character. Plain words, most of any
    text, are never tried, but for the few in ``plain`` (English: "march 4 2021"; another
    language's from its table: "usd 2", "abril 30")."""
    for token in _WORD.finditer(source, start, end):
        word_start, word_end = token.span()
        word = token.group(0)
        if word.isalpha() and word.isascii() and word.islower():  # most words: nothing special
            if word in plain:
                yield word_start
            continue
        first = _SPECIAL.search(source, word_start, word_end)
        if first is None:
            if source[word_start:word_end].lower().rstrip(_WORD_EDGES) in plain:
                yield word_start
            continue
        yield word_start
        opened = word_start + len(source[word_start:word_end]) - len(source[word_start:word_end].lstrip(_OPENING))
        for special in _SPECIAL.finditer(source, first.start(), word_end):
            if word_start < opened <= special.start():  # "(e.g.,": a rule may start after the bracket
                yield opened
                opened = word_start
            if special.start() != word_start:
                yield special.start()


def _speak_at(match: re.Match[str], end: int, options: Options,
              rules: tuple[tuple[re.Pattern[str], ...], tuple[Rule, ...]]) -> tuple[str | None, int]:
    """The first rule at this place that speaks, from the one the combined pattern chose on;
    no match reaches past ``end``."""
    patterns, spoken_by = rules
    first = int((match.lastgroup or "r0")[1:])
    for index in range(first, len(spoken_by)):
        own = patterns[index].match(match.string, match.start(), end)
        if own is not None and own.end() > own.start():
            spoken = spoken_by[index].speak(own, options)
            if spoken is not None:
                return spoken, own.end()
    return None, match.start()


def _as_written(source: str, start: int, end: int, pieces: list[_Piece]) -> None:
    """Source text no rule took, with its white space, quotes made plain and invisibles dropped."""
    if start < end:
        pieces.append(_Piece(source[start:end].translate(_CHARACTERS), start, end, literal=True))


def _one_sentence(text: str) -> str:
    """A full stop right before a comma, semicolon or colon goes; a full stop, question or
    exclamation mark before the last word becomes a comma (not an ellipsis: the voice reads on
    through one)."""
    text = _MARK_BEFORE_COMMA.sub("", _STOP_BEFORE_MARK.sub("", text))
    last = _LAST_WORD.search(text)
    if last is None:
        return text
    head = _INNER_STOP.sub(lambda m: m.group(0) if ".." in m.group(0) else ",", text[:last.start()])
    return _MARK_BEFORE_COMMA.sub("", head) + text[last.start():]
