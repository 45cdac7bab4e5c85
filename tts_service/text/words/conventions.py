"""The article's own conventions, read from its whole text: the order of an ambiguous numeric
date ("03/07/2025") as the article itself shows it, before the site's ``TTS_DATE_ORDER``.

Evidence, strongest first: the request's language region (en-GB reads 3 July); another numeric
date in the text that can only be read one way (25/12/2024); a written date that matches the
numeric one ("Seoul, July 3" with "03/07/2025"); British spellings ("defence", "programme").
"""

from __future__ import annotations

import re

from .tables import BRITISH_SPELLINGS, DAY_FIRST_REGIONS, MONTHS

_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?![\d/.]\d)")
_WRITTEN_MD = re.compile(r"\b(" + "|".join(MONTHS) + r")\.?\s(\d{1,2})\b", re.IGNORECASE)
_WRITTEN_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s(?:of\s)?(" + "|".join(MONTHS) + r")\b",
                         re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")
_MONTH_NUMBERS = {name: ("january february march april may june july august september october "
                         "november december").split().index(full.lower()) + 1
                  for name, full in MONTHS.items()}


def date_order(text: str, lang: str = "", default: str = "mdy") -> str:
    """"mdy" or "dmy" for the ambiguous numeric dates of ``text``."""
    region = lang.replace("_", "-").split("-")[1].upper() if "-" in lang.replace("_", "-") else ""
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
    words = set(_WORD.findall(text.lower()))
    return "dmy" if words & BRITISH_SPELLINGS else default
