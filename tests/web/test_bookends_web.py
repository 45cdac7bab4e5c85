"""An article with an intro and outro over HTTP: streamed while made, the same bytes as the
finished file, its status placing the sentences after the intro, its captions saying it."""

from __future__ import annotations

import threading

from flask.testing import FlaskClient
from support import SHORT_ARTICLE, ffmpeg_decode
from waiting import wait_ready

from tts_service.articles import ArticleService

INTRO = "You're listening to The Millbrook Ledger."


def test_a_stream_with_bookends_is_the_finished_file(client: FlaskClient, gated,
                                                      service: ArticleService) -> None:
    gate = gated.gates["Traffic was heavy."] = threading.Event()
    body = {"text": SHORT_ARTICLE, "intro": INTRO, "outro": "Thanks for listening."}
    article_id = client.post("/api/articles", json=body).get_json()["id"]
    response = client.get(f"/audio/{article_id}.mp3", buffered=False)
    chunks = iter(response.response)
    first = next(chunks)
    partial = client.get(f"/api/articles/{article_id}").get_json()
    assert partial["status"] == "partial" and "intro" not in partial
    made = [segment for segment in partial["segments"] if segment["start"] is not None]
    assert made and made[0]["start"] > 2.0  # after the intro's words and its pause
    gate.set()
    stream = first + b"".join(chunks)
    response.close()
    manifest = wait_ready(client, article_id)
    assert stream == service.cache.article_path(article_id).read_bytes()
    assert ffmpeg_decode(stream, 22050).errors == ""
    assert made[0]["start"] == manifest["segments"][0]["start"] == manifest["intro"]["end"]
    captions = client.get(f"/audio/{article_id}.vtt").get_data(as_text=True)
    assert INTRO in captions and "Thanks for listening." in captions.split("\n\n")[-1]
