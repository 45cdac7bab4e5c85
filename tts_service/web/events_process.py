"""The listening events' own process under ``tts-service serve``, so that the players' beacons
never cost the worker that serves the audio more than a glance at them.

A beacon comes on a connection of its own (the player sends one every 15 s, and the server keeps
an idle connection ``TTS_HEADER_TIMEOUT`` seconds, 5 by default). The worker that accepts a
connection peeks at its first bytes (``MSG_PEEK``: nothing is read off it); when they are
``POST /api/events``, it passes the connection's file descriptor to this process over a Unix
socket (``SCM_RIGHTS``) and forgets it. This process reads the request, counts the batch with
the same code as the app (``listening.take``: the same origins, bounds per address, counts and
metrics), answers with ``Connection: close`` and closes. Nothing else is served here. It runs 10
steps nicer than the server, so that on a busy machine the audio's workers get the CPU first.

The worker takes the request itself, as before, when the events' process is not there (not
started yet, killed, being restarted: the worker tries it again at most once a second), when
its queue is full, or when a beacon arrives on a connection that carried something else first.
A supervisor (``ops.events_supervisor``, which ``serve`` starts) starts the events' process again
when it ends, and both end when the server does. Connections handed over but not yet read when the
process is killed are lost with it, as a beacon whose server went away is.

    python -m tts_service.serve events-process SOCKET SERVER_PID      (the supervisor runs it)
"""

from __future__ import annotations

import array
import contextlib
import json
import logging
import os
import socket
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Busy, TTSError
from .errors import shown
from .listening import MAX_BODY_BYTES, Beacon, take

if TYPE_CHECKING:
    from ..config import Settings
    from ..store.analytics import ListeningCounts
    from .listening import ClientLimiter, ClusterLimiter

log = logging.getLogger(__name__)

PREFIX = b"POST /api/events"
PEEK = len(PREFIX) + 1  # and a space or "?" after the path
PEEK_TRIES = 20  # a request line that arrives in pieces: looked at again for ~20 ms, then left
RETRY_SECONDS = 1.0  # between two attempts to reach a process that is not there
MAX_HEAD = 8192
MAX_CONNECTIONS = 1000  # being read at once; past it a connection is closed unread
NICER = 10  # the events' process's niceness above the server's
FLUSH_EVERY = 1.0  # seconds: the counts written out, as a worker's are
REASONS = {202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
           408: "Request Timeout", 411: "Length Required", 413: "Content Too Large",
           429: "Too Many Requests", 500: "Internal Server Error"}


class Handover:
    """The worker's side: hands a connection whose first request is a beacon to the events'
    process. Its socket is the standard library's, not gevent's: a send never waits."""

    def __init__(self, path: str, header_timeout: float) -> None:
        self.path = path
        self.header_timeout = header_timeout
        self._sock: Any = None
        self._tried_at = -RETRY_SECONDS

    def give(self, client: Any) -> bool:
        """True when ``client`` (a gevent socket, nothing read from it) went to the events'
        process, or sent nothing within TTS_HEADER_TIMEOUT (the worker would drop it too): the
        caller then only closes its own copy."""
        try:
            if not self._beacon(client):
                return False
        except TimeoutError:
            return True
        sock = self._connected()
        if sock is None:
            return False
        fds = array.array("i", [client.fileno()])
        try:
            sock.sendmsg([b"c"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
        except BlockingIOError:  # its queue is full: this worker takes the beacon itself
            return False
        except OSError:  # gone: tried again in a second
            self._drop()
            return False
        return True

    def _beacon(self, client: Any) -> bool:
        """Whether the connection's first bytes are a beacon's (TimeoutError: none came)."""
        timeout = client.gettimeout()
        client.settimeout(self.header_timeout)
        try:
            for _ in range(PEEK_TRIES):
                first = client.recv(PEEK, socket.MSG_PEEK)
                if len(first) == PEEK or not first or not PREFIX.startswith(first[:len(PREFIX)]):
                    return first.startswith(PREFIX) and first[len(PREFIX):] in (b" ", b"?")
                _sleep(0.001)
            return False
        except TimeoutError:
            raise
        except OSError:  # the client's problem: the worker's own reading will meet it too
            return False
        finally:
            client.settimeout(timeout)

    def _connected(self) -> Any:
        if self._sock is not None:
            return self._sock
        if time.monotonic() - self._tried_at < RETRY_SECONDS:
            return None
        self._tried_at = time.monotonic()
        sock = _plain_socket()(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            return None
        sock.setblocking(False)
        self._sock = sock
        return sock

    def close(self) -> None:
        """Let go of the events' process (a worker keeps it for its life)."""
        if self._sock is not None:
            self._drop()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()
        self._sock, self._tried_at = None, time.monotonic()


def _plain_socket() -> Any:
    """The standard library's socket class, even in a process gevent has patched."""
    from gevent import monkey

    return monkey.get_original("socket", "socket")


def _sleep(seconds: float) -> None:
    import gevent

    gevent.sleep(seconds)


class Refused(Exception):
    """A request this process does not take: its status and why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Taker:
    """Reads one beacon off a connection, counts it (``listening.take``) and answers it."""

    def __init__(self, settings: Settings, counts: ListeningCounts,
                 limiter: ClientLimiter | ClusterLimiter) -> None:
        self.settings, self.counts, self.limiter = settings, counts, limiter

    def answer(self, client: Any) -> None:
        with client:
            client.settimeout(self.settings.header_timeout)
            try:
                beacon = self._read(client)
                status, body, headers = self._counted(beacon)
            except Refused as exc:
                beacon, status, body, headers = None, exc.status, {"error": str(exc), "detail": ""}, {}
            except OSError:  # gone, or too slow: nothing to answer
                return
            payload = json.dumps(body).encode()
            head = [f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}", "Content-Type: application/json",
                    f"Content-Length: {len(payload)}", "Connection: close", "Cache-Control: no-store",
                    "X-Content-Type-Options: nosniff", *(f"{name}: {value}" for name, value in headers.items())]
            with contextlib.suppress(OSError):
                client.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload)
                if beacon is None or len(beacon.body) < beacon.length:  # unread: let the answer arrive
                    client.shutdown(socket.SHUT_WR)
                    while client.recv(65536):
                        pass

    def _counted(self, beacon: Beacon) -> tuple[int, dict[str, Any], dict[str, str]]:
        try:
            body, headers = take(beacon, self.settings.embed_origins, self.limiter, self.counts)
            return 202, body, headers
        except TTSError as exc:
            error, detail = shown(exc)
            retry = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Busy) else {}
            return exc.status, {"error": error, "detail": detail}, retry
        except Exception:
            log.exception("could not count a batch of listening events")
            return 500, {"error": "internal error", "detail": "the server logged the details"}, {}

    def _read(self, client: Any) -> Beacon:
        data = b""
        while b"\r\n\r\n" not in data:
            if len(data) > MAX_HEAD:
                raise Refused(400, "the request's head is too long")
            chunk = client.recv(4096)
            if not chunk:
                raise ConnectionResetError("the client closed the connection")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        line, *lines = head.decode("latin-1").split("\r\n")
        method, _, target = line.partition(" ")
        if method != "POST" or target.partition(" ")[0].partition("?")[0] != "/api/events":
            raise Refused(404, "only POST /api/events is answered on this connection")
        headers = {}
        for field in lines:
            name, colon, value = field.partition(":")
            if not colon:
                raise Refused(400, "a header line without a colon")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            raise Refused(411, "send the batch with a Content-Length")
        length = int(headers["content-length"]) if headers.get("content-length", "").isdigit() else 0
        if headers.get("expect", "").lower() == "100-continue" and len(body) < length <= MAX_BODY_BYTES:
            client.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")  # curl's way with a body over 1 KB
        while len(body) < min(length, MAX_BODY_BYTES):
            chunk = client.recv(65536)
            if not chunk:
                raise ConnectionResetError("the client closed the connection")
            body += chunk
        return Beacon(headers.get("origin"), headers.get("host", ""), self._address(client, headers),
                      length, body[:length])

    def _address(self, client: Any, headers: dict[str, str]) -> str:
        """The client's address; with TTS_PROXY_HOPS, the one the farthest trusted proxy saw
        (as the app's ProxyFix takes it)."""
        hops = self.settings.proxy_hops
        seen = [part.strip() for part in headers.get("x-forwarded-for", "").split(",") if part.strip()]
        if hops and len(seen) >= hops:
            return seen[-hops]
        return str(client.getpeername()[0])


def run(path: str) -> None:
    """The events' process (gevent has patched it): take connections from the workers over the
    Unix socket at ``path`` and answer their beacons, until the supervisor ends or SIGTERM."""
    import signal

    import gevent
    import gevent.event
    from gevent.pool import Pool

    from ..config import Settings
    from ..store.cache import AudioCache
    from .listening import listening_for

    os.nice(NICER)  # on a busy machine the audio's workers get the CPU first; beacons can wait
    settings = Settings.from_env()
    cache = AudioCache.from_settings(settings)
    counts, limiter = listening_for(settings, cache)
    taker = Taker(settings, counts, limiter)
    Path(path).unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    pool = Pool(MAX_CONNECTIONS)
    supervisor = os.getppid()
    stop = gevent.event.Event()
    gevent.signal_handler(signal.SIGTERM, stop.set)

    def accept() -> None:
        while True:
            worker, _ = listener.accept()
            gevent.spawn(receive, worker, pool, taker)

    def watch() -> None:
        while os.getppid() == supervisor and not stop.is_set():
            counts.flush()  # counts are written within a second, as a worker's are
            stop.wait(FLUSH_EVERY)
        stop.set()

    greenlets = [gevent.spawn(accept), gevent.spawn(watch)]
    stop.wait()
    gevent.killall(greenlets)
    pool.join(timeout=5)
    counts.flush()


def receive(worker: Any, pool: Any, taker: Taker) -> None:
    """The connections one worker hands over, each answered on a greenlet of ``pool``."""
    with worker:
        while True:
            try:
                message, ancillary, _, _ = worker.recvmsg(1, socket.CMSG_SPACE(array.array("i").itemsize))
            except OSError:
                return
            if not message:
                return  # the worker ended
            for level, kind, data in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds = array.array("i")
                    fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
                    for fd in fds:
                        client = socket.socket(fileno=fd)
                        if pool.full():
                            client.close()  # too many at once: this one is dropped
                        else:
                            pool.spawn(taker.answer, client)
