"""The JSON API: submit, status, listing, and a 4xx JSON answer to every kind of bad input."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from support import PUBLISHER_ENV, SHORT_ARTICLE, publisher_client
from waiting import wait_failed, wait_ready, wait_segments_ready

from tts_service.articles import ArticleService

TEXT = SHORT_ARTICLE


def test_post_new_article_is_201_with_links_then_200(client: FlaskClient) -> None:
    first = client.post("/api/articles", json={"text": TEXT, "title": "Bridge"})
    assert first.status_code == 201
    body = first.get_json()
    assert set(body) == {"id", "status", "audio_url", "manifest_url", "captions_url", "text_url"}
    assert body["audio_url"] == f"/audio/{body['id']}.mp3"
    assert body["text_url"] == f"/api/articles/{body['id']}/text"
    assert body["captions_url"] == f"/audio/{body['id']}.vtt"
    assert body["manifest_url"] == f"/api/articles/{body['id']}"
    again = client.post("/api/articles", json={"text": TEXT, "title": "Bridge"})
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]


def test_manifest_goes_from_pending_to_ready(client: FlaskClient) -> None:
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    early = client.get(f"/api/articles/{article_id}").get_json()
    assert early["status"] in ("pending", "partial", "ready")
    assert [s["text"] for s in early["segments"]] == [
        "Harbor Bridge reopens", "The bridge reopened on Monday.", "Traffic was heavy."]
    ready = wait_ready(client, article_id)
    assert ready["duration"] > 2 and len(ready["segments"]) == 3
    assert all(s["end"] > s["start"] for s in ready["segments"])
    assert ready["segments"][-1]["end"] == ready["duration"]


def test_partial_status_times_the_segments_already_made(client: FlaskClient, gated) -> None:
    import threading

    gated.gates["Traffic was heavy."] = threading.Event()
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    body = wait_segments_ready(client, article_id, 2)  # the third waits at its gate
    assert body["status"] == "partial" and body["segments_ready"] == 2
    assert body["segments"][1]["end"] > body["segments"][0]["end"] > 0
    assert body["segments"][2]["start"] is None and body["duration"] is None
    # Words of the made segments are there already, for highlighting from the first sentence.
    for made in body["segments"][:2]:
        assert made["timing"] == "aligned" and made["words"]
        assert all(made["start"] <= w["start"] <= w["end"] <= made["end"] for w in made["words"])
    assert body["segments"][2]["words"] == []
    gated.gates["Traffic was heavy."].set()
    wait_ready(client, article_id)


def test_failed_synthesis_is_reported(client: FlaskClient, gated) -> None:
    gated.failing.add("Traffic was heavy.")
    article_id = client.post("/api/articles", json={"text": TEXT}).get_json()["id"]
    body = wait_failed(client, article_id)
    assert body["error"]["error"] == "the voice failed on purpose"


def test_html_article_and_lang(client: FlaskClient) -> None:
    html = "<article><h1>Title</h1><nav>Menu</nav><p>Body text.</p></article>"
    response = client.post("/api/articles", json={"html": html, "lang": "en-US"})
    assert response.status_code == 201
    body = client.get(response.get_json()["manifest_url"]).get_json()
    assert [s["text"] for s in body["segments"]] == ["Title", "Body text."]


@pytest.mark.parametrize(("lang", "spoken"), [("en-GB", "July third"), ("en-US", "March seventh")])
def test_the_lang_of_a_request_reads_its_dates(client: FlaskClient, lang: str, spoken: str) -> None:
    response = client.post("/api/articles", json={"text": "Published 03/07/2025.", "lang": lang})
    assert response.status_code == 201
    body = client.get(response.get_json()["manifest_url"]).get_json()
    assert spoken in body["segments"][0]["text"]


def test_list_articles_is_paged(client: FlaskClient) -> None:
    ids = []
    for n in range(3):
        ids.append(client.post("/api/articles", json={"text": f"Story number {n}."}).get_json()["id"])
    for article_id in ids:
        wait_ready(client, article_id)
    page1 = client.get("/api/articles?per_page=2").get_json()
    page2 = client.get("/api/articles?per_page=2&page=2").get_json()
    assert page1["total"] == 3 and len(page1["articles"]) == 2 and len(page2["articles"]) == 1
    listed = {a["id"] for a in page1["articles"] + page2["articles"]}
    assert listed == set(ids)


def test_a_publisher_deletes_an_article_and_the_segments_only_it_used(app, client: FlaskClient) -> None:
    kept = client.post("/api/articles", json={"text": "One line stays. Another goes."}).get_json()["id"]
    gone = client.post("/api/articles", json={"text": "One line stays. A third goes."}).get_json()["id"]
    wait_ready(client, kept)
    wait_ready(client, gone)
    assert app.test_client().delete(f"/api/articles/{gone}").status_code == 401  # no key
    deleted = client.delete(f"/api/articles/{gone}")
    assert deleted.status_code == 200
    assert deleted.get_json()["status"] == "forgotten" and deleted.get_json()["segments"] == 1
    assert client.get(f"/api/articles/{gone}").status_code == 404  # not made again by a read
    assert client.delete(f"/api/articles/{gone}").status_code == 404
    assert client.get(f"/api/articles/{kept}").get_json()["status"] == "ready"
    again = client.post("/api/articles", json={"text": "One line stays. A third goes."})
    assert again.status_code == 201 and wait_ready(client, gone)["status"] == "ready"


BAD_POSTS = [
    ("not json", {"data": "text=hello", "content_type": "text/plain"}, 400),
    ("broken json", {"data": "{\"text\": ", "content_type": "application/json"}, 400),
    ("a list", {"json": ["text"]}, 400),
    ("neither text nor html", {"json": {"title": "x"}}, 400),
    ("both text and html", {"json": {"text": "a.", "html": "<p>a.</p>"}}, 400),
    ("text not a string", {"json": {"text": 42}}, 400),
    ("unknown field", {"json": {"text": "Hello.", "speed": 2}}, 400),
    ("empty text", {"json": {"text": ""}}, 400),
    ("whitespace text", {"json": {"text": " \n\n "}}, 400),
    ("markup only", {"json": {"html": "<script>x()</script><nav>Home</nav>"}}, 400),
    ("binary text", {"json": {"text": "\x00\x01\x02binary"}}, 400),
    ("too long", {"json": {"text": "word " * 40_001}}, 413),
    ("unknown backend", {"json": {"text": "Hello.", "backend": "festival"}}, 404),
    ("unknown voice", {"json": {"text": "Hello.", "voice": "en_US-nobody"}}, 404),
    ("language without voice", {"json": {"text": "Sawubona.", "lang": "zu"}}, 400),
    # found by the OpenAPI property-based run: a NUL in the language reached espeak-ng, a 500
    ("language not a tag", {"json": {"text": "Hello.", "lang": "zz-\u0000"}}, 400),
    ("language with spaces", {"json": {"text": "Hello.", "lang": "en GB"}}, 400),
    ("ssml not well-formed", {"json": {"ssml": "<speak>Hello"}}, 400),
    ("ssml unsupported element", {"json": {"ssml": "<speak><audio src='a.mp3'/></speak>"}}, 400),
    ("ssml and text", {"json": {"ssml": "<speak>Hi.</speak>", "text": "Hi."}}, 400),
    ("lexicon not an object", {"json": {"text": "Hello.", "lexicon": ["Hello", "hi"]}}, 400),
    ("lexicon entry not a string", {"json": {"text": "Hello.", "lexicon": {"Hello": 1}}}, 400),
    ("lexicon bad phonemes", {"json": {"text": "Hello.", "lexicon": {"Hello": "[[hi"}}}, 400),
]


def test_an_ssml_article(client: FlaskClient) -> None:
    posted = client.post("/api/articles", json={
        "ssml": '<speak><p>The <sub alias="World Health Organization">WHO</sub> met.</p>'
                '<p>It ended <break time="1s"/> late.</p></speak>'})
    assert posted.status_code == 201, posted.get_data(as_text=True)
    body = client.get(posted.get_json()["manifest_url"]).get_json()
    assert [(s["text"], s["source"]) for s in body["segments"]] == [
        ("The World Health Organization met.", "The WHO met."), ("It ended", "It ended"),
        ("late.", "late.")]


def test_an_articles_lexicon_changes_what_is_said_and_its_id(client: FlaskClient) -> None:
    plain = client.post("/api/articles", json={"text": "Mayor Nguyen spoke."}).get_json()
    posted = client.post("/api/articles", json={"text": "Mayor Nguyen spoke.",
                                                "lexicon": {"Nguyen": "win"}})
    assert posted.status_code == 201 and posted.get_json()["id"] != plain["id"]
    body = client.get(posted.get_json()["manifest_url"]).get_json()
    assert body["segments"][0]["text"] == "Mayor win spoke."
    assert body["segments"][0]["source"] == "Mayor Nguyen spoke."


@pytest.mark.parametrize("case,kwargs,status", BAD_POSTS, ids=[c[0] for c in BAD_POSTS])
def test_bad_posts_get_4xx_json(client: FlaskClient, service: ArticleService, case: str,
                                kwargs: dict, status: int) -> None:
    response = client.post("/api/articles", **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error", "detail"} and body["error"]
    assert list(service.cache.store.root.rglob("*.mp3")) == []


@pytest.mark.parametrize("path", [
    "/api/articles/0123456789abcdef0123456789abcdef",
    "/api/articles/not-an-id",
    "/api/articles/..%2F..%2Fetc%2Fpasswd",
    "/api/articles/0123456789ABCDEF0123456789ABCDEF",
    "/api/articles?page=0",
    "/api/articles?per_page=abc",
    "/api/nothing-here",
])
def test_bad_gets_get_4xx_json(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert set(response.get_json()) == {"error", "detail"}


def test_wrong_method_is_json(client: FlaskClient) -> None:
    response = client.delete("/api/articles")
    assert response.status_code == 405 and "error" in response.get_json()


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["checks"] == {"voice": True, "cache": True}


def test_forgotten_articles_are_rebuilt_from_their_stored_request(
        client: FlaskClient, service: ArticleService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service.recent, "size", 2)
    ids = [client.post("/api/articles", json={"text": f"Short story {n}."}).get_json()["id"]
           for n in range(3)]
    assert ids[0] not in service.recent and ids[2] in service.recent
    body = client.get(f"/api/articles/{ids[0]}").get_json()  # rebuilt from the request sidecar
    assert body["id"] == ids[0] and body["segments"][0]["source"] == "Short story 0."
    for article_id in ids:
        wait_ready(client, article_id)


def test_a_bad_site_lexicon_stops_the_app_at_start(tmp_path) -> None:
    from tts_service.config import Settings
    from tts_service.errors import ConfigError
    from tts_service.web import create_app

    bad = tmp_path / "lexicon.txt"
    bad.write_text("Nguyen win\n", "utf-8")
    settings = Settings.from_env({"TTS_LEXICON": str(bad)}, cache_dir=tmp_path / "cache")
    with pytest.raises(ConfigError, match="lexicon.txt:1"):
        create_app({"SETTINGS": settings})


def test_html_is_limited_as_sent_and_the_article_as_read(tmp_path) -> None:
    from tts_service.config import Settings
    from tts_service.web import create_app, service_of

    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache", max_html_bytes=20_000,
                                 max_article_chars=300)
    app = create_app({"SETTINGS": settings, "TESTING": True})
    client = publisher_client(app)
    chrome = "<nav>" + "<a href='/'>Section</a> " * 400 + "</nav>"  # 10 KB of menus
    page = f"<html><body>{chrome}<article><h1>Short</h1><p>A short story.</p></article></body></html>"
    assert len(page) > settings.max_article_chars
    ok = client.post("/api/articles", json={"html": page})
    assert ok.status_code == 201, ok.get_data(as_text=True)
    huge = client.post("/api/articles", json={"html": page + " " * 20_000})
    assert huge.status_code == 413 and "TTS_MAX_HTML_BYTES" in huge.get_json()["detail"]
    empty = client.post("/api/articles", json={"html": f"<html><body>{chrome}</body></html>"})
    assert empty.status_code == 400 and empty.get_json()["error"]
    service_of(app).shutdown()


def test_the_text_the_offsets_index_is_served(client: FlaskClient) -> None:
    page = ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
            "<h1>Rowers win</h1><p>The Hollis Lake club won the final.</p></article></body></html>")
    created = client.post("/api/articles", json={"html": page}).get_json()
    text = client.get(created["text_url"])
    assert text.status_code == 200 and text.mimetype == "text/plain"
    body = client.get(created["manifest_url"]).get_json()
    assert [s["source"] for s in body["segments"]] == ["Rowers win", "The Hollis Lake club won the final."]
    for segment in body["segments"]:
        assert text.get_data(as_text=True)[segment["char_start"]:segment["char_end"]] == segment["source"]
    assert "Home" not in text.get_data(as_text=True)
    assert client.get("/api/articles/0123456789abcdef0123456789abcdef/text").status_code == 404
