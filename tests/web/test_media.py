"""Audio: cached files with Range/ETag, progressive streaming while synthesizing, captions."""

from __future__ import annotations

import threading

import pytest
from flask.testing import FlaskClient
from support import SHORT_ARTICLE, ffmpeg_decode
from waiting import DEADLINE, wait_ready

from tts_service import audio
from tts_service.articles import ArticleService

TEXT = SHORT_ARTICLE


@pytest.fixture
def ready_id(client: FlaskClient) -> str:
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    wait_ready(client, article_id)
    return article_id


def fetch(client: FlaskClient, path: str, **kwargs):  # type: ignore[no-untyped-def]
    """GET, read the whole body and close the response (and the file behind it)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def test_ready_mp3_has_caching_headers(client: FlaskClient, ready_id: str,
                                       service: ArticleService) -> None:
    response = fetch(client, f"/audio/{ready_id}.mp3")
    data = response.get_data()
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    assert data == service.cache.article_path(ready_id).read_bytes()
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.headers["ETag"] == f'"{ready_id}"'
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert int(response.headers["Content-Length"]) == len(data)
    assert fetch(client, f"/audio/{ready_id}.mp3",
                 headers={"If-None-Match": f'"{ready_id}"'}).status_code == 304


@pytest.mark.parametrize("header,status,piece", [
    ("bytes=0-99", 206, slice(0, 100)),
    ("bytes=100-", 206, slice(100, None)),
    ("bytes=-500", 206, slice(-500, None)),
    ("bytes=abc", 200, slice(None)),  # invalid: ignored, the whole file
    ("bytes=0-9,20-29", 200, slice(None)),  # multiple ranges: served whole
    ("bytes=99999999-", 416, None),
])
def test_range_requests(client: FlaskClient, ready_id: str, service: ArticleService,
                        header: str, status: int, piece: slice | None) -> None:
    full = service.cache.article_path(ready_id).read_bytes()
    response = fetch(client, f"/audio/{ready_id}.mp3", headers={"Range": header})
    assert response.status_code == status
    if status == 206:
        assert response.get_data() == full[piece]
        start = piece.start if piece.start is None or piece.start >= 0 else len(full) + piece.start
        start = start or 0
        end = start + len(full[piece]) - 1
        assert response.headers["Content-Range"] == f"bytes {start}-{end}/{len(full)}"
    elif status == 416:
        assert response.headers["Content-Range"] == f"bytes */{len(full)}"
    else:
        assert response.get_data() == full


def test_stream_delivers_the_first_segment_before_the_last_is_made(
        client: FlaskClient, gated, service: ArticleService) -> None:
    gate = gated.gates["Traffic was heavy."] = threading.Event()
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    response = client.get(f"/audio/{article_id}.mp3", buffered=False)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    chunks = response.response  # the streaming iterator
    first = next(iter(chunks))
    assert audio.frame_count(first) > 10  # real MP3 frames of the first segment
    assert "Traffic was heavy." not in [c for c in gated.calls if gate.is_set()]
    assert not service.cache.has_article(article_id)
    gate.set()
    rest = b"".join(chunks)
    response.close()
    stream = first + rest
    wait_ready(client, article_id)
    assert stream == service.cache.article_path(article_id).read_bytes()
    assert ffmpeg_decode(stream, 22050).errors == ""


def test_listener_leaving_does_not_stop_synthesis(client: FlaskClient, gated,
                                                  service: ArticleService) -> None:
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    response = client.get(f"/audio/{article_id}.mp3", buffered=False)
    next(iter(response.response))
    response.close()  # the tab is closed after the first bytes
    wait_ready(client, article_id)


def test_sixteen_concurrent_listeners_cause_one_synthesis_per_segment(
        client: FlaskClient, gated, service: ArticleService, app) -> None:
    text = "One listener. Two listeners. Three listeners.\n\nSixteen listeners at once."
    article_id = client.post("/api/articles", json={"text": text}).get_json()["id"]
    bodies: list[bytes] = []
    errors: list[BaseException] = []

    def listen() -> None:
        try:
            bodies.append(app.test_client().get(f"/audio/{article_id}.mp3").get_data())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=listen) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE)
    assert errors == [] and len(bodies) == 16
    assert sorted(gated.calls) == sorted(set(gated.calls))  # nothing made twice
    assert len(gated.calls) == 4
    wait_ready(client, article_id)
    assert len(set(bodies)) == 1
    assert bodies[0] == service.cache.article_path(article_id).read_bytes()


def test_failed_first_segment_is_a_json_error(client: FlaskClient, gated) -> None:
    gated.failing.add("Harbor Bridge reopens")
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    response = client.get(f"/audio/{article_id}.mp3")
    assert response.status_code == 503
    assert response.get_json()["error"] == "the voice failed on purpose"


@pytest.mark.parametrize("path,status", [
    ("/audio/0123456789abcdef0123456789abcdef.mp3", 404),
    ("/audio/nothex.mp3", 404),
    ("/audio/..%2F..%2Fpasswd.mp3", 404),
    ("/audio/0123456789abcdef0123456789abcdef.vtt", 404),
    ("/audio/0123456789abcdef0123456789abcdef.wav", 404),
])
def test_unknown_audio_is_404_json(client: FlaskClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert set(response.get_json()) == {"error", "detail"}


def test_captions_are_webvtt_one_cue_per_sentence(client: FlaskClient, ready_id: str) -> None:
    manifest = client.get(f"/api/articles/{ready_id}").get_json()
    vtt = client.get(f"/audio/{ready_id}.vtt").get_data(as_text=True)
    assert vtt.startswith("WEBVTT\n")
    cues = [block.splitlines() for block in vtt.strip().split("\n\n")[1:]]
    assert [cue[2] for cue in cues] == [s["text"] for s in manifest["segments"]]
    first_end = manifest["segments"][0]["end"]
    start, end = cues[0][1].split(" --> ")
    assert start == "00:00:00.000"
    hours, minutes, seconds = end.split(":")
    assert int(hours) == int(minutes) == 0
    assert abs(float(seconds) - first_end) <= 0.001


def test_captions_with_words_time_each_word_inside_its_cue(client: FlaskClient,
                                                           ready_id: str) -> None:
    plain = client.get(f"/audio/{ready_id}.vtt").get_data(as_text=True)
    timed = client.get(f"/audio/{ready_id}.vtt?words=1").get_data(as_text=True)
    cues = [block.splitlines() for block in timed.strip().split("\n\n")[1:]]
    assert [cue[1] for cue in cues] == [block.splitlines()[1]
                                        for block in plain.strip().split("\n\n")[1:]]
    for cue in cues:
        start, end = cue[1].split(" --> ")
        stamps = [part.split(">")[0] for part in cue[2].split("<")[1:]]
        assert stamps and all(start < stamp < end for stamp in stamps)
        assert stamps == sorted(stamps)
    assert "<00:00:" in cues[1][2] and "Monday." in cues[1][2]
