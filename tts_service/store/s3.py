"""The store in an S3 bucket (AWS, or an S3-compatible server such as MinIO or Ceph), through boto3."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC
from typing import Any

from ..errors import CacheError
from .objects import CHUNK_SIZE, CONTENT_TYPES, ByteStream, ObjectInfo

SPOOL_BYTES = 16 * 1024 * 1024  # an upload larger than this is staged on disk, not in memory

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
