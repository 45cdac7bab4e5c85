"""Who may do what: publishers with a key do anything; readers' browsers without one may start
audio only from allowed pages, within a budget of their own, and never change an article."""

from __future__ import annotations

import hashlib
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from support import OWN_PAGE, PUBLISHER_ENV, PUBLISHER_KEY, GatedBackend, publisher_client, reader
from waiting import wait_ready, wait_segments_ready, wait_until

from tts_service.access import hash_key
from tts_service.articles import ArticleService
from tts_service.config import Settings
from tts_service.errors import ConfigError, RateLimited, TooLarge
from tts_service.synthesis import budget
from tts_service.synthesis.budget import ClientBudgets
from tts_service.synthesis.request import ArticleRequest
from tts_service.web import create_app, service_of

EMBEDDER = "https://news.example"


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Any]:
    """Apps on one cache with settings of the test's choosing; shut down afterwards."""
    apps: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache", **overrides)
        app = create_app({"SETTINGS": settings, "TESTING": True})
        apps.append(app)
        return app

    yield make
    for app in apps:
        service_of(app).shutdown()


def error_of(response: Any) -> dict[str, str]:
    body: dict[str, str] = response.get_json()
    assert set(body) == {"error", "detail"}, body
    return body


# -- keys ----------------------------------------------------------------------------------------

def test_a_publisher_key_lists_articles_and_a_wrong_or_missing_key_is_a_401(app: Flask) -> None:
    assert publisher_client(app).get("/api/articles").status_code == 200
    by_header = app.test_client().get("/api/articles", headers={"X-API-Key": PUBLISHER_KEY})
    assert by_header.status_code == 200
    wrong = app.test_client().get("/api/articles", headers={"Authorization": "Bearer guessed"})
    assert wrong.status_code == 401 and "not valid" in error_of(wrong)["error"]
    missing = app.test_client().get("/api/articles")
    assert missing.status_code == 401 and "Bearer" in error_of(missing)["detail"]


def test_a_wrong_key_is_refused_even_where_no_key_is_needed(app: Flask) -> None:
    response = app.test_client().post("/api/articles", json={"text": "Hello there."},
                                      headers={**OWN_PAGE, "Authorization": "Bearer guessed"})
    assert response.status_code == 401


def test_keys_are_never_logged(client: FlaskClient, app: Flask,
                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.post("/api/articles", json={"text": "Logged without its key."})
    app.test_client().get("/api/articles", headers={"Authorization": "Bearer wrong-key-1234"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert PUBLISHER_KEY not in logged and "wrong-key-1234" not in logged


def test_keys_are_configured_as_digests_never_as_keys() -> None:
    with pytest.raises(ConfigError, match="TTS_API_KEYS"):
        Settings.from_env({"TTS_API_KEYS": PUBLISHER_KEY})
    digest = hash_key(PUBLISHER_KEY)
    assert Settings.from_env({"TTS_API_KEYS": f"sha256:{digest.upper()}, {digest}"}).api_keys


def test_new_key_prints_a_key_and_its_digest() -> None:
    exe = Path(sys.executable).with_name("tts-service")
    out = subprocess.run([str(exe), "new-key"], capture_output=True, text=True, check=True).stdout
    key = out.split("key:")[1].split()[0]
    digest = out.split("digest:")[1].split()[0]
    assert len(key) > 40 and digest == hashlib.sha256(key.encode()).hexdigest()


# -- where keyless requests may come from ----------------------------------------------------------

def test_keyless_audio_needs_an_allowed_page(make_app: Any) -> None:
    app = make_app(embed_origins=EMBEDDER)
    body = {"text": "A reader pressed play."}
    assert reader(app).post("/api/articles", json=body).status_code == 403  # a script, no page
    other = reader(app).post("/api/articles", json=body, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403 and "Access-Control-Allow-Origin" not in other.headers
    assert reader(app).post("/api/articles", json=body, headers=OWN_PAGE).status_code == 201
    embedded = reader(app).post("/api/articles", json=body, headers={"Origin": EMBEDDER})
    assert embedded.status_code == 200  # the same article, made already or being made
    assert embedded.headers["Access-Control-Allow-Origin"] == EMBEDDER
    assert "Origin" in embedded.headers["Vary"]


def test_cors_answers_the_embedding_origins_only(make_app: Any) -> None:
    app = make_app(embed_origins=EMBEDDER)
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "Content-Type"}
    allowed = reader(app).options("/api/articles", headers={"Origin": EMBEDDER, **preflight})
    assert allowed.headers["Access-Control-Allow-Origin"] == EMBEDDER
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    assert allowed.headers["Access-Control-Allow-Headers"] == "Content-Type"
    other = reader(app).options("/api/articles", headers={"Origin": "https://evil.example",
                                                          **preflight})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_by_default_no_other_site_is_answered(client: FlaskClient) -> None:
    response = client.get("/api/articles", headers={"Origin": EMBEDDER})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("field", [{"voice": "en_US-joe-medium"}, {"backend": "gtts"},
                                   {"lang": "en"}, {"lexicon": {"Nguyen": "win"}}])
def test_choosing_a_voice_or_pronunciations_needs_a_key(app: Flask, field: dict[str, Any]) -> None:
    response = reader(app).post("/api/articles", json={"text": "Hello.", **field},
                                headers=OWN_PAGE)
    assert response.status_code == 403 and next(iter(field)) in error_of(response)["error"]


@pytest.mark.parametrize("body", [[None, None], "text", 7, False])
def test_a_keyless_body_that_is_not_an_object_is_a_400(app: Flask, body: Any) -> None:
    # found by the OpenAPI property-based run: a JSON array from an allowed page was a 500
    response = reader(app).post("/api/articles", json=body, headers=OWN_PAGE)
    assert response.status_code == 400, response.get_json()
    assert error_of(response)["error"]


def test_keyless_articles_have_a_smaller_size_limit(make_app: Any) -> None:
    app = make_app(anon_max_chars=1_000)
    long_text = "The council met on Tuesday. " * 50  # 1,400 characters
    refused = reader(app).post("/api/articles", json={"text": long_text}, headers=OWN_PAGE)
    assert refused.status_code == 413 and "API key" in error_of(refused)["detail"]
    page = "<article><p>" + long_text + "</p></article>"  # small markup, too much text in it
    assert reader(app).post("/api/articles", json={"html": page},
                            headers=OWN_PAGE).status_code == 413
    assert publisher_client(app).post("/api/articles", json={"text": long_text}).status_code == 201


def test_with_on_demand_off_readers_get_only_what_the_publisher_made(make_app: Any) -> None:
    app = make_app(on_demand=False)
    made = publisher_client(app).post("/api/articles", json={"text": "Made ahead."}).get_json()
    wait_ready(publisher_client(app), made["id"])
    again = reader(app).post("/api/articles", json={"text": "Made ahead."}, headers=OWN_PAGE)
    assert again.status_code == 200 and again.get_json()["status"] == "ready"
    new = reader(app).post("/api/articles", json={"text": "Never made."}, headers=OWN_PAGE)
    assert new.status_code == 403 and "API key" in error_of(new)["detail"]


# -- metadata ------------------------------------------------------------------------------------

def test_only_a_publisher_sets_title_author_and_date(app: Flask) -> None:
    text = {"text": "The bridge reopened on Monday."}
    first = reader(app).post("/api/articles", json={**text, "title": "Pwned"}, headers=OWN_PAGE)
    article_id = first.get_json()["id"]
    assert publisher_client(app).get(f"/api/articles/{article_id}").get_json()["title"] == ""
    meta = {"title": "Bridge reopens", "author": "Jane Doe", "date": "2026-11-28"}
    assert publisher_client(app).post("/api/articles", json={**text, **meta}).status_code == 200
    reader(app).post("/api/articles", json={**text, "title": "Pwned again"}, headers=OWN_PAGE)
    body = wait_ready(publisher_client(app), article_id)
    assert {name: body[name] for name in meta} == meta


def test_a_date_must_be_iso_8601(client: FlaskClient) -> None:
    response = client.post("/api/articles", json={"text": "Dated.", "date": "last Tuesday"})
    assert response.status_code == 400 and "ISO 8601" in error_of(response)["error"]


# -- budgets ---------------------------------------------------------------------------------------

def test_each_reader_has_a_budget_of_new_characters(make_app: Any) -> None:
    app = make_app(anon_chars_per_minute=60, anon_max_chars=120, anon_burst_chars=120)
    story = "The harbor bridge reopened on Monday after a long repair, and traffic was heavy."
    first = reader(app).post("/api/articles", json={"text": story}, headers=OWN_PAGE)
    assert first.status_code == 201
    again = reader(app).post("/api/articles", json={"text": story}, headers=OWN_PAGE)
    assert again.status_code == 200  # an article being made or made costs nothing
    other_story = story.replace("Monday", "Tuesday") + " More follows."
    spent = reader(app).post("/api/articles", json={"text": other_story}, headers=OWN_PAGE)
    assert spent.status_code == 429 and int(spent.headers["Retry-After"]) >= 1
    assert "API key" in error_of(spent)["detail"]
    neighbour = reader(app, "203.0.113.9").post("/api/articles", json={"text": other_story},
                                                headers=OWN_PAGE)
    assert neighbour.status_code == 201  # another client, another budget
    publisher = publisher_client(app).post("/api/articles", json={"text": other_story + " Yes."})
    assert publisher.status_code == 201  # a publisher is never limited by readers' budgets


def test_a_reader_pays_for_the_audio_pauses_and_all(make_app: Any) -> None:
    app = make_app(anon_chars_per_minute=60, anon_max_chars=2000, anon_burst_chars=2000)
    tiny = "\n\n".join(["Go.", "No."] * 150)  # 1,498 characters, 300 paragraphs: 3.5 min of pauses
    refused = reader(app).post("/api/articles", json={"text": tiny}, headers=OWN_PAGE)
    assert refused.status_code == 413
    assert "minutes of audio" in error_of(refused)["error"]
    assert "pauses too" in error_of(refused)["detail"]
    story = ("The harbor bridge reopened on Monday after a long repair. Traffic was heavy.\n\n"
             "Ferries stopped running at noon, the harbor master said.\n\n") * 5  # 705 characters
    made = reader(app).post("/api/articles", json={"text": story}, headers=OWN_PAGE)
    assert made.status_code == 201  # news of the same size: its pauses come free


def test_a_refused_oversized_article_costs_its_size(make_app: Any) -> None:
    app = make_app(anon_chars_per_minute=60, anon_max_chars=100, anon_burst_chars=100)
    page = "<article><p>" + "Too long for a reader. " * 7 + "</p></article>"  # 161 characters
    assert reader(app).post("/api/articles", json={"html": page}, headers=OWN_PAGE).status_code == 413
    small = reader(app).post("/api/articles", json={"text": "A short one."}, headers=OWN_PAGE)
    assert small.status_code == 429  # reading the refused page spent the budget


def test_behind_a_proxy_readers_are_told_apart_by_forwarded_for(make_app: Any) -> None:
    app = make_app(anon_chars_per_minute=60, anon_max_chars=100, anon_burst_chars=100,
                   proxy_hops=1)
    story = "A story that fills most of one reader's budget, and then some more words."
    for n, address in enumerate(("192.0.2.1", "192.0.2.2")):
        response = reader(app, "10.0.0.1").post(
            "/api/articles", json={"text": f"{story} {n}."},
            headers={**OWN_PAGE, "X-Forwarded-For": address})
        assert response.status_code == 201, response.get_json()


def test_a_budget_refills_with_time_and_is_shared_by_processes(tmp_path: Path) -> None:
    one = ClientBudgets(tmp_path, per_minute=600, burst=100)  # ten characters a second
    other = ClientBudgets(tmp_path, per_minute=600, burst=100)  # another process, same machine
    one.charge("reader", 80, now=1000.0)
    with pytest.raises(RateLimited) as caught:
        other.charge("reader", 50, now=1000.0)
    assert caught.value.retry_after == 3 and caught.value.status == 429
    other.charge("reader", 50, now=1003.0)  # 20 left + 30 earned
    other.charge("someone else", 100, now=1003.0)
    with pytest.raises(RateLimited):
        one.charge("reader", 1, now=1003.0)
    one.spend("someone else", 150, now=1003.0)  # refused work: into debt
    with pytest.raises(RateLimited) as caught:
        one.charge("someone else", 10, now=1003.0)
    assert caught.value.retry_after == 16  # 150 to repay and 10 to take, at 10 a second


def test_a_long_read_is_made_from_a_full_budget_and_then_repaid(tmp_path: Path) -> None:
    budgets = ClientBudgets(tmp_path, per_minute=600, burst=100, most=1000)  # ten a second
    budgets.charge("reader", 50, now=1000.0)
    with pytest.raises(RateLimited) as caught:
        budgets.charge("reader", 300, now=1000.0)  # more than a bucket: wait until it is full
    assert caught.value.retry_after == 5
    budgets.charge("reader", 300, now=1005.0)  # taken whole from the full bucket
    with pytest.raises(RateLimited) as caught:
        budgets.charge("reader", 10, now=1005.0)
    assert caught.value.retry_after == 21  # 200 owed and 10 to take, at 10 a second
    budgets.charge("reader", 10, now=1026.0)
    with pytest.raises(TooLarge):
        budgets.charge("someone else", 1001, now=1026.0)  # beyond what a keyless article may be


def test_a_reader_gets_a_long_article_and_then_waits(make_app: Any) -> None:
    app = make_app(anon_chars_per_minute=60, anon_max_chars=2000, anon_burst_chars=200)
    long_read = "The harbor bridge reopened on Monday after a long repair. " * 12  # 708 chars
    made = reader(app).post("/api/articles", json={"text": long_read}, headers=OWN_PAGE)
    assert made.status_code == 201, made.get_json()
    again = reader(app).post("/api/articles", json={"text": long_read}, headers=OWN_PAGE)
    assert again.status_code == 200  # its next reader, or a reload, costs nothing
    next_one = reader(app).post("/api/articles", json={"text": "Another story."},
                                headers=OWN_PAGE)
    assert next_one.status_code == 429  # the long read is being repaid, one character a second
    assert int(next_one.headers["Retry-After"]) >= 400  # about 500 characters owed


def test_readers_articles_have_their_own_bound_on_pending_work(make_app: Any, piper: Any) -> None:
    app = make_app(anon_max_pending_jobs=1)
    gated = GatedBackend(piper)
    service_of(app).use_backend(gated)
    gate = threading.Event()
    gated.gates["A reader's first story."] = gate
    try:
        first = reader(app).post("/api/articles", json={"text": "A reader's first story."},
                                 headers=OWN_PAGE)
        assert first.status_code == 201
        second = reader(app, "203.0.113.9").post(
            "/api/articles", json={"text": "Another reader's story."}, headers=OWN_PAGE)
        assert second.status_code == 503 and second.headers["Retry-After"]
        keyed = publisher_client(app).post("/api/articles", json={"text": "The publisher's."})
        assert keyed.status_code == 201
    finally:
        gate.set()


# -- status reads ----------------------------------------------------------------------------------

def test_a_status_read_looks_only_at_segments_made_since_the_last(
        client: FlaskClient, service: ArticleService, gated: GatedBackend,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = [f"Sentence number {n} of a story told in many short parts." for n in range(8)]
    gate = threading.Event()
    gated.gates[sentences[5]] = gate
    article_id = client.post("/api/articles", json={"text": " ".join(sentences)}).get_json()["id"]
    reads: list[str] = []
    real_get = service.cache.get_segment
    this_thread = threading.get_ident()  # the job's own cache reads do not count

    def counted_get(key: str) -> bytes | None:
        if threading.get_ident() == this_thread:
            reads.append(key)
        return real_get(key)

    monkeypatch.setattr(service.cache, "get_segment", counted_get)
    try:
        wait_segments_ready(client, article_id, 5)  # the sixth waits at its gate
        reads.clear()
        body = service.status(article_id)  # the work of a poll (HTTP may answer from RecentBodies)
        assert body["segments_ready"] == 5 and len(reads) == 1  # only "is segment 5 made yet?"
    finally:
        gate.set()
    partial = body["segments"][:5]
    final = wait_ready(client, article_id)["segments"][:5]
    assert partial == final  # the same times and bytes as the finished article's manifest


# -- made ahead: the first segment when the player comes into view ---------------------------------

def test_a_reader_in_view_has_the_first_segment_made_ahead_within_the_budget(make_app: Any) -> None:
    app = make_app(anon_chars_per_minute=60, anon_max_chars=100, anon_burst_chars=100)
    story = ("Harbor Bridge reopens\n\nThe bridge reopened on Monday after a long repair. "
             "Traffic was heavy.")
    ahead = reader(app).post("/api/articles?prepare=first", json={"text": story}, headers=OWN_PAGE)
    assert ahead.status_code == 202, ahead.get_json()
    service = service_of(app)
    article = service.prepare(ArticleRequest.from_json({"text": story}, service.settings))
    assert ahead.get_json() == {"status": "pending", "article": article.id}  # its id, but no links
    wait_until(lambda: service.cache.get_segment(article.keys[0]), "the first segment made ahead")
    assert [service.cache.get_segment(key) for key in article.keys[1:]] == [None, None]  # only it
    assert not service.cache.has_article(article.id) and not service.jobs.running(article.id)
    again = reader(app).post("/api/articles?prepare=first", json={"text": story}, headers=OWN_PAGE)
    assert again.status_code == 202  # made: nothing more, and it costs nothing
    assert again.get_json() == {"status": "partial", "article": article.id}
    # "Harbor Bridge reopens" (21 characters) came out of the 100: an 83-character one no longer fits.
    other = "A different story about the harbor at night and the long quiet road home after it.\n\nOk."
    refused = reader(app).post("/api/articles?prepare=first", json={"text": other}, headers=OWN_PAGE)
    assert refused.status_code == 429
    script = reader(app).post("/api/articles?prepare=first", json={"text": story})
    assert script.status_code == 403  # from no page: refused as any keyless request is


def test_the_click_after_the_page_view_pays_only_for_the_rest(make_app: Any) -> None:
    """The first segment made ahead was paid for on view: the click's article costs the others."""
    app = make_app(anon_chars_per_minute=1, anon_max_chars=200, anon_burst_chars=100)
    story = ("Harbor Bridge reopens\n\nThe bridge reopened on Monday after a long repair. "
             "Traffic was heavy.")  # 95 with the headline's pause, 76 after its first segment
    service = service_of(app)
    article = service.prepare(ArticleRequest.from_json({"text": story}, service.settings))
    assert budget.cost(article) == 95 and budget.cost(article, paid=1) == 76
    ahead = reader(app).post("/api/articles?prepare=first", json={"text": story}, headers=OWN_PAGE)
    assert ahead.status_code == 202, ahead.get_json()
    clicked = reader(app).post("/api/articles", json={"text": story}, headers=OWN_PAGE)
    assert clicked.status_code in (200, 201), clicked.get_json()  # 21 + 76 of the 100
    wait_ready(app.test_client(), clicked.get_json()["id"])
    other = "Another story about the harbor at night."  # 40 characters: more than the 3 left
    refused = reader(app).post("/api/articles", json={"text": other}, headers=OWN_PAGE)
    assert refused.status_code == 429, refused.get_json()


def test_the_clicks_post_answers_with_the_manifest(make_app: Any) -> None:
    app = make_app()
    story = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy."
    body = reader(app).post("/api/articles?manifest=1", json={"text": story},
                            headers=OWN_PAGE).get_json()
    assert [s["text"] for s in body["segments"]] == [
        "Harbor Bridge reopens", "The bridge reopened on Monday.", "Traffic was heavy."]
    assert body["status"] in ("pending", "partial", "ready") and body["audio_url"].endswith(".mp3")
    wait_ready(app.test_client(), body["id"])
    wrong = reader(app).post("/api/articles?prepare=all", json={"text": story}, headers=OWN_PAGE)
    assert wrong.status_code == 400 and "prepare" in error_of(wrong)["error"]


def test_one_round_trip_submits_and_streams_the_audio(make_app: Any) -> None:
    """POST ?stream=1: the click's one request; its answer is the article's MP3, charged like any."""
    app = make_app(anon_chars_per_minute=1, anon_max_chars=200, anon_burst_chars=100)
    story = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy."
    first = reader(app).post("/api/articles?stream=1", json={"text": story}, headers=OWN_PAGE)
    assert first.status_code == 200 and first.mimetype == "audio/mpeg", first.data[:200]
    article_id = first.headers["X-Article-Id"]
    assert first.headers["X-Manifest-Url"] == f"/api/articles/{article_id}"
    streamed = first.get_data()  # the progressive stream, to the article's end
    wait_ready(app.test_client(), article_id)
    with app.test_client().get(f"/audio/{article_id}.mp3") as finished:
        whole = finished.get_data()
    assert streamed[:4096] == whole[:4096] and len(streamed) > 4096
    with reader(app).post("/api/articles?stream=1", json={"text": story}, headers=OWN_PAGE) as again:
        assert again.status_code == 200 and again.get_data() == whole  # made: the file, free
    # The story's 74 characters came out of the 100: a 40-character one no longer fits.
    other = "Another story about the harbor at night."
    refused = reader(app).post("/api/articles?stream=1", json={"text": other}, headers=OWN_PAGE)
    assert refused.status_code == 429 and refused.is_json
    wrong = reader(app).post("/api/articles?stream=yes", json={"text": story}, headers=OWN_PAGE)
    assert wrong.status_code == 400
