"""The player in a real browser: Debian's Chromium, driven by Playwright, against the real app.

One server and one browser serve the whole module. The app is the real one (real voice, real
cache); the only additions make pages and faults happen on purpose: small pages that embed the
player, an API that always answers 503, a manifest whose audio is missing, and a backend named
"broken" whose every synthesis fails.
"""

from __future__ import annotations

import gzip
import json
import re
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, jsonify
from playwright.sync_api import Browser, Page, expect, sync_playwright
from support import PUBLISHER_ENV, PUBLISHER_HEADERS
from werkzeug.serving import make_server

from tts_service.audio.clip import AudioClip
from tts_service.config import Settings
from tts_service.errors import BackendError
from tts_service.voice.base import Backend
from tts_service.web import create_app, service_of

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PLAYER = "document.querySelector('.tts-player audio')"
EMBED_TEXT = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy."


# -- helpers (what a browser_conftest would hold) -----------------------------------------------

class Site:
    """The running app, its base URL, and the extra pages a test registers."""

    def __init__(self, url: str, pages: dict[str, str]) -> None:
        self.url = url
        self.pages = pages

    def page_url(self, name: str, body: str) -> str:
        """Serve ``body`` inside a minimal HTML page that loads the player."""
        self.pages[name] = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embed test</title>'
            '<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/player.css">'
            f'<script src="/static/player.js" defer></script></head><body>{body}</body></html>')
        return f"{self.url}/test-pages/{name}"

    def api(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data,
                                         headers={"Content-Type": "application/json",
                                                  **PUBLISHER_HEADERS})
        with urllib.request.urlopen(request, timeout=30) as response:
            result: dict[str, Any] = json.load(response)
            return result

    def wait_for(self, article_id: str, done: Callable[[dict[str, Any]], bool],
                 timeout: float = 60) -> dict[str, Any]:
        """Poll the manifest until ``done(manifest)`` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            manifest = self.api(f"/api/articles/{article_id}")
            if done(manifest):
                return manifest
            time.sleep(0.1)
        raise AssertionError(f"article {article_id} never got there: {manifest['status']}")


class BrokenBackend:
    """The real voice's settings under another id, failing every synthesis."""

    def __init__(self, inner: Backend) -> None:
        self.id, self.max_chars = inner.id + "+broken", inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options

    def synthesize(self, text: str) -> AudioClip:
        raise BackendError("the voice failed on purpose", text)


def add_test_routes(app: Flask, pages: dict[str, str]) -> None:
    @app.get("/test-pages/<name>")
    def test_page(name: str) -> str:
        return pages[name]

    @app.post("/broken/api/articles")
    def broken_api() -> tuple[Response, int]:
        return jsonify({"error": "the voice is overloaded", "detail": "try again later"}), 503

    busy = app.config.setdefault("BUSY_CALLS", [])

    @app.post("/busy-once/api/articles")
    def busy_once() -> Any:
        """The service's API, answering its first POST as a service too busy to start one more
        new article would (503 with Retry-After)."""
        from tts_service.web import api

        busy.append(1)
        if len(busy) == 1:
            response = jsonify({"error": "the voice is busy", "detail": "try again in a second"})
            response.headers["Retry-After"] = "1"
            return response, 503
        return api.post_article()

    @app.get("/busy-once/api/articles/<article_id>")
    def busy_once_manifest(article_id: str) -> Any:
        from tts_service.web import api

        return api.get_article(article_id)

    @app.get("/busy-once/audio/<article_id>.mp3")
    def busy_once_audio(article_id: str) -> Any:
        from tts_service.web import media

        return media.mp3(article_id)

    @app.get("/no-audio/api/articles/<article_id>")
    def manifest_without_audio(article_id: str) -> Response:
        return jsonify({"id": article_id, "status": "ready", "title": "", "duration": 3.0,
                        "segments": [], "audio_url": "/no-audio/missing.mp3"})


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def audio(page: Page, prop: str) -> Any:
    return page.evaluate(f"{PLAYER}.{prop}")


def highlighted(page: Page) -> int:
    """The index of the segment highlighted in the article, or -1."""
    index: int = page.evaluate("+(document.querySelector('.tts-current')?.dataset.ttsSeg ?? -1)")
    return index


def focused(page: Page) -> int:
    """The index of the segment whose sentence has the keyboard focus, or -1."""
    index: int = page.evaluate("+(document.activeElement.closest('.tts-s')?.dataset.ttsSeg ?? -1)")
    return index


def tab_stops(page: Page) -> list[int]:
    """The segments whose sentence is in the tab order (tabindex 0)."""
    stops: list[int] = page.evaluate(
        "[...document.querySelectorAll('.tts-s[tabindex=\"0\"]')].map((s) => +s.dataset.ttsSeg)")
    return stops


def record_seeks(page: Page) -> None:
    """From now on, note where each seek of the audio lands, with the highlight and paused state there."""
    page.evaluate(f"""() => {{ const a = {PLAYER}; window.landings = [];
        a.addEventListener('seeked', () => landings.push({{ time: a.currentTime, paused: a.paused,
            highlighted: +(document.querySelector('.tts-current')?.dataset.ttsSeg ?? -1) }})); }}""")


def landing_at(page: Page, seconds: float) -> dict[str, Any]:
    """Wait for a seek that lands at ``seconds``; what the page showed there."""
    landing: dict[str, Any] = wait_js(
        page, "(t) => landings.find((l) => Math.abs(l.time - t) < 0.05)", seconds)
    return landing


def wait_js(page: Page, expression: str, arg: Any = None, timeout: float = 30) -> Any:
    return page.wait_for_function(expression, arg=arg, timeout=timeout * 1000).json_value()


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path_factory.mktemp("browser") / "cache")
    app = create_app({"SETTINGS": settings})
    pages: dict[str, str] = {}
    add_test_routes(app, pages)
    service = service_of(app)
    service.use_backend(BrokenBackend(service.speaker().backend), name="broken")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="test-server", daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_port}", pages)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        service.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(scripts/ensure-system-packages does) to run the browser tests")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@contextmanager
def open_page(browser: Browser, width: int = 1100, height: int = 900) -> Iterator[Page]:
    """A page in a fresh context (own storage); fails the test on any uncaught JavaScript error."""
    # The tests' own probes are evaluated strings, which the demo page's CSP forbids (no eval):
    # bypass it for them; test_the_demo_page_runs_under_its_content_security_policy does not.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with open_page(browser) as page:
        yield page


# -- the demo page -------------------------------------------------------------------------------

def test_demo_page_plays_highlights_seeks_and_changes_speed(site: Site, page: Page) -> None:
    page.goto(site.url + "/")
    start = page.get_by_role("button", name="Click to start listening")
    assert "min listen" in start.inner_text()

    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/api/articles")) as sent:
        start.click()
    body = sent.value.post_data_json
    assert body is not None and set(body) == {"title", "html"}  # the article element, as HTML
    made = site.api("/api/articles", body)  # the same request again: the article the player made
    with urllib.request.urlopen(site.url + made["text_url"], timeout=30) as response:
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
    article_id = audio(page, "src").rsplit("/", 1)[1].removesuffix(".mp3")
    target = 18
    # The demo article is new to this server: made as it plays, on a loaded machine many times
    # slower than its ~10 s to reach sentence 18 on a quiet one.
    manifest = site.wait_for(article_id, lambda m: m["segments"][target]["start"] is not None,
                             timeout=240)
    segment = manifest["segments"][target]
    sentence = page.locator(f'.tts-s[data-tts-seg="{target}"]').first
    assert segment["source"].startswith(sentence.inner_text())
    sentence.click()
    wait_js(page, f"""() => {{ const t = {PLAYER}.currentTime;
                               return t >= {segment['start']} - 0.05 && t < {segment['end']}; }}""")
    assert highlighted(page) == target
    assert not audio(page, "paused")

    # "Next sentence" moves on to the start of the next one.
    index = next(s["index"] for s in manifest["segments"] if s["sentence"] > segment["sentence"])
    manifest = site.wait_for(article_id, lambda m: m["segments"][index]["start"] is not None,
                             timeout=240)
    following = manifest["segments"][index]
    page.get_by_role("button", name="Next sentence").click()
    wait_js(page, f"{PLAYER}.currentTime >= {following['start'] - 0.05}")
    assert highlighted(page) == following["index"]

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
        page.locator(".tts-current").first.wait_for(timeout=30_000)  # it plays and highlights
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
    page.on("request", lambda r: posted.append(r.post_data_json) if r.method == "POST" else None)
    page.goto(site.page_url("html-embed", f'<div data-tts-source="#story"></div>{article}'))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    (sent,) = posted
    assert set(sent) == {"title", "html"} and "Port Alden holds rates" in sent["html"]
    made = site.api("/api/articles", sent)  # the same request again: the article the player made
    segments = site.api(f"/api/articles/{made['id']}")["segments"]
    assert [s["source"] for s in segments] == [
        "Port Alden holds rates", "The Fed held rates on Monday.", "Markets rose."]
    assert segments[1]["text"] == "The Federal Reserve held rates on Monday."
    # Every segment the server read is found and marked in the page for highlighting.
    marked = page.evaluate("new Set([...document.querySelectorAll('.tts-s')]"
                           ".map((s) => s.dataset.ttsSeg)).size")
    assert marked == len(segments)


def test_a_busy_service_is_asked_again_when_it_says(site: Site, page: Page) -> None:
    page.goto(site.page_url("busy-once", '<div data-tts-source="#story" data-tts-endpoint="'
                            f'{site.url}/busy-once"></div><article id="story"><p>Readers wait a '
                            "second for this one.</p></article>"))
    page.get_by_role("button", name="Click to start listening").click()
    wait_js(page, f"{PLAYER}.currentTime > 0.2")  # it plays: asked again after Retry-After
    assert page.locator(".tts-status.tts-error").count() == 0


def test_the_players_scripts_cross_the_network_in_under_14_kb() -> None:
    # What a reader downloads is the budget: every script of the player, gzipped at zlib's default
    # level (6, what a proxy or CDN in front of the service typically uses), 14 KB in all. The page
    # loads player.js; player-words.js follows on the first play (test_player_words checks when).
    scripts = sorted((ROOT / "static").glob("*.js"))
    assert {"player.js", "player-words.js"} <= {script.name for script in scripts}
    gzipped = {script.name: len(gzip.compress(script.read_bytes(), 6)) for script in scripts}
    assert sum(gzipped.values()) <= 14 * 1024, gzipped


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
    manifest = site.wait_for(made["id"], lambda m: m["status"] == "ready")
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
                  "'The bridge reopened on Monday.'", timeout=20)
    assert posts == []  # pre-generated: nothing was sent
    # Made: the download button gives the file with its tags (title, site, chapters).
    download = page.locator(".tts-dl").get_attribute("href") or ""
    assert download.endswith(f"/audio/{made['id']}.download.mp3")
    with urllib.request.urlopen(site.url + download.removeprefix(site.url), timeout=30) as response:
        assert response.read().startswith(b"ID3")  # read whole: the test server is not left mid-file


# -- sentences by keyboard ------------------------------------------------------------------------

def test_sentences_are_reached_moved_through_and_played_by_keyboard(site: Site, page: Page) -> None:
    made = site.api("/api/articles", {"title": "Harbor Bridge reopens", "text": EMBED_TEXT})
    segments = site.wait_for(made["id"], lambda m: m["status"] == "ready")["segments"]
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
        site.wait_for(failed, lambda m: m["status"] == "failed")
    attributes = attributes.format(closed=free_port(), site=site.url, failed=failed)
    url = site.page_url("failing", '<article id="story"><p>A short story.</p></article>'
                                   f"<div {attributes}></div>")
    page.goto(url)
    start = page.get_by_role("button", name="Click to start listening")
    if "data-tts-source" in attributes or "no-audio" in attributes:
        start.click()
    status = page.locator(".tts-status.tts-error")
    status.wait_for(state="visible", timeout=15_000)
    assert message in status.inner_text()
    assert "tts-failed" in (page.locator(".tts-player").get_attribute("class") or "").split()
