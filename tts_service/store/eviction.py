"""Keeping the cache under ``TTS_CACHE_MAX_BYTES``: the least recently used on-demand articles go.

A sweep lists the cache. When it holds more than the limit, it deletes until it holds at most
``TARGET`` of it: first the segments no article uses, then complete articles that are not kept
(``AudioCache.keep``): failed ones first (a request and an error, no audio), then complete ones
least recently used first, each with the segments no remaining article uses. Kept articles go
only when asked (``include_kept``). Unfinished articles still being made (a stored request, no
manifest, no error) are never deleted, and their segments stay. An article goes manifest first, so a reader
finds it complete or not at all. Losing a segment costs at most its synthesis: finished article
MP3s never read them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import CacheError, NotFound, TTSError
from .cache import AudioCache
from .names import (
    article_part,
    content_key,
    manifest_segment_keys,
    segment_name,
    segment_of,
    segment_words_name,
)
from .objects import Store

log = logging.getLogger(__name__)

TARGET = 0.9  # a sweep stops at 90% of the limit, so that the next article does not start another
SWEEP_INTERVAL = 60.0  # seconds between two sweeps after articles are made, per process
SWEEP_LOCK = content_key("cache eviction")  # one process sweeps at a time

KeysOf = Callable[[str], Iterable[str]]  # the segment keys of an unfinished article


@dataclass
class StoredArticle:
    """One article's objects as a listing shows them: size and time of each, by name suffix."""

    id: str
    sizes: dict[str, int] = field(default_factory=dict)
    times: dict[str, datetime] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return ".json" in self.sizes

    @property
    def kept(self) -> bool:
        return ".keep.json" in self.sizes

    @property
    def failed(self) -> bool:
        """Its last attempt failed and left no audio."""
        return ".error.json" in self.sizes and not self.complete

    @property
    def requested(self) -> bool:
        return ".request.json" in self.sizes

    @property
    def bytes(self) -> int:
        return sum(self.sizes.values())

    @property
    def last_used(self) -> datetime:
        """When it was made (or failed) or, if later, last used."""
        return max(self.times[suffix] for suffix in (".json", ".error.json", ".used.json")
                   if suffix in self.times)


@dataclass
class Inventory:
    """What the cache holds, from one listing: each segment's size and each article's objects."""

    segments: Counter[str]
    articles: dict[str, StoredArticle]

    @classmethod
    def take(cls, store: Store) -> Inventory:
        # Segments first: a listed segment was made for an article whose request was stored
        # before it, so the article listing, made after, shows that article.
        segments: Counter[str] = Counter()  # bytes of its MP3 and its word timings
        for name, info in store.scan("segments"):
            key = segment_of(name)
            if key is not None:
                segments[key] += info.size
        articles: dict[str, StoredArticle] = {}
        for name, info in store.scan("articles"):
            part = article_part(name)
            if part is not None:
                article = articles.setdefault(part[0], StoredArticle(part[0]))
                article.sizes[part[1]] = info.size
                article.times[part[1]] = info.modified
        return cls(segments, articles)

    @property
    def total(self) -> int:
        """Bytes of every segment and every article object."""
        return sum(self.segments.values()) + sum(a.bytes for a in self.articles.values())


@dataclass
class Evicted:
    """What a sweep (or ``forget``) deleted, and what the cache holds afterwards."""

    articles: list[str] = field(default_factory=list)
    segments: int = 0
    freed: int = 0  # bytes
    total: int = 0  # bytes left in the cache


class _Sweep:
    """Deletions over one inventory, keeping count of which articles still use each segment."""

    def __init__(self, cache: AudioCache, inventory: Inventory, keys_of: KeysOf) -> None:
        self.cache = cache
        self.inventory = inventory
        self.keys = {article.id: _keys(cache, article, keys_of)
                     for article in inventory.articles.values()}
        self.users = Counter(key for keys in self.keys.values() for key in keys)
        self.result = Evicted(total=inventory.total)

    def drop_orphans(self) -> None:
        """Delete the segments that no article uses."""
        for key in list(self.inventory.segments):
            if not self.users[key]:
                self._drop_segment(key)

    def drop_article(self, article: StoredArticle) -> None:
        """Delete the article, then the segments that only it used."""
        self.cache.remove_article(article.id)
        self.result.articles.append(article.id)
        self.result.freed += article.bytes
        self.result.total -= article.bytes
        for key in self.keys.pop(article.id, ()):
            self.users[key] -= 1
            if not self.users[key]:
                self._drop_segment(key)

    def _drop_segment(self, key: str) -> None:
        size = self.inventory.segments.pop(key, None)
        if size is None:  # not in the cache (or deleted already)
            return
        self.cache.store.delete(segment_name(key))
        self.cache.store.delete(segment_words_name(key))
        self.result.segments += 1
        self.result.freed += size
        self.result.total -= size


def _keys(cache: AudioCache, article: StoredArticle, keys_of: KeysOf) -> set[str]:
    """The segments an article uses: a complete one's from its manifest, an unfinished one's from
    ``keys_of``; none for anything else (stray sidecars)."""
    if article.complete:
        try:
            manifest = cache.get_manifest(article.id)
            return set(manifest_segment_keys(manifest)) if manifest is not None else set()
        except (CacheError, KeyError, TypeError) as exc:  # unreadable: it holds on to nothing
            log.warning("cannot read the segments of article %s: %s", article.id, exc)
            return set()
    return set(keys_of(article.id)) if article.requested else set()


def evict(cache: AudioCache, max_bytes: int, keys_of: KeysOf, *,
          include_kept: bool = False) -> Evicted:
    """If the cache holds more than ``max_bytes``, delete as the module says until it holds at
    most ``TARGET`` of it (or nothing more may go)."""
    inventory = Inventory.take(cache.store)
    if inventory.total <= max_bytes:
        return Evicted(total=inventory.total)
    sweep = _Sweep(cache, inventory, keys_of)
    sweep.drop_orphans()
    goal = int(max_bytes * TARGET)
    candidates = sorted((a for a in inventory.articles.values()
                         if (a.complete or a.failed) and (include_kept or not a.kept)),
                        key=lambda a: (not a.failed, a.last_used))
    for article in candidates:
        if sweep.result.total <= goal:
            break
        if include_kept or not cache.is_kept(article.id):  # kept since the listing: it stays
            sweep.drop_article(article)
    result = sweep.result
    log.info("evicted %d articles and %d segments (%d bytes); the cache holds %d bytes",
             len(result.articles), result.segments, result.freed, result.total)
    if result.total > max_bytes:
        log.warning("the cache holds %d bytes, over its limit of %d, in kept and unfinished articles",
                    result.total, max_bytes)
    return result


def forget(cache: AudioCache, article_id: str, keys_of: KeysOf) -> Evicted:
    """Delete one article, kept or not, with the segments no other article uses."""
    inventory = Inventory.take(cache.store)
    article = inventory.articles.get(article_id)
    if article is None:
        raise NotFound(f"no article {article_id} in the cache {cache.store}",
                       "check the id (tts-service speak prints it; GET /api/articles lists them)")
    sweep = _Sweep(cache, inventory, keys_of)
    sweep.drop_article(article)
    log.info("forgot article %s and %d segments (%d bytes)", article_id, sweep.result.segments,
             sweep.result.freed)
    return sweep.result


class Evictor:
    """Eviction for one process: sweeps when due (after an article is made, at start: at most
    once per ``interval`` seconds, skipped while another process sweeps), and on demand."""

    def __init__(self, cache: AudioCache, max_bytes: int, keys_of: KeysOf,
                 interval: float = SWEEP_INTERVAL,
                 chores: Iterable[Callable[[], object]] = ()) -> None:
        """``chores``: more cleaning done at each sweep that is due, limit or not (the keyless
        budgets that filled up again)."""
        self.cache = cache
        self.chores = list(chores)
        self.max_bytes = max_bytes
        self.keys_of = keys_of
        self.interval = interval
        self._last: float | None = None
        self._lock = threading.Lock()

    def sweep_if_due(self) -> Evicted | None:
        """Sweep if there is a limit and it is time; None when no sweep ran. Never raises: a
        failed sweep is logged, and whatever called it goes on."""
        if not self.max_bytes and not self.chores:
            return None
        with self._lock:
            now = time.monotonic()
            if self._last is not None and now - self._last < self.interval:
                return None
            self._last = now
        for chore in self.chores:
            try:
                chore()
            except (TTSError, OSError) as exc:
                log.warning("cache chore %s failed: %s", getattr(chore, "__name__", chore), exc)
        if not self.max_bytes:
            return None
        try:
            with self.cache.locks.try_hold(SWEEP_LOCK) as held:
                return evict(self.cache, self.max_bytes, self.keys_of) if held else None
        except TTSError as exc:
            log.warning("eviction failed: %s", exc.one_line())
            return None

    def sweep(self, max_bytes: int | None = None, *, include_kept: bool = False) -> Evicted:
        """Sweep now, down to ``max_bytes`` (default: the process's limit), waiting for another
        process's sweep to end first."""
        with self.cache.locks.hold(SWEEP_LOCK):
            return evict(self.cache, self.max_bytes if max_bytes is None else max_bytes,
                         self.keys_of, include_kept=include_kept)

    def forget(self, article_id: str) -> Evicted:
        """Delete one article now, kept or not (see ``forget``)."""
        with self.cache.locks.hold(SWEEP_LOCK):
            return forget(self.cache, article_id, self.keys_of)
