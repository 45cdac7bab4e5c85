"""The podcast feed as a podcast app sees it: `tts-service pregenerate --feed`, then
`tts-service serve`, real HTTP requests for the feed and every enclosure."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import requests
from mutagen.id3 import ID3
from support import PUBLISHER_HEADERS, STEADY_ENV, serving
from waiting import DEADLINE, HTTP_TIMEOUT

EXE = Path(sys.executable).with_name("tts-service")
PAGE = """<html><head><title>Tides</title></head><body><article><h1>Spring tides arrive early</h1>
<p>The harbor flooded twice on Sunday. Boats were moved inland.</p>
<h2>What the council said</h2><p>Sandbags are free at the depot.</p></article></body></html>"""
POSTED = "Ferry service resumes\n\nThe ferry ran again on Tuesday."


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server on a cache where `pregenerate --feed` made one article; yields its URL and the
    article's id."""
    root = tmp_path_factory.mktemp("feed")
    site, cache, report = root / "site", root / "cache", root / "report.json"
    site.mkdir()
    (site / "tides.html").write_text(PAGE)
    made = subprocess.run([str(EXE), "pregenerate", str(site), "--feed", "-q", "--workers", "1",
                           "--report", str(report)],
                          env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache)}, capture_output=True,
                          text=True, timeout=DEADLINE, check=False)
    assert made.returncode == 0, made.stderr
    [outcome] = json.loads(report.read_text())["articles"]
    with serving(EXE, cache, root / "server.log") as base:
        yield base, outcome["id"]


def test_pregenerated_and_posted_articles_are_in_the_served_feed(served: tuple[str, str]) -> None:
    base, pregenerated = served
    posted = requests.post(f"{base}/api/articles", json={"text": POSTED, "feed": True},
                           headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT).json()["id"]
    refused = requests.post(f"{base}/api/articles", json={"text": "A reader's try.", "feed": True},
                            headers={"Origin": base}, timeout=HTTP_TIMEOUT)
    assert refused.status_code == 403 and refused.json()["error"]
    requests.get(f"{base}/audio/{posted}.mp3", timeout=HTTP_TIMEOUT).raise_for_status()  # waits until made
    feed = feedparser.parse(requests.get(f"{base}/feed.xml", timeout=HTTP_TIMEOUT).content)
    assert not feed.bozo and [entry.id for entry in feed.entries] == [posted, pregenerated]
    assert feed.feed.title == "Articles read aloud"
    for entry in feed.entries:
        enclosure = entry.enclosures[0]
        served_file = requests.get(enclosure.href, timeout=HTTP_TIMEOUT)
        assert served_file.status_code == 200
        assert int(enclosure.length) == len(served_file.content)
        head = requests.head(enclosure.href, timeout=HTTP_TIMEOUT)
        assert int(head.headers["Content-Length"]) == int(enclosure.length)
        tail = requests.get(enclosure.href, headers={"Range": "bytes=-1000"}, timeout=HTTP_TIMEOUT)
        assert tail.status_code == 206 and tail.content == served_file.content[-1000:]
        plain = requests.get(f"{base}/audio/{entry.id}.mp3", timeout=HTTP_TIMEOUT).content
        assert served_file.content.endswith(plain)
        assert len(served_file.content) == ID3(io.BytesIO(served_file.content)).size + len(plain)
    tides = ID3(io.BytesIO(requests.get(feed.entries[1].enclosures[0].href, timeout=HTTP_TIMEOUT).content))
    in_order = sorted(tides.getall("CHAP"), key=lambda chapter: chapter.start_time)
    assert [str(chapter.sub_frames["TIT2"]) for chapter in in_order] == [
        "Spring tides arrive early", "What the council said"]
