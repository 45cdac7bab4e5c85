"""The attack list of issue #10, one row per repro, as an attacker sends it: each gets the refusal
it must get, a JSON error body, and nothing written to the cache.

Repros that take more than one request have tests of their own: title poisoning
(test_access.test_only_a_publisher_sets_title_author_and_date), per-client budgets
(test_access.test_each_reader_has_a_budget_of_new_characters), crash recovery and stale temp files
(test_safety), WebVTT escaping (test_safety), redirects and sitemap cycles (test_sources) and a
broken chunked body under gunicorn (test_gunicorn).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from support import PUBLISHER_HEADERS

from tts_service.config import Settings

PAGE = {"Origin": "http://localhost"}  # a keyless request from the service's own page
EVIL = {"Origin": "https://evil.example"}
KEY = PUBLISHER_HEADERS

ATTACKS: list[tuple[str, dict[str, str], Any, int]] = [
    # (what, headers, JSON body or raw bytes, status)
    # Two paragraphs taking turns: a paragraph that repeats the one before it is read once.
    ("40,000 tiny paragraphs (a 410 MB MP3 before)", KEY, {"text": "Go.\n\nNo.\n\n" * 20_000}, 413),
    ("crafted lines that made a POST take 11 s", KEY,
     {"text": ("x.\ny.\n" * 33_334)[:200_000]}, 413),
    ("200,000 characters without a key", PAGE, {"text": "Words words words. " * 10_600}, 413),
    ("200,000 characters of HTML without a key", PAGE,
     {"html": "<p>" + "Words words words. " * 60_000 + "</p>"}, 413),
    ("work from a script with no key and no page", {}, {"text": "Make me."}, 403),
    ("work from a page on another site", EVIL, {"text": "Make me."}, 403),
    ("a wrong key", {"Authorization": "Bearer guessed"}, {"text": "Make me."}, 401),
    ("a voice given as an absolute path", KEY, {"text": "Hi.", "voice": "/etc/passwd"}, 400),
    ("a voice given as a relative model path", KEY,
     {"text": "Hi.", "voice": "../../voices/x.onnx"}, 400),
    ("another spelling of a model path", KEY, {"text": "Hi.", "voice": "/a/./b.onnx"}, 400),
    ("a voice without a key", PAGE, {"text": "Hi.", "voice": "en_US-joe-medium"}, 403),
    ("gTTS pointed at an attacker's host", KEY,
     {"text": "Hi.", "backend": "gtts", "voice": "en-attacker.example"}, 404),
    ("gTTS without a key", PAGE, {"text": "Hi.", "backend": "gtts"}, 403),
    ("a lone surrogate in the text", KEY, {"text": "Hello \ud800 world."}, 400),
    ("a lone surrogate in the title", KEY, {"text": "Hello.", "title": "\udfff"}, 400),
    ("JSON nested 1,000 deep", KEY, b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}", 400),
    ("JSON nested 5,000 deep", KEY, b"[" * 5000 + b"]" * 5000, 400),
    ("not JSON at all", KEY, b"\xff\xfe\x00garbage", 400),
    ("a lexicon that is not an object", KEY, {"text": "Hi.", "lexicon": ["x"]}, 400),
    ("a DOCTYPE with entities in SSML", KEY,
     {"ssml": '<!DOCTYPE s [<!ENTITY x "boom">]><speak>&x;</speak>'}, 400),
    ("an unknown field", KEY, {"text": "Hi.", "path": "/etc"}, 400),
    ("a date that is not one", KEY, {"text": "Hi.", "date": "'; DROP TABLE"}, 400),
]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from support import PUBLISHER_ENV

    from tts_service.web import create_app, service_of

    cache = tmp_path_factory.mktemp("attacked") / "cache"
    app: Flask = create_app({"SETTINGS": Settings.from_env(PUBLISHER_ENV, cache_dir=cache),
                             "TESTING": True})
    yield app, cache
    service_of(app).shutdown()


@pytest.mark.parametrize(("what", "headers", "body", "status"), ATTACKS,
                         ids=[row[0] for row in ATTACKS])
def test_an_attack_is_refused_with_a_json_error_and_nothing_made(
        attacked: tuple[Flask, Path], what: str, headers: dict[str, str], body: Any,
        status: int) -> None:
    app, cache = attacked
    raw = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8", "surrogatepass")
    response = app.test_client().post("/api/articles", data=raw, headers={
        "Content-Type": "application/json", **headers})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert set(response.get_json()) == {"error", "detail"}
    assert "/tmp" not in response.get_data(as_text=True)  # no server paths in replies
    assert list(cache.rglob("*.mp3")) == [] and list(cache.rglob("*.request.json")) == []


def test_another_site_gets_no_cors_answer(attacked: tuple[Flask, Path]) -> None:
    app, _ = attacked
    response = app.test_client().options("/api/articles", headers={
        **EVIL, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in response.headers
