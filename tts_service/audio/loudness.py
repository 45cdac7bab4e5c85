"""Loudness: every segment leveled to one BS.1770 loudness when it is made, peaks kept under a ceiling.

Each sentence is synthesized on its own, so without this a short heading comes out louder than the
long sentence after it. A segment's loudness is measured by ITU-R BS.1770 (pyloudnorm's K-weighting
filters, 400 ms blocks, the absolute and relative gates) over its speech only: the silence the voice
leaves before and after it is trimmed first, and a clip shorter than one block is measured repeated
end to end, which keeps its mean square. The gain that puts it at the target is applied with a
look-ahead limiter that holds the true peak (4x oversampled) under ``TRUE_PEAK_CEILING``, so nothing
ever clips; what the limiter takes from the loudness is given back in up to three more passes. MP3 encoding
adds a fraction of a decibel of overshoot, which is why the ceiling sits below the -1 dBTP of the
podcast guidance.

The result is cached with the segment: ``LEVELING_VERSION`` and the target are part of its key (see
``Mp3Format.to_dict``), and serving never levels again.
"""

from __future__ import annotations

import functools
import logging
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and scipy load on the first leveling, not with the package
    import numpy as np

log = logging.getLogger(__name__)

LEVELING_VERSION = 1  # bump when leveled audio changes for the same target
TRUE_PEAK_CEILING = -2.0  # dBTP before encoding
_OVERSAMPLE = 4
_SPEECH_FLOOR = 10 ** (-50 / 20)  # quieter than -50 dBFS at the ends is the voice's silence
_LOOKAHEAD_S = 0.005  # the gain starts falling this long before a peak and holds as long after it
_MAX_GAIN_DB = 30.0  # never lift a near-silent clip into noise
_ABSOLUTE_GATE = -70.0  # LUFS: blocks under it are silence (BS.1770)
_CLOSE_ENOUGH = 0.2  # LU under the target the limiter may leave before another pass
_MORE_PASSES = 3
_OVERSHOOT = 1.6  # the second pass asks for more than the shortfall: the limiter takes its share again


@functools.lru_cache(maxsize=8)
def _k_weighting(sample_rate: int) -> tuple[tuple[np.ndarray, np.ndarray, float], ...]:
    """BS.1770's two K-weighting stages at ``sample_rate``, designed by pyloudnorm: (b, a, gain)."""
    import numpy as np
    from pyloudnorm.iirfilter import IIRfilter

    stages = (IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sample_rate, "high_shelf"),
              IIRfilter(0.0, 0.5, 38.0, sample_rate, "high_pass"))
    return tuple((stage.b, stage.a, stage.passband_gain) for stage in stages)


def warm_up(sample_rate: int) -> None:
    """Pay the one-time costs (imports, filter design) before the first listener waits on them."""
    import numpy as np

    tone = (np.sin(np.arange(sample_rate // 2) * 0.05) * 8000).astype("<i2")
    level_pcm(tone.tobytes(), sample_rate, -16.0)


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """BS.1770 integrated loudness (LUFS) of mono ``samples`` (floats in -1..1): K-weighted mean
    squares of 400 ms blocks every 100 ms, gated at -70 LUFS and 10 LU under the ungated mean.
    pyloudnorm's meter measures the same (a test holds them together) but walks the blocks in
    Python, which would cost more than the 2% of synthesis leveling may take."""
    import numpy as np
    from scipy.signal import lfilter

    weighted = samples
    for b, a, gain in _k_weighting(sample_rate):
        weighted = gain * lfilter(b, a, weighted)
    block, hop = int(0.4 * sample_rate), 0.1 * sample_rate
    count = int(np.round((samples.size / sample_rate - 0.4) / 0.1)) + 1
    if count < 1:
        return -math.inf
    starts = (np.arange(count) * hop).astype(np.int64)
    energy = np.concatenate(([0.0], np.cumsum(weighted * weighted)))
    means = (energy[np.minimum(starts + block, samples.size)] - energy[starts]) / block
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(means)
    gated = means[loudness >= _ABSOLUTE_GATE]
    if not gated.size:
        return -math.inf
    relative = -0.691 + 10 * math.log10(gated.mean()) - 10
    gated = means[(loudness >= _ABSOLUTE_GATE) & (loudness > relative)]
    return -0.691 + 10 * math.log10(gated.mean()) if gated.size else -math.inf


def speech_loudness(samples: np.ndarray, sample_rate: int) -> float | None:
    """The loudness (LUFS) of the speech in ``samples``, or None when there is no speech: the
    silence at the ends is left out, and a clip shorter than one block is measured repeated end to
    end, which keeps its mean square."""
    import numpy as np

    loud = np.flatnonzero(np.abs(samples) > _SPEECH_FLOOR)
    if not loud.size:
        return None
    speech = samples[loud[0]:loud[-1] + 1]
    block = int(0.4 * sample_rate) + 1
    if speech.size < block:  # a heading or "Ore."
        speech = np.tile(speech, math.ceil(block / speech.size) + 1)
    loudness = integrated_loudness(speech, sample_rate)
    return loudness if math.isfinite(loudness) else None


def true_peaks(samples: np.ndarray) -> np.ndarray:
    """Per sample, the largest absolute value of the signal reconstructed 4x oversampled around it
    (BS.1770's true peak is the largest of these)."""
    import numpy as np
    from scipy.signal import resample_poly

    upsampled = np.abs(resample_poly(samples, _OVERSAMPLE, 1))
    phases = [upsampled[phase::_OVERSAMPLE][:samples.size] for phase in range(_OVERSAMPLE)]
    return functools.reduce(np.maximum, phases)


def true_peak(samples: np.ndarray) -> float:
    """The true peak of ``samples`` (linear)."""
    return float(true_peaks(samples).max()) if samples.size else 0.0


def _limited(samples: np.ndarray, peaks: np.ndarray, gain: float, sample_rate: int) -> np.ndarray:
    """``samples`` times ``gain``, with a look-ahead gain that dips smoothly around each peak that
    would go over the ceiling (``peaks``: the samples' true peaks before ``gain``)."""
    import numpy as np
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    needed = np.minimum(1.0, 10 ** (TRUE_PEAK_CEILING / 20) / np.maximum(peaks * gain, 1e-12))
    if needed.min() >= 1.0:
        return samples * gain
    reach = max(1, int(_LOOKAHEAD_S * sample_rate))
    # The minimum over +-reach, averaged over half of that, stays at or under what each peak needs.
    envelope = uniform_filter1d(minimum_filter1d(needed, 2 * reach + 1), reach + 1)
    return samples * (gain * envelope)


def level_pcm(pcm: bytes, sample_rate: int, target_lufs: float) -> bytes:
    """16-bit mono ``pcm`` at ``target_lufs`` with its true peak under the ceiling; silence and
    empty clips come back as they are."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768.0
    loudness = speech_loudness(samples, sample_rate)
    if loudness is None:
        return pcm
    gain = 10 ** (min(target_lufs - loudness, _MAX_GAIN_DB) / 20)
    peaks = true_peaks(samples)
    leveled = _limited(samples, peaks, gain, sample_rate)
    for _ in range(_MORE_PASSES):  # the limiter took a little from the loud parts: give it back
        after = speech_loudness(leveled, sample_rate)
        if after is None or target_lufs - after <= _CLOSE_ENOUGH:
            break
        gain *= 10 ** (min(_OVERSHOOT * (target_lufs - after), 3.0) / 20)
        leveled = _limited(samples, peaks, gain, sample_rate)
    return np.clip(np.round(leveled * 32767.0), -32768, 32767).astype("<i2").tobytes()
