"""The store in a local folder: a temp file renamed into place, so a reader never sees half a write."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from ..errors import CacheError, StorageFull
from .objects import CHUNK_SIZE, ByteStream, ObjectInfo, atomic_write, writer_is_gone


# -- a local folder (possibly on a shared file system) ------------------------------------------
class LocalStore:
    """Objects as files under ``root``; writes are temp file + fsync + rename."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __str__(self) -> str:
        return str(self.root)

    def local_path(self, name: str) -> Path:
        return self.root / name

    def get(self, name: str) -> bytes | None:
        try:
            return self.local_path(name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CacheError(f"cannot read {self.local_path(name)}: {exc.strerror}",
                             "check the permissions of the cache folder") from exc

    def put(self, name: str, data: bytes | Iterable[bytes]) -> None:
        path = self.local_path(name)
        try:
            atomic_write(path, data)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise StorageFull("the audio cache is full", f"no space left on the device of {self.root}; "
                                  "free some or move TTS_CACHE_DIR") from exc
            raise CacheError(f"cannot write {path}: {exc}", "check space and permissions") from exc

    def remove_stale_temp_files(self, older_than: float = 60.0) -> int:
        """Delete temp files left by a process killed mid-write: its writer, a process of this
        machine, is gone, or nobody has touched the file for ``older_than`` seconds. Returns
        how many."""
        removed = 0
        cutoff = time.time() - older_than
        for path in self.root.rglob(".*.tmp"):
            with contextlib.suppress(OSError):
                if writer_is_gone(path) or path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed

    def stat(self, name: str) -> ObjectInfo | None:
        try:
            st = os.stat(self.local_path(name))
        except FileNotFoundError:
            return None
        return ObjectInfo(st.st_size, datetime.fromtimestamp(st.st_mtime, UTC))

    def open(self, name: str, start: int = 0, stop: int | None = None) -> ByteStream | None:
        try:
            handle = open(self.local_path(name), "rb")  # noqa: SIM115 - the stream closes it
        except FileNotFoundError:
            return None
        handle.seek(start)
        left = None if stop is None else stop - start

        def chunks() -> Iterator[bytes]:
            nonlocal left
            while left is None or left > 0:
                chunk = handle.read(CHUNK_SIZE if left is None else min(CHUNK_SIZE, left))
                if not chunk:
                    return
                if left is not None:
                    left -= len(chunk)
                yield chunk

        return ByteStream(chunks(), handle.close)

    def delete(self, name: str) -> None:
        try:
            self.local_path(name).unlink(missing_ok=True)
        except OSError as exc:
            raise CacheError(f"cannot delete {self.local_path(name)}: {exc.strerror}",
                             "check the permissions of the cache folder") from exc

    def names(self, folder: str) -> Iterator[str]:
        try:
            entries = list(os.scandir(self.root / folder))
        except FileNotFoundError:
            return iter(())
        return (e.name for e in entries if e.is_file() and not e.name.endswith(".tmp"))

    def scan(self, folder: str) -> Iterator[tuple[str, ObjectInfo]]:
        for parent, _, files in os.walk(self.root / folder):
            for file_name in files:
                if file_name.endswith(".tmp"):
                    continue
                path = Path(parent) / file_name
                try:
                    st = path.stat()
                except FileNotFoundError:  # deleted since the folder was read
                    continue
                yield (path.relative_to(self.root).as_posix(),
                       ObjectInfo(st.st_size, datetime.fromtimestamp(st.st_mtime, UTC)))

    def close(self) -> None:
        pass
