"""The audio a voice hands back for one segment: raw PCM or MP3 frames that say what they are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AudioFormat = Literal["pcm_s16le", "mp3"]


@dataclass(frozen=True)
class AudioClip:
    """Self-describing audio of one segment: raw 16-bit PCM or MP3 bytes."""

    data: bytes
    format: AudioFormat
    sample_rate: int
    channels: int = 1
    # When the voice knows them: the sample span of each spoken word of the text (as
    # ``word_timing.spoken_words`` counts them) in ``data``; None: the pipeline estimates them.
    words: tuple[tuple[int, int], ...] | None = None
