"""/v1/audio/speech is an article of the service: segmented, cached and made once whatever the
format or speed, streamed (converted) while it is made, and bounded for callers without a key."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from support import IDLE_CAPACITY, PUBLISHER_ENV, CountingBackend, GatedBackend, publisher_client
from waiting import wait_ready

from tts_service.articles import ArticleService
from tts_service.config import Settings
from tts_service.voice.base import Backend
from tts_service.web import create_app, service_of

LONG = ("The council met on Tuesday night. It voted to reopen the harbor bridge in spring. "
        "Repairs cost $2.5bn, more than planned. Dr. Ruiz said the work was worth it.\n\n"
        "Traffic was heavy by seven. The first ferry ran empty.")


def speak(client: FlaskClient, text: str = LONG, **options: Any) -> Any:
    return client.post("/v1/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": text,
                                                 **options})


def test_the_same_input_is_synthesized_once_for_every_format_and_speed(
        client: FlaskClient, service: ArticleService, piper: Backend) -> None:
    counting = CountingBackend(piper)
    service.use_backend(counting)
    first = speak(client)
    assert first.status_code == 200 and first.get_data()
    article_id = first.headers["X-Article-Id"]
    segments = len(service.find(article_id)[0].segments)
    assert segments >= 6 and len(counting.calls) == segments  # segmented like an article
    for options in ({"response_format": "wav"}, {"response_format": "opus", "speed": 1.5},
                    {"stream_format": "sse"}, {"voice": "onyx", "model": "tts-1-hd"}):
        again = speak(client, **options)
        assert again.status_code == 200 and again.get_data()
        assert again.headers["X-Article-Id"] == article_id
    assert len(counting.calls) == segments  # every later request was a cache hit


def test_speech_and_an_article_of_the_same_text_share_one_id(client: FlaskClient,
                                                             service: ArticleService) -> None:
    spoken = speak(client, "A short notice. Read it twice.")
    spoken.get_data()
    posted = client.post("/api/articles", json={"text": "A short notice. Read it twice."})
    assert posted.status_code == 200  # the speech registered it already
    assert posted.get_json()["id"] == spoken.headers["X-Article-Id"]
    wait_ready(client, posted.get_json()["id"])


def test_converted_audio_streams_before_the_last_segment_is_made(
        client: FlaskClient, gated: GatedBackend, service: ArticleService) -> None:
    gate = gated.gates["The first ferry ran empty."] = threading.Event()
    response = client.post("/v1/audio/speech", buffered=False, json={
        "model": "tts-1", "voice": "alloy", "input": LONG, "response_format": "pcm"})
    assert response.status_code == 200 and response.headers["X-Sample-Rate"] == "22050"
    chunks = iter(response.response)
    first = b""
    while len(first) < 2 * 22050:  # a second of audio arrives while the last sentence waits
        first += next(chunks)
    assert not gate.is_set() and not service.cache.has_article(response.headers["X-Article-Id"])
    gate.set()
    pcm = first + b"".join(chunks)
    response.close()
    manifest = wait_ready(client, response.headers["X-Article-Id"])
    assert len(pcm) / 2 / 22050 == pytest.approx(manifest["duration"], abs=0.15)


def test_a_failed_first_sentence_is_an_openai_server_error(client: FlaskClient,
                                                            gated: GatedBackend) -> None:
    gated.failing.add("A voice that fails.")
    response = speak(client, "A voice that fails.")
    assert response.status_code == 503
    assert response.get_json()["error"] == {
        "message": "the voice failed on purpose (A voice that fails.)", "type": "server_error",
        "param": None, "code": "backend_error"}


@pytest.fixture
def keyless_app(tmp_path: Path) -> Iterator[Flask]:
    """A service with no keys configured, and small keyless bounds (the voice's capacity fixed, as
    in every test: measured on a busy machine, it would turn the readers away as too many)."""
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache", anon_max_chars=200,
                                 anon_burst_chars=200, anon_chars_per_minute=1,
                                 synth_capacity=IDLE_CAPACITY)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    yield app
    service_of(app).shutdown()


def test_without_configured_keys_callers_are_bounded_keyless_readers(keyless_app: Flask) -> None:
    client = keyless_app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer sk-anything"  # the openai client must send one
    first = speak(client, "Keyless callers get the default voice. This one is allowed.")
    assert first.status_code == 200 and first.get_data()[:1] == b"\xff"
    by_name = speak(client, "Keyless callers get the default voice. This one is allowed.",
                    voice="en_US-joe-medium")
    assert by_name.status_code == 200 and by_name.get_data()
    refused = {
        "model": speak(client, "Another voice.", model="gtts"),
        "input": speak(client, "word " * 60),
    }
    assert refused["model"].status_code == 403
    assert refused["model"].get_json()["error"]["param"] == "model"
    assert refused["input"].status_code == 400
    assert refused["input"].get_json()["error"]["code"] == "string_above_max_length"
    # Its budget of new characters is spent: new speech waits; what is made is still served.
    spent = speak(client, "A new text of about one hundred and ninety characters, which the budget of "
                          "this keyless caller can no longer pay for today, since the first speech "
                          "used a third of it already.")
    assert spent.status_code == 429 and spent.headers["Retry-After"]
    assert spent.get_json()["error"]["type"] == "rate_limit_error"
    again = speak(client, "Keyless callers get the default voice. This one is allowed.")
    assert again.status_code == 200 and again.get_data() == first.get_data()


def test_other_sites_pages_get_no_cors_answer(keyless_app: Flask) -> None:
    """A cross-site JSON POST needs a preflight, which /v1 never grants; a simple text/plain POST
    is refused."""
    client = keyless_app.test_client()
    origin = {"Origin": "https://elsewhere.example"}
    preflight = client.options("/v1/audio/speech", headers={
        **origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    simple = client.post("/v1/audio/speech", headers={**origin, "Content-Type": "text/plain"},
                         data='{"model": "tts-1", "voice": "alloy", "input": "Hello."}')
    assert simple.status_code == 400 and "Access-Control-Allow-Origin" not in simple.headers


def test_with_keys_configured_a_key_is_needed(tmp_path: Path) -> None:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache")
    app = create_app({"SETTINGS": settings, "TESTING": True})
    try:
        assert speak(app.test_client(), "Hello.").status_code == 401
        assert app.test_client().get("/v1/models").status_code == 401
        assert publisher_client(app).get("/v1/models").status_code == 200
    finally:
        service_of(app).shutdown()
