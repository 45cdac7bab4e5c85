"""Test helpers shared across folders: an instrumented real voice and an independent decoder."""

from __future__ import annotations

import subprocess
import threading
from dataclasses import dataclass

import imageio_ffmpeg

from tts_service.backends.base import AudioClip, Backend


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
