"""Safe on the open internet (issue #10, first part): bad input is a 4xx at any nesting or encoding,
voices by name only, Google hosts from a closed list, escaped captions, no server paths in replies,
507 on a full disk, security headers, crash leftovers cleaned and interrupted articles resumed."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from support import PUBLISHER_ENV
from waiting import wait_ready, wait_until

from tts_service.articles import ArticleRequest, ArticleService
from tts_service.config import Settings
from tts_service.errors import ConfigError
from tts_service.store import local as local_store
from tts_service.store.objects import WRITER
from tts_service.web import create_app, service_of


def post_raw(client: FlaskClient, body: str):  # type: ignore[no-untyped-def]
    return client.post("/api/articles", data=body.encode("utf-8", "surrogatepass"),
                       content_type="application/json")


@pytest.mark.parametrize("body", [
    '{"text": "Hello \\ud800 world."}',
    '{"text": "Hello.", "title": "A \\udfff title"}',
    '{"text": "Hello.", "lexicon": {"a\\ud800": "b"}}',
    '{"text": ' + "[" * 1000 + "]" * 1000 + "}",
    '{"text": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}",
])
def test_odd_json_is_a_400_with_a_json_error(client: FlaskClient, body: str) -> None:
    response = post_raw(client, body)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert set(response.get_json()) == {"error", "detail"}


@pytest.mark.parametrize("voice", ["/etc/passwd", "../voices/x.onnx", "voice.onnx", "a\\b"])
def test_a_voice_is_a_name_never_a_path(client: FlaskClient, voice: str) -> None:
    response = client.post("/api/articles", json={"text": "Hello.", "voice": voice})
    assert response.status_code == 400 and "not a path" in response.get_json()["error"]


@pytest.mark.parametrize("voice", ["en-attacker.example", "en-evil.com", "en-localhost"])
def test_google_hosts_come_from_a_closed_list(client: FlaskClient, voice: str) -> None:
    response = client.post("/api/articles", json={"text": "Hello.", "backend": "gtts",
                                                  "voice": voice})
    assert response.status_code == 404
    assert "Google Translate host" in response.get_json()["error"]


def test_captions_are_escaped(client: FlaskClient) -> None:
    created = client.post("/api/articles", json={
        "text": "Scripts like <script>alert(1)</script> & co --> run."}).get_json()
    wait_ready(client, created["id"])
    vtt = client.get(created["captions_url"]).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script" in vtt and "&amp; co --&gt; run." in vtt
    assert "<script>" not in vtt and "</script>" not in vtt


def test_a_full_disk_is_507_without_server_paths(client: FlaskClient, settings: Settings,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, chunks: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(local_store, "atomic_write", full)
    response = client.post("/api/articles", json={"text": "Nowhere to put this."})
    assert response.status_code == 507
    assert str(settings.cache_dir) not in response.get_data(as_text=True)


def test_other_storage_failures_name_no_server_paths(client: FlaskClient, settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(path: Path, chunks: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(local_store, "atomic_write", denied)
    response = client.post("/api/articles", json={"text": "Not allowed here."})
    assert response.status_code == 500 and set(response.get_json()) == {"error", "detail"}
    assert str(settings.cache_dir) not in response.get_data(as_text=True)


@pytest.mark.parametrize(("name", "value"), [
    ("TTS_FIRST_SEGMENT_CHARS", "5"), ("TTS_SYNTH_JOBS", "0"), ("TTS_LOG_LEVEL", "verbose"),
    ("TTS_BATCH_NICE", "40"), ("TTS_FETCH_CONCURRENCY", "0"), ("TTS_GTTS_BACKOFF", "-1"),
    ("TTS_MAX_HTML_BYTES", "0"), ("TTS_DATE_ORDER", "ymd"),
])
def test_every_setting_is_checked_at_start(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name.split("_")[1]):
        Settings.from_env({name: value})


def test_pages_and_api_send_security_headers(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    api = client.get("/api/articles")
    assert api.headers["X-Content-Type-Options"] == "nosniff"


def test_stale_temp_files_are_removed_at_start(tmp_path: Path) -> None:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache")
    (tmp_path / "cache" / "articles").mkdir(parents=True)
    stale = tmp_path / "cache" / "articles" / ".abc.mp3.x1.tmp"
    fresh = tmp_path / "cache" / "articles" / ".def.mp3.x2.tmp"
    for path in (stale, fresh):
        path.write_bytes(b"half an mp3")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    app = create_app({"SETTINGS": settings, "TESTING": True})
    assert not stale.exists() and fresh.exists()  # a live writer's file is left alone
    service_of(app).shutdown()


def test_a_killed_writers_temp_files_are_removed_at_start_however_fresh(tmp_path: Path) -> None:
    import socket
    import subprocess

    gone_pid = subprocess.Popen(["true"])
    gone_pid.wait()
    folder = tmp_path / "cache" / "segments" / "ab"
    folder.mkdir(parents=True)
    killed = folder / f".abcd.mp3.{socket.gethostname()}-{gone_pid.pid}.q1w2.tmp"
    alive = folder / f".abce.mp3.{WRITER}.e3r4.tmp"  # this process: a live writer
    elsewhere = folder / f".abcf.mp3.another-host-{gone_pid.pid}.t5y6.tmp"  # not ours to judge
    for path in (killed, alive, elsewhere):
        path.write_bytes(b"half a segment")
    app = create_app({"SETTINGS": Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache"),
                      "TESTING": True})
    assert not killed.exists() and alive.exists() and elsewhere.exists()
    service_of(app).shutdown()


def test_an_interrupted_article_resumes_when_its_status_is_read(app: Flask, client: FlaskClient,
                                                                service: ArticleService) -> None:
    article, _ = service.submit(ArticleRequest("A job that a crash lost. It comes back."),
                                start=False)  # registered, but no job runs: as after a kill -9
    wait_ready(client, article.id)  # each read of its status sees it pending, partial, then ready


@pytest.mark.parametrize("text", [
    "Go.\n\nNo.\n\n" * 20_000,  # 200 KB, 40,000 segments, hours of pauses (no paragraph repeats the last)
    ("x.\ny.\n" * 33_334)[:200_000],
])
def test_an_article_too_big_to_make_is_refused_before_any_synthesis(client: FlaskClient,
                                                                    settings: Settings,
                                                                    text: str) -> None:
    response = client.post("/api/articles", json={"text": text})
    assert response.status_code == 413, response.get_data(as_text=True)[:300]
    assert "TTS_MAX_" in response.get_json()["detail"]
    assert list(settings.cache_dir.rglob("*.mp3")) == []


def test_the_audio_estimate_uses_the_voices_own_rate(tmp_path: Path) -> None:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache", max_audio_seconds=60)
    service = ArticleService(settings)
    long_enough = "The council met for a long time on Tuesday night. " * 25  # about 80 s of audio
    with pytest.raises(Exception, match="hours of audio") as caught:
        service.prepare(ArticleRequest(long_enough))
    assert getattr(caught.value, "status", None) == 413
    service.prepare(ArticleRequest(long_enough[:500]))  # about 30 s: fine
    service.shutdown()


def test_interrupted_articles_resume_when_the_service_starts(tmp_path: Path) -> None:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache")
    before = ArticleService(settings)
    article, _ = before.submit(ArticleRequest("Left unfinished by a crash. Made after the restart."),
                               start=False)
    before.shutdown()  # as if killed: a request stored, no audio, no job
    manifest = tmp_path / "cache" / "articles" / f"{article.id}.json"
    assert not manifest.exists()
    app = create_app({"SETTINGS": settings, "TESTING": True})  # nothing reads its status
    wait_until(manifest.exists, "the article resumed at start and made")
    service_of(app).shutdown()


def test_a_new_article_waits_its_turn_with_503_and_retry_after(
        client: FlaskClient, service: ArticleService, gated, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    from dataclasses import replace

    monkeypatch.setattr(service.admission, "settings",  # admission control holds the bounds
                        replace(service.settings, max_pending_jobs=1))
    gated.gates["The first story waits."] = threading.Event()
    first = client.post("/api/articles", json={"text": "The first story waits."})
    assert first.status_code == 201  # its job holds the only place
    again = client.post("/api/articles", json={"text": "The first story waits."})
    assert again.status_code == 200  # the same article: already being made
    second = client.post("/api/articles", json={"text": "A second story, another time."})
    assert second.status_code == 503 and second.headers["Retry-After"] == "5"
    assert set(second.get_json()) == {"error", "detail"}
    gated.gates["The first story waits."].set()

    def admitted() -> int:
        code = client.post("/api/articles", json={"text": "A second story, another time."}).status_code
        return 0 if code == 503 else code

    assert wait_until(admitted, "a place for the second story once the first is made") == 201


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=30), lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIELD = st.sampled_from(["text", "html", "ssml", "title", "lang", "voice", "backend", "lexicon"])
BODY = st.one_of(JSON, st.dictionaries(FIELD, JSON, max_size=4),
                 st.dictionaries(FIELD, st.text(max_size=40), min_size=1, max_size=4))


@hypothesis_settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(BODY)
def test_no_body_makes_the_api_fail_on_its_side(client: FlaskClient, body: object) -> None:
    response = client.post("/api/articles", json=body)
    assert response.status_code < 500 or response.status_code in (503, 507), response.get_json()
    assert set(response.get_json()) >= {"id"} or set(response.get_json()) == {"error", "detail"}
