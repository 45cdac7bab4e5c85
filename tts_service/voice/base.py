"""The narrow protocol every TTS backend implements, and the audio it hands back."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from ..audio.clip import AudioClip
from ..config import Settings


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


@dataclass(frozen=True)
class BackendKind:
    """What the service knows of a backend without loading a voice, and how to load one.

    Each backend module defines one; ``registry`` lists them. ``configure`` turns the settings and
    a voice name into the voice's setup, a frozen value: equal setups share one loaded voice.
    """

    name: str
    description: str
    online: bool  # sends each new segment over the network: one request per segment
    max_chars: int  # the longest segment it takes; the segmenter honours it
    configure: Callable[[Settings, str], Hashable]  # (settings, voice or "") -> the voice's setup
    load: Callable[[Any], Backend]  # setup -> a loaded voice
    voices: Callable[[Settings], list[str]]  # the voices one can name
    voice_for_lang: Callable[[str, str], str]  # (lang, voice asked for) -> voice; InputError if none
    estimate_seconds: Callable[[str, Settings], float]  # rough audio length of a text, unspoken
