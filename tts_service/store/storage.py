"""Where the cache's bytes live: a local folder or an S3-compatible bucket, behind one protocol.

Names are relative, slash-separated paths such as ``segments/ab/<key>.mp3``. Both stores lay them
out the same way, so a cache folder can be copied into a bucket (or back) as is.

Writes are all-or-nothing in both: the local store writes a temporary file and renames it into
place; S3 stores an object only when its PUT completes. A missing object is ``None``, never an
error; every other failure is a ``CacheError``. Locks are not the stores' business: see
``AudioCache.lock``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import CacheError, ConfigError, StorageFull

CHUNK_SIZE = 64 * 1024
SPOOL_BYTES = 16 * 1024 * 1024  # an upload larger than this is staged on disk, not in memory
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


def _writer_is_gone(temp: Path) -> bool:
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
                if _writer_is_gone(path) or path.stat().st_mtime < cutoff:
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


# -- S3 and S3-compatible object storage ------------------------------------------------------------
MISSING_CODES = {"NoSuchKey", "404", "NotFound"}
HINTS = {
    "NoSuchBucket": "create the bucket, or fix the bucket name in TTS_CACHE_URL",
    "AccessDenied": "check the AWS credentials and that they may read and write the bucket",
    "InvalidAccessKeyId": "check AWS_ACCESS_KEY_ID (and AWS_SECRET_ACCESS_KEY)",
    "SignatureDoesNotMatch": "check AWS_SECRET_ACCESS_KEY",
    "NoCredentialsError": "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an AWS profile)",
    "EndpointConnectionError": "is the storage server reachable? check TTS_S3_ENDPOINT_URL",
}


class S3Store:
    """Objects in ``bucket`` under ``prefix``, through boto3. Credentials and region come from the
    standard AWS_* variables and files, which boto3 reads itself."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str = "") -> None:
        import boto3  # imported here: a local cache should not pay for it
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError

        self._failures = (BotoCoreError, ClientError)  # what S3 and the network raise
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        config = Config(
            max_pool_connections=32,  # the web service streams to many listeners at once
            retries={"mode": "standard", "max_attempts": 3},
            # S3-compatible servers (MinIO, Ceph, moto...) are addressed by path, not host name
            s3={"addressing_style": "path"} if endpoint_url else None,
        )
        self._client: Any = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, config=config)

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, name: str) -> str:
        return self.prefix + name

    def local_path(self, name: str) -> None:
        return None

    def get(self, name: str) -> bytes | None:
        stream = self.open(name)
        if stream is None:
            return None
        with stream:
            return stream.read()

    def put(self, name: str, data: bytes | Iterable[bytes]) -> None:
        content_type = CONTENT_TYPES.get(os.path.splitext(name)[1], "application/octet-stream")
        if isinstance(data, bytes):
            self._call("write", name, self._client.put_object, Bucket=self.bucket,
                       Key=self._key(name), Body=data, ContentType=content_type)
            return
        # The whole body first (memory, then disk): the iterable may still fail, and a PUT
        # needs its length up front. Nothing reaches the bucket before the last chunk.
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            for chunk in data:
                spool.write(chunk)
            spool.seek(0)
            self._call("write", name, self._client.put_object, Bucket=self.bucket,
                       Key=self._key(name), Body=spool, ContentType=content_type)

    def stat(self, name: str) -> ObjectInfo | None:
        head = self._call("inspect", name, self._client.head_object, Bucket=self.bucket,
                          Key=self._key(name))
        if head is None:
            return None
        return ObjectInfo(head["ContentLength"], head["LastModified"].astimezone(UTC))

    def open(self, name: str, start: int = 0, stop: int | None = None) -> ByteStream | None:
        ranged = {} if start == 0 and stop is None else {
            "Range": f"bytes={start}-{'' if stop is None else stop - 1}"}
        reply = self._call("read", name, self._client.get_object, Bucket=self.bucket,
                           Key=self._key(name), **ranged)
        if reply is None:
            return None
        body = reply["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK_SIZE)
            except self._failures as exc:
                raise self._error("read", name, exc) from exc

        return ByteStream(chunks(), body.close)

    def delete(self, name: str) -> None:
        self._call("delete", name, self._client.delete_object, Bucket=self.bucket,
                   Key=self._key(name))

    def names(self, folder: str) -> Iterator[str]:
        start = self._key(folder.rstrip("/") + "/")
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start, Delimiter="/")
        try:
            keys = [item["Key"] for page in pages for item in page.get("Contents", ())]
        except self._failures as exc:
            raise self._error("list", folder, exc) from exc
        return (key[len(start):] for key in keys)

    def scan(self, folder: str) -> Iterator[tuple[str, ObjectInfo]]:
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._key(folder.rstrip("/") + "/"))
        try:
            items = [item for page in pages for item in page.get("Contents", ())]
        except self._failures as exc:
            raise self._error("list", folder, exc) from exc
        return ((item["Key"][len(self.prefix):],
                 ObjectInfo(item["Size"], item["LastModified"].astimezone(UTC))) for item in items)

    def close(self) -> None:
        self._client.close()

    def _call(self, action: str, name: str, method: Callable[..., Any], **kwargs: Any) -> Any:
        """One S3 request: its reply, None when the object does not exist, or a CacheError."""
        try:
            return method(**kwargs)
        except self._failures as exc:
            if _error_code(exc) in MISSING_CODES:
                return None
            raise self._error(action, name, exc) from exc

    def _error(self, action: str, name: str, exc: Exception) -> CacheError:
        return CacheError(f"cannot {action} {self}{name}: {exc}",
                          HINTS.get(_error_code(exc),
                                    "check TTS_CACHE_URL, the credentials and the server"))


def _error_code(exc: Exception) -> str:
    """S3's error code (``NoSuchKey``...) or, for a client-side failure, the exception's name."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return type(exc).__name__


def store_from_settings(settings: Settings) -> Store:
    """The store ``TTS_CACHE_URL`` names (``s3://bucket/prefix``), else the ``TTS_CACHE_DIR`` folder."""
    if not settings.cache_url:
        return LocalStore(settings.cache_dir)
    url = urlsplit(settings.cache_url)
    if url.scheme != "s3" or not url.netloc or url.query or url.fragment:
        raise ConfigError(f"unsupported TTS_CACHE_URL {settings.cache_url!r}",
                          "use s3://bucket/prefix for object storage, or leave it empty to use "
                          "the TTS_CACHE_DIR folder")
    return S3Store(url.netloc, url.path, endpoint_url=settings.s3_endpoint_url)


def default_lock_dir() -> Path:
    """Where lock files go when the cache is not a local folder."""
    return Path(tempfile.gettempdir()) / "tts-service-locks"
