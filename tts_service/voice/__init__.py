"""TTS backends: each turns one segment of text into an AudioClip. See ``base`` for the protocol."""

from ..audio.clip import AudioClip
from .base import Backend

__all__ = ["AudioClip", "Backend"]
