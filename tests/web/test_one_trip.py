"""The player's one round trip (the default; data-tts-one-trip="off" opts out): one POST answers
with the MP3, which plays through MediaSource from its first frames;
highlighting and seeking work as on the usual path."""

from __future__ import annotations

import json

from browser_support import PLAYER, Site, highlighted, wait_js
from playwright.sync_api import Browser, Page, Route

STORY = ("<article id='story'><p>The harbor bridge reopened on Monday after a long repair.</p>"
         "<p>Traffic was heavy all morning, and the ferries ran empty.</p>"
         "<p>The mayor said the city would repaint the towers next spring.</p></article>")


def test_one_post_brings_the_audio_and_it_plays(site: Site, page: Page) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url.split('/', 3)[-1]}"))
    page.goto(site.page_url("one-trip", '<div data-tts-source="#story" data-tts-one-trip></div>' + STORY))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    assert page.evaluate(f"{PLAYER}.src").startswith("blob:")  # MediaSource, fed by the POST
    marks = page.evaluate("performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tts:'))"
                          ".sort((a, b) => a.startTime - b.startTime).map((m) => m.name)")
    assert marks == ["tts:click", "tts:request", "tts:response", "tts:canplay", "tts:playing"]
    assert "POST api/articles?stream=1" in requests
    assert not [r for r in requests if r.startswith("GET audio/")]  # no second request for audio
    wait_js(page, "document.querySelector('.tts-current')")
    assert highlighted(page) >= 0
    wait_js(page, f"{PLAYER}.ended || {PLAYER}.currentTime > 6", timeout=120)


def test_data_tts_one_trip_off_makes_the_two_requests(site: Site, page: Page) -> None:
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url.split("?")[-1]) if r.method == "POST" else None)
    page.goto(site.page_url("two-trips", '<div data-tts-source="#story" data-tts-one-trip="off"></div>' + STORY))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    assert "/audio/" in page.evaluate(f"{PLAYER}.src")  # the plain element, not MediaSource
    assert "stream=1" not in posted and "manifest=1" in posted


def test_a_page_whose_policy_refuses_blob_media_plays_the_audio_url(site: Site, browser: Browser) -> None:
    def strict(route: Route) -> None:  # the demo page, its media-src without blob:
        response = route.fetch()
        policy = response.headers["content-security-policy"].replace(" blob:", "")
        assert "media-src 'self';" in policy
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    context = browser.new_context()  # the policy applies (so no evaluated probes: the marks come by console)
    page = context.new_page()
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url.split('/', 3)[-1]}"))
    try:
        page.route(site.url + "/?tts-debug", strict)
        page.goto(site.url + "/?tts-debug")
        with page.expect_request(lambda r: "/audio/" in r.url):  # MediaSource refused: the audio's URL
            page.get_by_role("button", name="Click to start listening").click()
        page.locator(".tts-player.tts-playing").wait_for()
        marks = [text.split()[0] for text in logged if text.startswith("tts:")]
        assert marks == ["tts:click", "tts:request", "tts:response", "tts:canplay", "tts:playing"]
        assert "/audio/" in (page.locator(".tts-player audio").get_attribute("src") or "")  # not blob:
        posted = [r for r in requests if r.startswith("POST api/articles") and "prepare=first" not in r]
        assert posted == ["POST api/articles?stream=1"]  # the one POST submitted the article
        assert len([r for r in requests if r.startswith("GET audio/")]) == 1
        page.locator(".tts-current").first.wait_for()  # highlighting, as on the usual path
    finally:
        context.close()


def test_a_503_on_the_one_trip_post_is_tried_again_after_its_retry_after(site: Site, page: Page) -> None:
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url.split("?")[-1]) if r.method == "POST" else None)
    refused: list[str] = []

    def busy_once(route: Route) -> None:  # the service is busy for the first try only
        if refused:
            return route.continue_()
        refused.append(route.request.url)
        return route.fulfill(status=503, headers={"Retry-After": "1"}, content_type="application/json",
                             body=json.dumps({"error": "the service is busy", "detail": "try again"}))

    page.route("**/api/articles?stream=1", busy_once)
    page.goto(site.page_url("one-trip-busy", '<div data-tts-source="#story"></div>' + STORY))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    assert refused and page.evaluate(f"{PLAYER}.src").startswith("blob:")  # still one trip
    assert posted.count("stream=1") == 2 and "manifest=1" not in posted

