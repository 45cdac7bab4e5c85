"""The article's own conventions, read from its whole text and decided once per article.

The order of an ambiguous numeric date ("03/07/2025") as the article itself shows it, before the
site's ``TTS_DATE_ORDER``. Evidence, strongest first: the request's language region (en-GB reads
3 July); another numeric date in the text that can only be read one way (25/12/2024); a written
date that matches the numeric one ("Seoul, July 3" with "03/07/2025"); the order its dates in
words are written in, when they all agree ("on 4 March" day first, "on March 4" month first);
British spellings ("defence", "programme").

Its number separators: "1.500 visitors" and "3,5 million" are European (a thousands point, a
decimal comma) only where the article shows that convention: its ``lang`` (de, fr, es...), or
numbers only a European writer writes ("1.234,5", "2.500.000", "3,5%", "€4,50") and none only an
English one writes ("1,500", "1.5 million"). Without that, "1.500" stays one point five.
"""

from __future__ import annotations

import dataclasses
import re

from .rules import Options
from .tables import (
    BRITISH_SPELLINGS,
    DAY_FIRST_REGIONS,
    DECIMAL_COMMA_LANGUAGES,
    DECIMAL_POINT_REGIONS,
    EUROPEAN_NUMBER_EVIDENCE,
    MONTHS,
    US_NUMBER_EVIDENCE,
)

_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?![\d/.]\d)")
_WRITTEN_MD = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s(\d{1,2})\b", re.IGNORECASE)
_WRITTEN_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s(?:of\s)?(" + "|".join(MONTHS) + r")\b",
                         re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_MONTH_NUMBERS = {name: ("january february march april may june july august september october "
                         "november december").split().index(full.lower()) + 1
                  for name, full in MONTHS.items()}


_EUROPEAN = tuple(re.compile(pattern) for pattern in EUROPEAN_NUMBER_EVIDENCE)
_US = tuple(re.compile(pattern) for pattern in US_NUMBER_EVIDENCE)
# A number written the European way: "1.500", "1.234,56", "3,5" (not "1.5", "04.03.2021", IPs).
_EUROPEAN_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\w.,]*\d)")
_SWAPPED = str.maketrans(".,", ",.")


def for_article(text: str, options: Options) -> Options:
    """``options`` with the article's own conventions decided from its whole ``text``, once
    (options already decided are returned as they are)."""
    if options.conventions_known:
        return options
    return dataclasses.replace(options, conventions_known=True,
                               date_order=date_order(text, options.lang, options.date_order),
                               decimal_comma=decimal_comma(text, options.lang))


def _language(lang: str) -> tuple[str, str]:
    """("en", "GB") for "en-GB" or "en_gb"; ("", "") for none."""
    parts = lang.replace("_", "-").split("-")
    return parts[0].lower(), (parts[1].upper() if len(parts) > 1 else "")


def decimal_comma(text: str, lang: str = "") -> bool:
    """Whether ``text`` writes its numbers the European way ("1.500", "3,5")."""
    language, region = _language(lang)
    if language in DECIMAL_COMMA_LANGUAGES:
        return region not in DECIMAL_POINT_REGIONS
    if language:  # English (or another language that writes a decimal point) says so itself
        return False
    return any(p.search(text) for p in _EUROPEAN) and not any(p.search(text) for p in _US)


def as_decimal_point(text: str) -> str:
    """European numbers rewritten the English way, each character in its place ("1.500" ->
    "1,500", "3,5" -> "3.5"), so positions in the text still map to the source."""
    return _EUROPEAN_NUMBER.sub(lambda m: m.group(0).translate(_SWAPPED), text)


def date_order(text: str, lang: str = "", default: str = "mdy") -> str:
    """"mdy" or "dmy" for the ambiguous numeric dates of ``text``."""
    region = _language(lang)[1]
    if region:
        return "dmy" if region in DAY_FIRST_REGIONS else "mdy"
    numeric = [(int(a), int(b)) for a, b, _ in _NUMERIC.findall(text)]
    if not numeric:
        return default
    for first, second in numeric:
        if first > 12 >= second:
            return "dmy"
        if second > 12 >= first:
            return "mdy"
    written = {(_MONTH_NUMBERS[m.lower()], int(d)) for m, d in _WRITTEN_MD.findall(text)}
    written |= {(_MONTH_NUMBERS[m.lower()], int(d)) for d, m in _WRITTEN_DM.findall(text)}
    for first, second in numeric:
        if (first, second) in written and (second, first) not in written:
            return "mdy"
        if (second, first) in written and (first, second) not in written:
            return "dmy"
    # the order the article writes its dates in words: "4 March" (day first) or "March 4"
    day_first = sum(m[1][:1].isupper() for m in _WRITTEN_DM.findall(text))
    month_first = sum(m[0][:1].isupper() for m in _WRITTEN_MD.findall(text))
    if day_first != month_first and not (day_first and month_first):
        return "dmy" if day_first else "mdy"
    words = set(_WORD.findall(text.lower()))
    return "dmy" if words & BRITISH_SPELLINGS else default
