"""The player's listening analytics in a real browser: an article heard to the end at 2x is one
play, 100% listen-through and its seconds in /api/analytics; a browser that asks not to be
tracked, or an embed that says off, sends nothing; a data-tts-source player is counted as shown
without a click; other sites and keyless callers read nothing."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from browser_support import PLAYER, Site, open_page, wait_js
from playwright.sync_api import Browser, Page
from support import PUBLISHER_HEADERS
from waiting import HTTP_TIMEOUT, wait_until

TEXT = ("The harbor bridge reopens in spring. The council voted for it on Tuesday night, after a "
        "long debate about the cost of the repairs.")
DO_NOT_TRACK = "Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });"


def made(site: Site, text: str) -> tuple[str, float]:
    article_id = str(site.api("/api/articles", {"title": "Bridge", "text": text})["id"])
    manifest = site.wait_for(article_id, lambda m: m.get("status") == "ready", "the article made")
    return article_id, float(manifest["duration"])


def analytics(site: Site, article_id: str) -> dict[str, Any]:
    request = urllib.request.Request(site.url + "/api/analytics", headers=PUBLISHER_HEADERS)
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        rows = json.load(response)["articles"]
    return next((row for row in rows if row["article"] == article_id), {"plays": 0, "shown": 0})


def play_to_the_end(page: Page, url: str, rate: str = "2") -> None:
    page.add_init_script(f"localStorage.setItem('tts-player:rate', '{rate}')")
    page.goto(url)
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.ended")


def test_an_article_heard_to_the_end_at_2x_is_one_play_heard_through(site: Site, browser: Browser) -> None:
    article_id, duration = made(site, TEXT)
    url = site.page_url("analytics-2x", f'<div data-tts-article-id="{article_id}"></div>')
    with open_page(browser, analytics=True) as page:
        play_to_the_end(page, url)
        assert page.evaluate(f"{PLAYER}.playbackRate") == 2
    row = wait_until(lambda: (found := analytics(site, article_id)).get("p100") and found,
                     "the play counted, heard to the end")
    assert (row["shown"], row["plays"], row["p25"], row["p50"], row["p75"], row["p100"]) == (1, 1, 1, 1, 1, 1)
    assert row["listen_through"] == 1.0
    assert row["speeds"] == {"2": 1}
    assert duration * 0.9 <= row["seconds"] <= duration * 1.05  # the article's seconds, heard once


def test_a_source_embed_is_counted_shown_without_a_click_and_once_with_one(site: Site,
                                                                            browser: Browser) -> None:
    """A data-tts-source player's id comes from the service: the answer to the request that makes
    its first segment ahead once in view names it, so the view counts as shown with no click;
    a view that is clicked counts one shown and one play, on the same article."""
    story = TEXT.replace("spring", "autumn")
    url = site.page_url("analytics-source", f'<article id="story"><p>{story}</p></article>'
                                            '<div data-tts-source="#story"></div>')
    with open_page(browser, analytics=True) as page:
        with page.expect_response(lambda r: "prepare=first" in r.url) as ahead:
            page.goto(url)
        prepared = ahead.value
        # A refusal (a 429 of the keyless budget, a 503 of a busy voice) names no article: say so.
        assert prepared.ok, f"{prepared.status}: {prepared.text()}"
        article_id = prepared.json()["article"]
        page.goto("about:blank")  # the page is left: what it counted goes with a beacon
    row = wait_until(lambda: (found := analytics(site, article_id))["shown"] and found, "the view counted")
    assert (row["shown"], row["plays"]) == (1, 0)
    with open_page(browser, analytics=True) as page:
        play_to_the_end(page, url)
    # The end is heard in the beacon sent at "ended", which can come after the one sent at the
    # "pause" the element fires just before it (with the play): wait for the end, not the play.
    row = wait_until(lambda: (found := analytics(site, article_id)).get("p100") and found,
                     "the play counted, heard to the end")
    assert (row["shown"], row["plays"], row["p100"]) == (2, 1, 1)


@pytest.mark.parametrize("how", ["global privacy control", "do not track", "the embed says off"])
def test_nothing_is_loaded_or_sent_when_the_reader_or_the_page_says_no(site: Site, browser: Browser,
                                                                         how: str) -> None:
    article_id, _ = made(site, TEXT.replace("spring", "summer"))
    off = ' data-tts-analytics="off"' if how == "the embed says off" else ""
    url = site.page_url("analytics-" + how.replace(" ", "-"),
                        f'<div data-tts-article-id="{article_id}"{off}></div>')
    with open_page(browser, analytics=how != "global privacy control") as page:
        if how == "do not track":
            page.add_init_script(DO_NOT_TRACK)
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        play_to_the_end(page, url)
        assert page.evaluate("typeof TTSPlayer.listen") == "undefined"
    assert not [url for url in asked if "player-analytics" in url or "/api/events" in url], asked
    assert analytics(site, article_id)["plays"] == 0


def test_keyless_and_cross_site_reads_of_analytics_are_refused(site: Site, browser: Browser) -> None:
    own = site.page_url("analytics-reads", "<p>Reads</p>")
    other = own.replace("127.0.0.1", "localhost")  # another site: same server, another host
    with open_page(browser) as page:
        page.goto(own)
        keyless = page.evaluate("fetch('/api/analytics').then((r) => r.status)")
        assert keyless == 401
        page.goto(other)
        with page.expect_response(lambda r: "/api/analytics" in r.url) as answer:
            read = page.evaluate(f"fetch('{site.url}/api/analytics', {{ mode: 'no-cors' }})"
                                 ".then((r) => r.type)")
        assert answer.value.status == 403
        assert read == "opaque"  # and the page sees nothing of it
