"""The listening events' own process answers a beacon as the app does (``listening.take``: the
same origins, bounds, counts and errors), over a real TCP connection, and refuses what is not a
beacon; with trusted proxies the address is the one they saw. A worker hands it a beacon's
connection untouched, keeps every other, and takes beacons itself while the process is away."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from waiting import wait_until

from tts_service.config import Settings
from tts_service.store.analytics import day_of
from tts_service.store.cache import AudioCache
from tts_service.web.events_process import Handover, Taker
from tts_service.web.listening import listening_for

ARTICLE = "0123456789abcdef0123456789abcdef"
PER_MINUTE = 6


@pytest.fixture
def taker(tmp_path: Path) -> Taker:
    settings = Settings(cache_dir=tmp_path, analytics_events_per_minute=PER_MINUTE,
                        embed_origins="https://news.example", proxy_hops=1)
    counts, limiter = listening_for(settings, AudioCache(tmp_path))
    return Taker(settings, counts, limiter)


@pytest.fixture
def connect(taker: Taker) -> Iterator[Any]:
    """A function sending raw bytes on a new TCP connection that ``taker`` answers: the answer."""
    listener = socket.create_server(("127.0.0.1", 0))
    threads = []

    def send(raw: bytes) -> tuple[int, dict[str, str], Any]:
        client = socket.create_connection(listener.getsockname(), timeout=30)
        accepted, _ = listener.accept()
        thread = threading.Thread(target=taker.answer, args=(accepted,))
        thread.start()
        threads.append(thread)
        with client:
            client.sendall(raw)
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        line, *lines = head.decode().split("\r\n")
        headers = {name.lower(): value.strip() for name, _, value in (item.partition(":") for item in lines)}
        return int(line.split()[1]), headers, json.loads(body)

    yield send
    for thread in threads:
        thread.join(timeout=30)
    listener.close()


def beacon(events: list[dict[str, Any]], origin: str = "http://events.test", forwarded: str = "203.0.113.5",
           extra: str = "") -> bytes:
    body = json.dumps({"events": events}).encode()
    return (f"POST /api/events HTTP/1.1\r\nHost: events.test\r\nOrigin: {origin}\r\n"
            f"X-Forwarded-For: {forwarded}\r\nContent-Type: text/plain;charset=UTF-8\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def today(taker: Taker) -> Any:
    """Today's counts, as every process has written them."""
    bucket = "day:" + day_of(datetime.now(UTC))
    return taker.counts.read([bucket])[bucket]


PLAY = [{"article": ARTICLE, "type": "play"}, {"article": ARTICLE, "type": "seconds", "value": 2.5}]


def test_a_beacon_from_the_services_page_is_counted_and_the_connection_closed(taker: Taker, connect: Any) -> None:
    status, headers, body = connect(beacon(PLAY))
    assert (status, body) == (202, {"counted": 2})
    assert headers["connection"] == "close" and "access-control-allow-origin" not in headers
    assert today(taker)[(ARTICLE, "play")] == 1


def test_a_client_that_waits_to_be_told_to_continue_is_told(taker: Taker) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    with listener, socket.create_connection(listener.getsockname(), timeout=30) as client:
        accepted, _ = listener.accept()
        thread = threading.Thread(target=taker.answer, args=(accepted,))
        thread.start()
        head, _, body = beacon(PLAY, extra="Expect: 100-continue\r\n").partition(b"\r\n\r\n")
        client.sendall(head + b"\r\n\r\n")
        assert client.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        client.sendall(body)
        assert client.recv(100).startswith(b"HTTP/1.1 202 Accepted")
        thread.join(timeout=30)


def test_an_embedding_sites_beacon_may_be_read_by_its_page(connect: Any) -> None:
    status, headers, _ = connect(beacon(PLAY, origin="https://news.example"))
    assert status == 202 and headers["access-control-allow-origin"] == "https://news.example"


@pytest.mark.parametrize(("raw", "status"), [
    (beacon(PLAY, origin="https://elsewhere.example"), 403),
    (b"GET /healthz HTTP/1.1\r\nHost: events.test\r\n\r\n", 404),
    (beacon(PLAY).replace(b"Content-Length", b"Transfer-Encoding: chunked\r\nX-Length"), 411),
    (b"POST /api/events HTTP/1.1\r\nHost: events.test\r\nOrigin: http://events.test\r\n"
     b"Content-Length: 20000\r\n\r\n" + b"x" * 20000, 413),
    (b"POST /api/events HTTP/1.1\r\nHost: events.test\r\nOrigin: http://events.test\r\n"
     b"Content-Length: 9\r\n\r\nnot json!", 400),
    (beacon([{"article": ARTICLE, "type": "pause"}]), 400),
    (b"POST /api/events HTTP/1.1\r\nHost: events.test\r\nno colon here\r\n\r\n", 400),
])
def test_what_is_not_a_good_beacon_is_refused(connect: Any, raw: bytes, status: int) -> None:
    answered, headers, body = connect(raw)
    assert answered == status and set(body) == {"error", "detail"}
    assert headers["connection"] == "close"


def test_a_flood_from_one_address_is_refused_and_another_address_is_not(taker: Taker, connect: Any) -> None:
    """TTS_PROXY_HOPS=1: the address is the one the proxy saw (X-Forwarded-For), each its own budget."""
    answers = [connect(beacon(PLAY))[0] for _ in range(PER_MINUTE // 2 + 2)]
    assert answers.count(202) == PER_MINUTE // 2 and answers[-1] == 429
    status, headers, _ = connect(beacon(PLAY))
    assert status == 429 and headers["retry-after"] == "60"
    assert connect(beacon(PLAY, forwarded="198.51.100.9"))[0] == 202
    assert today(taker)[(ARTICLE, "play")] == PER_MINUTE // 2 + 1


@pytest.fixture
def pair() -> Iterator[Any]:
    """A function making a connected (client, server-side) TCP pair."""
    listener = socket.create_server(("127.0.0.1", 0))
    made: list[socket.socket] = []

    def connect() -> tuple[socket.socket, socket.socket]:
        client = socket.create_connection(listener.getsockname(), timeout=30)
        accepted, _ = listener.accept()
        made.extend([client, accepted])
        return client, accepted

    yield connect
    for sock in made:
        sock.close()
    listener.close()


def events_socket(path: Path) -> socket.socket:
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    receiver.bind(str(path))
    receiver.listen(4)
    receiver.settimeout(30)
    return receiver


def received(receiver: socket.socket) -> socket.socket:
    """The connection a worker handed over, as the events' process takes it."""
    worker, _ = receiver.accept()
    with worker:
        _, fds, _, _ = socket.recv_fds(worker, 1, 1)
    return socket.socket(fileno=fds[0])


def test_a_workers_handover_passes_a_beacons_connection_whole_and_leaves_the_rest(
        tmp_path: Path, pair: Any) -> None:
    receiver = events_socket(tmp_path / "events.sock")
    handover = Handover(str(tmp_path / "events.sock"), header_timeout=5)
    client, accepted = pair()
    client.sendall(beacon(PLAY))
    assert handover.give(accepted)
    accepted.close()  # the worker's copy: the connection lives on in the events' process
    with received(receiver) as taken:
        assert taken.recv(65536) == beacon(PLAY)  # nothing was read off it
        taken.sendall(b"HTTP/1.1 202 Accepted\r\n\r\n")
    assert client.recv(100).startswith(b"HTTP/1.1 202")
    for other in (b"GET /audio/x.mp3 HTTP/1.1\r\n\r\n", b"POST /api/eventsx HTTP/1.1\r\n\r\n"):
        client, accepted = pair()
        client.sendall(other)
        assert not handover.give(accepted)
        assert accepted.recv(65536) == other  # the worker reads it all itself
    handover.close()
    receiver.close()


def test_without_the_events_process_the_worker_keeps_the_beacon_and_tries_again_later(
        tmp_path: Path, pair: Any) -> None:
    path = tmp_path / "events.sock"
    handover = Handover(str(path), header_timeout=5)
    client, accepted = pair()
    client.sendall(beacon(PLAY))
    assert not handover.give(accepted)  # nobody there: the worker takes it
    assert accepted.recv(65536) == beacon(PLAY)
    receiver = events_socket(path)

    def handed() -> bool:
        client, accepted = pair()
        client.sendall(beacon(PLAY))
        return handover.give(accepted)

    wait_until(handed, "the events' process reached again")
    received(receiver).close()
    handover.close()
    receiver.close()


def test_a_connection_that_sends_nothing_is_let_go(tmp_path: Path, pair: Any) -> None:
    handover = Handover(str(tmp_path / "events.sock"), header_timeout=0.2)
    _, accepted = pair()
    assert handover.give(accepted)  # as the worker's own header timeout would drop it
