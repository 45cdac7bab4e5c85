"""TTS backends: each turns one segment of text into an AudioClip. See ``base`` for the protocol."""

from .base import AudioClip, Backend

__all__ = ["AudioClip", "Backend"]
