"""Reading RSS and Atom feeds: each entry with its id, link, metadata and whatever text the feed
holds, fetched by ``sources.fetch_bytes`` (timeouts, size caps) and parsed by feedparser, which is
never given a URL and so never fetches anything itself.
"""

from __future__ import annotations

import html
import io
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..store.names import content_key
from .sources import fetch_bytes

log = logging.getLogger(__name__)

PLAIN_TEXT = "text/plain"


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, as much of it as making its article needs."""

    key: str  # its id (RSS guid, Atom id), else its link
    fingerprint: str  # changes when the feed changes anything about the entry
    link: str = ""
    title: str = ""
    author: str = ""
    date: str = ""  # published, else updated: ISO 8601
    content: str = ""  # the whole article, when the feed holds it; else its page is read
    html: bool = True  # ``content`` is HTML, not plain text
    lang: str = ""  # the language the feed gives it: the entry's xml:lang, else the feed's

    @property
    def name(self) -> str:
        """What progress and the report call it."""
        return self.link or self.key

    @property
    def metadata(self) -> dict[str, str]:
        return {"title": self.title, "author": self.author, "date": self.date}


def read_feed(url: str, settings: Settings) -> list[FeedEntry]:
    """The entries of the feed at ``url``; InputError when it cannot be fetched or is no feed."""
    return parse_feed(url, fetch_bytes(url, settings))


def parse_feed(url: str, data: bytes) -> list[FeedEntry]:
    """The entries of an RSS or Atom document; relative links are resolved against ``url``."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url})
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"{url} is not an RSS or Atom feed",
                         f"the feed parser says: {reason}" if reason else
                         "it holds no <rss>, <feed> or <rdf:RDF> document; check the URL")
    if parsed.get("bozo"):
        log.info("%s is not well-formed (%s); its entries are read anyway", url,
                 parsed.get("bozo_exception"))
    feed_lang = str(parsed.get("feed", {}).get("language") or "")  # RSS <language>, Atom xml:lang
    return [_entry(raw, feed_lang) for raw in parsed.entries]


def _entry(raw: Any, feed_lang: str = "") -> FeedEntry:
    link = raw.get("link", "")
    summary = raw.get("summary", "")
    content, is_html = _full_content(raw)
    if not content and not link:  # the summary is all there is
        content = summary
        is_html = raw.get("summary_detail", {}).get("type") != PLAIN_TEXT
    title = raw.get("title", "")
    if raw.get("title_detail", {}).get("type") != PLAIN_TEXT:
        title = html.unescape(_words(title))
    author = raw.get("author_detail", {}).get("name") or raw.get("author", "")
    # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning
    date = _iso_date(raw.get("published_parsed") or dict.get(raw, "updated_parsed"))
    key = raw.get("id") or link or content_key([title, date, content])
    lang = _entry_lang(raw) or feed_lang.strip()
    fingerprint = content_key([key, link, title, author, date, dict.get(raw, "updated", ""), content,
                               summary] + ([lang] if lang else []))  # without one: as before
    return FeedEntry(key, fingerprint, link, title, author, date, content, is_html, lang)


def _entry_lang(raw: Any) -> str:
    """The entry's own xml:lang (Atom), as feedparser gives it on its content, title or summary."""
    details = [*raw.get("content", ()), raw.get("title_detail", {}), raw.get("summary_detail", {})]
    return next((str(detail["language"]).strip() for detail in details if detail.get("language")), "")


def _full_content(raw: Any) -> tuple[str, bool]:
    """The entry's content (RSS content:encoded, Atom content) and whether it is HTML, when it
    holds the article: present, and not shorter than the summary (a shorter one is a teaser).
    ("", True) when the article must be read from the entry's page."""
    for content in raw.get("content", ()):
        value = content.get("value", "")
        if value.strip() and len(_words(value)) >= len(_words(raw.get("summary", ""))):
            return value, content.get("type") != PLAIN_TEXT
    return "", True


def _words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", markup).split())


def _iso_date(parsed: Any) -> str:
    """A feedparser time (a UTC struct_time) as ISO 8601, or "" when there is none."""
    if not parsed:
        return ""
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return ""
