"""Auto-publishing: RSS and Atom feeds polled, and each new entry's article pre-generated once.

A pass reads every feed (fetched by ``sources.fetch_bytes``, within its timeout and size caps, then
parsed by feedparser, which is never given a URL and so never fetches anything itself), turns the
entries not made yet into batch items, and makes them with ``batch.run_batch``, as ``pregenerate``
does. What became of each entry is stored per feed in the cache (``watch/<key of the feed URL>.json``)
as soon as its article is made, so an interrupted pass resumes and nothing is made twice.

An entry is known by its id (RSS guid, Atom id), else its link. Its fingerprint covers what the
feed says of it (title, link, author, dates, content, summary): when that changes, the entry is
read and made again; an unchanged article is found in the cache, an edited one gets new audio.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..config import Settings
from ..errors import InputError, TTSError
from ..store import store_from_settings
from ..store.names import content_key
from ..store.objects import Store, read_json, write_json
from ..synthesis.request import ArticleRequest
from .batch import Outcome, run_batch
from .sources import SourceItem, fetch_bytes, fetch_pages

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # an entry that failed this many times waits until the feed changes it
REMEMBERED_ENTRIES = 1000  # per feed; past it, entries the feed no longer lists go, oldest first
STATE_FOLDER = "watch"
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
    return [_entry(raw) for raw in parsed.entries]


def _entry(raw: Any) -> FeedEntry:
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
    fingerprint = content_key([key, link, title, author, date, dict.get(raw, "updated", ""), content,
                               summary])
    return FeedEntry(key, fingerprint, link, title, author, date, content, is_html)


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


class FeedState:
    """What became of one feed's entries, stored as ``watch/<key of its URL>.json``: for each
    entry key, its fingerprint, status (made, cached or failed), article id, attempts, and the
    ids of the articles it had before it was edited ("replaced": still kept, see ``record``)."""

    def __init__(self, store: Store, url: str) -> None:
        self.store = store
        self.url = url
        self.name = f"{STATE_FOLDER}/{content_key(url)}.json"
        stored = read_json(store, self.name) or {}
        self.entries: dict[str, dict[str, Any]] = dict(stored.get("entries", {}))
        self.listed: set[str] = set()  # the keys the feed lists now

    def wanted(self, entry: FeedEntry) -> bool:
        """True when the entry is new, changed, or failed fewer than MAX_ATTEMPTS times."""
        seen = self.entries.get(entry.key)
        if seen is None or seen.get("fingerprint") != entry.fingerprint:
            return True
        return seen.get("status") == "failed" and seen.get("attempts", 0) < MAX_ATTEMPTS

    def record(self, entry: FeedEntry, outcome: Outcome) -> None:
        """Store what the entry became, at once (an interrupted pass keeps what it made)."""
        seen = self.entries.get(entry.key) or {}
        failed = outcome.status == "failed"
        attempts = 0
        if failed:
            same = seen.get("fingerprint") == entry.fingerprint and seen.get("status") == "failed"
            attempts = (seen.get("attempts", 0) if same else 0) + 1
            if attempts >= MAX_ATTEMPTS:
                log.warning("%s failed %d times; it is tried again when the feed changes it",
                            entry.name, attempts)
        replaced = list(seen.get("replaced", ()))
        if outcome.id and seen.get("article") and seen["article"] != outcome.id:
            replaced.append(seen["article"])
            log.info("%s was edited: article %s replaces %s, which stays kept until "
                     "`tts-service cache forget %s`", entry.name, outcome.id, seen["article"],
                     seen["article"])
        self.entries[entry.key] = {
            "fingerprint": entry.fingerprint, "name": entry.name, "status": outcome.status,
            "article": outcome.id or seen.get("article"), "replaced": replaced,
            "attempts": attempts, "error": outcome.error,
            "at": datetime.now(UTC).isoformat(timespec="seconds")}
        self._forget_old()
        write_json(self.store, self.name, {"feed": self.url, "entries": self.entries}, indent=1)

    def _forget_old(self) -> None:
        surplus = len(self.entries) - REMEMBERED_ENTRIES
        if surplus > 0:
            gone = sorted((seen.get("at", ""), key) for key, seen in self.entries.items()
                          if key not in self.listed)
            for _, key in gone[:surplus]:
                del self.entries[key]


@dataclass
class FeedReport:
    """One feed in one pass: how many entries it lists, how many are new (or changed), or why it
    could not be read."""

    url: str
    entries: int = 0
    new: int = 0
    error: str = ""


@dataclass
class Poll:
    """What one reading of the feeds found: the articles to make, and each feed's report."""

    items: list[SourceItem] = field(default_factory=list)
    feeds: list[FeedReport] = field(default_factory=list)
    entries: dict[str, list[tuple[FeedState, FeedEntry]]] = field(default_factory=dict)  # by name

    @property
    def errors(self) -> dict[str, str]:
        """Feed URL → why it could not be read."""
        return {feed.url: feed.error for feed in self.feeds if feed.error}

    def report(self) -> list[dict[str, Any]]:
        return [asdict(feed) for feed in self.feeds]


class Watcher:
    """Polls feeds and makes the article of every entry not made yet, through the batch."""

    def __init__(self, feeds: Sequence[str], settings: Settings, *,
                 always_fetch_pages: bool = False) -> None:
        self.feeds = list(dict.fromkeys(feeds))
        self.settings = settings
        self.always_fetch_pages = always_fetch_pages
        self.store = store_from_settings(settings)

    def poll(self) -> Poll:
        """Read every feed, and every new entry's page when the feed holds only a summary; a feed
        that cannot be read is reported and the others go on."""
        poll = Poll()
        pages: list[tuple[str, dict[str, Any]]] = []
        for url in self.feeds:
            report = FeedReport(url)
            poll.feeds.append(report)
            try:
                entries = read_feed(url, self.settings)
                state = FeedState(self.store, url)
            except TTSError as exc:
                report.error = exc.one_line()
                log.warning("feed %s: %s", url, report.error)
                continue
            report.entries = len(entries)
            state.listed = {entry.key for entry in entries}
            for entry in entries:
                if not state.wanted(entry):
                    continue
                report.new += 1
                same_name = poll.entries.setdefault(entry.name, [])
                same_name.append((state, entry))
                if len(same_name) > 1:
                    continue  # listed twice (in two feeds): one article, recorded for both
                if entry.link and (self.always_fetch_pages or not entry.content):
                    pages.append((entry.name, {"url": entry.link, **entry.metadata}))
                else:
                    poll.items.append(self._content_item(entry))
        poll.items.extend(fetch_pages(pages, self.settings))
        return poll

    def _content_item(self, entry: FeedEntry) -> SourceItem:
        if not entry.content:
            return SourceItem(entry.name, error="the entry has no text and no link")
        source = "html" if entry.html else "text"
        try:
            return SourceItem(entry.name, ArticleRequest.from_json(
                {source: entry.content, **entry.metadata}, self.settings))
        except TTSError as exc:
            return SourceItem(entry.name, error=exc.one_line())

    def make(self, poll: Poll, *, workers: int | None = None,
             on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Make the poll's articles (kept from eviction, with the entries' metadata), recording
        each entry as its article is done."""
        if not poll.items:
            return []

        def record(outcome: Outcome) -> None:
            for state, entry in poll.entries.get(outcome.name, ()):
                state.record(entry, outcome)
            if on_outcome:
                on_outcome(outcome)

        return run_batch(poll.items, self.settings, workers=workers, on_outcome=record)
