"""Format conversion: ffmpeg's tempo steps stay in its range, and WAV headers are exact."""

from __future__ import annotations

import math
import wave
from io import BytesIO

import pytest

from tts_service.audio.transcoding import FORMATS, convert, tempo_filter, wav_header


@pytest.mark.parametrize(("speed", "steps"), [
    (1.0, [1.0]), (1.5, [1.5]), (2.0, [2.0]), (4.0, [2.0, 2.0]), (3.0, [2.0, 1.5]),
    (0.5, [0.5]), (0.25, [0.5, 0.5]), (0.3, [0.5, 0.6]),
])
def test_speed_is_a_chain_of_atempo_steps_each_within_half_to_double(speed: float,
                                                                     steps: list[float]) -> None:
    chain = [float(step.removeprefix("atempo=")) for step in tempo_filter(speed).split(",")]
    assert chain == pytest.approx(steps)
    assert all(0.5 <= step <= 2.0 for step in chain)
    assert math.prod(chain) == pytest.approx(speed)


@pytest.mark.parametrize("samples", [0, 1, 22050, 1_000_001])
def test_wav_header_states_the_exact_length(samples: int) -> None:
    pcm = bytes(2 * samples)
    with wave.open(BytesIO(wav_header(len(pcm), 22050) + pcm)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 22050)
        assert wav.getnframes() == samples


def test_mp3_at_speed_one_is_the_articles_own_bytes() -> None:
    frames = [b"\xff\xf3first", b"\xff\xf3second"]
    assert list(convert(iter(frames), FORMATS["mp3"], 22050)) == frames
