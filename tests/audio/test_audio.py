"""MP3 encoding, silence and frame counting, checked by an independent decoder."""

from __future__ import annotations

import math
import struct

import pytest
from support import ffmpeg_decode

from tts_service import audio
from tts_service.audio.clip import AudioClip
from tts_service.errors import AudioError


def tone(seconds: float, rate: int, freq: float = 440.0) -> bytes:
    n = int(seconds * rate)
    return struct.pack(f"<{n}h", *(int(9000 * math.sin(2 * math.pi * freq * i / rate))
                                    for i in range(n)))


@pytest.mark.parametrize("rate,bitrate,frame_samples", [
    (22050, 64, 576),   # Piper medium voices: MPEG-2
    (24000, 48, 576),   # gTTS: MPEG-2
    (16000, 32, 576),   # Piper low voices
    (44100, 128, 1152),  # MPEG-1
])
def test_encoded_frames_match_decoded_duration(rate: int, bitrate: int, frame_samples: int) -> None:
    fmt = audio.Mp3Format(rate, bitrate)
    mp3 = audio.encode_pcm(tone(1.0, rate), fmt)
    frames = audio.iter_frames(mp3)
    assert fmt.frame_samples == frame_samples
    assert {f.sample_rate for f in frames} == {rate}
    decoded = ffmpeg_decode(mp3, rate)
    assert decoded.errors == ""
    assert abs(decoded.seconds - audio.duration_seconds(mp3)) <= fmt.frame_seconds
    assert audio.duration_seconds(mp3) >= 1.0


def test_no_id3_or_xing_header_in_segments() -> None:
    mp3 = audio.encode_pcm(tone(0.5, 22050), audio.Mp3Format(22050))
    assert not mp3.startswith(b"ID3")
    assert b"Xing" not in mp3 and b"Info" not in mp3[:400] and b"LAME" not in mp3[:400]


@pytest.mark.parametrize("ms,frames_in", [(250, 10), (700, 27), (26, 1), (0, 0)])
def test_silence_is_whole_frames(ms: int, frames_in: int) -> None:
    fmt = audio.Mp3Format(22050)
    mp3 = audio.silence_mp3(ms, fmt)
    if frames_in == 0:
        assert mp3 == b""
        return
    # LAME adds its delay and padding as whole frames around the silence we feed it.
    assert frames_in <= audio.frame_count(mp3) <= frames_in + 3
    assert audio.silence_mp3(ms, fmt) is mp3  # encoded once


def test_concatenated_segments_decode_cleanly_with_exact_duration() -> None:
    fmt = audio.Mp3Format(22050)
    parts = [audio.encode_pcm(tone(0.3 + i / 10, 22050, 300 + 50 * i), fmt) for i in range(8)]
    pause = audio.silence_mp3(250, fmt)
    stream = b"".join(p + pause for p in parts)
    decoded = ffmpeg_decode(stream, 22050)
    assert decoded.errors == ""
    expected = sum(audio.frame_count(p) + audio.frame_count(pause) for p in parts)
    assert audio.frame_count(stream) == expected
    assert abs(decoded.seconds - expected * fmt.frame_seconds) <= fmt.frame_seconds


def test_mp3_clip_is_converted_to_the_voice_rate() -> None:
    mp3_24k = audio.encode_pcm(tone(1.0, 24000), audio.Mp3Format(24000, 32))
    pcm = audio.clip_to_pcm(AudioClip(mp3_24k, "mp3", 24000), 22050)
    assert abs(len(pcm) / 2 / 22050 - audio.duration_seconds(mp3_24k)) < 0.1


def test_pcm_at_the_right_rate_passes_through() -> None:
    pcm = tone(0.1, 22050)
    assert audio.clip_to_pcm(AudioClip(pcm, "pcm_s16le", 22050), 22050) is pcm


@pytest.mark.parametrize("data", [b"", b"hello world", b"\xff\xfb", b"ID3\x03\x00\x00"])
def test_garbage_is_not_mp3(data: bytes) -> None:
    if data == b"":
        assert audio.iter_frames(data) == []
    else:
        with pytest.raises(AudioError):
            audio.iter_frames(data)


def test_undecodable_clip_is_an_audio_error() -> None:
    with pytest.raises(AudioError):
        audio.clip_to_pcm(AudioClip(b"not an mp3 at all" * 10, "mp3", 24000), 22050)


def test_odd_pcm_length_is_refused() -> None:
    with pytest.raises(AudioError):
        audio.encode_pcm(b"\x00\x01\x02", audio.Mp3Format(22050))
