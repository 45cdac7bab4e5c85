"""The content-addressed store: stable keys, atomic writes, locks."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from waiting import wait_until

from tts_service.errors import CacheError
from tts_service.store.cache import AudioCache
from tts_service.store.names import content_key, is_key
from tts_service.store.objects import atomic_write


def test_same_payload_same_key_whatever_the_dict_order() -> None:
    assert content_key({"a": 1, "b": [1, 2]}) == content_key({"b": [1, 2], "a": 1})
    assert content_key({"a": 1}) != content_key({"a": 2})
    # a fixed value: keys must not depend on the machine or the Python version
    assert content_key({"text": "Hello."}) == "72931acb574fb4d23afd011196efee8f"
    assert is_key(content_key("x"))


@pytest.mark.parametrize("value,ok", [
    ("0123456789abcdef0123456789abcdef", True),
    ("0123456789ABCDEF0123456789ABCDEF", False),
    ("../../etc/passwd", False),
    ("0123456789abcdef0123456789abcde", False),
    ("", False),
])
def test_key_alphabet(value: str, ok: bool) -> None:
    assert is_key(value) is ok


def test_malformed_keys_never_reach_the_disk(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    with pytest.raises(CacheError):
        cache.article_path("../secret")
    with pytest.raises(CacheError):
        cache.get_segment("nothex")


def test_segment_round_trip(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    key = content_key("s")
    assert cache.get_segment(key) is None
    cache.put_segment(key, b"\xff\xf3abc")
    assert cache.get_segment(key) == b"\xff\xf3abc"


def test_article_is_complete_only_when_its_manifest_is_written(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    key = content_key("article")

    def chunks():  # the writer dies half-way through the MP3
        yield b"first"
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        cache.put_article(key, chunks(), {"id": key})
    assert not cache.has_article(key)
    assert not cache.article_path(key).exists()
    assert list(tmp_path.rglob("*.tmp")) == []
    cache.put_article(key, [b"one", b"two"], {"id": key})
    assert cache.get_manifest(key) == {"id": key}
    assert cache.article_path(key).read_bytes() == b"onetwo"
    assert cache.article_ids() == [key]


def _write_forever(path: str) -> None:
    def endless():
        while True:
            yield b"x" * 65536
            time.sleep(0.001)

    atomic_write(Path(path), endless())


def test_a_killed_writer_leaves_no_file_under_the_final_name(tmp_path: Path) -> None:
    target = tmp_path / "segments" / "ab" / "victim.mp3"
    proc = multiprocessing.get_context("spawn").Process(target=_write_forever, args=(str(target),))
    proc.start()
    try:
        wait_until(lambda: list(target.parent.glob("*.tmp")), "the writer's temporary file")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
    assert not target.exists()


def test_unwritable_cache_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(CacheError, match="TTS_CACHE_DIR|cannot create"):
        AudioCache(blocker / "cache")
