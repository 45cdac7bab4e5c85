"""Auto-publishing: RSS and Atom feeds polled, and each new entry's article pre-generated once.

A pass reads every feed (``feeds``), turns the entries not made yet into batch items, and makes
them with ``batch.run_batch``, as ``pregenerate`` does. What became of each entry is stored per
feed in the cache (``watch/<key of the feed URL>.json``) as soon as its article is made, so an
interrupted pass resumes and nothing is made twice.

An entry is known by its id (RSS guid, Atom id), else its link. Its fingerprint covers what the
feed says of it (title, link, author, dates, content, summary): when that changes, the entry is
read and made again; an unchanged article is found in the cache, an edited one gets new audio.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ..config import Settings
from ..errors import TTSError
from ..ops.process import interrupt_on_sigterm
from ..store import store_from_settings
from ..store.names import content_key
from ..store.objects import Store, read_json, write_json
from ..synthesis.request import ArticleRequest
from .batch import Outcome, run_batch
from .feeds import FeedEntry, read_feed
from .sources import SourceItem, fetch_pages

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # an entry that failed this many times waits until the feed changes it
REMEMBERED_ENTRIES = 1000  # per feed; past it, entries the feed no longer lists go, oldest first
STATE_FOLDER = "watch"


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
                    pages.append((entry.name, {"url": entry.link, **entry.metadata,
                                               "feed_lang": entry.lang}))
                else:
                    poll.items.append(self._content_item(entry))
        poll.items.extend(fetch_pages(pages, self.settings))
        return poll

    def _content_item(self, entry: FeedEntry) -> SourceItem:
        if not entry.content:
            return SourceItem(entry.name, error="the entry has no text and no link")
        source = "html" if entry.html else "text"
        try:
            return SourceItem(entry.name, replace(ArticleRequest.from_json(
                {source: entry.content, **entry.metadata}, self.settings), feed_lang=entry.lang))
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


class Stopped(Exception):
    """The watch was stopped (Ctrl-C or SIGTERM): between passes, or in the middle of one."""

    def __init__(self, mid_pass: bool) -> None:
        super().__init__("stopped mid-pass" if mid_pass else "stopped")
        self.mid_pass = mid_pass


def keep_watching(one_pass: Callable[[], int], interval: float, *, once: bool,
                  on_error: Callable[[TTSError], None]) -> int:
    """Run ``one_pass`` every ``interval`` seconds until stopped, or once; returns the exit code
    of the pass when ``once``. A pass that fails (the cache unwritable, say) is reported to
    ``on_error`` and the watch goes on, unless run once. Stopping raises ``Stopped``, saying
    whether a pass was abandoned (the next run resumes it). SIGTERM stops it as Ctrl-C does."""
    interrupt_on_sigterm()
    busy = False  # in a pass (stopping abandons it) rather than waiting for the next one
    try:
        while True:
            busy = True
            try:
                code = one_pass()
            except TTSError as exc:
                if once:
                    raise
                on_error(exc)
                code = 1
            busy = False
            if once:
                return code
            time.sleep(interval)
    except KeyboardInterrupt:
        raise Stopped(mid_pass=busy) from None
