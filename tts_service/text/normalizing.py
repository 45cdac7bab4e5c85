"""Source text -> the text a voice speaks: a few table-driven rewrites and collapsed white space.

Deliberately small: the voices read numbers, currency and common abbreviations well, so only
what they would stumble over is rewritten (see ``symbols.SPOKEN_CHARACTERS`` and
``symbols.SPOKEN_REWRITES``).
"""

from __future__ import annotations

import re

from .symbols import SPOKEN_CHARACTERS, SPOKEN_REWRITES

_CHARACTERS = str.maketrans(SPOKEN_CHARACTERS)
_REWRITES = tuple((re.compile(pattern), replacement) for pattern, replacement in SPOKEN_REWRITES)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,;:!?](?:\s|$))")


def normalize(source: str) -> str:
    """The spoken form of ``source``: smart quotes made plain, dashes made pauses, one space."""
    text = source.translate(_CHARACTERS)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    text = " ".join(text.split())
    return _SPACE_BEFORE_PUNCTUATION.sub("", text)
