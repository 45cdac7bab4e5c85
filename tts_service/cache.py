"""Content-addressed audio store on disk: segment MP3s, article MP3s and their manifests.

Layout under the cache root::

    segments/ab/abcdef....mp3     one segment's MP3 frames, keyed by what made them
    articles/<id>.mp3             the stitched article
    articles/<id>.json            its manifest, written last: an article is complete when it exists
    locks/                        lock files, so that one process makes each item once

Every write goes to a temporary file in the target folder and is renamed into place, so a reader
never sees a partial file and a killed writer leaves at most a stray ``.tmp`` file, never a bad
entry.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import CacheError

log = logging.getLogger(__name__)

KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def content_key(payload: Any) -> str:
    """A stable 128-bit hex key for a JSON-able value: same value, same key, on any machine."""
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def is_key(value: str) -> bool:
    """True for strings of the key alphabet and length; anything else never touches the disk."""
    return bool(KEY_PATTERN.match(value))


def atomic_write(path: Path, chunks: bytes | Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` through a temp file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


class AudioCache:
    """The on-disk store. Safe to share between threads and processes on one file system."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            for sub in ("segments", "articles", "locks"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot create the audio cache at {self.root}: {exc}",
                             "set TTS_CACHE_DIR to a writable folder") from exc

    # -- paths ---------------------------------------------------------------------------------
    def segment_path(self, key: str) -> Path:
        self._check(key)
        return self.root / "segments" / key[:2] / f"{key}.mp3"

    def article_path(self, article_id: str, suffix: str = ".mp3") -> Path:
        self._check(article_id)
        return self.root / "articles" / f"{article_id}{suffix}"

    @staticmethod
    def _check(key: str) -> None:
        if not is_key(key):
            raise CacheError(f"malformed cache key {key!r}", "keys are 32 lowercase hex digits")

    # -- segments ------------------------------------------------------------------------------
    def get_segment(self, key: str) -> bytes | None:
        try:
            return self.segment_path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put_segment(self, key: str, mp3: bytes) -> None:
        self._write(self.segment_path(key), mp3)

    # -- articles ------------------------------------------------------------------------------
    def get_manifest(self, article_id: str) -> dict[str, Any] | None:
        """The manifest of a complete article, or None."""
        try:
            text = self.article_path(article_id, ".json").read_text("utf-8")
        except FileNotFoundError:
            return None
        try:
            manifest: dict[str, Any] = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CacheError(f"corrupt manifest for article {article_id}") from exc
        return manifest

    def has_article(self, article_id: str) -> bool:
        return self.article_path(article_id, ".json").is_file()

    def put_article(self, article_id: str, mp3: Iterable[bytes], manifest: dict[str, Any]) -> None:
        """Store an article: the MP3 first, the manifest last (its presence marks completion)."""
        self._write(self.article_path(article_id), mp3)
        body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        self._write(self.article_path(article_id, ".json"), body)

    def article_ids(self) -> list[str]:
        """Ids of the complete articles, sorted."""
        return sorted(p.stem for p in (self.root / "articles").glob("*.json") if is_key(p.stem))

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

    def _write(self, path: Path, data: bytes | Iterable[bytes]) -> None:
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise CacheError(f"cannot write {path}: {exc}", "check space and permissions") from exc
