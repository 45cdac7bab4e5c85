"""Fallback through HTTP: an article asked of gTTS while Google is unavailable is made, status and
audio, by the offline voice under the same id; a stream never mixes the two voices."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from support import SHORT_ARTICLE, ffmpeg_decode
from waiting import wait_failed, wait_ready, wait_segments_ready

from tts_service import audio
from tts_service.articles import ArticleService
from tts_service.synthesis.fallback import REASON
from tts_service.synthesis.request import ArticleRequest

TEXT = SHORT_ARTICLE
SEGMENTS = ["Harbor Bridge reopens", "The bridge reopened on Monday.", "Traffic was heavy."]
PIPER_RATE, GOOGLE_RATE = 22_050, 24_000
UNREACHABLE = ["connect"] * 20  # enough for the job and a listener to try, and retry, each


@pytest.fixture
def google(service: ArticleService, make_gtts: Callable[..., Any]) -> Callable[[list[Any]], Any]:
    """``google(script)``: the service's gTTS voice answers from the script, retrying once."""

    def use(script: list[Any]) -> Any:
        rig = make_gtts(script, retries=1)
        service.use_backend(rig.backend, name="gtts")
        return rig

    return use


def get_audio(client: FlaskClient, url: str) -> bytes:
    with client.get(url) as response:  # a file response holds the file open until closed
        return response.get_data()


def rates(mp3: bytes) -> set[int]:
    return {frame.sample_rate for frame in audio.iter_frames(mp3)}


def test_an_article_asked_of_unreachable_google_is_made_by_piper(
        client: FlaskClient, gated, google) -> None:
    rig = google(UNREACHABLE)
    posted = client.post("/api/articles", json={"text": TEXT, "backend": "gtts"}).get_json()

    body = wait_ready(client, posted["id"])

    assert body["status"] == "ready" and body["id"] == posted["id"]
    assert body["backend"] == gated.id
    assert body["fallback"] == {"from": rig.backend.id, "reason": REASON}
    assert [s["text"] for s in body["segments"]] == SEGMENTS == gated.calls
    mp3 = get_audio(client, posted["audio_url"])
    assert len(mp3) == body["bytes"] and rates(mp3) == {PIPER_RATE}
    assert ffmpeg_decode(mp3, PIPER_RATE).errors == ""


def test_while_it_falls_back_the_status_shows_the_offline_voice(
        client: FlaskClient, gated, google) -> None:
    rig = google(UNREACHABLE)
    gate = gated.gates["Traffic was heavy."] = threading.Event()
    article_id = client.post("/api/articles", json={"text": TEXT, "backend": "gtts"}).get_json()["id"]
    body = wait_segments_ready(client, article_id, 2)  # the third waits at its gate

    assert (body["status"], body["segments_ready"], body["backend"]) == ("partial", 2, gated.id)
    assert body["fallback"] == {"from": rig.backend.id, "reason": REASON}
    gate.set()
    wait_ready(client, article_id)


def test_with_fallback_off_the_article_fails(client: FlaskClient, gated, google) -> None:
    google(UNREACHABLE)
    article_id = client.post("/api/articles", json={"text": TEXT, "backend": "gtts",
                                                    "fallback": False}).get_json()["id"]
    body = wait_failed(client, article_id)

    assert "fallback" not in body
    assert body["error"]["error"].startswith("Google TTS could not be reached")
    assert gated.calls == []


def test_fallback_must_be_a_boolean(client: FlaskClient) -> None:
    response = client.post("/api/articles", json={"text": TEXT, "fallback": "no"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "field 'fallback' must be true or false"


# -- streaming while it is made ------------------------------------------------------------------

def test_when_the_first_segment_fails_the_stream_is_the_offline_voices(
        client: FlaskClient, gated, google, service: ArticleService) -> None:
    google(UNREACHABLE)
    article_id = client.post("/api/articles", json={"text": TEXT, "backend": "gtts"}).get_json()["id"]

    streamed = get_audio(client, f"/audio/{article_id}.mp3")

    assert rates(streamed) == {PIPER_RATE}
    assert wait_ready(client, article_id)["backend"] == gated.id
    assert streamed == service.cache.article_path(article_id).read_bytes()


def test_a_listener_never_waits_on_a_google_that_hangs(
        client: FlaskClient, gated, google, service: ArticleService) -> None:
    rig = google(["hang"] * 4)  # every request connects and then hears nothing, for minutes
    try:
        article_id = client.post("/api/articles",
                                 json={"text": TEXT, "backend": "gtts"}).get_json()["id"]

        streamed = get_audio(client, f"/audio/{article_id}.mp3")

        assert not rig.google.released.is_set()  # Google still hangs: nobody waited for it
        assert rates(streamed) == {PIPER_RATE}
        body = wait_ready(client, article_id)
        assert body["fallback"] == {"from": rig.backend.id, "reason": REASON}
        assert [s["text"] for s in body["segments"]] == SEGMENTS == gated.calls
    finally:
        rig.google.released.set()


def test_when_google_fails_mid_stream_the_stream_ends_cleanly_and_piper_makes_the_article(
        client: FlaskClient, gated, google, service: ArticleService) -> None:
    google(["ok"] + UNREACHABLE)  # the first segment is Google's; none after it
    request = ArticleRequest(TEXT, backend="gtts")
    online, _ = service.submit(request, start=False)  # the stream starts the job

    streamed = get_audio(client, f"/audio/{online.id}.mp3")

    first = service.cache.get_segment(online.keys[0])
    assert first is not None and streamed.startswith(first)
    assert rates(streamed) == {GOOGLE_RATE}  # Google's segment and the pause after it, only
    assert ffmpeg_decode(streamed, GOOGLE_RATE).errors == ""
    body = wait_ready(client, online.id)
    assert (body["status"], body["backend"]) == ("ready", gated.id)
    later = get_audio(client, f"/audio/{online.id}.mp3")
    assert rates(later) == {PIPER_RATE} and len(later) == body["bytes"]
