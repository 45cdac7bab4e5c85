"""Even loudness (issue 26): every segment at TTS_LOUDNESS, true peaks under -1 dBTP, for every voice.

Measured on real audio, as a listener gets it: the real Piper voice (and a faked Google answering
with real speech) through the Speaker, the served MP3 decoded and metered by ffmpeg's own ebur128
filter, an independent meter from the one we level with.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from typing import Any

import imageio_ffmpeg
import lameenc
import numpy as np
import pyloudnorm
import pytest
from google_support import FakeGoogle
from scipy.signal import firwin, resample_poly, upfirdn

from tts_service import audio
from tts_service.audio import Mp3Format, loudness
from tts_service.config import Settings
from tts_service.errors import ConfigError
from tts_service.store.cache import AudioCache
from tts_service.synthesis.speaker import Speaker
from tts_service.voice.base import Backend
from tts_service.voice.gtts_backend import GTTSBackend, Throttle

ARTICLE = """Millbrook votes to float a solar farm on its drinking-water reservoir

PORT ALDEN, Maine —

The town council voted five to two on Tuesday night to lease the surface of the Millbrook \
reservoir to a solar company, after three hours of public comment in which residents argued \
about cost, wildlife and the view from the ridge.

Why?

The lease would bring the town about two hundred thousand dollars a year. Supporters said the \
panels would also slow evaporation in dry summers.

What comes next

Residents will vote again in March."""


def ebur128(mp3: bytes) -> tuple[float, float]:
    """(integrated loudness in LUFS, true peak in dBTP) of ``mp3`` by ffmpeg's ebur128 filter."""
    proc = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostats", "-f", "mp3", "-i", "pipe:0",
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        input=mp3, capture_output=True, check=True, timeout=120)
    summary = proc.stderr.decode(errors="replace").rsplit("Summary:", 1)[-1]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


def spoken(speaker: Speaker, text: str) -> tuple[bytes, list[bytes]]:
    """The article's MP3 and each segment's MP3, as the cache keeps them."""
    result = speaker.speak(speaker.prepare(text))
    assert result.mp3_path is not None
    segments = [speaker.cache.get_segment(key) for key in result.article.keys]
    assert all(segment is not None for segment in segments)
    return result.mp3_path.read_bytes(), [segment for segment in segments if segment]


def seconds(mp3: bytes, fmt: Mp3Format) -> float:
    from tts_service import audio

    return audio.frame_count(mp3) * fmt.frame_seconds


@pytest.fixture
def made(speaker: Speaker) -> tuple[bytes, list[bytes], Mp3Format]:
    article, segments = spoken(speaker, ARTICLE)
    return article, segments, speaker.fmt


def test_the_article_is_at_the_podcast_loudness(made: tuple[bytes, list[bytes], Mp3Format]) -> None:
    article, _, _ = made
    integrated, peak = ebur128(article)
    assert -17.0 <= integrated <= -15.0  # -16 LUFS +- 1 LU
    assert peak <= -1.0  # dBTP: room for a lossy decode, never a clipped peak


def test_sentences_sound_like_one_reader(made: tuple[bytes, list[bytes], Mp3Format]) -> None:
    """Sentences of a second or more: spread at most 1 LU, and no neighbour 2 LU from the last."""
    _, segments, fmt = made
    levels = [ebur128(segment)[0] for segment in segments if seconds(segment, fmt) >= 1.0]
    assert len(levels) >= 4
    assert statistics.pstdev(levels) <= 1.0, levels
    assert max(abs(a - b) for a, b in zip(levels, levels[1:], strict=False)) <= 2.0, levels


def test_every_segment_peaks_under_the_ceiling(made: tuple[bytes, list[bytes], Mp3Format]) -> None:
    _, segments, _ = made
    assert max(ebur128(segment)[1] for segment in segments) <= -1.0


def test_a_heading_is_leveled_by_its_speech_not_its_silence(speaker: Speaker) -> None:
    """"Ore." is mostly the voice's silence; its speech still lands near the target."""
    _, [segment] = spoken(speaker, "Ore.")
    pcm = _decoded(segment, speaker.fmt.sample_rate)
    level = loudness.speech_loudness(pcm, speaker.fmt.sample_rate)
    assert level is not None and abs(level + 16.0) <= 1.5


def test_the_target_is_a_setting(settings: Settings, piper: Backend) -> None:
    quieter = settings.__class__.from_env({}, cache_dir=settings.cache_dir, loudness=-23.0)
    speaker = Speaker(piper, AudioCache(quieter.cache_dir), quieter)
    article, _ = spoken(speaker, "The council met on Tuesday night. It voted five to two.")
    assert -24.0 <= ebur128(article)[0] <= -22.0


@pytest.mark.parametrize("value", ["-40", "0", "-5"])
def test_a_loudness_out_of_range_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="TTS_LOUDNESS"):
        Settings.from_env({"TTS_LOUDNESS": value}).validate()


def test_segments_made_at_another_loudness_are_not_reused(settings: Settings, piper: Backend) -> None:
    """The target is part of every segment's key: changing it makes new audio, never mixes levels."""
    def keys(target: float) -> list[str]:
        chosen = settings.__class__.from_env({}, cache_dir=settings.cache_dir, loudness=target)
        return Speaker(piper, AudioCache(chosen.cache_dir), chosen).prepare("The council met.").keys

    assert set(keys(-16.0)).isdisjoint(keys(-20.0))
    assert keys(-16.0) == keys(-16.0)


def test_online_voice_is_leveled_the_same_way(settings: Settings, piper: Backend) -> None:
    """Google's MP3 of real speech, far quieter than ours: after a fallback or a language change
    the listener hears the same level."""
    speech = b"".join(chunk.audio_int16_bytes for chunk in piper.piper_voice.synthesize(  # type: ignore[attr-defined]
        "The council voted five to two on Tuesday night to lease the reservoir."))
    quiet = (np.frombuffer(speech, "<i2") * 0.2).astype("<i2").tobytes()  # 14 dB under the voice
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(22050)
    encoder.set_channels(1)
    google = FakeGoogle(["ok"] * 4, bytes(encoder.encode(quiet)) + bytes(encoder.flush()))
    backend = GTTSBackend(session_factory=google.session, min_interval=0.0, throttle=Throttle())
    speaker = Speaker(backend, AudioCache(settings.cache_dir), settings)
    article, _ = spoken(speaker, "The council voted five to two on Tuesday night.")
    integrated, peak = ebur128(article)
    assert -17.0 <= integrated <= -15.0
    assert peak <= -1.0


def test_a_clipped_input_is_limited_not_clipped() -> None:
    """A square-ish tone at full scale, leveled: its true peak comes down under -1 dBTP."""
    rate = 22050
    tone = np.clip(np.sin(np.arange(rate) * 2 * np.pi * 440 / rate) * 3, -1, 1) * 32767
    leveled = loudness.level_pcm(tone.astype("<i2").tobytes(), rate, -16.0)
    samples = np.frombuffer(leveled, "<i2") / 32768
    assert 20 * np.log10(loudness.true_peak(samples)) <= -1.9
    assert np.max(np.abs(samples)) < 0.99


def test_silence_stays_silence() -> None:
    silence = bytes(22050 * 2)
    assert loudness.level_pcm(silence, 22050, -16.0) == silence
    assert loudness.level_pcm(b"", 22050, -16.0) == b""


@pytest.mark.parametrize("length", [9_000, 30_000, 300_000])
def test_our_meter_reads_as_pyloudnorm_does(length: int) -> None:
    """The vectorized meter measures what pyloudnorm's own (slower) meter measures."""
    rng = np.random.default_rng(length)
    samples = rng.standard_normal(length) * 0.1 * np.sin(np.arange(length) / 3000)
    ours = loudness.integrated_loudness(samples, 22050)
    assert ours == pytest.approx(pyloudnorm.Meter(22050).integrated_loudness(samples), abs=0.01)


def _decoded(mp3: bytes, rate: int) -> Any:
    proc = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "mp3", "-i", "pipe:0",
         "-f", "s16le", "-ac", "1", "-ar", str(rate), "pipe:1"],
        input=mp3, capture_output=True, check=True, timeout=120)
    return np.frombuffer(proc.stdout, "<i2") / 32768


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_true_peak_meter_is_bs1770_s_4x_interpolation(seed: int) -> None:
    """Our true peak per sample equals the largest of the sample and the 4x interpolated values
    after it, computed independently by scipy's polyphase filter with the same 48 taps."""
    rng = np.random.default_rng(seed)
    samples = (rng.standard_normal(5_000) * 0.3).astype(np.float32)
    taps = firwin(48, 1 / 4, window=("kaiser", 5.0)) * 4
    upsampled = np.abs(upfirdn(taps, samples.astype(np.float64), 4))[23:23 + 4 * samples.size]
    expected = np.maximum(np.abs(samples), upsampled.reshape(-1, 4).max(axis=1))
    assert np.allclose(loudness.true_peaks(samples), expected, atol=1e-5)
    assert loudness.true_peak(samples) == pytest.approx(float(expected.max()), abs=1e-5)


def test_leveled_speech_peaks_under_the_ceiling_by_an_independent_meter(piper: Backend) -> None:
    """However loud the target, the leveled voice's true peak, measured by scipy's own 4x
    resampler, stays under -1 dBTP."""
    clip = piper.synthesize("Stop! The bridge is closing at nine tonight, officials said.")
    pcm = audio.clip_to_pcm(clip, piper.sample_rate)
    for target in (-16.0, -10.0):
        samples = np.frombuffer(loudness.level_pcm(pcm, piper.sample_rate, target), "<i2") / 32768
        peak = float(np.abs(resample_poly(samples, 4, 1)).max())
        assert 20 * np.log10(peak) <= -1.0
