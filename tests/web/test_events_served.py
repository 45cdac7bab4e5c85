"""Listening events through the server users run: `tts-service serve`, whose workers hand each
beacon's connection to the events' own process (gunicorn's gevent worker takes a beacon itself,
once its loop is idle of other requests, only while that process is not there). A batch is
counted and read back; a flood past the address's bound is refused, dropped and counted;
another site's page is refused; events keep being answered while audio is being read; and a
killed events' process loses neither the audio nor the events, and is started again."""

from __future__ import annotations

import json
import os
import re
import signal
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


def processes(server: str, role: bytes) -> list[int]:
    """The server's processes (of the one listening on ``server``'s port) whose command line
    ends in ``role``: b"events" (the supervisor), b"events-process"."""
    table: dict[int, tuple[int, bytes]] = {}
    for entry in Path("/proc").iterdir():
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            table[int(entry.name)] = (parent, (entry / "cmdline").read_bytes())
        except (OSError, ValueError):
            continue
    port = server.rsplit(":", 1)[1].encode()
    family = {pid for pid, (_, command) in table.items()
              if b"tts_service.serve\x00127.0.0.1\x00" + port + b"\x00" in command}
    while grown := {pid for pid, (parent, _) in table.items() if parent in family} - family:
        family |= grown
    return sorted(pid for pid in family if table[pid][1].split(b"\x00")[3:4] == [role])


def gone(pid: int) -> bool:
    """True once ``pid`` has ended (a zombie holds no sockets)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def by_events_process(answer: requests.Response) -> bool:
    """Its own answer says so: it closes every connection (a worker keeps it open)."""
    return answer.headers.get("Connection", "").lower() == "close"


def test_a_batch_is_counted_and_read_back(server: str, article: str) -> None:
    answer = send(server, [{"article": article, "type": "play"},
                           {"article": article, "type": "seconds", "value": 3.5}])
    assert answer.status_code == 202, answer.text
    assert answer.json() == {"counted": 2}
    assert by_events_process(answer) and len(processes(server, b"events-process")) == 1
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
    replies = [send(server, batch) for _ in range(PER_MINUTE // 20 + 3)]
    assert all(by_events_process(reply) for reply in replies)  # its bound, not a worker's
    answers = [reply.status_code for reply in replies]
    refused = answers.count(429)
    assert refused >= 2, answers  # the bucket holds PER_MINUTE: the batches past it are refused
    assert set(answers) <= {202, 429}
    stored = wait_until(lambda: (found := row(server, article)).get("downloads") and found,
                        "the downloads read back")
    assert stored["downloads"] == 20 * answers.count(202)
    assert dropped(server, "flood") - before == 20 * refused


@pytest.fixture
def own_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A server of the test's own: its events' processes are killed."""
    monkeypatch.setenv("TTS_ANALYTICS_EVENTS_PER_MINUTE", "100000")  # not the module's flood bound
    with serving(EXE, tmp_path / "cache", tmp_path / "server.log") as base:
        yield base


def test_a_killed_events_process_loses_neither_audio_nor_events_and_comes_back(own_server: str) -> None:
    play = {"article": "0123456789abcdef0123456789abcdef", "type": "play"}
    accepted = []

    def beacon(plays: int = 1) -> requests.Response:
        answer = send(own_server, [play] * plays)
        assert answer.status_code == 202, answer.text
        accepted.append(plays)
        return answer

    def all_read_back() -> None:  # a process killed loses its last second's counts: not these
        wait_until(lambda: row(own_server, play["article"])["plays"] == sum(accepted),
                   f"the {sum(accepted)} plays read back", details=lambda: str(row(own_server, play["article"])))

    wait_until(lambda: by_events_process(beacon()), "the events' process answering")
    all_read_back()
    first = processes(own_server, b"events-process")
    os.kill(first[0], signal.SIGKILL)
    wait_until(lambda: gone(first[0]), "the events' process dead")  # what it held is lost with it
    for _ in range(5):
        beacon()  # the worker takes them while it is away
    wait_until(lambda: (again := processes(own_server, b"events-process")) and again != first,
               "the events' process started again")
    wait_until(lambda: by_events_process(beacon()), "the new one answering")
    all_read_back()
    killed = processes(own_server, b"events") + processes(own_server, b"events-process")
    for pid in killed:  # the supervisor too: for good, the workers take every beacon now
        os.kill(pid, signal.SIGKILL)
    wait_until(lambda: all(gone(pid) for pid in killed), "no events' process left")
    assert not by_events_process(beacon(3))
    assert requests.get(f"{own_server}/healthz", timeout=HTTP_TIMEOUT).status_code == 200
    all_read_back()
