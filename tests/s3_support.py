"""A real S3 server for the tests: moto's standalone server, a subprocess spoken to over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import PUBLISHER_ENV, free_port, stop_process
from waiting import HTTP_TIMEOUT, wait_until

from tts_service.config import Settings

# Dummy credentials for the whole run, and nothing of the developer's AWS set-up.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
AWS_UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")


@dataclass(frozen=True)
class S3Server:
    endpoint: str  # http://127.0.0.1:port
    bucket: str

    def client(self) -> Any:
        """A boto3 client of our own: an independent view of the bucket. Close it after use."""
        import boto3

        return boto3.session.Session().client("s3", endpoint_url=self.endpoint)

    def keys(self, prefix: str) -> list[str]:
        """Every key under ``prefix``, relative to it, sorted."""
        client = self.client()
        try:
            pages = client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                      Prefix=prefix + "/")
            return sorted(item["Key"][len(prefix) + 1:]
                          for page in pages for item in page.get("Contents", ()))
        finally:
            client.close()

    def settings(self, lock_dir: Path, **overrides: Any) -> Settings:
        """Settings with a cache of their own: a fresh prefix in the bucket."""
        return Settings.from_env(PUBLISHER_ENV, cache_url=f"s3://{self.bucket}/{uuid.uuid4().hex}",
                                 s3_endpoint_url=self.endpoint, lock_dir=lock_dir, **overrides)


def prefix_of(settings: Settings) -> str:
    return settings.cache_url.split("/", 3)[3]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as response:
            response.read()
        return True
    except urllib.error.HTTPError as exc:  # any HTTP answer means the server is up
        exc.close()
        return True
    except OSError:
        return False


@contextmanager
def moto_server(workdir: Path) -> Iterator[S3Server]:
    """moto's S3 server on a free loopback port, with one bucket; dummy AWS credentials set in
    the environment while it runs. Fails the test run loudly if the server does not start."""
    log_path = workdir / "moto.log"
    port = free_port()
    with open(log_path, "wb") as log, pytest.MonkeyPatch.context() as env:
        for name, value in AWS_ENV.items():
            env.setenv(name, value)
        for name in AWS_UNSET:
            env.delenv(name, raising=False)
        proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            endpoint = f"http://127.0.0.1:{port}"
            wait_until(lambda: _answers(endpoint), "moto_server to start", poll=0.1, process=proc,
                       details=lambda: log_path.read_text(errors="replace")[-2000:])
            server = S3Server(endpoint, "tts-test")
            client = server.client()
            client.create_bucket(Bucket=server.bucket)
            client.close()
            yield server
        finally:
            stop_process(proc)


def write_endless_article(settings: Settings, article_id: str, started: Any) -> None:
    """Runs in a child process: store an article whose MP3 never ends (until the child is
    killed). ``started`` is set once a megabyte has been handed to the cache."""
    from tts_service.store.cache import AudioCache

    cache = AudioCache.from_settings(settings)

    def endless() -> Iterator[bytes]:
        sent = 0
        while True:
            yield b"\xff" * 65536
            sent += 65536
            if sent >= 1 << 20:
                started.set()
            time.sleep(0.001)

    cache.put_article(article_id, endless(), {"id": article_id})
