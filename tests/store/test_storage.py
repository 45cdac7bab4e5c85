"""The cache's contract, the same over a local folder and over S3; the web service over S3.

S3 is moto's standalone server, a real HTTP server in a subprocess (see ``s3_support``).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from s3_support import S3Server, free_port, moto_server, prefix_of, write_endless_article
from support import PUBLISHER_ENV, SHORT_ARTICLE, ffmpeg_decode, publisher_client
from waiting import DEADLINE, wait_ready

from tts_service.articles import ArticleRequest, ArticleService
from tts_service.config import Settings
from tts_service.errors import CacheError, ConfigError
from tts_service.store.cache import AudioCache
from tts_service.store.local import LocalStore
from tts_service.store.names import content_key
from tts_service.store.s3 import S3Store
from tts_service.synthesis.index import ArticleIndex
from tts_service.web import create_app, service_of

TEXT = SHORT_ARTICLE
KEY = content_key("article")


@pytest.fixture(scope="session")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A real S3 server for the whole run, started on first use."""
    with moto_server(tmp_path_factory.mktemp("moto")) as server:
        yield server


def read_all(cache: AudioCache, article_id: str, start: int = 0, stop: int | None = None) -> bytes:
    stream = cache.open_article(article_id, start, stop)
    assert stream is not None, "no such article in the cache"
    with stream:
        return stream.read()


# -- the contract, for every store ------------------------------------------------------------------
@pytest.fixture(params=["local", "s3"])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "local":
        return Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache")
    server: S3Server = request.getfixturevalue("s3")
    return server.settings(tmp_path / "locks")


@pytest.fixture
def cache(store_settings: Settings) -> Iterator[AudioCache]:
    cache = AudioCache.from_settings(store_settings)
    yield cache
    cache.close()


def test_the_settings_pick_the_store(store_settings: Settings, cache: AudioCache) -> None:
    if store_settings.cache_url:
        assert isinstance(cache.store, S3Store)
        assert str(cache.store) == store_settings.cache_url + "/"
        assert cache.locks.folder == store_settings.lock_dir / "locks"  # the only local folder
        assert cache.local_article_path(KEY) is None
        with pytest.raises(CacheError, match="not a local folder"):
            cache.article_path(KEY)
    else:
        assert isinstance(cache.store, LocalStore)
        assert cache.locks.folder == store_settings.cache_dir / "locks"
        assert cache.article_path(KEY) == store_settings.cache_dir / "articles" / f"{KEY}.mp3"
        assert cache.local_article_path(KEY) == cache.article_path(KEY)


@pytest.mark.parametrize("call", [
    lambda cache: cache.get_segment("nothex"),
    lambda cache: cache.put_segment("../secret", b""),
    lambda cache: cache.get_manifest("../../etc/passwd"),
    lambda cache: cache.open_article("0123456789ABCDEF0123456789ABCDEF"),
    lambda cache: ArticleIndex(cache.store).load_request(""),
    lambda cache: cache.article_info("0123456789abcdef0123456789abcde"),
])
def test_malformed_keys_never_reach_the_store(cache: AudioCache,
                                              call: Callable[[AudioCache], Any]) -> None:
    with pytest.raises(CacheError, match="malformed cache key"):
        call(cache)


def test_segment_round_trip(cache: AudioCache) -> None:
    key = content_key("s")
    assert cache.get_segment(key) is None
    cache.put_segment(key, b"\xff\xf3abc")
    assert cache.get_segment(key) == b"\xff\xf3abc"
    cache.put_segment(key, b"\xff\xf3abc")  # content-addressed: writing twice is harmless
    assert cache.get_segment(key) == b"\xff\xf3abc"


def test_article_is_complete_only_when_its_manifest_is_written(cache: AudioCache) -> None:
    def chunks() -> Iterator[bytes]:  # the maker fails half-way through the MP3
        yield b"first"
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        cache.put_article(KEY, chunks(), {"id": KEY})
    assert not cache.has_article(KEY)
    assert cache.get_manifest(KEY) is None
    assert cache.article_info(KEY) is None and cache.open_article(KEY) is None
    assert cache.article_ids() == []
    if cache.local_article_path(KEY) is not None:
        assert list(cache.store.root.rglob("*.tmp")) == []  # the temp file went with the failure
    cache.put_article(KEY, [b"one", b"two"], {"id": KEY, "title": "Brücke"})
    assert cache.has_article(KEY)
    assert cache.get_manifest(KEY) == {"id": KEY, "title": "Brücke"}
    assert read_all(cache, KEY) == b"onetwo"
    assert cache.article_ids() == [KEY]


@pytest.mark.parametrize("start,stop,expected", [
    (0, None, b"0123456789"),
    (0, 1, b"0"),
    (3, 7, b"3456"),
    (7, None, b"789"),
    (9, 10, b"9"),
])
def test_ranged_reads(cache: AudioCache, start: int, stop: int | None, expected: bytes) -> None:
    cache.put_article(KEY, [b"01234", b"56789"], {"id": KEY})
    info = cache.article_info(KEY)
    assert info is not None and info.size == 10 and info.modified.tzinfo is not None
    assert read_all(cache, KEY, start, stop) == expected


def test_a_killed_writer_leaves_nothing_under_the_final_name(store_settings: Settings,
                                                             cache: AudioCache) -> None:
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    proc = context.Process(target=write_endless_article, args=(store_settings, KEY, started))
    proc.start()
    try:
        assert started.wait(timeout=DEADLINE), "the writer never started"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
    assert not cache.has_article(KEY)
    assert cache.article_info(KEY) is None and cache.open_article(KEY) is None
    assert cache.article_ids() == []
    if not store_settings.cache_url:
        assert not cache.article_path(KEY).exists()


def test_listing_ids_finds_complete_articles_only(cache: AudioCache) -> None:
    done = sorted(content_key(n) for n in ("b", "a", "c"))
    for article_id in done:
        cache.put_article(article_id, [b"mp3"], {"id": article_id})
    unfinished = content_key("unfinished")  # audio and request, no manifest yet
    cache.put_segment(unfinished, b"segment")
    ArticleIndex(cache.store).save_request(unfinished, ArticleRequest("x"))
    ArticleIndex(cache.store).record_failure(done[0], {"error": "old failure"})
    assert cache.article_ids() == done


def test_sidecars_round_trip(cache: AudioCache) -> None:
    index = ArticleIndex(cache.store)
    assert index.load_request(KEY) is None
    assert index.save_request(KEY, ArticleRequest("Straße — café", title="Brücke"))
    assert not index.save_request(KEY, ArticleRequest("another text"))  # the first one stays
    assert index.load_request(KEY) == ArticleRequest("Straße — café", title="Brücke")
    index.record_failure(KEY, {"error": "first"})
    index.record_failure(KEY, {"error": "second"})
    assert index.failure(KEY) == {"error": "second"}
    index.clear_failure(KEY)
    index.clear_failure(KEY)  # clearing what is gone is fine
    assert index.failure(KEY) is None
    assert index.load_request(KEY) is not None
    assert not cache.has_article(KEY)  # a sidecar is not an article


def test_locks_are_local_files_that_exclude_each_other(cache: AudioCache) -> None:
    order: list[str] = []
    waiting = threading.Event()
    with cache.locks.hold(KEY):
        assert (cache.locks.folder / f"{KEY}.lock").is_file()

        def other() -> None:
            waiting.set()
            with cache.locks.hold(KEY):
                order.append("other")

        thread = threading.Thread(target=other)
        thread.start()
        assert waiting.wait(timeout=DEADLINE)
        with cache.locks.try_hold(KEY) as free:  # its own open file, as another process's
            assert not free, "a held lock was free for another holder"
        order.append("holder")
    thread.join(timeout=DEADLINE)
    assert order == ["holder", "other"]


# -- S3 specifics ---------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "http://bucket/prefix",
    "file:///tmp/cache",
    "bucket/prefix",
    "s3://",
    "s3:///prefix",
    "s3://bucket/prefix?versionId=1",
])
def test_an_unsupported_cache_url_is_a_config_error(tmp_path: Path, url: str) -> None:
    settings = Settings.from_env({"TTS_CACHE_URL": url}, lock_dir=tmp_path)
    with pytest.raises(ConfigError, match="TTS_CACHE_URL") as caught:
        AudioCache.from_settings(settings)
    assert "s3://bucket/prefix" in caught.value.detail


def test_s3_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"TTS_CACHE_URL": "s3://news-audio/tts/",
                                  "TTS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
                                  "TTS_LOCK_DIR": str(tmp_path / "locks")})
    cache = AudioCache.from_settings(settings)  # no request is made until the cache is used
    assert str(cache.store) == "s3://news-audio/tts/"
    assert cache.locks.folder == tmp_path / "locks" / "locks" and cache.locks.folder.is_dir()
    cache.close()


def test_s3_failures_are_cache_errors_with_a_hint(s3: S3Server, tmp_path: Path) -> None:
    missing = AudioCache.from_settings(replace(s3.settings(tmp_path),
                                               cache_url="s3://no-such-bucket/x"))
    with pytest.raises(CacheError, match="no-such-bucket") as caught:
        missing.get_segment(KEY)
    assert "create the bucket" in caught.value.detail
    with pytest.raises(CacheError):
        missing.put_article(KEY, [b"mp3"], {"id": KEY})
    with pytest.raises(CacheError):
        missing.article_ids()
    missing.close()
    nobody = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    unreachable = AudioCache.from_settings(replace(s3.settings(tmp_path), s3_endpoint_url=nobody))
    with pytest.raises(CacheError, match="cannot read") as caught:
        unreachable.get_segment(KEY)
    assert "TTS_S3_ENDPOINT_URL" in caught.value.detail
    unreachable.close()


def test_a_cache_folder_copied_into_a_bucket_is_the_same_cache(s3: S3Server,
                                                              tmp_path: Path) -> None:
    local = AudioCache(tmp_path / "cache")
    local.put_article(KEY, [b"mp3 bytes"], {"id": KEY})
    local.put_segment(content_key("s"), b"segment")
    ArticleIndex(local.store).save_request(KEY, ArticleRequest("x"))
    settings = s3.settings(tmp_path / "locks")
    client = s3.client()
    for path in (local.store.root / "articles").iterdir():
        client.upload_file(str(path), s3.bucket, f"{prefix_of(settings)}/articles/{path.name}")
    segment = local.segment_path(content_key("s"))
    client.upload_file(str(segment), s3.bucket,
                       f"{prefix_of(settings)}/{segment.relative_to(local.store.root)}")
    client.close()
    remote = AudioCache.from_settings(settings)
    assert remote.article_ids() == [KEY] and remote.get_manifest(KEY) == {"id": KEY}
    assert remote.get_segment(content_key("s")) == b"segment"
    assert ArticleIndex(remote.store).load_request(KEY) == ArticleRequest("x")
    remote.close()


# -- the web service over S3 --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def s3_settings(s3: S3Server, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return s3.settings(tmp_path_factory.mktemp("s3-locks"))


@pytest.fixture(scope="module")
def s3_app(s3_settings: Settings) -> Iterator[Flask]:
    app = create_app({"SETTINGS": s3_settings, "TESTING": True})
    yield app
    service_of(app).shutdown()
    service_of(app).cache.close()


@pytest.fixture(scope="module")
def s3_client(s3_app: Flask) -> FlaskClient:
    return publisher_client(s3_app)


def stored_mp3(app: Flask, article_id: str) -> bytes:
    return read_all(service_of(app).cache, article_id)


@pytest.fixture(scope="module")
def spoken(s3_client: FlaskClient, s3_app: Flask) -> tuple[str, bytes]:
    """An article spoken by the real voice into the bucket: its id and its MP3."""
    article_id = s3_client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    wait_ready(s3_client, article_id)
    return article_id, stored_mp3(s3_app, article_id)


def fetch(client: FlaskClient, path: str, **kwargs: Any) -> Any:
    """A request whose body is read whole, and whose response (and stream) is closed."""
    response = client.open(path, **kwargs)
    response.get_data()
    response.close()
    return response


def test_speaking_over_s3_puts_everything_in_the_bucket(
        s3: S3Server, s3_settings: Settings, s3_client: FlaskClient,
        spoken: tuple[str, bytes]) -> None:
    article_id, mp3 = spoken
    keys = s3.keys(prefix_of(s3_settings))
    assert {f"articles/{article_id}{suffix}" for suffix in (".mp3", ".json", ".request.json")} \
        <= set(keys)
    manifest = s3_client.get(f"/api/articles/{article_id}").get_json()
    segments = [key for key in keys if key.startswith("segments/")]
    assert sum(key.endswith(".mp3") for key in segments) == len(manifest["segments"])
    assert sum(key.endswith(".words.json") for key in segments) == len(manifest["segments"])
    assert len(segments) == 2 * len(manifest["segments"])  # each segment: its MP3 and its words
    assert manifest["bytes"] == len(mp3)
    assert ffmpeg_decode(mp3, 22050).errors == ""
    assert list(Path(s3_settings.lock_dir or "").rglob("*.mp3")) == []  # only locks are local


def test_the_mp3_from_s3_has_caching_headers(s3_client: FlaskClient,
                                             spoken: tuple[str, bytes]) -> None:
    article_id, mp3 = spoken
    response = fetch(s3_client, f"/audio/{article_id}.mp3")
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    assert response.get_data() == mp3
    assert int(response.headers["Content-Length"]) == len(mp3)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["ETag"] == f'"{article_id}"'
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    head = fetch(s3_client, f"/audio/{article_id}.mp3", method="HEAD")
    assert head.status_code == 200 and head.get_data() == b""
    assert int(head.headers["Content-Length"]) == len(mp3)


@pytest.mark.parametrize("header,status,piece", [
    ("bytes=0-99", 206, slice(0, 100)),
    ("bytes=100-", 206, slice(100, None)),
    ("bytes=-500", 206, slice(-500, None)),
    ("bytes=1000-1000", 206, slice(1000, 1001)),
    ("bytes=abc", 200, slice(None)),  # invalid: ignored, the whole file
    ("bytes=0-9,20-29", 200, slice(None)),  # multiple ranges: served whole
    ("bytes=99999999-", 416, None),
])
def test_range_requests_over_s3(s3_client: FlaskClient, spoken: tuple[str, bytes], header: str,
                                status: int, piece: slice | None) -> None:
    article_id, full = spoken
    response = fetch(s3_client, f"/audio/{article_id}.mp3", headers={"Range": header})
    assert response.status_code == status
    if piece is not None and status == 206:
        start = range(len(full))[piece][0]
        end = start + len(full[piece]) - 1
        assert response.get_data() == full[piece]
        assert response.headers["Content-Range"] == f"bytes {start}-{end}/{len(full)}"
        assert int(response.headers["Content-Length"]) == len(full[piece])
    elif status == 416:
        assert response.headers["Content-Range"] == f"bytes */{len(full)}"
        assert set(response.get_json()) == {"error", "detail"}
    else:
        assert response.get_data() == full


@pytest.mark.parametrize("headers,status", [
    ({"If-None-Match": '"{id}"'}, 304),
    ({"If-None-Match": 'W/"{id}"'}, 304),  # If-None-Match compares weakly
    ({"If-None-Match": '"other", "{id}"'}, 304),
    ({"If-None-Match": '"other"'}, 200),
    ({"Range": "bytes=0-99", "If-Range": '"{id}"'}, 206),
    ({"Range": "bytes=0-99", "If-Range": '"other"'}, 200),  # changed since: the whole file
])
def test_conditional_requests_over_s3(s3_client: FlaskClient, spoken: tuple[str, bytes],
                                      headers: dict[str, str], status: int) -> None:
    article_id, full = spoken
    response = fetch(s3_client, f"/audio/{article_id}.mp3",
                     headers={k: v.format(id=article_id) for k, v in headers.items()})
    assert response.status_code == status
    assert response.headers["ETag"] == f'"{article_id}"'
    assert response.get_data() == {304: b"", 206: full[:100], 200: full}[status]


def test_the_podcast_feed_and_its_downloads_over_s3(s3_client: FlaskClient,
                                                    spoken: tuple[str, bytes]) -> None:
    import feedparser

    article_id, mp3 = spoken
    s3_client.post("/api/articles", json={"text": TEXT, "feed": True})
    [entry] = feedparser.parse(fetch(s3_client, "/feed.xml").get_data()).entries
    assert entry.id == article_id
    download = fetch(s3_client, f"/audio/{article_id}.download.mp3").get_data()
    assert int(entry.enclosures[0].length) == len(download) and download.endswith(mp3)
    tail = fetch(s3_client, f"/audio/{article_id}.download.mp3", headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.get_data() == download[-100:]
    assert fetch(s3_client, f"/audio/{article_id}.mp3").get_data() == mp3  # unchanged


@pytest.mark.parametrize("headers", [
    {},
    {"Range": "bytes=0-99"},
    {"Range": "bytes=-500"},
    {"Range": "bytes=abc"},
    {"Range": "bytes=0-9,20-29"},
    {"Range": "bytes=99999999-"},
    {"If-None-Match": '"{id}"'},
    {"Range": "bytes=0-99", "If-Range": '"other"'},
])
def test_s3_answers_as_the_local_folder_does(s3_client: FlaskClient, spoken: tuple[str, bytes],
                                             local_twin: FlaskClient,
                                             headers: dict[str, str]) -> None:
    article_id, _ = spoken
    sent = {k: v.format(id=article_id) for k, v in headers.items()}
    remote = fetch(s3_client, f"/audio/{article_id}.mp3", headers=sent)
    local = fetch(local_twin, f"/audio/{article_id}.mp3", headers=sent)
    assert remote.status_code == local.status_code
    assert remote.get_data() == local.get_data()
    for name in ("Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "ETag",
                 "Cache-Control", "Content-Disposition"):
        assert remote.headers.get(name) == local.headers.get(name), name
    assert ("Last-Modified" in remote.headers) == ("Last-Modified" in local.headers)


@pytest.fixture(scope="module")
def local_twin(s3_settings: Settings, spoken: tuple[str, bytes],
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """The app on a local folder holding a copy of the bucket's article."""
    article_id, _ = spoken
    folder = tmp_path_factory.mktemp("twin") / "cache"
    remote = AudioCache.from_settings(s3_settings)
    local = AudioCache(folder)
    for suffix in (".mp3", ".json", ".request.json"):
        name = f"articles/{article_id}{suffix}"
        blob = remote.store.get(name)
        assert blob is not None
        local.store.put(name, blob)
    remote.close()
    app = create_app({"SETTINGS": replace(s3_settings, cache_url="", cache_dir=folder),
                      "TESTING": True})
    yield publisher_client(app)
    service_of(app).shutdown()
    shutil.rmtree(folder)


def test_the_stream_while_making_works_over_s3(s3_app: Flask, s3_client: FlaskClient) -> None:
    service: ArticleService = service_of(s3_app)
    text = "Rain is due tonight.\n\nThe ferry runs on time. Schools open as usual."
    article, _ = service.submit(ArticleRequest(text=text), start=False)
    assert not service.cache.has_article(article.id)
    response = s3_client.get(f"/audio/{article.id}.mp3", buffered=False)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    stream = response.get_data()
    response.close()
    wait_ready(s3_client, article.id)
    assert stream == stored_mp3(s3_app, article.id)
    assert ffmpeg_decode(stream, 22050).errors == ""


def test_a_scan_lists_every_object_below_a_folder_with_its_size(cache: AudioCache) -> None:
    segment = content_key("segment")
    cache.put_segment(segment, b"12345")
    cache.put_article(KEY, [b"mp3"], {"id": KEY})
    scanned = dict(cache.store.scan("segments"))
    assert list(scanned) == [f"segments/{segment[:2]}/{segment}.mp3"]  # at any depth, full names
    assert scanned[f"segments/{segment[:2]}/{segment}.mp3"].size == 5
    articles = {name: info.size for name, info in cache.store.scan("articles")}
    assert sorted(articles) == [f"articles/{KEY}.json", f"articles/{KEY}.mp3"]
    assert all(size == len(cache.store.get(name) or b"") for name, size in articles.items())
    assert list(cache.store.scan("nothing-here")) == []


def test_kept_used_and_removed_articles(cache: AudioCache) -> None:
    cache.put_article(KEY, [b"mp3"], {"id": KEY})
    ArticleIndex(cache.store).save_request(KEY, ArticleRequest("x"))
    assert not cache.is_kept(KEY)
    cache.keep(KEY)
    cache.keep(KEY)  # keeping twice is harmless
    assert cache.is_kept(KEY)
    assert cache.mark_used(KEY)
    assert not cache.mark_used(KEY)  # written at most once per interval
    assert cache.store.stat(f"articles/{KEY}.used.json") is not None
    cache.remove_article(KEY)
    assert not cache.has_article(KEY) and cache.article_info(KEY) is None
    assert list(cache.store.scan("articles")) == []  # its sidecars went with it
    cache.remove_article(KEY)  # removing what is gone is fine


def test_eviction_works_the_same_over_a_folder_and_a_bucket(cache: AudioCache) -> None:
    from tts_service.store.eviction import evict
    from tts_service.store.names import manifest_segment_keys

    def article(name: str, sentences: list[str]) -> str:
        manifest = {"backend": "test", "options": {}, "audio": {}, "pipeline": "1",
                    "segments": [{"text": text} for text in sentences]}
        for key in manifest_segment_keys(manifest):
            cache.put_segment(key, b"s" * 1000)
        cache.put_article(content_key(name), [b"a" * 3000], manifest)
        return content_key(name)

    old = article("old", ["Shared.", "Old."])
    new = article("new", ["Shared.", "New."])
    cache.keep(new)
    evicted = evict(cache, 6000, keys_of=lambda article_id: ())
    assert evicted.articles == [old] and evicted.segments == 1  # "Old." alone: "Shared." stays
    assert not cache.has_article(old) and cache.has_article(new)
    assert len(list(cache.store.scan("segments"))) == 2
