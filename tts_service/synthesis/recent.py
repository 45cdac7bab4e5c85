"""The articles this process used lately, found by what was asked or by id, so that polling,
streaming and every reader of a breaking story do not segment the same article again.

One memory, bounded: an article forgotten here is rebuilt from its stored request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from .plan import Article
from .request import ArticleRequest

REMEMBERED = 256  # articles per process


@dataclass
class _Entry:
    prepared: Article | None = None  # as its request makes it (what ``prepared`` answers)
    current: Article | None = None  # as it is made now: the offline voice's after a fallback
    request: ArticleRequest | None = None  # set once the article is registered
    asked: set[str] = field(default_factory=set)  # keys of the requests that make it


class RecentArticles:
    """The last ``size`` articles used in this process, by id, with the requests that make them."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._asked: dict[str, str] = {}  # request key -> article id
        self._lock = threading.Lock()

    def prepared(self, asked: str) -> Article | None:
        """The article the request with key ``asked`` made, if it is remembered."""
        with self._lock:
            article_id = self._asked.get(asked)
            entry = self._touch(article_id) if article_id else None
            return entry.prepared if entry else None

    def add_prepared(self, asked: str, article: Article) -> None:
        with self._lock:
            entry = self._touch(article.id) or self._add(article.id)
            entry.prepared = article
            entry.asked.add(asked)
            self._asked[asked] = article.id
            self._trim()

    def remember(self, article: Article, request: ArticleRequest) -> None:
        """``article`` as it is made now, registered with ``request``: what ``get`` answers."""
        with self._lock:
            entry = self._touch(article.id) or self._add(article.id)
            entry.current, entry.request = article, request
            self._trim()

    def get(self, article_id: str) -> tuple[Article, ArticleRequest] | None:
        with self._lock:
            entry = self._touch(article_id)
            if entry is None or entry.current is None or entry.request is None:
                return None
            return entry.current, entry.request

    def __contains__(self, article_id: str) -> bool:
        with self._lock:
            entry = self._entries.get(article_id)
            return entry is not None and entry.request is not None

    def forget(self, article_id: str) -> None:
        """Drop the article and the requests that made it (after its audio was deleted)."""
        with self._lock:
            entry = self._entries.pop(article_id, None)
            for asked in entry.asked if entry else ():
                self._asked.pop(asked, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._asked.clear()

    def _touch(self, article_id: str) -> _Entry | None:
        entry = self._entries.get(article_id)
        if entry is not None:
            self._entries.move_to_end(article_id)
        return entry

    def _add(self, article_id: str) -> _Entry:
        entry = self._entries[article_id] = _Entry()
        return entry

    def _trim(self) -> None:
        while len(self._entries) > self.size:
            article_id, entry = self._entries.popitem(last=False)
            for asked in entry.asked:
                if self._asked.get(asked) == article_id:
                    del self._asked[asked]
