"""Test helpers shared across folders: the publisher's and a reader's clients, an instrumented real
voice, the segmenter's invariants, an independent decoder, and a real server in a subprocess.

Waiting for a state is waiting.py's; the browser's harness is web/browser_support.py."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import requests
from waiting import DEADLINE, HTTP_TIMEOUT, wait_until

from tts_service.access import hash_key
from tts_service.audio.clip import AudioClip
from tts_service.errors import BackendError
from tts_service.voice.base import Backend

# The publisher's key in tests: settings and servers accept it, publisher clients send it.
PUBLISHER_KEY = "tts_test-publisher-key"
PUBLISHER_HEADERS = {"Authorization": f"Bearer {PUBLISHER_KEY}"}
# The voice's capacity in tests is what Piper makes on these machines when idle (FACTS.md), not a
# measurement taken while other tests load the machine: admission control depends on the test alone.
IDLE_CAPACITY = 14.0  # seconds of audio a second
# What every test's service, batch and watcher runs with, however busy the machine is: the fixed
# capacity, and batch workers at the niceness of the test itself. At the default (10) they yield
# to everything else running, and on a busy machine made four short segments in 300 s: a test's
# speed would be whatever the other load leaves it. (test_batch checks TTS_BATCH_NICE itself.)
STEADY_ENV = {"TTS_SYNTH_CAPACITY": str(IDLE_CAPACITY), "TTS_BATCH_NICE": "0"}
PUBLISHER_ENV = {"TTS_API_KEYS": hash_key(PUBLISHER_KEY), **STEADY_ENV}
# A keyless request from the service's own pages (the Flask test client's host), as a reader's browser sends.
OWN_PAGE = {"Origin": "http://localhost"}
# A short article spoken in many tests: a heading and two sentences, three segments.
SHORT_ARTICLE = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy."


def publisher_client(app: Any) -> Any:
    """A Flask test client that sends the publisher's key with every request."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = PUBLISHER_HEADERS["Authorization"]
    return client


def reader(app: Any, address: str = "198.51.100.7") -> Any:
    """A keyless Flask test client (a reader's browser) at ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


class CountingBackend:
    """The real voice, with a record of every text it was asked to speak."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.id, self.max_chars = inner.id, inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioClip:
        with self._lock:
            self.calls.append(text)
        return self.inner.synthesize(text)


def check_segments(text: str, segments: list[Any], max_chars: int) -> None:
    """The segmenter's invariants: each source is the exact input it came from, in order and not
    overlapping; what is spoken fits the limit, on one line; each word maps into its source."""
    end = 0
    for segment in segments:
        assert text[segment.char_start:segment.char_end] == segment.source
        assert segment.char_start >= end
        end = segment.char_end
        assert 0 < len(segment.text) <= max_chars
        assert segment.text == " ".join(segment.text.split())
        assert all(0 <= w.start <= w.end <= len(segment.source) for w in segment.words)


@dataclass
class Decoded:
    seconds: float
    errors: str


def ffmpeg_decode(mp3: bytes, sample_rate: int) -> Decoded:
    """Decode with the ffmpeg binary from imageio-ffmpeg: an independent check of our MP3."""
    proc = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "mp3", "-i", "pipe:0",
         "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "pipe:1"],
        input=mp3, capture_output=True, check=False, timeout=120,
    )
    return Decoded(len(proc.stdout) / 2 / sample_rate, proc.stderr.decode(errors="replace"))


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(exe: Path, cache: Path, log: Path, *args: str) -> Iterator[str]:
    """``exe serve`` (the console script) on a free port, its output in ``log``, until ready;
    yields the base URL and stops the server afterwards."""
    port = free_port()
    with log.open("w") as output:
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port), *args],
                                env={**os.environ, **PUBLISHER_ENV, "TTS_CACHE_DIR": str(cache)},
                                stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            try:
                return requests.get(f"{base}/readyz", timeout=HTTP_TIMEOUT).status_code == 200
            except (requests.ConnectionError, requests.Timeout):
                return False

        try:
            wait_until(ready, f"{exe} serve to be ready", poll=0.2, process=proc,
                       details=lambda: log.read_text()[-3000:])
            yield base
        finally:
            stop_process(proc, timeout=30)


def ctrl_c_reaches_it() -> None:
    """``preexec_fn`` for a program a test stops with Ctrl-C (SIGINT): the program starts with
    SIGINT at its default, as it would in a terminal. A shell script that started the test run
    in the background (CI, ``make test &``) hands its children SIGINT ignored, and a Python
    started that way never turns Ctrl-C into KeyboardInterrupt: the program would not stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop_process(proc: subprocess.Popen[Any], timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``timeout`` seconds (nothing if it has
    ended already); then close the pipes to it."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=DEADLINE)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


class GatedBackend:
    """The real voice, recording each call; texts in ``gates`` wait for their event first,
    texts in ``failing`` raise a BackendError as a failing voice would."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.id, self.max_chars = inner.id, inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options
        self.calls: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        self.failing: set[str] = set()
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioClip:
        with self._lock:
            self.calls.append(text)
        gate = self.gates.get(text)
        if gate is not None and not gate.wait(timeout=DEADLINE):
            raise BackendError("gate never opened", text)
        if text in self.failing:
            raise BackendError("the voice failed on purpose", text, retryable=True)
        return self.inner.synthesize(text)
