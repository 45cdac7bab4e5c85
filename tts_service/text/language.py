"""The article's language, found once for the whole article: the request's ``lang``, else the
page's own (``<html lang>``, or the article element's), else its feed's (RSS ``<language>``,
Atom ``xml:lang``), else the site's only language, else detected by lingua among the site's
languages (``TTS_LANGUAGES``).

Detection is loaded on first use (its models are compiled into lingua's wheel, nothing is
downloaded), so a site with one language never loads it. A quoted passage in another language
stays in the article's language: there is one language per article.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
# The lang of the page (<html>), of its body or article, or of a fragment's first element.
_PAGE_LANG = re.compile(
    r"<(?:html|body|article|main)\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?\s*(" + TAG.pattern + r")",
    re.IGNORECASE)
_FIRST_ELEMENT_LANG = re.compile(
    r"\A\s*(?:<!--.*?-->\s*|<!doctype[^>]*>\s*|<\?xml[^>]*>\s*)*<[A-Za-z][\w-]*\b[^>]*?\s"
    r"(?:xml:)?lang\s*=\s*[\"']?\s*(" + TAG.pattern + r")", re.IGNORECASE | re.DOTALL)
SAMPLE_CHARS = 3000  # detection reads the article's start: enough for news, fast on long ones

# How the language was found, as the manifest says it.
REQUEST, PAGE, FEED, ONLY, DETECTED = "request", "page", "feed", "only", "detected"
DEFAULT = "default"


@dataclass(frozen=True)
class Found:
    """An article's language ("de", "en-GB") and how it was found (``REQUEST`` ... ``DEFAULT``)."""

    lang: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"lang": self.lang, "source": self.source}


def is_tag(lang: str) -> bool:
    """Whether ``lang`` looks like a BCP 47 language tag ("de", "pt-BR", "zh-Hant-TW")."""
    return TAG.fullmatch(lang.strip()) is not None


def base(lang: str) -> str:
    """The language of a tag without its region or script: "pt-BR" -> "pt"."""
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()


def _tag(hint: str) -> str:
    """A language hint as a tag ("de_AT" -> "de-AT"), or "" when it is none."""
    return hint.strip().replace("_", "-") if is_tag(hint) else ""


def page_language(html: str) -> str:
    """The language an HTML page or fragment declares for itself, or ""."""
    head = html[:200_000]
    found = _PAGE_LANG.search(head) or _FIRST_ELEMENT_LANG.search(head)
    return found.group(1).replace("_", "-") if found else ""


def article_language(text: str, languages: tuple[str, ...], *, asked: str = "",
                     html: str = "", page: str = "", feed: str = "") -> Found:
    """The language of an article whose plain ``text`` is given (and its ``html`` when it came
    as a page): ``asked`` (the request's) first, then the page's (its ``html``'s, else ``page``:
    the one its page declared when the page was read before), then ``feed`` (its feed's), then
    the site's only language, else detected among ``languages`` (the first of them when
    detection is unsure). A hint that is no language tag is passed over."""
    if asked.strip():
        return Found(asked.strip(), REQUEST)
    declared = (page_language(html) if html else "") or _tag(page)
    if declared:
        return Found(declared, PAGE)
    if _tag(feed):
        return Found(_tag(feed), FEED)
    if len(languages) <= 1:
        return Found(languages[0] if languages else "en", ONLY)
    detected = detect(text, languages)
    if detected:
        return Found(detected, DETECTED)
    return Found(languages[0], DEFAULT)


def detect(text: str, languages: tuple[str, ...]) -> str | None:
    """The one of ``languages`` (ISO 639-1 codes) ``text`` is written in, or None when unsure
    or when lingua knows none of them."""
    detector = _detector(tuple(sorted({base(code) for code in languages})))
    if detector is None or not text.strip():
        return None
    found = detector.detect_language_of(text[:SAMPLE_CHARS])
    return None if found is None else str(found.iso_code_639_1.name).lower()


@functools.lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]) -> Any:
    """lingua's detector for ``codes``, built once (its models load on the first detection)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    known = []
    for code in codes:
        try:
            known.append(IsoCode639_1.from_str(code))
        except ValueError:
            log.warning("language detection does not know %r (TTS_LANGUAGES); it is never detected",
                        code)
    if len(known) < 2:
        return None
    return LanguageDetectorBuilder.from_iso_codes_639_1(*known).build()
