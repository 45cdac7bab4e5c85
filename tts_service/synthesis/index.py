"""Which articles the service knows: each one's stored request, and its failure or fallback if any.

The request is stored beside the cache entry (``articles/<id>.request.json``), so any thread,
worker process or machine sharing the cache can rebuild an article from its id alone.
"""

from __future__ import annotations

from typing import Any

from ..store.names import is_key, sidecar_name
from ..store.objects import Store, read_json, write_json
from .request import ArticleRequest


class ArticleIndex:
    """Stored requests, failures and fallbacks: what any process on the store can read."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- stored requests ---------------------------------------------------------------------------
    def load_request(self, article_id: str) -> ArticleRequest | None:
        stored = read_json(self.store, sidecar_name(article_id, "request"))
        return None if stored is None else ArticleRequest.from_dict(stored)

    def save_request(self, article_id: str, request: ArticleRequest, *,
                     metadata_wins: bool = False) -> bool:
        """Store the request unless one is stored already; True when this one is new. With
        ``metadata_wins`` (a publisher's request), its title, author and date replace the
        stored ones; otherwise a stored request never changes."""
        if not metadata_wins and self.store.stat(sidecar_name(article_id, "request")) is not None:
            return False  # stored already, and this request may not change it
        name = sidecar_name(article_id, "request")
        stored = self.load_request(article_id)
        if stored is None or (metadata_wins and stored.metadata != request.metadata):
            write_json(self.store, name, request.to_dict())
        return stored is None

    def metadata(self, article_id: str) -> dict[str, str]:
        """The stored title, author and date (empty strings when unknown)."""
        stored = self.load_request(article_id)
        return (stored or ArticleRequest("")).metadata

    def requested_ids(self) -> list[str]:
        """Ids of every article with a stored request (made or not), sorted."""
        suffix = ".request.json"
        stems = (name[:-len(suffix)] for name in self.store.names("articles") if name.endswith(suffix))
        return sorted(stem for stem in stems if is_key(stem))

    # -- failures --------------------------------------------------------------------------------
    def failure(self, article_id: str) -> dict[str, Any] | None:
        """Why the last attempt to make the article failed (``{"error", "detail"}``), or None."""
        return read_json(self.store, sidecar_name(article_id, "error"))

    def record_failure(self, article_id: str, error: dict[str, Any]) -> None:
        write_json(self.store, sidecar_name(article_id, "error"), error)

    def clear_failure(self, article_id: str) -> None:
        self.store.delete(sidecar_name(article_id, "error"))

    # -- fallbacks -------------------------------------------------------------------------------
    def fallback(self, article_id: str) -> dict[str, Any] | None:
        """Why the offline voice makes the article instead of its own (``{"from", "reason"}``),
        or None. Kept once recorded: the article is not made again with the voice that failed."""
        return read_json(self.store, sidecar_name(article_id, "fallback"))

    def record_fallback(self, article_id: str, fallback: dict[str, str]) -> None:
        write_json(self.store, sidecar_name(article_id, "fallback"), fallback)
