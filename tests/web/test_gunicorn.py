"""The service as users run it: `tts-service serve` (gunicorn, threaded workers) on a free port,
real HTTP requests."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from support import PUBLISHER_HEADERS, ffmpeg_decode, serving
from waiting import HTTP_TIMEOUT, wait_ready

EXE = Path(sys.executable).with_name("tts-service")
TEXT = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy by seven."


LOG = {"path": Path()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    LOG["path"] = tmp_path_factory.mktemp("log") / "server.log"
    with serving(EXE, tmp_path_factory.mktemp("cache"), LOG["path"], "--workers", "2") as base:
        yield base


def test_served_by_gunicorn_not_the_development_server(server: str) -> None:
    response = requests.get(f"{server}/healthz", timeout=HTTP_TIMEOUT)
    assert response.json() == {"status": "ok"}
    assert "gunicorn" in response.headers.get("Server", "")


def test_a_refused_article_is_a_400_without_a_traceback_in_the_log(server: str) -> None:
    # each refused POST printed gevent's traceback of the InputError from its native thread
    logged = LOG["path"].stat().st_size
    for body in ({"text": "   "}, {"ssml": "<speak>"}, {"html": "<p>...</p>"}):
        response = requests.post(f"{server}/api/articles", json=body, headers=PUBLISHER_HEADERS,
                                 timeout=HTTP_TIMEOUT)
        assert response.status_code == 400, response.text
    with LOG["path"].open() as log:
        log.seek(logged)
        assert "Traceback" not in log.read()


def test_post_stream_then_ranges_over_real_http(server: str) -> None:
    session = requests.Session()
    session.headers.update(PUBLISHER_HEADERS)
    created = session.post(f"{server}/api/articles", json={"text": TEXT}, timeout=HTTP_TIMEOUT)
    assert created.status_code == 201
    links = created.json()
    with session.get(server + links["audio_url"], stream=True, timeout=HTTP_TIMEOUT) as stream:
        assert stream.status_code == 200
        assert stream.headers["Content-Type"] == "audio/mpeg"
        streamed = b"".join(stream.iter_content(4096))
    assert ffmpeg_decode(streamed, 22050).errors == ""
    wait_ready(server, links["id"])
    whole = session.get(server + links["audio_url"], timeout=HTTP_TIMEOUT)
    assert whole.content == streamed  # the stream was the article, byte for byte
    part = session.get(server + links["audio_url"], headers={"Range": "bytes=100-199"}, timeout=HTTP_TIMEOUT)
    assert part.status_code == 206 and part.content == whole.content[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(whole.content)}"
    etag = whole.headers["ETag"]
    assert session.get(server + links["audio_url"], headers={"If-None-Match": etag},
                       timeout=HTTP_TIMEOUT).status_code == 304
    vtt = session.get(server + links["captions_url"], timeout=HTTP_TIMEOUT)
    assert vtt.text.startswith("WEBVTT") and "Traffic was heavy by seven." in vtt.text


def test_concurrent_listeners_across_worker_processes(server: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    text = "Two workers share one cache. Each sentence is made once.\n\nListeners agree."
    article = requests.post(f"{server}/api/articles", json={"text": text},
                            headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT).json()

    def listen(_: int) -> bytes:
        return requests.get(server + article["audio_url"], timeout=120).content

    with ThreadPoolExecutor(max_workers=8) as pool:
        bodies = list(pool.map(listen, range(8)))
    assert len(set(bodies)) == 1 and ffmpeg_decode(bodies[0], 22050).errors == ""
    made = re.findall(rf"synthesized segment (\d+)/\d+ of {article['id']}", LOG["path"].read_text())
    assert sorted(made) == ["1", "2", "3"]  # each segment once, whichever process made it


def test_bad_requests_get_json_errors(server: str) -> None:
    response = requests.post(f"{server}/api/articles", data="nope",
                             headers={"Content-Type": "text/plain", **PUBLISHER_HEADERS}, timeout=HTTP_TIMEOUT)
    assert response.status_code == 400 and set(response.json()) == {"error", "detail"}
    missing = requests.get(f"{server}/audio/{'0' * 32}.mp3", timeout=HTTP_TIMEOUT)
    assert missing.status_code == 404 and "error" in missing.json()


def test_a_broken_chunked_body_is_a_400(server: str) -> None:
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(server)
    with socket.create_connection((address.hostname, address.port), timeout=HTTP_TIMEOUT) as sock:
        sock.sendall(b"POST /api/articles HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n"
                     + f"Authorization: {PUBLISHER_HEADERS['Authorization']}\r\n\r\n".encode()
                     + b"zz\r\n{\"text\": \"Hello.\"}\r\n0\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.split()[1] == b"400", reply[:500]
    assert b'"error"' in rest


def test_slow_and_stuck_clients_do_not_stop_the_service(server: str) -> None:
    """More stuck connections than the old threaded workers had threads (16 each): connections
    that never finish their headers, streams of a new article that nobody reads, and health
    checks whose clients neither read nor close. The service still answers everyone else."""
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(server)
    where = (address.hostname, address.port)
    text = "Stuck readers wait here. The article goes on.\n\nIt has a second paragraph as well."
    article = requests.post(f"{server}/api/articles", json={"text": text},
                            headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT).json()
    stuck: list[socket.socket] = []
    try:
        for _ in range(40):
            stuck.append(socket.create_connection(where, timeout=HTTP_TIMEOUT))
            stuck[-1].sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")  # never finished
        for _ in range(30):
            stuck.append(socket.create_connection(where, timeout=HTTP_TIMEOUT))
            stuck[-1].sendall(f"GET {article['audio_url']} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
        for _ in range(5):
            stuck.append(socket.create_connection(where, timeout=HTTP_TIMEOUT))
            stuck[-1].sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        for _ in range(5):
            assert requests.get(f"{server}/healthz", timeout=5).json() == {"status": "ok"}
        listened = requests.get(server + article["audio_url"], timeout=HTTP_TIMEOUT)
        assert listened.status_code == 200 and ffmpeg_decode(listened.content, 22050).errors == ""
    finally:
        for sock in stuck:
            sock.close()


def test_a_request_never_finished_is_dropped_after_the_header_timeout(server: str) -> None:
    import socket
    from urllib.parse import urlsplit

    address = urlsplit(server)
    with socket.create_connection((address.hostname, address.port), timeout=HTTP_TIMEOUT) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")  # and nothing more
        assert sock.recv(65536) == b""  # closed by the server (TTS_HEADER_TIMEOUT, 5 s)
