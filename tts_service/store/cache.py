"""The audio cache: segment MP3s, article MP3s and their manifests, over a ``store.objects.Store``.

Names come from ``cache_names`` (the layout is documented there) and locks from ``locks``. The
store's writes are all-or-nothing: a reader never sees a partial object and a killed writer leaves
at most a stray ``.tmp`` file, never a bad entry. An article is complete when its manifest exists:
it is written after the MP3.

Locks are local files: beside the cache when it is a folder, in ``TTS_LOCK_DIR`` when it is a
bucket. With ``TTS_REDIS_URL`` they are the cluster's (``cluster_locks``) and every stored
segment is announced to the other nodes (``notices``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import CacheError
from . import default_lock_dir, store_from_settings
from .cluster_locks import ClusterLocks
from .local import LocalStore
from .locks import LockFolder
from .names import SIDECARS, article_name, is_key, segment_name, segment_words_name, sidecar_name
from .notices import SegmentNotices
from .objects import ByteStream, ObjectInfo, Store, read_json, write_json
from .redis_link import RedisLink, link_from_url

log = logging.getLogger(__name__)

USED_INTERVAL = 600.0  # seconds: an article's use is written at most this often per process


class AudioCache:
    """The audio store. Safe to share between threads, and between processes and machines that
    see the same folder or bucket."""

    def __init__(self, store: Path | Store, *, lock_dir: Path | None = None,
                 redis: RedisLink | None = None) -> None:
        """``store``: a folder (locks go inside it) or a Store (locks go in ``lock_dir``);
        ``redis``: the cluster's Redis, for locks every node respects."""
        self.store: Store = LocalStore(Path(store)) if isinstance(store, str | os.PathLike) else store
        if isinstance(self.store, LocalStore):
            for folder in ("segments", "articles"):
                try:
                    (self.store.root / folder).mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise CacheError(f"cannot create the audio cache at {self.store.root}: {exc}",
                                     "set TTS_CACHE_DIR to a writable folder") from exc
            self.locks: LockFolder | ClusterLocks = LockFolder(self.store.root / "locks")
        else:
            self.locks = LockFolder(Path(lock_dir or default_lock_dir()) / "locks", "TTS_LOCK_DIR")
        self.redis = redis
        self.notices = SegmentNotices(redis) if redis else None
        if redis:
            self.locks = ClusterLocks(redis, self.locks)
        self.used_interval = USED_INTERVAL
        self._used_written: dict[str, float] = {}  # article id -> when (monotonic) we last wrote it
        self._used_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> AudioCache:
        """The cache the settings name: ``TTS_CACHE_URL`` if set, else ``TTS_CACHE_DIR``."""
        return cls(store_from_settings(settings), lock_dir=settings.lock_dir,
                   redis=link_from_url(settings.redis_url))

    def __repr__(self) -> str:
        return f"AudioCache({self.store})"

    # -- local files (a folder cache only) -------------------------------------------------------
    def segment_path(self, key: str) -> Path:
        return self._local(segment_name(key))

    def article_path(self, article_id: str, suffix: str = ".mp3") -> Path:
        return self._local(article_name(article_id, suffix))

    def local_article_path(self, article_id: str) -> Path | None:
        """The article's MP3 file when the cache is a local folder, else None."""
        return self.store.local_path(article_name(article_id))

    def _local(self, name: str) -> Path:
        path = self.store.local_path(name)
        if path is None:
            raise CacheError(f"the cache is {self.store}, not a local folder",
                             "read it through AudioCache methods such as open_article")
        return path

    # -- segments ----------------------------------------------------------------------------------
    def get_segment(self, key: str) -> bytes | None:
        return self.store.get(segment_name(key))

    def put_segment(self, key: str, mp3: bytes, words: dict[str, Any] | None = None) -> None:
        """Store a segment: its word times first (``words``), then its MP3, so a segment that is
        there always has them."""
        if words is not None:
            write_json(self.store, segment_words_name(key), words)
        self.store.put(segment_name(key), mp3)
        if self.notices:
            self.notices.announce(key)

    def get_segment_words(self, key: str) -> dict[str, Any] | None:
        """The word times stored with a segment, or None."""
        return read_json(self.store, segment_words_name(key))

    # -- articles ----------------------------------------------------------------------------------
    def get_manifest(self, article_id: str) -> dict[str, Any] | None:
        """The manifest of a complete article, or None."""
        return read_json(self.store, article_name(article_id, ".json"))

    def has_article(self, article_id: str) -> bool:
        return self.store.stat(article_name(article_id, ".json")) is not None

    def put_article(self, article_id: str, mp3: Iterable[bytes], manifest: dict[str, Any]) -> None:
        """Store an article: the MP3 first, the manifest last (its presence marks completion)."""
        self.store.put(article_name(article_id), mp3)
        write_json(self.store, article_name(article_id, ".json"), manifest, indent=1)

    def article_info(self, article_id: str) -> ObjectInfo | None:
        """Size and time of the article's MP3, or None when there is none."""
        return self.store.stat(article_name(article_id))

    def open_article(self, article_id: str, start: int = 0,
                     stop: int | None = None) -> ByteStream | None:
        """The article's MP3 bytes ``start`` up to ``stop`` as a stream to close, or None."""
        return self.store.open(article_name(article_id), start, stop)

    def remove_article(self, article_id: str) -> None:
        """Delete an article: its manifest first (from then on it is not complete for any reader),
        then its MP3 and sidecars. Its segments stay (other articles may use them)."""
        self.store.delete(article_name(article_id, ".json"))
        self.store.delete(article_name(article_id))
        for kind in SIDECARS:
            self.store.delete(sidecar_name(article_id, kind))

    # -- what eviction needs to know ---------------------------------------------------------------
    def keep(self, article_id: str) -> None:
        """Mark the article kept: eviction leaves it (only ``cache forget`` removes it)."""
        name = sidecar_name(article_id, "keep")
        if self.store.stat(name) is None:
            write_json(self.store, name, {"since": _now()})

    def is_kept(self, article_id: str) -> bool:
        return self.store.stat(sidecar_name(article_id, "keep")) is not None

    def mark_used(self, article_id: str) -> bool:
        """Record that the article was used now, for eviction's "least recently used". Cheap: at
        most one write per article per ``used_interval`` seconds in this process. True if written."""
        now = time.monotonic()
        with self._used_lock:
            last = self._used_written.get(article_id)
            if last is not None and now - last < self.used_interval:
                return False
            self._used_written[article_id] = now
            if len(self._used_written) > 10_000:  # forget what the interval no longer needs
                self._used_written = {key: at for key, at in self._used_written.items()
                                      if now - at < self.used_interval}
        try:
            write_json(self.store, sidecar_name(article_id, "used"), {"at": _now()})
        except CacheError as exc:  # a listener must not lose the audio over it
            log.warning("cannot record the use of article %s: %s", article_id, exc.one_line())
            return False
        return True

    def article_ids(self) -> list[str]:
        """Ids of the complete articles, sorted."""
        stems = (name[:-len(".json")] for name in self.store.names("articles")
                 if name.endswith(".json"))
        return sorted(stem for stem in stems if is_key(stem))

    def close(self) -> None:
        """Release the store's connections (a no-op for a folder) and Redis'."""
        self.store.close()
        if self.redis:
            if self.notices:
                self.notices.close()
            self.redis.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
