"""Audio for the listener: MP3 frames, stitching, formats, tags, chapters and captions.

The package's face is the MP3 layer (``mp3``) that every stage uses: encode PCM to CBR frames,
silence in whole frames, frame counting; and
the leveling (``loudness``) every segment gets before it is encoded.
"""

from .clip import AudioClip
from .loudness import level_pcm
from .mp3 import (
    ENCODER_DELAY,
    Frame,
    Mp3Format,
    clip_to_pcm,
    duration_seconds,
    encode_pcm,
    frame_count,
    iter_frames,
    silence_mp3,
)

__all__ = ["ENCODER_DELAY", "AudioClip", "Frame", "Mp3Format", "clip_to_pcm", "duration_seconds",
           "encode_pcm", "frame_count", "iter_frames", "level_pcm", "silence_mp3"]
