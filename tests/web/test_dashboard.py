"""The /analytics page: signed in with a publisher's key into an HttpOnly, SameSite=Strict
session cookie; its charts are SVG drawn by the server, and a real browser paints them."""

from __future__ import annotations

import base64
import json
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from browser_support import Site, open_page
from flask import Flask
from playwright.sync_api import Browser, expect
from s3_support import S3Server, moto_server
from support import PUBLISHER_KEY, reader
from waiting import HTTP_TIMEOUT

from tts_service.config import Settings
from tts_service.web import create_app, dashboard, service_of

ARTICLE = "0123456789abcdef0123456789abcdef"
HEARD = [{"article": ARTICLE, "type": kind} for kind in ("shown", "play")] + [
    {"article": ARTICLE, "type": "progress", "value": p} for p in (25, 50, 75)] + [
    {"article": ARTICLE, "type": "speed", "value": 1.5}, {"article": ARTICLE, "type": "seconds", "value": 90}]


def test_signing_in_sets_a_strict_httponly_session_cookie_for_the_page(app: Flask) -> None:
    browser = reader(app)
    assert b'name="key"' in browser.get("/analytics").data  # the form, nothing else
    refused = browser.post("/analytics", data={"key": "tts_wrong"})
    assert refused.status_code == 401 and "tts_analytics" not in refused.headers.get("Set-Cookie", "")
    answer = browser.post("/analytics", data={"key": PUBLISHER_KEY})
    assert answer.status_code == 303
    cookie = answer.headers["Set-Cookie"]
    for part in ("HttpOnly", "SameSite=Strict", "Path=/analytics", "Max-Age=28800"):
        assert part in cookie
    page = browser.get("/analytics")
    assert page.data.count(b"<svg") == 5 and b"<script" not in page.data
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]


def test_signing_out_clears_the_cookie_and_shows_the_form_again(app: Flask) -> None:
    browser = reader(app)
    browser.post("/analytics", data={"key": PUBLISHER_KEY})
    assert b"Sign out" in browser.get("/analytics").data
    answer = browser.post("/analytics/sign-out")
    assert answer.status_code == 303 and answer.headers["Location"] == "/analytics"
    cookie = answer.headers["Set-Cookie"]
    for part in ("tts_analytics=;", "Max-Age=0", "Path=/analytics", "HttpOnly", "SameSite=Strict"):
        assert part in cookie
    page = browser.get("/analytics").data
    assert b'name="key"' in page and b"<svg" not in page


def test_another_sites_sign_out_form_is_refused(app: Flask) -> None:
    browser = reader(app)
    browser.post("/analytics", data={"key": PUBLISHER_KEY})
    answer = browser.post("/analytics/sign-out", headers={"Origin": "https://elsewhere.example"})
    assert answer.status_code == 403 and "Set-Cookie" not in answer.headers
    assert browser.get("/analytics").data.count(b"<svg") == 5  # still signed in


def test_the_last_48_hours_are_one_column_each(app: Flask) -> None:
    hours = [{"hour": f"2026-12-0{6 + n // 24}T{n % 24:02d}", "plays": n % 3} for n in range(48)]
    body = dashboard.render({"from": "2026-12-01", "to": "2026-12-07", "totals": {
        "plays": 0, "seconds": 0, "listen_through": 0.0, "p25": 0, "p50": 0, "p75": 0, "p100": 0,
        "speeds": {}}, "days": [], "articles": []}, {}, hours)
    chart = body.split("<h2>The last 48 hours</h2>", 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") == 48
    assert "<title>2026-12-06 00:00: 0</title>" in chart and "<title>2026-12-07 23:00: 2</title>" in chart


def test_a_forged_or_expired_session_is_not_signed_in(app: Flask) -> None:
    with app.test_request_context():
        token = dashboard.new_session(PUBLISHER_KEY, now=1000.0)
        assert token and dashboard.signed_in(token, now=1001.0)
        assert not dashboard.signed_in(token, now=1000.0 + dashboard.SESSION_SECONDS + 1)
        expires, session, signature = token.split(".")
        assert not dashboard.signed_in(f"{int(expires) + 9999}.{session}.{signature}", now=1001.0)
        assert not dashboard.signed_in(f"{expires}.{'0' * 32}.{signature}", now=1001.0)
        assert not dashboard.signed_in(f"{expires}.{signature}", now=1001.0)  # before sessions
        assert not dashboard.signed_in("garbage", now=1001.0)


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with moto_server(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture(params=["one folder", "one bucket"])
def two_nodes(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[list[Flask]]:
    """Two apps on one store: processes sharing the cache folder, or nodes sharing an S3 bucket
    (each its own lock folder)."""
    if request.param == "one folder":
        shared = [settings, settings]
    else:
        first = replace(request.getfixturevalue("s3").settings(tmp_path / "locks-a"),
                        synth_capacity=settings.synth_capacity)
        shared = [first, replace(first, lock_dir=tmp_path / "locks-b")]
    apps = [create_app({"SETTINGS": each, "TESTING": True}) for each in shared]
    yield apps
    for app in apps:
        service_of(app).shutdown()
        service_of(app).cache.close()


def test_a_copied_cookie_is_refused_on_every_node_once_its_session_signed_out(
        two_nodes: list[Flask]) -> None:
    one, other = two_nodes
    browser, elsewhere = reader(one), reader(other)
    browser.post("/analytics", data={"key": PUBLISHER_KEY})
    token = browser.get_cookie(dashboard.COOKIE, path="/analytics").value
    another = reader(other)
    another.post("/analytics", data={"key": PUBLISHER_KEY})  # a second session, never signed out
    elsewhere.set_cookie(dashboard.COOKIE, token, path="/analytics")
    assert elsewhere.get("/analytics").data.count(b"<svg") == 5  # the copy works, until...
    browser.post("/analytics/sign-out")
    for node in (reader(one), elsewhere):
        node.set_cookie(dashboard.COOKIE, token, path="/analytics")
        page = node.get("/analytics").data
        assert b'name="key"' in page and b"<svg" not in page
    assert another.get("/analytics").data.count(b"<svg") == 5
    with other.test_request_context():  # a revocation goes once its session would have expired
        store = service_of(other).cache.store
        assert len(list(store.names(dashboard.REVOKED))) == 1
        dashboard.revoke(None, now=time.time() + dashboard.SESSION_SECONDS + 60)
        assert list(store.names(dashboard.REVOKED)) == []


def test_another_sites_sign_in_form_is_refused(app: Flask) -> None:
    answer = reader(app).post("/analytics", data={"key": PUBLISHER_KEY},
                              headers={"Origin": "https://elsewhere.example"})
    assert answer.status_code == 403 and "Set-Cookie" not in answer.headers


# A chart's screenshot, painted in the page's canvas: how many of its pixels are the bars' blue.
BLUE_PIXELS = """async (png) => {
    const image = new Image(); image.src = 'data:image/png;base64,' + png; await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
    const context = canvas.getContext('2d'); context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 2] > 150 && data[i] < 80) blue++;
    return blue; }"""


def test_the_dashboard_paints_its_svg_charts(site: Site, browser: Browser) -> None:
    request = urllib.request.Request(site.url + "/api/events", data=json.dumps({"events": HEARD}).encode(),
                                     headers={"Origin": site.url, "Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as answer:
        assert answer.status == 202
    with open_page(browser) as page:
        page.goto(site.url + "/analytics")
        page.get_by_label("Publisher key").fill(PUBLISHER_KEY)
        page.get_by_role("button", name="Sign in").click()
        charts = page.locator("svg.chart")
        expect(charts).to_have_count(5)
        expect(page.get_by_role("img", name="Plays per hour, the last 48 hours (UTC)")).to_be_visible()
        page.screenshot()  # the whole page paints
        for n in range(5):
            png = base64.b64encode(charts.nth(n).screenshot()).decode()
            assert page.evaluate(BLUE_PIXELS, png) > 100, f"chart {n} painted no bars"

        # Sign out: the cookie goes, the form is back, and the page stays signed out.
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_label("Publisher key")).to_be_visible()
        assert not [c for c in page.context.cookies() if c["name"] == dashboard.COOKIE]
        page.reload()
        expect(page.get_by_label("Publisher key")).to_be_visible()
        expect(charts).to_have_count(0)
