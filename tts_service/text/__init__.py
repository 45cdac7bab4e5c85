"""Text for the voices: HTML -> plain text -> normalized segments that fit a backend's limit.

``PIPELINE_VERSION`` is part of every segment's cache key: bump it whenever segmenting or
normalizing would turn the same input into different segments.
"""

from __future__ import annotations

from ..config import Settings
from .reading.blocks import html_to_text
from .segmenting import Segment, segment_text
from .words.conventions import for_article
from .words.lexicon import NO_LEXICON, Lexicon
from .words.normalizing import Options

# 2: news-grade normalization (numbers, money, dates, abbreviations...);
# 3: each segment is cached with its word times;
# 4: letters joined for the voice, scores, states, rates, quarters, the article's date order, labels unread
# 6: a sentence cut only where a speaker pauses, each piece but the last closed with a comma
# 7: model numbers in pairs, a glued K for thousand, no stop before , ; : (no false pauses)
# 8: unknown capitals spelled by a word list, bare st/mt/jr/ltd/co/vol, ISBNs, IP addresses, phones,
#    10K and kelvin, money and decade ranges, h:mm:ss, lowercase and dashed dates
# 9: a quick start cut before a clause opener too, never after a question; long runs cut at line ends
PIPELINE_VERSION = "9"

__all__ = ["PIPELINE_VERSION", "Options", "Segment", "article_options", "html_to_text", "segment_text"]


def article_options(text: str, lang: str, settings: Settings, lexicon: Lexicon = NO_LEXICON) -> Options:
    """How to read one article, decided once from its whole text and its ``lang`` ("en-GB"), so
    every segment (the quick first one too) reads "03/07/2025" and "1.500" the same way."""
    return for_article(text, Options(date_order=settings.date_order, lang=lang, lexicon=lexicon))
