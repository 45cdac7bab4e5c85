"""A fake HTTPS transport that answers like Google's batchexecute endpoint, with a real MP3 inside.

Its fixtures (``google_mp3``, ``make_google``, ``make_gtts``) serve every folder: tests/conftest.py
imports them.
"""

from __future__ import annotations

import base64
import io
import json
import math
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lameenc
import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from tts_service.voice.gtts_backend import GTTSBackend, Throttle


@pytest.fixture(scope="session")
def google_mp3() -> bytes:
    """Half a second of 440 Hz at 24 kHz mono, 32 kbit/s: the format Google's TTS sends."""
    rate = 24_000
    pcm = b"".join(struct.pack("<h", round(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                   for i in range(rate // 2))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(rate)  # without it LAME picks 22,050 Hz for 32 kbit/s
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())


def batchexecute_body(audio: bytes | None, rpc_payload: str | None = None) -> bytes:
    """An answer shaped like Google's: XSSI prefix, then one JSON array spread over lines."""
    if rpc_payload is None and audio is not None:
        rpc_payload = json.dumps([base64.b64encode(audio).decode("ascii")])
    entry = ["wrb.fr", "jQ1olc", rpc_payload, None, None, None, "generic"]
    return (")]}'\n\n[" + json.dumps(entry, separators=(",", ":"))
            + '\n,["di",52]\n,["af.httprm",51,"-668177807451224424",66]\n]').encode()


@dataclass(frozen=True)
class Reply:
    """One scripted answer: an HTTP status with a body, or an exception raised instead."""

    status: int = 200
    body: bytes | None = None  # None: a batchexecute answer carrying the real MP3
    headers: tuple[tuple[str, str], ...] = ()
    raises: type[requests.RequestException] | None = None


HANG_SECONDS = 300.0  # a "hang" step answers nothing this long (real seconds), or until released

# What a script may say: one of these names, "hang", an int status, or (status, {header: value}).
STEPS: dict[str, Reply] = {
    "ok": Reply(),
    "timeout": Reply(raises=requests.exceptions.ReadTimeout),
    "connect_timeout": Reply(raises=requests.exceptions.ConnectTimeout),
    "connect": Reply(raises=requests.exceptions.ConnectionError),
    "reset": Reply(raises=requests.exceptions.ChunkedEncodingError),
    "too_many_redirects": Reply(raises=requests.exceptions.TooManyRedirects),
    # 200 answers without usable audio
    "no_audio": Reply(body=batchexecute_body(None)),  # reportedly Google's answer for a language it lacks
    "bad_payload": Reply(body=batchexecute_body(None, rpc_payload="UNEXPECTED VALUE")),
    "not_mp3": Reply(body=batchexecute_body(b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(64))),
    "empty_audio": Reply(body=batchexecute_body(b"")),
    "html": Reply(body=b"<html><body>Our systems have detected unusual traffic</body></html>"),
    "empty": Reply(body=b""),
}


def _reply(step: str | int | tuple[int, dict[str, str]]) -> Reply:
    if isinstance(step, str):
        return STEPS[step]
    if isinstance(step, int):
        return Reply(status=step, body=b"error")
    status, headers = step
    return Reply(status=status, body=b"error", headers=tuple(headers.items()))


@dataclass
class Sent:
    """A request the fake transport received."""

    request: requests.PreparedRequest
    at: float
    timeout: Any

    @property
    def host(self) -> str:
        return urlsplit(str(self.request.url)).hostname or ""

    @property
    def rpc_args(self) -> list[Any]:
        """[text, lang, speed, "null"]: the arguments gTTS packed into the f.req form field."""
        body = self.request.body
        form = parse_qs(body.decode() if isinstance(body, bytes) else str(body))
        rpc = json.loads(form["f.req"][0])
        return list(json.loads(rpc[0][0][1]))

    @property
    def text(self) -> str:
        return str(self.rpc_args[0])

    @property
    def lang(self) -> str:
        return str(self.rpc_args[1])


class FakeGoogle(BaseAdapter):
    """Answers each request with the next step of a script; a missing step fails the test."""

    def __init__(self, script: list[Any], audio: bytes,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.script = list(script)
        self.audio = audio
        self.clock = clock
        self.sent: list[Sent] = []
        self.released = threading.Event()  # ends every "hang"
        self._lock = threading.Lock()

    def session(self) -> requests.Session:
        """A Session whose every request goes to this fake."""
        session = requests.sessions.Session()  # a test patches requests.Session itself
        session.mount("https://", self)
        session.mount("http://", self)
        return session

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        with self._lock:
            self.sent.append(Sent(request, self.clock(), timeout))
            if not self.script:
                raise AssertionError(f"unexpected request #{len(self.sent)} to {request.url}")
            step = self.script.pop(0)
        if step == "hang":  # connected, and no answer at all until the test releases it
            self.released.wait(timeout=HANG_SECONDS)
            raise requests.exceptions.ReadTimeout("scripted hang", request=request)
        reply = _reply(step)
        if reply.raises is not None:
            raise reply.raises(f"scripted {reply.raises.__name__}", request=request)
        response = requests.Response()
        response.status_code = reply.status
        response.reason = HTTPStatus(reply.status).phrase
        response.headers = CaseInsensitiveDict(dict(reply.headers))
        response.raw = io.BytesIO(batchexecute_body(self.audio) if reply.body is None
                                  else reply.body)
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


class FakeClock:
    """A monotonic clock that only moves when someone sleeps; it records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class GTTSRig:
    """A real GTTSBackend wired to a fake Google and a fake clock."""

    backend: GTTSBackend
    google: FakeGoogle
    clock: FakeClock

    @property
    def starts(self) -> list[float]:
        return [sent.at for sent in self.google.sent]


@pytest.fixture
def make_google(google_mp3: bytes) -> Callable[..., FakeGoogle]:
    """``make_google(script, clock=time.monotonic)``: a fake Google answering with google_mp3."""

    def make(script: list[Any], clock: Callable[[], float] = time.monotonic) -> FakeGoogle:
        return FakeGoogle(script, google_mp3, clock)

    return make


@pytest.fixture
def make_gtts(make_google: Callable[..., FakeGoogle]) -> Callable[..., GTTSRig]:
    """``make_gtts(["503", "ok"], lang=..., ...)``: a backend whose requests follow the script.

    Each rig gets its own throttle on the fake clock (min_interval 0 unless given), so tests do not
    wait for each other; pass ``clock`` and ``throttle`` to share them between rigs.
    """

    def make(script: list[Any], *, clock: FakeClock | None = None,
             throttle: Throttle | None = None, **kwargs: Any) -> GTTSRig:
        clock = clock or FakeClock()
        google = make_google(script, clock.monotonic)
        kwargs.setdefault("min_interval", 0.0)
        backend = GTTSBackend(session_factory=google.session, sleep=clock.sleep,
                              throttle=throttle or Throttle(clock.monotonic), **kwargs)
        return GTTSRig(backend, google, clock)

    return make
