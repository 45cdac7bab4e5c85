"""POST /api/events and GET /api/analytics: the players' events become counts per article, read
by the publisher; nothing from other sites, nothing without a key, a flood dropped and counted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis_support import RedisServer
from support import reader

from tts_service.config import Settings
from tts_service.ops import metrics
from tts_service.web import create_app, service_of

ARTICLE = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"
OWN_PAGE = {"Origin": "http://localhost"}


def send(app: Flask, events: list[dict[str, Any]], origin: str | None = "http://localhost",
         address: str = "198.51.100.7") -> Any:
    return post(app, {"events": events}, origin, address)


def post(app: Flask, body: Any, origin: str | None = "http://localhost",
         address: str = "198.51.100.7") -> Any:
    headers = {"Origin": origin} if origin else {}
    return reader(app, address).post("/api/events", json=body, headers=headers)


def listened_through(article: str, seconds: float) -> list[dict[str, Any]]:
    return [{"article": article, "type": "shown"}, {"article": article, "type": "play"},
            {"article": article, "type": "speed", "value": 2},
            *({"article": article, "type": "progress", "value": p} for p in (25, 50, 75, 100)),
            {"article": article, "type": "seconds", "value": seconds}]


def test_events_from_the_services_page_become_counts_the_publisher_reads(app: Flask,
                                                                          client: FlaskClient) -> None:
    answer = send(app, listened_through(ARTICLE, 61.5) + [{"article": OTHER, "type": "play"}])
    assert answer.status_code == 202 and answer.get_json() == {"counted": 9}
    result = client.get("/api/analytics").get_json()
    row = next(item for item in result["articles"] if item["article"] == ARTICLE)
    assert (row["plays"], row["p100"], row["seconds"], row["listen_through"]) == (1, 1, 61.5, 1.0)
    assert row["speeds"] == {"2": 1}
    assert result["totals"]["plays"] == 2 and result["days"][-1]["plays"] == 2
    assert result["hours"][-1]["plays"] == 2 and len(result["hours"]) == 48


def test_the_csv_has_a_line_per_article_and_one_of_totals(app: Flask, client: FlaskClient) -> None:
    send(app, listened_through(ARTICLE, 10))
    answer = client.get("/api/analytics?format=csv")
    assert answer.mimetype == "text/csv"
    lines = answer.get_data(as_text=True).splitlines()
    assert lines[0].startswith("article,shown,plays,")
    assert lines[1].startswith(f"{ARTICLE},1,1,") and lines[2].startswith("*,1,1,")


@pytest.mark.parametrize("origin", [None, "https://elsewhere.example"])
def test_events_from_other_sites_or_no_page_are_refused(app: Flask, client: FlaskClient,
                                                        origin: str | None) -> None:
    answer = send(app, listened_through(ARTICLE, 5), origin=origin)
    assert answer.status_code == 403 and answer.get_json()["error"]
    assert client.get("/api/analytics").get_json()["totals"]["plays"] == 0


PLAY = {"article": ARTICLE, "type": "play"}


@pytest.mark.parametrize("body", [
    {"events": []},
    {"events": "play"},
    [PLAY],
    "play",
    {"events": [PLAY, {"article": "not-an-id", "type": "play"}]},
    {"events": [PLAY, {"article": ARTICLE + "\n", "type": "play"}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "click"}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "progress", "value": 30}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "progress", "value": "25"}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "seconds", "value": -1}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "seconds", "value": 3600}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "speed", "value": 9}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "play", "value": 1}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "play", "value": None}]},
    {"events": [PLAY, {"article": ARTICLE, "type": "play", "who": "me"}]},
    {"events": [PLAY] * 101},
])
def test_a_bad_batch_is_refused_whole_and_nothing_of_it_counted(app: Flask, client: FlaskClient,
                                                                 body: Any) -> None:
    answer = post(app, body)
    assert answer.status_code == 400
    assert set(answer.get_json()) == {"error", "detail"}
    assert client.get("/api/analytics").get_json()["totals"]["plays"] == 0


def test_a_flood_from_one_address_is_dropped_and_counted_never_stored(app: Flask,
                                                                      client: FlaskClient) -> None:
    dropped = metrics.LISTENING_DROPPED.labels("flood")
    before = dropped._value.get()
    batch = [{"article": ARTICLE, "type": "play"}] * 100
    answers = [send(app, batch).status_code for _ in range(7)]  # 700 events; 600 a minute taken
    assert answers == [202] * 6 + [429]
    assert dropped._value.get() - before == 100
    assert send(app, batch, address="203.0.113.9").status_code == 202  # another reader is not held
    assert client.get("/api/analytics").get_json()["totals"]["plays"] == 700


def test_keyless_and_cross_site_reads_are_refused(app: Flask, client: FlaskClient) -> None:
    assert reader(app).get("/api/analytics").status_code == 401
    assert reader(app).get("/api/analytics?format=csv").status_code == 401
    assert client.get("/api/analytics", headers={"Origin": "https://elsewhere.example"}).status_code == 403
    assert client.get("/api/analytics", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.get("/api/analytics", headers=OWN_PAGE).status_code == 200


@pytest.mark.parametrize("query", ["from=yesterday", "from=2026-12-07&to=2026-12-01",
                                   "from=2020-01-01&to=2026-01-01", "format=xml",
                                   "to=0001-01-01"])
def test_a_bad_range_or_format_is_a_400(client: FlaskClient, query: str) -> None:
    answer = client.get("/api/analytics?" + query)
    assert answer.status_code == 400 and set(answer.get_json()) == {"error", "detail"}


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis-data")
    server.workdir.mkdir()
    yield server.start()
    server.stop()


def test_with_redis_an_address_has_one_budget_across_nodes(redis_server: RedisServer,
                                                            settings: Settings,
                                                            tmp_path: Path) -> None:
    """Two nodes (apps of their own, each its own cache folder) on one Redis: 600 events a minute
    from one address in all, wherever they land; while Redis is down each node counts its own."""
    nodes = [create_app({"SETTINGS": replace(settings, cache_dir=tmp_path / name,
                                             redis_url=redis_server.url), "TESTING": True})
             for name in ("node-a", "node-b")]
    try:
        batch = [{"article": ARTICLE, "type": "play"}] * 100
        answers = [send(nodes[n % 2], batch).status_code for n in range(7)]
        assert answers == [202] * 6 + [429]  # 300 on each node, then the shared budget is spent
        assert send(nodes[1], batch, address="203.0.113.9").status_code == 202
        stored = redis_server.client().keys("tts:events:*")
        assert len(stored) == 2 and not any(b"198.51.100.7" in name for name in stored)
        redis_server.stop()
        assert send(nodes[0], batch).status_code == 202  # this node's own budget, still full
    finally:
        for node in nodes:
            service_of(node).shutdown()
            service_of(node).cache.close()
