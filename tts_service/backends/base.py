"""The narrow protocol every TTS backend implements, and the audio it hands back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

AudioFormat = Literal["pcm_s16le", "mp3"]


@dataclass(frozen=True)
class AudioClip:
    """Self-describing audio of one segment: raw 16-bit PCM or MP3 bytes."""

    data: bytes
    format: AudioFormat
    sample_rate: int
    channels: int = 1


@runtime_checkable
class Backend(Protocol):
    """A voice. Built once per process and reused for every segment."""

    id: str  # name + model/voice version: part of every cache key
    max_chars: int  # the segmenter never hands over a longer segment
    sample_rate: int  # the rate the article MP3 is encoded at for this voice
    options: dict[str, Any]  # per-voice settings that change the sound (length scale, tld...)

    def synthesize(self, text: str) -> AudioClip:
        """Speak one segment. Raises BackendError on failure."""
        ...
