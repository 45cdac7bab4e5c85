"""Publishing beyond the player: the podcast feed, the tagged download, schema.org markup."""

from __future__ import annotations

import io
from dataclasses import replace
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from mutagen.id3 import ID3
from support import OWN_PAGE, reader
from waiting import wait_failed, wait_ready

from tts_service.articles import ArticleService
from tts_service.audio.chapters import headings
from tts_service.config import Settings
from tts_service.store.names import sidecar_name

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
BRIDGE = """<article><h1>Harbor Bridge reopens after two years</h1>
<p>The bridge reopened on Monday. Traffic was heavy by seven.</p>
<h2>What changed</h2>
<p>Engineers replaced the deck. The lanes are wider now.</p>
<h2>What comes next</h2>
<p>Tolls start in March.</p></article>"""
FERRY = "Ferry service resumes\n\nThe ferry ran again on Tuesday."


@pytest.fixture
def settings(settings: Settings, request: pytest.FixtureRequest) -> Settings:
    """The test's settings, with the TTS_FEED_* values a test gives (indirect parametrize)."""
    return replace(settings, **getattr(request, "param", {}))


def made(client: FlaskClient, **body: Any) -> str:
    response = client.post("/api/articles", json=body)
    assert response.status_code in (200, 201), response.get_json()
    article_id = str(response.get_json()["id"])
    wait_ready(client, article_id)
    return article_id


def get_all(client: FlaskClient, path: str, **kwargs: Any) -> Any:
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def bridge(client: FlaskClient) -> str:
    return made(client, html=BRIDGE, title="Harbor Bridge reopens", author="Dana Reyes",
                date="2026-11-27T06:30:00+00:00", feed=True)


# -- the feed -------------------------------------------------------------------------------------
def test_feed_lists_the_articles_publishers_chose_with_their_metadata(
        client: FlaskClient, bridge: str, service: ArticleService) -> None:
    ferry = made(client, text=FERRY, feed=True)
    made(client, text="Not in the feed.\n\nNobody chose it.")
    response = get_all(client, "/feed.xml")
    assert response.status_code == 200 and response.mimetype == "application/rss+xml"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.id for entry in parsed.entries] == [ferry, bridge]  # newest first
    ferry_entry, bridge_entry = parsed.entries
    assert bridge_entry.title == "Harbor Bridge reopens"
    assert bridge_entry.summary.startswith("The bridge reopened on Monday.")  # after the headline
    assert bridge_entry.published_parsed[:5] == (2026, 11, 27, 6, 30)
    assert ferry_entry.title == "Ferry service resumes"  # untitled: its first sentence
    assert ferry_entry.summary == "The ferry ran again on Tuesday."
    added = service.cache.store.stat(sidecar_name(ferry, "feed")).modified  # undated: when added
    assert ferry_entry.published_parsed[:6] == added.timetuple()[:6]
    manifest = client.get(f"/api/articles/{bridge}").get_json()
    assert bridge_entry.itunes_duration == str(round(manifest["duration"]))
    enclosure = bridge_entry.enclosures[0]
    assert enclosure.type == "audio/mpeg"
    assert enclosure.href == f"http://localhost/audio/{bridge}.download.mp3"


def test_feed_is_well_formed_with_every_tag_apple_requires(client: FlaskClient, bridge: str) -> None:
    root = etree.fromstring(get_all(client, "/feed.xml").get_data())
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ("title", "description", "language", "link", f"{ITUNES}author", f"{ITUNES}explicit"):
        assert (channel.findtext(tag) or "").strip(), tag
    assert channel.findtext(f"{ITUNES}explicit") in ("true", "false")
    assert channel.find(f"{ITUNES}category").get("text") == "News"
    image = channel.find(f"{ITUNES}image").get("href")
    assert image == "http://localhost/static/podcast-cover.png"
    cover = get_all(client, "/static/podcast-cover.png")
    assert cover.status_code == 200 and cover.get_data()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(cover.get_data()[16:20]), int.from_bytes(cover.get_data()[20:24])
    assert 1400 <= width == height <= 3000  # Apple's cover art rule
    items = channel.findall("item")
    assert len(items) == 1  # the bridge
    for item in items:
        for tag in ("title", "guid", "pubDate", "description", f"{ITUNES}duration"):
            assert (item.findtext(tag) or "").strip(), tag
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822, or it raises
        assert item.find("guid").get("isPermaLink") == "false"
        enclosure = item.find("enclosure")
        assert enclosure.get("type") == "audio/mpeg" and int(enclosure.get("length")) > 0
        transcript = item.find(f"{PODCAST}transcript")
        assert transcript.get("url") == f"http://localhost/audio/{bridge}.vtt"
        assert transcript.get("type") == "text/vtt"


def test_every_enclosure_length_is_the_size_of_the_file_served(client: FlaskClient,
                                                               bridge: str) -> None:
    made(client, text=FERRY, feed=True)
    parsed = feedparser.parse(get_all(client, "/feed.xml").get_data())
    assert len(parsed.entries) == 2
    for entry in parsed.entries:
        enclosure = entry.enclosures[0]
        served = get_all(client, enclosure.href.removeprefix("http://localhost"))
        assert served.status_code == 200 and served.mimetype == "audio/mpeg"
        assert int(enclosure.length) == len(served.get_data())
        assert int(served.headers["Content-Length"]) == len(served.get_data())


FEED_SETTINGS = {"feed_title": "The Harbor Times, read aloud", "feed_author": "The Harbor Times",
                 "feed_category": "News/Daily News", "feed_explicit": True, "feed_language": "en-us",
                 "feed_link": "https://harbor.example", "feed_email": "audio@harbor.example",
                 "feed_image": "https://harbor.example/cover.jpg"}


@pytest.mark.parametrize("settings", [FEED_SETTINGS], indirect=True)
def test_feed_settings_describe_the_channel(client: FlaskClient) -> None:
    root = etree.fromstring(get_all(client, "/feed.xml").get_data())
    channel = root.find("channel")
    assert channel.findtext("title") == "The Harbor Times, read aloud"
    assert channel.findtext(f"{ITUNES}author") == "The Harbor Times"
    assert channel.findtext("link") == "https://harbor.example"
    assert channel.findtext("language") == "en-us"
    assert channel.findtext(f"{ITUNES}explicit") == "true"
    assert channel.find(f"{ITUNES}image").get("href") == "https://harbor.example/cover.jpg"
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") == "News" and category.find(f"{ITUNES}category").get("text") == "Daily News"
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "audio@harbor.example"


def test_a_keyless_client_cannot_add_to_the_feed(app: Flask, client: FlaskClient) -> None:
    refused = reader(app).post("/api/articles", json={"text": FERRY, "feed": True}, headers=OWN_PAGE)
    assert refused.status_code == 403
    assert "feed" in refused.get_json()["error"]
    made(client, text=FERRY)  # made, but nobody put it in the feed
    assert feedparser.parse(get_all(client, "/feed.xml").get_data()).entries == []


def test_a_publisher_takes_an_article_out_of_the_feed(client: FlaskClient, bridge: str) -> None:
    assert len(feedparser.parse(get_all(client, "/feed.xml").get_data()).entries) == 1
    client.post("/api/articles", json={"html": BRIDGE, "feed": False})
    assert feedparser.parse(get_all(client, "/feed.xml").get_data()).entries == []


def test_forgetting_an_article_takes_it_out_of_the_feed(client: FlaskClient, bridge: str,
                                                        service: ArticleService) -> None:
    service.forget(bridge)
    assert feedparser.parse(get_all(client, "/feed.xml").get_data()).entries == []
    assert not any(name.startswith(bridge) for name in service.cache.store.names("articles"))


@pytest.mark.parametrize("value", ["yes", 1, None, ["true"]])
def test_feed_must_be_a_boolean(client: FlaskClient, value: Any) -> None:
    response = client.post("/api/articles", json={"text": FERRY, "feed": value})
    assert response.status_code == 400
    assert "feed" in response.get_json()["error"] and response.get_json()["detail"]


# -- the download ---------------------------------------------------------------------------------
def test_download_carries_id3_tags_and_chapters_at_the_headings(client: FlaskClient, bridge: str,
                                                                service: ArticleService) -> None:
    plain = get_all(client, f"/audio/{bridge}.mp3").get_data()
    manifest = client.get(f"/api/articles/{bridge}").get_json()
    assert plain == service.cache.article_path(bridge).read_bytes()
    assert len(plain) == manifest["bytes"]  # the stream stays byte-exact with the manifest
    response = get_all(client, f"/audio/{bridge}.download.mp3")
    assert response.status_code == 200 and response.mimetype == "audio/mpeg"
    download = response.get_data()
    tags = ID3(io.BytesIO(download))
    assert download.endswith(plain) and len(download) == tags.size + len(plain)
    assert str(tags["TIT2"]) == "Harbor Bridge reopens"
    assert str(tags["TPE1"]) == "Dana Reyes"
    assert str(tags["TALB"]) == "Articles read aloud"  # the site: TTS_FEED_TITLE
    assert str(tags["TDRC"]) == "2026-11-27"
    chapters = sorted(tags.getall("CHAP"), key=lambda chapter: chapter.start_time)
    heads = [segment for segment in manifest["segments"]
             if segment["source"] in ("Harbor Bridge reopens after two years", "What changed",
                                      "What comes next")]
    assert headings(manifest["segments"]) == [(h["source"], h["start"]) for h in heads]
    assert [str(chapter.sub_frames["TIT2"]) for chapter in chapters] == [h["source"] for h in heads]
    assert [chapter.start_time for chapter in chapters] == [round(h["start"] * 1000) for h in heads]
    assert chapters[-1].end_time == round(manifest["duration"] * 1000)
    assert [c.end_time for c in chapters[:-1]] == [c.start_time for c in chapters[1:]]
    toc = tags.getall("CTOC")[0]
    assert list(toc.child_element_ids) == [chapter.element_id for chapter in chapters]


def test_download_is_the_same_bytes_every_time_and_follows_the_metadata(
        client: FlaskClient, bridge: str) -> None:
    first = get_all(client, f"/audio/{bridge}.download.mp3")
    again = get_all(client, f"/audio/{bridge}.download.mp3")
    assert first.get_data() == again.get_data() and first.headers["ETag"] == again.headers["ETag"]
    assert get_all(client, f"/audio/{bridge}.download.mp3",
                   headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    current = get_all(client, f"/audio/{bridge}.download.mp3",
                      headers={"Range": "bytes=0-99", "If-Range": first.headers["ETag"]})
    assert current.status_code == 206 and current.get_data() == first.get_data()[:100]
    stale = get_all(client, f"/audio/{bridge}.download.mp3",
                    headers={"Range": "bytes=0-99", "If-Range": '"other"'})
    assert stale.status_code == 200 and stale.get_data() == first.get_data()
    client.post("/api/articles", json={"html": BRIDGE, "title": "Bridge open again"})
    renamed = get_all(client, f"/audio/{bridge}.download.mp3")
    assert str(ID3(io.BytesIO(renamed.get_data()))["TIT2"]) == "Bridge open again"
    assert renamed.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize("header,status,piece", [
    ("bytes=0-9", 206, slice(0, 10)),  # inside the tag
    ("bytes=100-5099", 206, slice(100, 5100)),  # across the tag and the audio
    ("bytes=-500", 206, slice(-500, None)),  # audio only
    ("bytes=abc", 200, slice(None)),  # malformed: the whole file
    ("bytes=0-9,20-29", 200, slice(None)),  # several ranges: the whole file
    ("bytes=99999999-", 416, None),
])
def test_download_answers_range_requests(client: FlaskClient, bridge: str, header: str,
                                         status: int, piece: slice | None) -> None:
    whole = get_all(client, f"/audio/{bridge}.download.mp3").get_data()
    response = get_all(client, f"/audio/{bridge}.download.mp3", headers={"Range": header})
    assert response.status_code == status
    if piece is not None:
        assert response.get_data() == whole[piece]
    if status == 206:
        start = range(len(whole))[piece][0]
        assert response.headers["Content-Range"] == (
            f"bytes {start}-{start + len(whole[piece]) - 1}/{len(whole)}")
    if status == 416:
        assert response.get_json()["error"] and response.headers["Content-Range"] == f"bytes */{len(whole)}"


def test_download_of_an_article_being_made_or_failed_is_409_and_unknown_ids_404(client: FlaskClient,
                                                                       gated: Any) -> None:
    import threading

    gated.gates["The ferry ran again on Tuesday."] = threading.Event()
    pending = client.post("/api/articles", json={"text": FERRY}).get_json()["id"]
    try:
        for path in (f"/audio/{pending}.download.mp3", f"/api/articles/{pending}?format=jsonld"):
            response = client.get(path)
            assert response.status_code == 409 and response.get_json()["detail"], path
    finally:
        gated.gates["The ferry ran again on Tuesday."].set()
    gated.failing.add("This one fails.")
    failed = client.post("/api/articles", json={"text": "This one fails."}).get_json()["id"]
    wait_failed(client, failed)
    response = client.get(f"/audio/{failed}.download.mp3")
    assert response.status_code == 409 and "failed" in response.get_json()["error"]
    for path in ("/audio/0123456789abcdef0123456789abcdef.download.mp3", "/audio/nope.download.mp3",
                 "/api/articles/0123456789abcdef0123456789abcdef?format=jsonld"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"], path


# -- schema.org -----------------------------------------------------------------------------------
def test_jsonld_gives_an_audio_object(client: FlaskClient, bridge: str,
                                     service: ArticleService) -> None:
    response = client.get(f"/api/articles/{bridge}?format=jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    body = response.get_json(force=True)
    manifest = client.get(f"/api/articles/{bridge}").get_json()
    minutes, seconds = divmod(round(manifest["duration"]), 60)
    assert body["@context"] == "https://schema.org" and body["@type"] == "AudioObject"
    assert body["name"] == "Harbor Bridge reopens"
    assert body["contentUrl"] == f"http://localhost/audio/{bridge}.mp3"
    assert body["encodingFormat"] == "audio/mpeg" and body["bitrate"] == "64 kbps"
    assert body["duration"] == "PT" + (f"{minutes}M" if minutes else "") + (
        f"{seconds}S" if seconds or not minutes else "")
    assert body["transcript"] == f"http://localhost/api/articles/{bridge}/text"
    assert client.get(body["transcript"]).get_data(as_text=True).startswith("Harbor Bridge reopens")
    assert body["caption"]["contentUrl"] == f"http://localhost/audio/{bridge}.vtt"
    assert body["inLanguage"] == "en-US"
    assert body["datePublished"] == "2026-11-27T06:30:00+00:00"
    made_at = service.cache.article_info(bridge).modified  # when its MP3 was written
    assert body["uploadDate"] == made_at.isoformat(timespec="seconds")
    assert body["author"] == {"@type": "Person", "name": "Dana Reyes"}


@pytest.mark.parametrize("query", ["format=xml", "format=", "format=JSONLD"])
def test_unknown_formats_are_400(client: FlaskClient, bridge: str, query: str) -> None:
    response = client.get(f"/api/articles/{bridge}?{query}")
    assert response.status_code == 400 and response.get_json()["detail"]


def test_a_title_with_a_control_character_does_not_break_the_feed(client: FlaskClient) -> None:
    """XML cannot hold control characters: the title is shown without them, the feed still parses."""
    made(client, text="The ferry runs again.", title="Ferry\x01 runs\x0b again", feed=True)
    response = client.get("/feed.xml")
    assert response.status_code == 200
    items = etree.fromstring(response.data).findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Ferry runs again"]
