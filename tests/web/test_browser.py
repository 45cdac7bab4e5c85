"""The player in a real browser: Debian's Chromium, driven by Playwright, against the real app.

One server and one browser serve the whole module: the fixtures ``site``, ``browser`` and ``page``
of browser_support.py, with the probes of the player.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    PLAYER,
    Site,
    audio,
    focused,
    highlighted,
    landing_at,
    open_page,
    record_seeks,
    tab_stops,
    wait_js,
)
from playwright.sync_api import Browser, Page, expect
from support import free_port
from waiting import HTTP_TIMEOUT, wait_failed, wait_ready

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
EMBED_TEXT = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy."


# -- the demo page -------------------------------------------------------------------------------

def test_demo_page_plays_highlights_seeks_and_changes_speed(site: Site, page: Page) -> None:
    page.goto(site.url + "/")
    start = page.get_by_role("button", name="Click to start listening")
    assert "min listen" in start.inner_text()

    with page.expect_request(lambda r: r.method == "POST" and "/api/articles?stream" in r.url) as sent:
        start.click()
    body = sent.value.post_data_json
    # the article element, as HTML, and the page's language, which that HTML does not hold
    assert body is not None and set(body) == {"title", "html", "page_lang"}
    made = site.api("/api/articles", body)  # the same request again: the article the player made
    with urllib.request.urlopen(site.url + made["text_url"], timeout=HTTP_TIMEOUT) as response:
        text = response.read().decode("utf-8")  # what the server read from that HTML
    assert text.startswith("Millbrook votes to float a solar farm")  # the kicker is data-tts-skip
    assert "\n\n\u2022 The array of 22,000 panels" in text
    for page_chrome in ("Millbrook Ledger", "Most read", "Click to start listening", "Subscribe",
                        "Energy\n"):
        assert page_chrome not in text  # the site's UI is never read aloud

    # It plays, and the highlight moves from sentence to sentence.
    wait_js(page, f"{PLAYER}.currentTime > 0.3")
    first = wait_js(page, "() => document.querySelector('.tts-current')?.textContent")
    second = wait_js(page, """(first) => { const s = document.querySelector('.tts-current');
                                           return s && s.textContent !== first && s.textContent; }""",
                     first)
    assert first and second and first != second

    # Clicking a later sentence plays from its start, and the highlight follows.
    article_id = made["id"]
    target = 18
    manifest = site.wait_for(article_id, lambda m: m["segments"][target]["start"] is not None,
                             f"segment {target} made")
    segment = manifest["segments"][target]
    sentence = page.locator(f'.tts-s[data-tts-seg="{target}"]').first
    assert segment["source"].startswith(sentence.inner_text())
    sentence.click()
    wait_js(page, f"""() => {{ const t = {PLAYER}.currentTime;
                               return t >= {segment['start']} - 0.05 && t < {segment['end']}; }}""")
    assert highlighted(page) == target
    assert not audio(page, "paused")

    # "Next sentence" moves on to the start of the next one. The audio is paused first: on a loaded
    # machine it may have run on into the next sentence by the time the button is pressed.
    page.evaluate(f"{PLAYER}.pause()")
    at = wait_js(page, f"() => {PLAYER}.paused && [{PLAYER}.currentTime]")[0]

    def playing_now(m: dict[str, Any]) -> dict[str, Any] | None:
        return next((s for s in m["segments"] if s["start"] is not None and s["start"] <= at < s["end"]),
                    None)

    manifest = site.wait_for(article_id, lambda m: playing_now(m) is not None, f"the segment at {at} s made")
    here = playing_now(manifest)
    assert here is not None
    index = next(s["index"] for s in manifest["segments"] if s["sentence"] > here["sentence"])
    manifest = site.wait_for(article_id, lambda m: m["segments"][index]["start"] is not None,
                             f"segment {index} made")
    following = manifest["segments"][index]
    page.get_by_role("button", name="Next sentence").click()
    # the highlight the player shows once it plays from there (read with the time, in one step)
    moved = wait_js(page, f"""() => {{ const a = {PLAYER}, t = a.currentTime;
        const shown = +(document.querySelector('.tts-current')?.dataset.ttsSeg ?? -1);
        return !a.paused && t >= {following['start']} - 0.05 && shown >= {following['index']} && [shown]; }}""")
    assert moved == [following["index"]]

    # Speed: the audio runs faster, and the choice is remembered.
    page.select_option(".tts-speed", "1.5")
    assert audio(page, "playbackRate") == 1.5
    # Over 2 s of wall time in which the audio plays: on a loaded machine the article, made as it
    # plays, runs out now and then at 1.5x, and a wait for the voice says nothing of the playback rate.
    rate = page.evaluate(f"""() => new Promise(done => {{
        const a = {PLAYER}, deadline = performance.now() + 90000;
        let played = 0, wall = 0, stalled = false, last = null;
        a.addEventListener('waiting', () => {{ stalled = true; }});
        const sample = () => {{
            const now = {{ t: a.currentTime, w: performance.now(), on: !a.paused && a.readyState >= 3 }};
            if (last?.on && now.on && !stalled) {{ played += now.t - last.t; wall += now.w - last.w; }}
            stalled = false;
            last = now;
            if (wall >= 2000 || now.w > deadline) done(played / (wall / 1000));
            else setTimeout(sample, 100);
        }};
        sample(); }})""")
    assert 1.2 < rate < 1.8  # seconds of audio per second of wall time
    assert page.evaluate("localStorage.getItem('tts-player:rate')") == "1.5"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "player.png"))


PATH_MARKS = ["tts:click", "tts:request", "tts:response", "tts:canplay", "tts:playing"]


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug-flag"])
def test_the_path_from_click_to_sound_is_marked_in_order(site: Site, page: Page, debug: bool) -> None:
    # The player marks each step from the click to sound (Performance marks a test or a bench
    # reads); the order is checked, never a time. ?tts-debug logs each mark to the console too.
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text))
    page.goto(site.page_url("marks", '<div data-tts-source="#story"></div><article id="story">'
                            f"<p>The path to sound is marked {'with the flag' if debug else 'plainly'}."
                            "</p></article>") + ("?tts-debug" if debug else ""))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    marks = page.evaluate("performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tts:'))"
                          ".sort((a, b) => a.startTime - b.startTime).map((m) => m.name)")
    assert marks == PATH_MARKS
    shown = [line.split()[0] for line in logged if line.startswith("tts:")]
    assert shown == (PATH_MARKS if debug else [])


def test_demo_page_on_a_phone(browser: Browser, site: Site) -> None:
    with open_page(browser, width=360, height=740) as page:
        page.goto(site.url + "/")
        page.get_by_role("button", name="Click to start listening").click()
        wait_js(page, f"{PLAYER}.currentTime > 0.3 && document.querySelector('.tts-current')")
        # Every control is on screen, and nothing makes the page scroll sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for name in ("Pause", "Previous paragraph", "Next paragraph", "Playback speed",
                     "Download the audio (MP3)"):
            box = page.locator(f'.tts-player [aria-label="{name}"]').bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, name
        page.wait_for_function("document.querySelector('.tts-elapsed').textContent !== '0:00'")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "player-phone.png"))


# -- the page's content security policy -----------------------------------------------------------

def test_the_demo_page_runs_under_its_content_security_policy(site: Site, browser: Browser) -> None:
    context = browser.new_context()  # the policy applies
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text
            else None)
    page.on("pageerror", lambda exc: violations.append(str(exc)))
    try:
        response = page.goto(site.url + "/")
        assert response is not None and "script-src 'self'" in response.headers[
            "content-security-policy"]
        page.get_by_role("button", name="Click to start listening").click()
        page.locator(".tts-current").first.wait_for()  # it plays and highlights
    finally:
        context.close()
    assert violations == []


def test_the_api_page_renders_under_the_policy_from_this_origin_only(site: Site, browser: Browser) -> None:
    context = browser.new_context()  # the policy applies
    page = context.new_page()
    violations: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text
            else None)
    page.on("request", lambda request: requested.append(request.url))
    try:
        response = page.goto(site.url + "/docs")
        assert response is not None and "default-src 'self'" in response.headers["content-security-policy"]
        assert page.locator("section.op h3").count() > 10  # the operations and the schemas
        page.get_by_role("link", name="Manifest").first.click()  # links within the page
        assert page.url.endswith("#schema-Manifest")
        # the page's inline style applies (no stylesheet or font from elsewhere)
        assert page.eval_on_selector("nav ul", "e => getComputedStyle(e).columnCount") == "2"
    finally:
        context.close()
    assert violations == []
    assert all(url.startswith(site.url) for url in requested), requested


# -- the player and the server read an article the same way ---------------------------------------

def test_the_player_sends_the_articles_html_and_the_server_reads_it(site: Site, page: Page) -> None:
    article = ('<article id="story"><h1>Port Alden holds rates</h1>'
               '<div class="share-tools"><a href="#">Share on X</a></div>'
               '<p>The <abbr data-tts-say="Federal Reserve">Fed</abbr> held rates on Monday. '
               'Markets rose.</p><figure><img src="data:," alt=""><figcaption>A ship in the '
               'harbor.</figcaption></figure><div class="newsletter"><p>Sign up for our '
               'briefing.</p></div></article>')
    posted: list[Any] = []
    page.on("request", lambda r: posted.append((r.url.split("?")[-1], r.post_data_json))
            if r.method == "POST" else None)
    with page.expect_request(lambda r: r.url.endswith("?prepare=first")):  # in view: made ahead
        page.goto(site.page_url("html-embed", f'<div data-tts-source="#story"></div>{article}'))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    # Once on view (the first segment only), once on the click: the same article both times.
    assert [query for query, _ in posted] == ["prepare=first", "stream=1"]  # one trip
    prepared, sent = (body for _, body in posted)
    assert prepared == sent
    assert set(sent) == {"title", "html", "page_lang"} and "Port Alden holds rates" in sent["html"]
    assert sent["page_lang"] == "en"
    made = site.api("/api/articles", sent)  # the same request again: the article the player made
    segments = site.api(f"/api/articles/{made['id']}")["segments"]
    assert [s["source"] for s in segments] == [
        "Port Alden holds rates", "The Fed held rates on Monday.", "Markets rose."]
    assert segments[1]["text"] == "The Federal Reserve held rates on Monday."
    # Every segment the server read is found and marked in the page for highlighting.
    marked = page.evaluate("new Set([...document.querySelectorAll('.tts-s')]"
                           ".map((s) => s.dataset.ttsSeg)).size")
    assert marked == len(segments)


def test_a_player_out_of_view_asks_for_its_first_segment_only_once_scrolled_to(site: Site, page: Page) -> None:
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url.split("?")[-1]) if r.method == "POST" else None)
    page.goto(site.page_url("below-the-fold", '<div style="height: 4000px">The top story.</div>'
                            '<div data-tts-source="#story"></div><article id="story"><p>The ferry '
                            "timetable changes on Monday.</p></article>"))
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert posted == []  # out of view: nothing asked (the observer has had its frames)
    with page.expect_request(lambda r: r.url.endswith("?prepare=first")):
        page.locator(".tts-player").scroll_into_view_if_needed()
    assert posted == ["prepare=first"]


def test_a_busy_service_is_asked_again_when_it_says(site: Site, page: Page) -> None:
    page.goto(site.page_url("busy-once", '<div data-tts-source="#story" data-tts-endpoint="'
                            f'{site.url}/busy-once"></div><article id="story"><p>Readers wait a '
                            "second for this one.</p></article>"))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")  # it plays: asked again after Retry-After
    assert page.locator(".tts-status.tts-error").count() == 0


# What a reader downloads before the first word is heard: the page loads player.js, and
# player-words.js follows on the first play (test_player_words checks when).
ON_THE_WAY_TO_SOUND = {"player.js", "player-words.js"}


def served_size(site: Site, path: str) -> int:
    """The bytes of ``path`` that cross the network to a browser that takes gzip: its body as
    the service sends it (minified and gzip-compressed, see tts_service/web/static_files.py)."""
    request = urllib.request.Request(site.url + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == "gzip", path
    assert int(response.headers["Content-Length"]) == len(body), path
    return len(body)


def test_the_players_scripts_cross_the_network_in_under_14_kb(site: Site) -> None:
    # What the service sends (each script minified, then gzip-compressed at level 6): 14 KB on
    # the way to sound. An add-on (a script loaded only when its moment comes, after the sound,
    # with a browser test that says when) stays under 2.5 KB, each language's words under 1 KB,
    # and every script of the player together under 18 KB: the most a page fetches (one not in
    # English, with analytics and up next).
    names = sorted(script.name for script in (ROOT / "static").glob("*.js"))
    assert ON_THE_WAY_TO_SOUND <= set(names)
    gzipped = {name: served_size(site, f"/static/{name}") for name in names}
    assert sum(gzipped[name] for name in ON_THE_WAY_TO_SOUND) <= 14 * 1024, gzipped
    add_ons = {name: size for name, size in gzipped.items() if name not in ON_THE_WAY_TO_SOUND}
    assert all(size <= 2.5 * 1024 for size in add_ons.values()), add_ons
    # static/lang/: the player's words in one language each; a page fetches the one it is in.
    languages = {path.name: served_size(site, f"/static/lang/{path.name}")
                 for path in (ROOT / "static/lang").glob("*.js")}
    assert languages and max(languages.values()) <= 1024, languages
    assert sum(gzipped.values()) + max(languages.values()) <= 18 * 1024, (gzipped, languages)


def test_init_starts_a_player_added_later_and_only_once(site: Site, page: Page) -> None:
    page.goto(site.page_url("added-later", '<article id="story"><p>A short story.</p></article>'))
    page.wait_for_function("document.readyState === 'complete'")
    assert page.evaluate("Object.keys(TTSPlayer)") == ["init"]  # the page's one global, before a play
    page.evaluate("""() => { const host = document.createElement('div');
        host.dataset.ttsSource = '#story'; document.body.prepend(host);
        TTSPlayer.init(); TTSPlayer.init(); }""")
    expect(page.get_by_role("button", name="Click to start listening")).to_have_count(1)


# -- embedding pre-generated audio ----------------------------------------------------------------

def test_article_id_embed_plays_and_highlights(site: Site, page: Page) -> None:
    made = site.api("/api/articles", {"title": "Harbor Bridge reopens", "text": EMBED_TEXT})
    manifest = wait_ready(site.url, made["id"])
    url = site.page_url("embed", (
        '<article id="story"><h1>Harbor Bridge reopens</h1>'
        "<p>The bridge reopened on Monday. Traffic was heavy.</p></article>"
        f'<div data-tts-article-id="{made["id"]}" data-tts-source="#story"></div>'))
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(url)
    start = page.get_by_role("button", name="Click to start listening")
    page.wait_for_function("document.querySelector('.tts-meta').textContent.includes('1 min listen')")

    start.click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    total = page.locator(".tts-total").inner_text()
    duration = manifest["duration"]
    assert total == f"0:{int(duration):02d}"  # the real duration, not an estimate
    wait_js(page, "() => document.querySelector('.tts-current')?.textContent === "
                  "'The bridge reopened on Monday.'")
    assert posts == []  # pre-generated: nothing was sent
    # Made: the download button gives the file with its tags (title, site, chapters).
    download = page.locator(".tts-dl").get_attribute("href") or ""
    assert download.endswith(f"/audio/{made['id']}.download.mp3")
    with urllib.request.urlopen(site.url + download.removeprefix(site.url), timeout=HTTP_TIMEOUT) as response:
        assert response.read().startswith(b"ID3")  # read whole: the test server is not left mid-file


# -- sentences by keyboard ------------------------------------------------------------------------

def test_sentences_are_reached_moved_through_and_played_by_keyboard(site: Site, page: Page) -> None:
    made = site.api("/api/articles", {"title": "Harbor Bridge reopens", "text": EMBED_TEXT})
    segments = wait_ready(site.url, made["id"])["segments"]
    assert [s["source"] for s in segments] == [
        "Harbor Bridge reopens", "The bridge reopened on Monday.", "Traffic was heavy."]
    page.goto(site.page_url("keyboard", (
        f'<div data-tts-article-id="{made["id"]}" data-tts-source="#story"></div>'
        '<article id="story"><h1>Harbor Bridge reopens</h1>'
        "<p>The bridge reopened on Monday. Traffic was heavy.</p></article>")))

    # Start and pause from the keyboard: Tab to the button, Enter, then K on the play button.
    start = page.get_by_role("button", name="Click to start listening")
    start.wait_for()
    page.keyboard.press("Tab")
    expect(start).to_be_focused()
    page.keyboard.press("Enter")
    wait_js(page, f"!{PLAYER}.paused && {PLAYER}.currentTime > 0.2")
    page.keyboard.press("k")
    wait_js(page, f"{PLAYER}.paused")
    expect(page.locator(".tts-play")).to_have_attribute("aria-label", "Play")

    # One sentence is in the tab order, the one being read; Tab from the player reaches it.
    assert tab_stops(page) == [highlighted(page)]
    assert page.locator('.tts-s[tabindex="-1"]').count() == len(segments) - 1
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page) >= 0:
            break
    assert focused(page) == highlighted(page)
    sentence = page.locator(".tts-s:focus")
    expect(sentence).to_have_role("button")
    expect(sentence).to_have_accessible_description(re.compile("Enter plays from here"))
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"  # player.css

    # Up and down move the focus, and the one tab stop with it, and play nothing.
    record_seeks(page)
    for _ in segments:
        page.keyboard.press("ArrowUp")
        assert tab_stops(page) == [focused(page)]
    for key, index in [("ArrowUp", 0), ("ArrowDown", 1), ("ArrowDown", 2), ("ArrowDown", 2), ("ArrowUp", 1),
                       ("ArrowDown", 2)]:
        page.keyboard.press(key)
        assert (focused(page), tab_stops(page)) == (index, [index]), key
    assert audio(page, "paused")
    assert page.evaluate("landings") == []

    # Enter plays from the focused sentence: the audio lands at its start and the highlight moves there.
    page.keyboard.press("Enter")
    landing = landing_at(page, segments[2]["start"])
    assert landing["highlighted"] == 2
    assert not landing["paused"]

    # So does Space, on the sentence before.
    page.keyboard.press("ArrowUp")
    page.keyboard.press(" ")
    landing = landing_at(page, segments[1]["start"])
    assert landing["highlighted"] == 1
    assert not landing["paused"]
    assert focused(page) == 1


def test_demo_page_puts_one_sentence_in_the_tab_order(site: Site, page: Page) -> None:
    page.goto(site.url + "/")
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, "document.querySelector('.tts-current')")
    sentences = page.locator(".tts-s[tabindex]")
    assert sentences.count() > 30  # each sentence can be focused...
    assert len(tab_stops(page)) == 1  # ...but only one is a tab stop
    assert page.locator(".tts-s[role=button]").count() == sentences.count()


# -- failures show a message ---------------------------------------------------------------------

@pytest.mark.parametrize(("attributes", "message"), [
    pytest.param('data-tts-source="#story" data-tts-endpoint="http://127.0.0.1:{closed}"',
                 "Can\u2019t reach the listening service", id="service-down"),
    pytest.param('data-tts-article-id="{failed}"',
                 "The audio could not be made: the voice failed on purpose", id="synthesis-failed"),
    pytest.param(f'data-tts-article-id="{"1" * 32}" data-tts-endpoint="{{site}}/no-audio"',
                 "The audio could not be played", id="audio-error"),
    pytest.param('data-tts-source="#story" data-tts-endpoint="{site}/broken"',
                 "service is unavailable (the voice is overloaded)", id="service-503"),
    pytest.param(f'data-tts-article-id="{"0" * 32}"',
                 "Audio unavailable: no article", id="unknown-article"),
])
def test_failure_shows_a_message(site: Site, page: Page, attributes: str, message: str) -> None:
    failed = ""
    if "{failed}" in attributes:
        failed = site.api("/api/articles", {"text": "This cannot be spoken.", "backend": "broken"})["id"]
        wait_failed(site.url, failed)
    attributes = attributes.format(closed=free_port(), site=site.url, failed=failed)
    url = site.page_url("failing", '<article id="story"><p>A short story.</p></article>'
                                   f"<div {attributes}></div>")
    page.goto(url)
    start = page.get_by_role("button", name="Click to start listening")
    if "data-tts-source" in attributes or "no-audio" in attributes:
        start.click()
    status = page.locator(".tts-status.tts-error")
    status.wait_for(state="visible")
    assert message in status.inner_text()
    assert "tts-failed" in (page.locator(".tts-player").get_attribute("class") or "").split()
