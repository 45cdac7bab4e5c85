"""Listening events through the server users run: `tts-service serve` (gunicorn's gevent worker,
which handles ``POST /api/events`` only once its loop is idle of other requests). A batch is
still counted and read back; a flood past the address's bound is refused, dropped and counted;
another site's page is refused; and events keep being answered while audio is being read."""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from support import PUBLISHER_HEADERS, serving
from waiting import HTTP_TIMEOUT, wait_ready, wait_until

EXE = Path(sys.executable).with_name("tts-service")
TEXT = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy by seven."
PER_MINUTE = 40  # the address's events per minute: a test's flood goes past it at once


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    saved = os.environ.get("TTS_ANALYTICS_EVENTS_PER_MINUTE")
    os.environ["TTS_ANALYTICS_EVENTS_PER_MINUTE"] = str(PER_MINUTE)
    try:
        with serving(EXE, tmp_path_factory.mktemp("cache"),
                     tmp_path_factory.mktemp("log") / "server.log") as base:
            yield base
    finally:
        if saved is None:
            os.environ.pop("TTS_ANALYTICS_EVENTS_PER_MINUTE", None)
        else:
            os.environ["TTS_ANALYTICS_EVENTS_PER_MINUTE"] = saved


@pytest.fixture(scope="module")
def article(server: str) -> str:
    created = requests.post(f"{server}/api/articles", json={"text": TEXT}, headers=PUBLISHER_HEADERS,
                            timeout=HTTP_TIMEOUT)
    assert created.status_code == 201, created.text
    article_id = str(created.json()["id"])
    wait_ready(server, article_id)
    return article_id


def send(server: str, events: list[dict[str, object]], origin: str | None = None) -> requests.Response:
    return requests.post(f"{server}/api/events", data=json.dumps({"events": events}),
                         headers={"Origin": origin or server, "Content-Type": "text/plain"},
                         timeout=HTTP_TIMEOUT)


def row(server: str, article_id: str) -> dict[str, object]:
    rows = requests.get(f"{server}/api/analytics", headers=PUBLISHER_HEADERS,
                        timeout=HTTP_TIMEOUT).json()["articles"]
    return next((found for found in rows if found["article"] == article_id), {"plays": 0})


def dropped(server: str, reason: str) -> float:
    scraped = requests.get(f"{server}/metrics", headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT)
    assert scraped.status_code == 200, scraped.text
    text = scraped.text
    found = re.search(rf'^tts_listening_events_dropped_total\{{reason="{reason}"\}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def test_a_batch_is_counted_and_read_back(server: str, article: str) -> None:
    answer = send(server, [{"article": article, "type": "play"},
                           {"article": article, "type": "seconds", "value": 3.5}])
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"counted": 2}
    counted = wait_until(lambda: (found := row(server, article))["plays"] and found, "the play read back")
    assert (counted["plays"], counted["seconds"]) == (1, 3.5)


def test_another_sites_page_is_refused(server: str, article: str) -> None:
    answer = send(server, [{"article": article, "type": "play"}], origin="https://elsewhere.example")
    assert answer.status_code == 403
    assert set(answer.json()) == {"error", "detail"}


def test_events_are_answered_while_audio_is_read(server: str, article: str) -> None:
    """The events wait for an idle loop: they are answered all the same while readers fetch audio."""
    stop, reads, failures = threading.Event(), [0], []

    def read_audio() -> None:
        session = requests.Session()
        while not stop.is_set():
            reply = session.get(f"{server}/audio/{article}.mp3", timeout=HTTP_TIMEOUT)
            if reply.status_code != 200 or not reply.content:
                failures.append(reply.status_code)
            reads[0] += 1

    readers = [threading.Thread(target=read_audio) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        wait_until(lambda: reads[0] >= 5, "the readers under way")
        answer = send(server, [{"article": article, "type": "shown"}])
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert answer.status_code == 202, answer.text
    assert failures == []


def test_a_flood_is_refused_dropped_and_counted_never_stored(server: str, article: str) -> None:
    before = dropped(server, "flood")
    batch = [{"article": article, "type": "download"}] * 20
    answers = [send(server, batch).status_code for _ in range(PER_MINUTE // 20 + 3)]
    refused = answers.count(429)
    assert refused >= 2, answers  # the bucket holds PER_MINUTE: the batches past it are refused
    assert set(answers) <= {202, 429}
    stored = wait_until(lambda: (found := row(server, article)).get("downloads") and found,
                        "the downloads read back")
    assert stored["downloads"] == 20 * answers.count(202)
    assert dropped(server, "flood") - before == 20 * refused
