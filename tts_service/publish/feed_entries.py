"""Which articles a publisher put in the podcast feed, and since when.

The choice is a sidecar beside the article (``articles/<id>.feed.json``), so every process and
machine on the cache sees it, ``cache forget`` removes it with the article, and one listing of
the cache gives every entry with the time it was added (the object's own time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..config import Settings
from ..store import store_from_settings
from ..store.names import is_key, sidecar_name
from ..store.objects import Store, write_json

SUFFIX = ".feed.json"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    added: datetime


class FeedEntries:
    """The podcast feed's articles, as sidecars in ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def choose(self, article_id: str, in_feed: bool) -> None:
        """Put the article in the feed (its time there is kept if it was already in), or take it out."""
        name = sidecar_name(article_id, "feed")
        if not in_feed:
            self.store.delete(name)
        elif self.store.stat(name) is None:
            write_json(self.store, name, {"since": datetime.now(UTC).isoformat(timespec="seconds")})

    def __contains__(self, article_id: str) -> bool:
        return self.store.stat(sidecar_name(article_id, "feed")) is not None

    def entries(self) -> list[FeedEntry]:
        """Every article in the feed, most recently added first (made or not)."""
        found = []
        for name in self.store.names("articles"):
            article_id = name[:-len(SUFFIX)]
            if name.endswith(SUFFIX) and is_key(article_id):
                info = self.store.stat(sidecar_name(article_id, "feed"))
                if info is not None:  # not taken out meanwhile
                    found.append(FeedEntry(article_id, info.modified))
        return sorted(found, key=lambda entry: (entry.added, entry.id), reverse=True)


def add_to_feed(article_ids: Iterable[str], settings: Settings) -> int:
    """Put these articles in the feed (``pregenerate --feed``, ``watch --feed``); returns how many."""
    store = store_from_settings(settings)
    entries = FeedEntries(store)
    added = 0
    try:
        for article_id in article_ids:
            entries.choose(article_id, True)
            added += 1
    finally:
        store.close()
    return added
