"""The browser tests' harness: one app served on a free port with test pages and faults, Debian's
Chromium driven by Playwright, and probes of the player on a page.

Test modules take the fixtures by importing them (``from browser_support import browser, site``).
The app is the real one (real voice, real cache); the only additions make pages and faults happen
on purpose: small pages that embed the player, an API that always answers 503, a manifest whose
audio is missing, and a backend named "broken" whose every synthesis fails.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, jsonify
from playwright.sync_api import Browser, Page, expect, sync_playwright
from support import PUBLISHER_ENV, PUBLISHER_HEADERS
from waiting import DEADLINE, HTTP_TIMEOUT, wait_article
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
PLAYER = "document.querySelector('.tts-player audio')"


# -- the site -------------------------------------------------------------------------------------

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
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            result: dict[str, Any] = json.load(response)
            return result

    def wait_for(self, article_id: str, done: Callable[[dict[str, Any]], bool],
                 what: str = "the state the test waits for", timeout: float = DEADLINE) -> dict[str, Any]:
        """Poll the manifest until ``done(manifest)`` holds (see ``waiting.wait_article``)."""
        return wait_article(self.url, article_id, done, what, timeout=timeout)


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
        from flask import request

        from tts_service.web import api

        if request.args.get("prepare"):  # made ahead on view: not the click this test is about
            return api.post_article()
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


def wait_js(page: Page, expression: str, arg: Any = None, timeout: float = DEADLINE) -> Any:
    """Wait until ``expression`` (a JavaScript expression or function of ``arg``) is truthy on the
    page; returns its value."""
    return page.wait_for_function(expression, arg=arg, timeout=timeout * 1000).json_value()


class ClosedOnDrop:
    """werkzeug's development server skips closing a response when the browser drops the
    connection while the server drains the request (a seek, a page left mid-MP3); the open file is
    then only closed by the garbage collector, with a ResourceWarning in whatever test runs then.
    gunicorn, which the service runs behind, closes it; here every response is closed at the end."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: Any, start_response: Any) -> Any:
        return _Closing(self.app(environ, start_response))


class _Closing:
    def __init__(self, body: Any) -> None:
        self.body, self.closed = body, False

    def __iter__(self) -> Any:
        return iter(self.body)

    def close(self) -> None:  # once: the server's own close, else the garbage collector's
        if not self.closed and hasattr(self.body, "close"):
            self.closed = True
            self.body.close()

    def __del__(self) -> None:
        self.close()


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path_factory.mktemp("browser") / "cache")
    app = create_app({"SETTINGS": settings})
    pages: dict[str, str] = {}
    add_test_routes(app, pages)
    service = service_of(app)
    service.use_backend(BrokenBackend(service.speaker().backend), name="broken")
    server = make_server("127.0.0.1", 0, ClosedOnDrop(app.wsgi_app), threaded=True)
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
    # Playwright's assertions wait 5 s by default: a bet on the machine's speed. Waits are for states.
    expect.set_options(timeout=DEADLINE * 1000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


# A browser that asks not to be tracked: the player then loads no analytics and sends no events.
NOT_TRACKED = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });"


@contextmanager
def open_page(browser: Browser, width: int = 1100, height: int = 900,
              analytics: bool = False) -> Iterator[Page]:
    """A page in a fresh context (own storage); fails the test on any uncaught JavaScript error.
    Its player sends listening events only with ``analytics`` (the analytics tests' own pages)."""
    # The tests' own probes are evaluated strings, which the demo page's CSP forbids (no eval):
    # bypass it for them; test_the_demo_page_runs_under_its_content_security_policy does not.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    if not analytics:
        context.add_init_script(NOT_TRACKED)
    page = context.new_page()
    page.set_default_timeout(DEADLINE * 1000)  # every action and wait: a deadline only against a hang
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
