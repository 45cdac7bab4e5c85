"""Many readers at once, in one process: streams wait for the jobs, the scheduler orders the
jobs' segments, and admission control keeps new articles within the voice's capacity."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from support import OWN_PAGE, PUBLISHER_ENV, GatedBackend, ffmpeg_decode, publisher_client
from waiting import wait_ready, wait_until

from tts_service.articles import ArticleService
from tts_service.config import Settings
from tts_service.web import create_app, service_of

LONG = ("The council met on Tuesday. It voted on the budget. The vote was close. "
        "The mayor spoke last. Residents left at ten. The next meeting is in May.")


def test_a_stream_never_synthesizes_itself(client: FlaskClient, gated: GatedBackend,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    synthesize = gated.synthesize
    monkeypatch.setattr(gated, "synthesize",
                        lambda text: threads.append(threading.current_thread().name) or synthesize(text))
    article_id = client.post("/api/articles", json={"text": LONG}).get_json()["id"]
    streamed = client.get(f"/audio/{article_id}.mp3").get_data()
    assert ffmpeg_decode(streamed, 22050).errors == ""
    assert threads and all(name.startswith("synth") for name in threads)  # the job's, not ours


def test_a_new_articles_first_segment_goes_before_the_rest_of_another(
        client: FlaskClient, service: ArticleService, gated: GatedBackend) -> None:
    gate = threading.Event()
    gated.gates["It voted on the budget."] = gate  # the long article's second segment waits
    long_id = client.post("/api/articles", json={"text": LONG}).get_json()["id"]
    wait_until(lambda: "It voted on the budget." in gated.calls, "the long article's second segment")
    short_id = client.post("/api/articles", json={"text": "Breaking news. More soon."}).get_json()["id"]
    wait_until(service.scheduler.waiting, "the new article queued for the voice")
    gate.set()
    wait_ready(client, short_id)
    wait_ready(client, long_id)
    after = gated.calls[gated.calls.index("It voted on the budget.") + 1:]
    assert after[0] == "Breaking news."  # before "The vote was close."


# -- admission control -------------------------------------------------------------------------

@pytest.fixture
def small_app(tmp_path: Path, piper: Any) -> Any:
    """An app whose voice is said to make 4 s of audio a second: two new listened-to articles
    at a time (capacity / REALTIME_MARGIN)."""
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache", synth_capacity=4.0,
                                 anon_chars_per_minute=10**8, anon_burst_chars=10**8)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    gated = GatedBackend(piper)
    service_of(app).use_backend(gated)
    yield app, gated
    for gate in gated.gates.values():
        gate.set()
    service_of(app).shutdown()


def test_new_articles_beyond_capacity_are_told_to_retry_and_made_ones_are_served(
        small_app: tuple[Flask, GatedBackend]) -> None:
    app, gated = small_app
    made = publisher_client(app).post("/api/articles", json={"text": "Made before the rush."})
    wait_ready(publisher_client(app), made.get_json()["id"])
    for n in range(3):  # none of these can finish: every first segment waits at its gate
        gated.gates[f"Story number {n}."] = threading.Event()
    reader = app.test_client()
    answers = [reader.post("/api/articles", json={"text": f"Story number {n}. It goes on."},
                           headers=OWN_PAGE) for n in range(3)]
    assert [answer.status_code for answer in answers] == [201, 201, 503]
    assert int(answers[2].headers["Retry-After"]) > 0
    assert "busy" in answers[2].get_json()["error"]
    again = reader.post("/api/articles", json={"text": "Made before the rush."}, headers=OWN_PAGE)
    assert again.status_code == 200 and again.get_json()["status"] == "ready"
    publisher = publisher_client(app).post("/api/articles", json={"text": "The publisher's."})
    assert publisher.status_code == 201  # admission control is for readers' new articles


def test_a_status_read_is_never_older_than_a_job_started_since(
        client: FlaskClient, service: ArticleService) -> None:
    article_id = client.post("/api/articles", json={"text": "Made, then evicted."}).get_json()["id"]
    wait_ready(client, article_id)  # a status body kept for a moment
    service.forget(article_id)  # evicted, as a sweep would
    again = client.post("/api/articles", json={"text": "Made, then evicted."}).get_json()
    assert again["id"] == article_id
    assert client.get(f"/api/articles/{article_id}").get_json()["status"] != "ready" or \
        service.cache.has_article(article_id)  # made again already, or shown as being made


def test_the_capacity_is_measured_at_start_unless_set(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache")  # no TTS_SYNTH_CAPACITY
    app = create_app({"SETTINGS": settings, "TESTING": True})
    try:
        capacity = service_of(app).capacity
        assert capacity is not None and capacity > 1  # Piper is faster than real time on any CPU
    finally:
        service_of(app).shutdown()
    settings = Settings.from_env({"TTS_SYNTH_CAPACITY": "7.5"}, cache_dir=tmp_path / "cache")
    app = create_app({"SETTINGS": settings, "TESTING": True})
    try:
        assert service_of(app).capacity == 7.5
    finally:
        service_of(app).shutdown()
