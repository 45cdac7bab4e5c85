"""Text for the voices: HTML -> plain text -> normalized segments that fit a backend's limit.

``PIPELINE_VERSION`` is part of every segment's cache key: bump it whenever segmenting or
normalizing would turn the same input into different segments.
"""

from __future__ import annotations

from .reading.blocks import html_to_text
from .segmenting import Segment, segment_text
from .words.normalizing import Options

# 2: news-grade normalization (numbers, money, dates, abbreviations...);
# 3: each segment is cached with its word times;
# 4: letters joined for the voice, scores, states, rates, quarters, the article's date order, labels unread
PIPELINE_VERSION = "4"

__all__ = ["PIPELINE_VERSION", "Options", "Segment", "html_to_text", "segment_text"]
