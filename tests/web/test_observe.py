"""Request ids, per-request metrics and who may read /metrics, through the app in this process
(the cross-process sums and the server's JSON log: test_metrics_served.py)."""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from support import PUBLISHER_HEADERS, PUBLISHER_KEY
from waiting import wait_until

from tts_service.articles import ArticleService
from tts_service.config import Settings
from tts_service.ops.json_logs import REQUEST_ID, JsonFormatter
from tts_service.web import create_app, service_of


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Log records as the JSON formatter writes them, formatted when they are logged."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize("sent", [
    "4bf92f3577b34da6a3ce929d0e0e4736",
    "3f0c2e1a-9b7d-4c55-8e21-0d6f5b4a9c10",
    "req.42:edge-7_A",
    "x" * 128,
])
def test_a_sane_client_request_id_is_kept(client: FlaskClient, sent: str) -> None:
    assert client.get("/healthz", headers={"X-Request-Id": sent}).headers["X-Request-Id"] == sent


@pytest.mark.parametrize("sent", [
    "",
    "x" * 129,
    "two words",
    "tab\there",
    "a;b=c",
    "<script>alert(1)</script>",
    '{"json": "injection"}',
    "ümlaut",
])
def test_a_bad_client_request_id_is_replaced(client: FlaskClient, sent: str) -> None:
    given = client.get("/healthz", headers={"X-Request-Id": sent}).headers["X-Request-Id"]
    assert given != sent and re.fullmatch(r"[0-9a-f]{32}", given)


def test_every_response_gets_a_new_id_errors_too(client: FlaskClient) -> None:
    ids = {client.get(path).headers["X-Request-Id"] for path in
           ("/healthz", "/healthz", "/no/such/page", f"/audio/{'0' * 32}.mp3")}
    assert len(ids) == 4


def test_lines_logged_during_a_request_carry_its_id_and_others_none(
        client: FlaskClient, service: ArticleService, gated, json_log: io.StringIO,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 503 is logged by the error handler while the request runs; the job's lines are not."""
    monkeypatch.setattr(service.admission, "settings",  # admission control holds the bounds
                        replace(service.settings, max_pending_jobs=1))
    gated.gates["The first story waits."] = threading.Event()
    outside = REQUEST_ID.get()  # earlier tests' unclosed test-client responses may have left one
    with client.post("/api/articles", json={"text": "The first story waits."}) as first:
        assert first.status_code == 201
    with client.post("/api/articles", json={"text": "A second story, another time."},
                     headers={"X-Request-Id": "busy-request-1"}) as busy:  # closed: it ends there
        assert busy.status_code == 503 and busy.headers["X-Request-Id"] == "busy-request-1"
    gated.gates["The first story waits."].set()
    wait_until(lambda: any("synthesized segment" in line["message"] for line in lines(json_log)),
               "the job's log line of its segment")
    logged = lines(json_log)
    warning = [line for line in logged if line["level"] == "WARNING" and "Busy" in line["message"]]
    assert warning and all(line["request_id"] == "busy-request-1" for line in warning)
    made = [line for line in logged if "synthesized segment" in line["message"]]
    assert made and all(line["request_id"] is None for line in made)
    assert REQUEST_ID.get() == outside  # a closed response leaves nothing behind


def test_json_lines_hold_the_exception_and_structured_fields() -> None:
    record = logging.LogRecord("tts_service.x", logging.ERROR, __file__, 1, "failed %s", ("once",),
                               None)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.fields = {"status": 500, "message": "not this one"}  # type: ignore[attr-defined]
    token = REQUEST_ID.set("abc")
    try:
        entry = json.loads(JsonFormatter().format(record))
    finally:
        REQUEST_ID.reset(token)
    assert entry["message"] == "failed once" and entry["request_id"] == "abc"
    assert entry["status"] == 500 and "ValueError: boom" in entry["exception"]
    assert entry["level"] == "ERROR" and entry["logger"] == "tts_service.x"


def test_routes_statuses_and_bytes_are_counted(client: FlaskClient) -> None:
    """Counted when the response ends: as a WSGI server does, the test closes each one."""
    route = "/audio/<article_id>.mp3"
    before = (sample("tts_http_requests_total", route=route, method="GET", status="404"),
              sample("tts_http_requests_total", route="unmatched", method="GET", status="404"),
              sample("tts_http_response_bytes_total", route="/healthz"),
              sample("tts_http_requests_total", route="unmatched", method="other", status="405"))
    statuses = []
    for path, method in [*((f"/audio/{n:032x}.mp3", "GET") for n in range(3)),
                         ("/nothing/here", "GET"), ("/healthz", "BREW"), ("/healthz", "GET")]:
        with client.open(path, method=method) as response:
            statuses.append(response.status_code)
            body = response.get_data()
    assert statuses == [404, 404, 404, 404, 405, 200]
    after = (sample("tts_http_requests_total", route=route, method="GET", status="404"),
             sample("tts_http_requests_total", route="unmatched", method="GET", status="404"),
             sample("tts_http_response_bytes_total", route="/healthz"),
             sample("tts_http_requests_total", route="unmatched", method="other", status="405"))
    assert [b - a for a, b in zip(before, after, strict=True)] == [3, 1, len(body), 1]


@pytest.fixture
def make_app(settings: Settings) -> Iterator:
    apps: list[Flask] = []

    def make(**overrides: object) -> Flask:
        app = create_app({"SETTINGS": replace(settings, **overrides), "TESTING": True})
        apps.append(app)
        return app

    yield make
    for app in apps:
        service_of(app).shutdown()


def test_metrics_need_a_key_by_default(client: FlaskClient, app: Flask) -> None:
    keyless = app.test_client().get("/metrics")
    assert keyless.status_code == 401 and set(keyless.get_json()) == {"error", "detail"}
    wrong = app.test_client().get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    in_its_own_header = app.test_client().get("/metrics", headers={"X-API-Key": PUBLISHER_KEY})
    assert in_its_own_header.status_code == 200
    keyed = app.test_client().get("/metrics", headers=PUBLISHER_HEADERS)
    assert keyed.status_code == 200 and keyed.headers["Cache-Control"] == "no-store"
    names = {family.name for family in text_string_to_metric_families(keyed.get_data(as_text=True))}
    assert {"tts_http_requests", "tts_audio_first_byte_seconds", "tts_synthesis_seconds",
            "tts_synthesized_audio_seconds", "tts_cache_lookups", "tts_jobs_queued",
            "tts_jobs_running", "tts_http_refused_requests", "tts_http_response_bytes"} <= names


def test_metrics_open_to_anyone_or_off(make_app) -> None:
    assert make_app(metrics="open").test_client().get("/metrics").status_code == 200
    keyless_service = make_app(api_keys="").test_client()  # TTS_METRICS=key without any key
    assert keyless_service.get("/metrics", headers=PUBLISHER_HEADERS).status_code == 401
    off = make_app(metrics="off").test_client().get("/metrics", headers=PUBLISHER_HEADERS)
    assert off.status_code == 404 and set(off.get_json()) == {"error", "detail"}


@pytest.mark.parametrize(("name", "value"), [("TTS_METRICS", "yes"), ("TTS_METRICS", ""),
                                             ("TTS_LOG_FORMAT", "xml")])
def test_bad_settings_stop_the_start(name: str, value: str) -> None:
    from tts_service.errors import ConfigError

    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})
