"""Content-addressed audio store: segment MP3s, article MP3s and their manifests.

Layout, the same in a local folder (``TTS_CACHE_DIR``) and in a bucket (``TTS_CACHE_URL``)::

    segments/ab/abcdef....mp3     one segment's MP3 frames, keyed by what made them
    articles/<id>.mp3             the stitched article
    articles/<id>.json            its manifest, written last: an article is complete when it exists
    articles/<id>.request.json    sidecars: what was asked for, and why it failed (``.error.json``)
    locks/                        lock files, so that one process makes each item once

The bytes go through a ``storage.Store``, whose writes are all-or-nothing: a reader never sees a
partial object and a killed writer leaves at most a stray ``.tmp`` file, never a bad entry.

Locks are always local files (``flock``): beside the cache when it is a folder, in ``TTS_LOCK_DIR``
when it is a bucket. They only spare work on one machine (or one shared file system); machines
sharing a bucket may make the same item at once, which is harmless, because a key names its
content: both write the same bytes, and the last complete write wins.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .config import Settings
from .errors import CacheError
from .storage import (
    ByteStream,
    LocalStore,
    ObjectInfo,
    Store,
    atomic_write,
    default_lock_dir,
    store_from_settings,
)

__all__ = ["AudioCache", "ByteStream", "ObjectInfo", "atomic_write", "content_key", "is_key"]

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def content_key(payload: Any) -> str:
    """A stable 128-bit hex key for a JSON-able value: same value, same key, on any machine."""
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def is_key(value: str) -> bool:
    """True for strings of the key alphabet and length; anything else never touches the disk."""
    return bool(KEY_PATTERN.match(value))


class AudioCache:
    """The audio store. Safe to share between threads, and between processes and machines that
    see the same folder or bucket."""

    def __init__(self, store: Path | Store, *, lock_dir: Path | None = None) -> None:
        """``store``: a folder (locks go inside it) or a Store (locks go in ``lock_dir``).

        ``root`` is the local folder holding ``locks/``: the cache folder itself, or for a remote
        store the lock folder.
        """
        self.store: Store = store if not isinstance(store, str | os.PathLike) else LocalStore(
            Path(store))
        folders: tuple[str, ...]
        if isinstance(self.store, LocalStore):
            self.root = self.store.root
            folders, what, setting = ("segments", "articles", "locks"), "audio cache", "TTS_CACHE_DIR"
        else:
            self.root = Path(lock_dir or default_lock_dir())
            folders, what, setting = ("locks",), "lock folder", "TTS_LOCK_DIR"
        try:
            for sub in folders:
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create the {what} at {self.root}: {exc}",
                             f"set {setting} to a writable folder") from exc

    @classmethod
    def from_settings(cls, settings: Settings) -> AudioCache:
        """The cache the settings name: ``TTS_CACHE_URL`` if set, else ``TTS_CACHE_DIR``."""
        return cls(store_from_settings(settings), lock_dir=settings.lock_dir)

    def __repr__(self) -> str:
        return f"AudioCache({self.store})"

    # -- names and local paths -----------------------------------------------------------------
    @staticmethod
    def _segment_name(key: str) -> str:
        AudioCache._check(key)
        return f"segments/{key[:2]}/{key}.mp3"

    @staticmethod
    def _article_name(article_id: str, suffix: str = ".mp3") -> str:
        AudioCache._check(article_id)
        return f"articles/{article_id}{suffix}"

    def segment_path(self, key: str) -> Path:
        """The segment's file in a local cache (see ``_local``)."""
        return self._local(self._segment_name(key))

    def article_path(self, article_id: str, suffix: str = ".mp3") -> Path:
        """The article's file in a local cache (see ``_local``)."""
        return self._local(self._article_name(article_id, suffix))

    def local_article_path(self, article_id: str) -> Path | None:
        """The article's MP3 file when the cache is a local folder, else None."""
        return self.store.local_path(self._article_name(article_id))

    def _local(self, name: str) -> Path:
        path = self.store.local_path(name)
        if path is None:
            raise CacheError(f"the cache is {self.store}, not a local folder",
                             "read it through AudioCache methods such as open_article")
        return path

    @staticmethod
    def _check(key: str) -> None:
        if not is_key(key):
            raise CacheError(f"malformed cache key {key!r}", "keys are 32 lowercase hex digits")

    # -- segments ------------------------------------------------------------------------------
    def get_segment(self, key: str) -> bytes | None:
        return self.store.get(self._segment_name(key))

    def put_segment(self, key: str, mp3: bytes) -> None:
        self.store.put(self._segment_name(key), mp3)

    # -- articles ------------------------------------------------------------------------------
    def get_manifest(self, article_id: str) -> dict[str, Any] | None:
        """The manifest of a complete article, or None."""
        return self._get_json(self._article_name(article_id, ".json"))

    def has_article(self, article_id: str) -> bool:
        return self.store.stat(self._article_name(article_id, ".json")) is not None

    def put_article(self, article_id: str, mp3: Iterable[bytes], manifest: dict[str, Any]) -> None:
        """Store an article: the MP3 first, the manifest last (its presence marks completion)."""
        self.store.put(self._article_name(article_id), mp3)
        self._put_json(self._article_name(article_id, ".json"), manifest, indent=1)

    def article_info(self, article_id: str) -> ObjectInfo | None:
        """Size and time of the article's MP3, or None when there is none."""
        return self.store.stat(self._article_name(article_id))

    def open_article(self, article_id: str, start: int = 0,
                     stop: int | None = None) -> ByteStream | None:
        """The article's MP3 bytes ``start`` up to ``stop`` as a stream to close, or None."""
        return self.store.open(self._article_name(article_id), start, stop)

    def article_ids(self) -> list[str]:
        """Ids of the complete articles, sorted."""
        stems = (name[:-len(".json")] for name in self.store.names("articles")
                 if name.endswith(".json"))
        return sorted(stem for stem in stems if is_key(stem))

    # -- sidecars: what was asked for an article, why it failed -----------------------------------
    SIDECARS = ("request", "error")

    def read_sidecar(self, article_id: str, kind: str) -> dict[str, Any] | None:
        return self._get_json(self._sidecar_name(article_id, kind))

    def write_sidecar(self, article_id: str, kind: str, value: dict[str, Any]) -> None:
        self._put_json(self._sidecar_name(article_id, kind), value)

    def delete_sidecar(self, article_id: str, kind: str) -> None:
        self.store.delete(self._sidecar_name(article_id, kind))

    def _sidecar_name(self, article_id: str, kind: str) -> str:
        if kind not in self.SIDECARS:
            raise ValueError(f"unknown sidecar {kind!r}; one of {self.SIDECARS}")
        return self._article_name(article_id, f".{kind}.json")

    def _get_json(self, name: str) -> dict[str, Any] | None:
        blob = self.store.get(name)
        if blob is None:
            return None
        try:
            value: dict[str, Any] = json.loads(blob.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CacheError(f"corrupt {name} in {self.store}",
                             "delete it; it is made again when needed") from exc
        return value

    def _put_json(self, name: str, value: dict[str, Any], indent: int | None = None) -> None:
        self.store.put(name, json.dumps(value, ensure_ascii=False, indent=indent).encode("utf-8"))

    # -- coordination --------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold an exclusive lock named ``key`` across threads and processes (flock)."""
        self._check(key)
        path = self.root / "locks" / f"{key}.lock"
        with open(path, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the store's connections (a no-op for a folder)."""
        self.store.close()
