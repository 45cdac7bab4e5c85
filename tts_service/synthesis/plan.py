"""The text side of an article: validated input -> segments and the pauses between them.

No voice is needed to plan, only its limit on segment length, so ``tts-service segments`` and
every request share this one path. ``Speaker.prepare`` adds the voice's keys and the article's id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..config import Settings, split_list
from ..errors import InputError, TooLarge
from ..text import Options, Segment, article_options, segment_text
from ..text.language import Found, article_language, base
from ..text.markup import SENTENCE_END, Marked
from ..text.reading.article import read_article_html
from ..text.reading.page_parts import ReadingPolicy
from ..text.reading.ssml import read_ssml
from ..text.segmenting import quick_start
from ..text.words.lexicon import NO_LEXICON, Lexicon, load_lexicon
from .bookends import Bookend
from .fallback import Fallback


@dataclass(frozen=True)
class Plan:
    """The text side of an article: what each segment says and the pause after it."""

    text: str  # the plain text the segments index into (HTML input: the extracted text)
    segments: tuple[Segment, ...]
    pauses_ms: tuple[int, ...]  # silence after each segment; the last is 0
    language: Found = Found("en", "default")  # the article's language and how it was found

@dataclass(frozen=True)
class VoiceChoice:
    """The voice asked for (the request's, else the site's) and the one that reads the article
    instead: a voice of the article's language."""

    asked_backend: str
    asked_voice: str  # "": the backend's default
    lang: str  # the article's language

    def to_dict(self, backend_id: str) -> dict[str, str]:
        return {"asked": f"{self.asked_backend}:{self.asked_voice}" if self.asked_voice
                else self.asked_backend, "chosen": backend_id,
                "why": f"the voice asked for does not speak {self.lang}"}


@dataclass(frozen=True)
class Article:
    """An article ready to be spoken: its segments, their cache keys and the pauses between."""

    id: str
    text: str  # the plain text the segments index into (HTML input: the extracted text)
    segments: tuple[Segment, ...]
    keys: tuple[str, ...]  # cache key of each segment's MP3
    pauses_ms: tuple[int, ...]  # silence after each segment; the last is 0
    backend_id: str
    fallback: Fallback | None = None  # spoken by the offline voice instead of the one asked for
    intro: Bookend | None = None  # said before it, made once for every article (bookends.py)
    outro: Bookend | None = None
    bookend_keys: tuple[str, str] = ("", "")  # cache keys of the intro's and the outro's MP3
    language: Found = Found("en", "default")  # the article's language and how it was found
    voice_choice: VoiceChoice | None = None  # read by a voice other than the one asked for

    @property
    def all_keys(self) -> tuple[str, ...]:
        """The keys of everything its audio is made of: its segments and its bookends."""
        return self.keys + tuple(key for key in self.bookend_keys if key)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \r \f


def check_text(text: str, max_chars: int) -> str:
    """Refuse text that cannot make an article: empty, binary-looking, or too long."""
    if not text.strip():
        raise InputError("the article is empty", "there is no text to speak")
    if len(text) > max_chars:
        raise TooLarge(
            f"the article is too long: {len(text):,} characters",
            f"the limit is {max_chars:,} (TTS_MAX_ARTICLE_CHARS)",
        )
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise InputError("the input is binary, not text", "send UTF-8 text, Markdown or HTML")
    return text

def plan_article(text: str, settings: Settings, max_chars: int, *, html: bool = False,
                 ssml: bool = False, lexicon: Lexicon = NO_LEXICON, lang: str = "",
                 estimate: Callable[[str], float] | None = None, page_lang: str = "",
                 feed_lang: str = "", policy: ReadingPolicy | None = None,
                 first_only: bool = False) -> Plan:
    """Validate and segment an article for a voice that takes ``max_chars`` at most. ``lexicon``:
    the article's own pronunciations, over the site's (``TTS_LEXICON``). ``lang``: the
    article's language ("en-GB"), whose region decides how its ambiguous dates read; ``page_lang``,
    ``feed_lang``: what its page and its feed declared, below its own (``article_language``). ``estimate``: the
    voice's rough audio seconds for a text, to refuse an article that would be too long before
    anything is synthesized. ``policy``: what of HTML is read (None: the site's ``TTS_READ_*``).
    ``first_only``: its first segment made ahead of a click: only the paragraphs of its first
    FIRST_PREFIX_CHARS are segmented (the language and conventions are the whole text's), the
    checks of its whole size left to the click."""
    marks = read_input(text, settings, html=html, ssml=ssml, policy=policy)
    plain = marks.text
    found = find_language(text, settings, html=html, ssml=ssml, lang=lang, page_lang=page_lang,
                          feed_lang=feed_lang, policy=policy)
    # English found by itself reads as before (its conventions sniffed from the text)
    read_as = lang or ("" if base(found.lang) == "en" else found.lang)
    # its conventions (date order, separators) decided from the whole text
    options = article_options(plain, read_as, settings, load_lexicon(settings.lexicon).merged(lexicon))
    segments = _segmented(marks, _first_paragraphs(plain) if first_only else len(plain), max_chars,
                          settings.first_segment_chars, options)
    if first_only and segments:
        return Plan(plain, segments[:1], (0,), found)
    if not segments:
        raise InputError("the article has nothing to speak",
                         "it holds no words, only markup, punctuation or white space")
    pauses = tuple(_pause_after(segments, i, settings) for i in range(len(segments)))
    _check_size(segments, pauses, settings, estimate)
    return Plan(plain, segments, pauses, found)


def read_input(text: str, settings: Settings, *, html: bool = False, ssml: bool = False,
               policy: ReadingPolicy | None = None) -> Marked:
    """The article's plain text and marks, its size checked: HTML and SSML read (see
    ``plan_article``). The last few are remembered: finding an article's language before its
    voice is chosen (``find_language``) and planning it then read it once."""
    if html or ssml:
        policy = policy or ReadingPolicy.from_settings(settings)
    return _read(text, html, ssml, policy if html else None, settings.max_html_bytes,
                 settings.max_article_chars, settings.max_segments)


def find_language(text: str, settings: Settings, *, html: bool = False, ssml: bool = False,
                  lang: str = "", page_lang: str = "", feed_lang: str = "",
                  policy: ReadingPolicy | None = None) -> Found:
    """The article's language and how it was found (``article_language``), without segmenting
    it: what picks its voice before it is planned for that voice. Remembered like ``read_input``."""
    plain = read_input(text, settings, html=html, ssml=ssml, policy=policy).text
    return _language(plain, tuple(split_list(settings.languages)), lang, text if html else "",
                     page_lang, feed_lang)


@functools.lru_cache(maxsize=8)
def _language(plain: str, languages: tuple[str, ...], lang: str, html: str, page: str,
              feed: str) -> Found:
    return article_language(plain, languages, asked=lang, html=html, page=page, feed=feed)


@functools.lru_cache(maxsize=8)
def _read(text: str, html: bool, ssml: bool, policy: ReadingPolicy | None, max_html_bytes: int,
          max_article_chars: int, max_segments: int) -> Marked:
    if html or ssml:  # markup: its size is limited as sent, the article as read from it
        size = len(text.encode("utf-8"))
        if size > max_html_bytes:
            raise TooLarge(f"the {'HTML' if html else 'SSML'} is too large: {size:,} bytes",
                           f"the limit is {max_html_bytes:,} (TTS_MAX_HTML_BYTES)")
        if not text.strip():
            raise InputError("the article is empty", "there is no text to speak")
        marks = read_article_html(text, policy or ReadingPolicy()) if html else read_ssml(text)
        if marks.text.strip():
            check_text(marks.text, max_article_chars)
    else:
        marks = Marked(check_text(text, max_article_chars))
    _check_rough_size(marks.text, max_segments)
    return marks


FIRST_PREFIX_CHARS = 600  # what a first segment made ahead is looked for in (then to a paragraph's end)
_PARAGRAPH_END = re.compile(r"\n(?:[^\S\n]*\n)+")  # a blank line, as segment_text sees one


def _first_paragraphs(text: str) -> int:
    """Where the paragraph holding character FIRST_PREFIX_CHARS of ``text`` ends (its length if
    it has no later paragraph): a first segment segmented from ``text`` up to there is the whole
    text's, for a sentence never runs past a paragraph."""
    end = _PARAGRAPH_END.search(text, FIRST_PREFIX_CHARS)
    return end.start() if end else len(text)


def _segmented(marks: Marked, end: int, max_chars: int, first_chars: int,
               options: Options) -> tuple[Segment, ...]:
    """The segments of ``marks.text[:end]`` (of the whole text when that part has none)."""
    read = marks.within(0, end) if end < len(marks.text) else marks
    segments = tuple(quick_start(segment_text(read.text, max_chars, options, read), first_chars,
                                 options, read))
    return segments if segments or read is marks else _segmented(marks, len(marks.text), max_chars,
                                                                 first_chars, options)


# Where a sentence ends, or a paragraph ends without one, as a plain pattern sees it: a rough
# count of the segments a text makes, some ends being abbreviations or initials.
_ROUGH_BREAK = re.compile(
    r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s|$)|(?<![.!?\u2026\"'\u201d\u2019)\]])\n\s*\n")
ROUGH_MARGIN = 1.5  # a text with this many times the limit of rough breaks is refused unread


def _check_rough_size(text: str, max_segments: int) -> None:
    """Refuse at once, before the text is read sentence by sentence (a second or more for the
    longest texts), one with so many sentence ends that it must exceed ``TTS_MAX_SEGMENTS``:
    no article reaches it (news has a sentence end every 100 characters or so), an attack of
    "Go. Go. Go." does."""
    limit = max_segments * ROUGH_MARGIN
    breaks = 0
    for breaks, _ in enumerate(_ROUGH_BREAK.finditer(text), start=1):
        if breaks > limit:
            raise TooLarge(f"the article has too many segments: more than {int(limit):,} "
                           "sentence ends", f"the limit is {max_segments:,} segments "
                           "(TTS_MAX_SEGMENTS)")

def _check_size(segments: tuple[Segment, ...], pauses: tuple[int, ...], settings: Settings,
                estimate: Callable[[str], float] | None) -> None:
    """Refuse, before any synthesis, an article with too many segments or too much audio
    ("Go." 40,000 times is short text but 40,000 segments and eight hours of pauses)."""
    if len(segments) > settings.max_segments:
        raise TooLarge(f"the article has too many segments: {len(segments):,}",
                       f"the limit is {settings.max_segments:,} (TTS_MAX_SEGMENTS)")
    seconds = sum(pauses) / 1000 + (sum(estimate(s.text) for s in segments) if estimate else 0.0)
    if seconds > settings.max_audio_seconds:
        raise TooLarge(f"the article would make about {seconds / 3600:.1f} hours of audio",
                       f"the limit is {settings.max_audio_seconds:,} s (TTS_MAX_AUDIO_SECONDS)")

def _pause_after(segments: tuple[Segment, ...], index: int, settings: Settings) -> int:
    if index + 1 >= len(segments):
        return 0
    here, after = segments[index], segments[index + 1]
    if here.pause_ms is not None:  # the publisher's own pause, or a sentence end it marked
        if here.pause_ms != SENTENCE_END:
            return here.pause_ms
        if after.paragraph == here.paragraph:
            return settings.sentence_pause_ms
    if after.paragraph != here.paragraph:
        return settings.paragraph_pause_ms
    if after.sentence != here.sentence:
        return settings.sentence_pause_ms
    return 0  # pieces of one long sentence follow each other directly
