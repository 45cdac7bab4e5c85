"""An article's intro and outro as MP3 that joins its segments without a gap.

Every separately encoded piece decodes with LAME's delay (``ENCODER_DELAY``) before its first
sample and some padding after its last, so two pieces laid end to end have a few frames more
silence between them than either holds. A bookend is made once, so it can carry the pause at its
join itself, trimmed to the sample: an intro ends with just enough frames of silence that the
article's first sample comes ``pause`` samples after the intro's last sound; an outro starts with
the silence that, after the article's last segment's padding (``MEAN_PADDING``, within half a
frame) and the outro's own delay, makes the same pause. The joins are then ``pause`` within one
frame (``bench/bench_bookends.py`` measures them on decoded audio).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import AudioError
from .mp3 import ENCODER_DELAY, Mp3Format, encode_pcm, iter_frames

# LAME pads a piece of N samples to whole frames: 576 * frames - ENCODER_DELAY - N lies in
# [47, 622] at 22,050 Hz (measured over every N mod 576); the middle is never more than 288 off.
MEAN_PADDING = 335
SILENCE_FLOOR = 103  # |sample| under -50 dBFS at the ends is silence, as loudness.py takes it
MAX_FILE_SECONDS = 120  # a bookend longer than this is not an intro


def decode_file(path: Path, sample_rate: int) -> bytes:
    """16-bit mono PCM at ``sample_rate`` from any audio file ffmpeg reads (MP3, WAV, Ogg, M4A...)."""
    import imageio_ffmpeg

    if not path.is_file():
        raise AudioError(f"no audio file {path}", "check the path (an absolute path is safest)")
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path),
               "-t", str(MAX_FILE_SECONDS), "-f", "s16le", "-ac", "1", "-ar", str(sample_rate), "-"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioError(f"cannot decode {path}: {exc}") from exc
    pcm = done.stdout[:len(done.stdout) // 2 * 2]
    if done.returncode != 0 or not trimmed(pcm)[0]:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["it is silent"]
        raise AudioError(f"{path} holds no audio that can be played: {reason[0]}",
                         "use an MP3, WAV, Ogg or M4A file with sound in it")
    return pcm


def trimmed(pcm: bytes) -> tuple[bytes, int]:
    """``pcm`` without the silence at its ends, and how many samples went from its start."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2")
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) >= SILENCE_FLOOR)
    if not len(loud):
        return b"", 0
    return samples[loud[0]:loud[-1] + 1].tobytes(), int(loud[0])


def intro_mp3(sound: bytes, fmt: Mp3Format, pause: int) -> bytes:
    """``sound`` (trimmed PCM) then silence, in whole frames, so that what follows starts
    ``pause`` samples (within half a frame) after its last sample."""
    samples = len(sound) // 2
    size = fmt.frame_samples
    frames = max(-(-(ENCODER_DELAY + samples) // size), round((samples + pause) / size))
    mp3 = encode_pcm(sound + bytes(2 * (frames * size + size)), fmt)
    kept = iter_frames(mp3)[:frames]
    return mp3[:kept[-1].offset + kept[-1].size]


def outro_lead(pause: int) -> int:
    """Samples of silence an outro starts with, for ``pause`` after the segment before it."""
    return max(0, pause - ENCODER_DELAY - MEAN_PADDING)


def outro_mp3(sound: bytes, fmt: Mp3Format, pause: int) -> bytes:
    """Silence then ``sound`` (trimmed PCM): ``pause`` after the end of the segment before it."""
    return encode_pcm(bytes(2 * outro_lead(pause)) + sound, fmt)
