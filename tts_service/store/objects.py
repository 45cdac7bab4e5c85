"""What every store is: names to bytes, behind one protocol, written all or nothing.

Names are relative, slash-separated paths such as ``segments/ab/<key>.mp3``. Both stores (``local``,
``s3``) lay them out the same way, so a cache folder can be copied into a bucket (or back) as is.

Writes are all-or-nothing in both: the local store writes a temporary file and renames it into
place; S3 stores an object only when its PUT completes. A missing object is ``None``, never an
error; every other failure is a ``CacheError``. Locks are not the stores' business: see ``locks``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from ..errors import CacheError

CHUNK_SIZE = 64 * 1024
CONTENT_TYPES = {".mp3": "audio/mpeg", ".json": "application/json"}


@dataclass(frozen=True)
class ObjectInfo:
    """What a reader needs before the bytes: the size, and when the object was written."""

    size: int
    modified: datetime  # timezone-aware UTC


class ByteStream:
    """An object's bytes as chunks, read while iterated; ``close()`` frees the file or connection."""

    def __init__(self, chunks: Iterator[bytes], close: Callable[[], None]) -> None:
        self._chunks = chunks
        self._close: Callable[[], None] | None = close

    def __iter__(self) -> ByteStream:
        return self

    def __next__(self) -> bytes:
        return next(self._chunks)

    def read(self) -> bytes:
        """All remaining bytes (for small objects and tests)."""
        return b"".join(self)

    def close(self) -> None:
        if self._close is not None:
            close, self._close = self._close, None
            close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


class Store(Protocol):
    """Named byte objects. Implementations are safe to share between threads."""

    def get(self, name: str) -> bytes | None: ...

    def put(self, name: str, data: bytes | Iterable[bytes]) -> None:
        """Store ``data`` under ``name`` all at once: a failing iterable leaves nothing behind."""

    def stat(self, name: str) -> ObjectInfo | None: ...

    def open(self, name: str, start: int = 0, stop: int | None = None) -> ByteStream | None:
        """Bytes ``start`` up to ``stop`` (exclusive; None: the end). ``start`` must be in range."""

    def delete(self, name: str) -> None:
        """Remove ``name``; nothing happens if it does not exist."""

    def names(self, folder: str) -> Iterator[str]:
        """Names of the objects directly in ``folder`` (without the folder part), in no order."""

    def scan(self, folder: str) -> Iterator[tuple[str, ObjectInfo]]:
        """Every object under ``folder``, at any depth: its full name, size and time, in no order."""

    def local_path(self, name: str) -> Path | None:
        """The file holding ``name`` when the store is a local folder, else None."""

    def close(self) -> None: ...


WRITER = f"{socket.gethostname()}-{os.getpid()}"  # in temp names: whose write it is


def writer_is_gone(temp: Path) -> bool:
    """True when ``temp`` was written by a process of this machine that no longer runs."""
    host, _, pid = temp.name.rsplit(".", 3)[-3].rpartition("-") if temp.name.count(".") >= 3 \
        else ("", "", "")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, someone else's
        return False
    return False


def atomic_write(path: Path, chunks: bytes | Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` through a temp file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{WRITER}.",
                                    suffix=".tmp")
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


def read_json(store: Store, name: str) -> dict[str, Any] | None:
    """The JSON object stored under ``name``, or None; CacheError when it is not JSON."""
    blob = store.get(name)
    if blob is None:
        return None
    try:
        value: dict[str, Any] = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CacheError(f"corrupt {name} in {store}",
                         "delete it; it is made again when needed") from exc
    return value


def write_json(store: Store, name: str, value: dict[str, Any], indent: int | None = None) -> None:
    store.put(name, json.dumps(value, ensure_ascii=False, indent=indent).encode("utf-8"))
