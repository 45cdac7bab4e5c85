"""MP3 for the article: encode PCM to CBR frames, silence in whole frames, frame counting.

Every segment is encoded on its own with the same settings (CBR, mono, one sample rate and bit rate
per voice) and no ID3 or Xing/Info header, so segment MP3s concatenate frame by frame into one valid
stream. Durations always come from counting real frames, never from PCM lengths: each separately
encoded piece carries LAME's encoder delay and padding.
"""

from __future__ import annotations

import functools
import io
import logging
from dataclasses import dataclass

from ..errors import AudioError
from .clip import AudioClip
from .loudness import LEVELING_VERSION

log = logging.getLogger(__name__)

# MPEG audio version bits -> (bit rate table for Layer III in kbit/s, sample rates)
_MPEG1 = 3
_BITRATES = {
    _MPEG1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2
    0: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),  # MPEG-2.5
}
_SAMPLE_RATES = {_MPEG1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


# Samples a decoder puts before the first sample of PCM we encode (LAME's encoder delay of 576 and
# the decoder's 529): our streams carry no header telling a player to skip them.
ENCODER_DELAY = 1105


@dataclass(frozen=True)
class Mp3Format:
    """How an article's MP3 is encoded: fixed per voice so segments join frame by frame."""

    sample_rate: int
    bitrate: int = 64  # kbit/s, constant
    quality: int = 7  # LAME: 2 best .. 7 fastest
    loudness: float | None = None  # LUFS every segment is leveled to (see loudness.py); None: as made

    @property
    def frame_samples(self) -> int:
        """Samples per MP3 frame: 1152 for MPEG-1 rates, 576 for MPEG-2 and 2.5."""
        return 1152 if self.sample_rate >= 32000 else 576

    @property
    def frame_seconds(self) -> float:
        return self.frame_samples / self.sample_rate

    def to_dict(self) -> dict[str, int | float]:
        """What the audio depends on, part of every segment's key and article's id."""
        described: dict[str, int | float] = {"sample_rate": self.sample_rate, "bitrate": self.bitrate,
                                             "quality": self.quality}
        if self.loudness is not None:
            described |= {"loudness": self.loudness, "leveling": LEVELING_VERSION}
        return described


def encode_pcm(pcm: bytes, fmt: Mp3Format) -> bytes:
    """Encode 16-bit mono PCM at ``fmt.sample_rate`` into a headerless CBR MP3 stream."""
    import lameenc

    if len(pcm) % 2:
        raise AudioError("PCM data has an odd byte count", "expected 16-bit samples")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(fmt.bitrate)
    encoder.set_in_sample_rate(fmt.sample_rate)
    encoder.set_out_sample_rate(fmt.sample_rate)  # LAME would resample some rate/bit rate pairs
    encoder.set_channels(1)
    encoder.set_quality(fmt.quality)
    try:
        mp3 = bytes(encoder.encode(pcm)) + bytes(encoder.flush())
    except Exception as exc:  # lameenc raises plain RuntimeError/ValueError
        raise AudioError(f"MP3 encoding failed: {exc}") from exc
    return mp3


@functools.lru_cache(maxsize=64)
def silence_mp3(milliseconds: int, fmt: Mp3Format) -> bytes:
    """A pause of about ``milliseconds``, as a whole number of frames of silence; made once."""
    frames = round(milliseconds / 1000 / fmt.frame_seconds)
    if frames <= 0:
        return b""
    return encode_pcm(bytes(2 * frames * fmt.frame_samples), fmt)


def clip_to_pcm(clip: AudioClip, sample_rate: int) -> bytes:
    """16-bit mono PCM at ``sample_rate`` from any clip; pydub converts what is not already so."""
    if clip.format == "pcm_s16le" and clip.sample_rate == sample_rate and clip.channels == 1:
        return clip.data
    segment = _pydub_segment(clip)
    segment = segment.set_channels(1).set_sample_width(2).set_frame_rate(sample_rate)
    return bytes(segment.raw_data)


def _pydub_segment(clip: AudioClip):  # type: ignore[no-untyped-def]
    pydub = _pydub()
    try:
        if clip.format == "mp3":
            # Naming the codec spares pydub its ffprobe call (imageio-ffmpeg ships only ffmpeg).
            return pydub.AudioSegment.from_file(io.BytesIO(clip.data), format="mp3", codec="mp3")
        return pydub.AudioSegment(
            data=clip.data, sample_width=2, frame_rate=clip.sample_rate, channels=clip.channels
        )
    except Exception as exc:  # pydub raises CouldntDecodeError and ffmpeg errors
        raise AudioError(f"cannot decode {clip.format} audio from the backend: {exc}") from exc


@functools.cache
def _pydub():  # type: ignore[no-untyped-def]
    """pydub, pointed at the ffmpeg binary shipped in the imageio-ffmpeg wheel."""
    import warnings

    import imageio_ffmpeg

    with warnings.catch_warnings():
        # pydub imports audioop, deprecated since Python 3.11.
        warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
        # It looks for ffmpeg on PATH at import; we point it at imageio-ffmpeg's binary below.
        warnings.filterwarnings("ignore", "Couldn't find ffmpeg", RuntimeWarning)
        import pydub

    pydub.AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
    return pydub


@dataclass(frozen=True)
class Frame:
    offset: int
    size: int
    samples: int
    sample_rate: int


def iter_frames(mp3: bytes) -> list[Frame]:
    """Every MPEG Layer III frame in ``mp3``, in order. Raises AudioError on anything else."""
    frames: list[Frame] = []
    pos = 0
    end = len(mp3)
    while pos < end:
        if end - pos < 4:
            raise AudioError("truncated MP3 frame header", f"at byte {pos}")
        b1, b2 = mp3[pos + 1], mp3[pos + 2]
        version = (b1 >> 3) & 3
        if mp3[pos] != 0xFF or (b1 & 0xE0) != 0xE0 or version == 1 or (b1 >> 1) & 3 != 1:
            raise AudioError("not an MPEG Layer III frame", f"at byte {pos}")
        bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
        if bitrate_index in (0, 15) or rate_index == 3:
            raise AudioError("invalid MP3 frame header", f"at byte {pos}")
        bitrate = _BITRATES[version][bitrate_index] * 1000
        sample_rate = _SAMPLE_RATES[version][rate_index]
        samples = 1152 if version == _MPEG1 else 576
        size = samples // 8 * bitrate // sample_rate + ((b2 >> 1) & 1)
        frames.append(Frame(pos, size, samples, sample_rate))
        pos += size
    if pos != end:
        raise AudioError("truncated MP3 frame", f"stream ends at {end}, frame at {pos}")
    return frames


def frame_count(mp3: bytes) -> int:
    return len(iter_frames(mp3))


def duration_seconds(mp3: bytes) -> float:
    """Playing time of a headerless MP3 stream, from its real frames."""
    return sum(frame.samples / frame.sample_rate for frame in iter_frames(mp3))
