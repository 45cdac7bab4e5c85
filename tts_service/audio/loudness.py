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

Leveling costs under 2% of the synthesis it follows (``bench/bench_loudness.py``), because each step
does only the work it needs: the speech is K-weighted once, and every pass after the limiter is
measured on that weighted speech times the pass's gain, which moves far slower than the filters;
the true peak is worked out only where a cheap bound says a sample may come near the ceiling; and
the limiter's gain is found about a millisecond at a time, then drawn through the samples only
where it dips.

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

LEVELING_VERSION = 2  # bump when leveled audio changes for the same target
TRUE_PEAK_CEILING = -2.0  # dBTP before encoding
_OVERSAMPLE = 4
_TAPS = 48
_BLOCKS_PER_SECOND = 1000  # the limiter's gain is worked out about a millisecond at a time
_EXACT_HEADROOM = 10 ** (4.0 / 20)  # true peaks computed where they may need limiting this much louder
_SPEECH_FLOOR = 10 ** (-50 / 20)  # quieter than -50 dBFS at the ends is the voice's silence
_LOOKAHEAD_S = 0.005  # the gain starts falling this long before a peak and holds as long after it
_MAX_GAIN_DB = 30.0  # never lift a near-silent clip into noise
_ABSOLUTE_GATE = -70.0  # LUFS: blocks under it are silence (BS.1770)
_CLOSE_ENOUGH = 0.2  # LU under the target the limiter may leave before another pass
_MORE_PASSES = 3
_OVERSHOOT = 1.6  # the second pass asks for more than the shortfall: the limiter takes its share again


@functools.lru_cache(maxsize=8)
def _k_weighting(sample_rate: int) -> np.ndarray:
    """BS.1770's two K-weighting stages at ``sample_rate``, designed by pyloudnorm, as one cascade of
    second-order sections (its passband gains folded into the first)."""
    import numpy as np
    from pyloudnorm.iirfilter import IIRfilter

    stages = (IIRfilter(4.0, 1 / np.sqrt(2), 1500.0, sample_rate, "high_shelf"),
              IIRfilter(0.0, 0.5, 38.0, sample_rate, "high_pass"))
    sections = np.array([np.concatenate((stage.b, stage.a)) for stage in stages])
    sections[0, :3] *= stages[0].passband_gain * stages[1].passband_gain
    return sections


@functools.lru_cache(maxsize=1)
def _interpolator() -> tuple[tuple[tuple[np.ndarray, int], ...], int, float]:
    """The 4x interpolation of the true-peak meter: 48 taps (12 a phase), as BS.1770's Annex 2
    suggests; a Kaiser-windowed low-pass at the original Nyquist, scaled for a gain of one. Returned
    split into its phases, each with the offset of its first sample, with the reach of the filter in
    samples and its largest phase sum of magnitudes."""
    import numpy as np
    from scipy.signal import firwin

    taps = firwin(_TAPS, 1 / _OVERSAMPLE, window=("kaiser", 5.0)) * _OVERSAMPLE
    delay = (_TAPS - 1) // 2
    phases = []
    for phase in range(_OVERSAMPLE):
        first = (phase + delay) % _OVERSAMPLE
        phases.append((taps[first::_OVERSAMPLE][::-1].astype(np.float32),
                       (phase + delay) // _OVERSAMPLE))
    reach = _TAPS // _OVERSAMPLE
    return tuple(phases), reach, max(float(np.abs(p).sum()) for p, _ in phases)


def _ceiling() -> float:
    return float(10 ** (TRUE_PEAK_CEILING / 20))


def warm_up(sample_rate: int) -> None:
    """Pay the one-time costs (imports, filter design) before the first listener waits on them."""
    import numpy as np

    tone = (np.sin(np.arange(sample_rate // 2) * 0.05) * 8000).astype("<i2")
    level_pcm(tone.tobytes(), sample_rate, -16.0)


def k_weighted(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """``samples`` through BS.1770's K-weighting."""
    from scipy.signal import sosfilt

    return sosfilt(_k_weighting(sample_rate).astype(samples.dtype), samples)


def gated_loudness(weighted: np.ndarray, sample_rate: int) -> float:
    """BS.1770 integrated loudness (LUFS) of K-``weighted`` mono samples: mean squares of 400 ms
    blocks every 100 ms, gated at -70 LUFS and 10 LU under the ungated mean. pyloudnorm's meter
    measures the same (a test holds them together) but walks the blocks in Python, which would cost
    more than the 2% of synthesis leveling may take."""
    import numpy as np

    block, hop = int(0.4 * sample_rate), 0.1 * sample_rate
    count = int(np.round((weighted.size / sample_rate - 0.4) / 0.1)) + 1
    if count < 1:
        return -math.inf
    # The energy of every 100 ms hop; a block is four of them (the last ones past the end are 0).
    starts = (np.arange(count + 3) * hop).astype(np.int64)
    inside = starts < weighted.size
    hops = np.zeros(starts.size)
    hops[inside] = np.add.reduceat(np.square(weighted), starts[inside])
    means = (hops[:-3] + hops[1:-2] + hops[2:-1] + hops[3:]) / block
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(means)
    gated = means[loudness >= _ABSOLUTE_GATE]
    if not gated.size:
        return -math.inf
    relative = -0.691 + 10 * math.log10(gated.mean()) - 10
    gated = means[(loudness >= _ABSOLUTE_GATE) & (loudness > relative)]
    return -0.691 + 10 * math.log10(gated.mean()) if gated.size else -math.inf


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """BS.1770 integrated loudness (LUFS) of mono ``samples`` (floats in -1..1)."""
    return gated_loudness(k_weighted(samples, sample_rate), sample_rate)


def _speech(samples: np.ndarray, sample_rate: int) -> tuple[int, int, int] | None:
    """Where the speech in ``samples`` starts and ends (the voice's silence at the ends left out),
    and how many times it is repeated to fill one measuring block; None when there is none."""
    import numpy as np

    loud = np.flatnonzero(np.abs(samples) > _SPEECH_FLOOR)
    if not loud.size:
        return None
    start, end = int(loud[0]), int(loud[-1]) + 1
    block = int(0.4 * sample_rate) + 1
    repeats = 1 if end - start >= block else math.ceil(block / (end - start)) + 1
    return start, end, repeats


def speech_loudness(samples: np.ndarray, sample_rate: int) -> float | None:
    """The loudness (LUFS) of the speech in ``samples``, or None when there is no speech: the
    silence at the ends is left out, and a clip shorter than one block is measured repeated end to
    end, which keeps its mean square."""
    import numpy as np

    span = _speech(samples, sample_rate)
    if span is None:
        return None
    start, end, repeats = span
    loudness = integrated_loudness(np.tile(samples[start:end], repeats), sample_rate)
    return loudness if math.isfinite(loudness) else None


def _exact(padded: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """The true peak at each of ``indices`` of ``padded`` (the samples with ``reach`` zeros before
    and at least as many after): the largest of the sample and the three values the 4x
    interpolation reconstructs between it and the next."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    taps, reach, _ = _interpolator()
    first = min(offset for _, offset in taps)
    width = max(offset for _, offset in taps) - first + taps[0][0].size
    windows = sliding_window_view(padded, width)[indices + first + 1]
    exact = np.abs(padded[indices + reach])
    for phase, offset in taps:
        start = offset - first
        exact = np.maximum(exact, np.abs(np.einsum("ij,j->i", windows[:, start:start + phase.size], phase)))
    return exact


def _padded(samples: np.ndarray, size: int, reach: int) -> np.ndarray:
    import numpy as np

    padded = np.zeros(reach + size + reach, np.float32)
    padded[reach:reach + samples.size] = samples
    return padded


def true_peaks(samples: np.ndarray) -> np.ndarray:
    """Per sample, the largest absolute value of the signal reconstructed 4x oversampled around it
    (BS.1770's true peak is the largest of these)."""
    import numpy as np

    _, reach, _ = _interpolator()
    return _exact(_padded(samples, samples.size, reach), np.arange(samples.size))


def true_peak(samples: np.ndarray) -> float:
    """The true peak of ``samples`` (linear)."""
    return float(true_peaks(samples).max()) if samples.size else 0.0


def _block_peaks(samples: np.ndarray, block: int, floor: float) -> np.ndarray:
    """The true peak of every ``block`` samples (a whole number of the filter's reach) where it may
    exceed ``floor``, and elsewhere a bound over it: the largest sample within the filter's reach
    times the filter's largest phase sum. Speech stays far under the ceiling most of the time, and
    the bound is cheap, so the filter runs only where it matters."""
    import numpy as np

    _, reach, scale = _interpolator()
    blocks = -(-samples.size // block)
    padded = _padded(samples, blocks * block, reach)
    # The largest sample of every stretch of ``reach``, and of its neighbours, covers the filter.
    largest = np.abs(padded).reshape(-1, reach).max(axis=1)
    bound = np.maximum(np.maximum(largest[:-2], largest[1:-1]), largest[2:]) * np.float32(scale)
    near = np.flatnonzero(bound > floor)
    if near.size:
        indices = (near[:, None] * reach + np.arange(reach)).ravel()
        bound[near] = _exact(padded, indices).reshape(-1, reach).max(axis=1)
    return bound.reshape(blocks, block // reach).max(axis=1)


def _envelope(peaks: np.ndarray, gain: float, blocks_per_second: float) -> np.ndarray | None:
    """The look-ahead gain (times ``gain``) for each block that dips smoothly around each peak that
    would go over the ceiling (``peaks``: the largest true peak of every block, before ``gain``);
    None when nothing would. A block is a millisecond, so this costs next to nothing."""
    import numpy as np
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    needed = np.minimum(1.0, 10 ** (TRUE_PEAK_CEILING / 20) / np.maximum(peaks * gain, 1e-12))
    if needed.min() >= 1.0:
        return None
    # The minimum over +-reach blocks, averaged over about half of that: between two blocks'
    # middles every sample gets at most what its own block needs.
    reach = max(2, round(_LOOKAHEAD_S * blocks_per_second))
    return uniform_filter1d(minimum_filter1d(needed, 2 * reach + 1), reach)


def _limit(leveled: np.ndarray, envelope: np.ndarray, block: int) -> None:
    """Scale ``leveled`` in place by the ``envelope`` (one gain every ``block`` samples) drawn
    straight through the blocks' middles, touching only the stretches where it dips under one."""
    import numpy as np

    dips = np.flatnonzero(envelope < 1.0)
    if not dips.size:
        return
    # Runs of dipping blocks, each widened by a block on both sides, where the line comes back to 1.
    breaks = np.flatnonzero(np.diff(dips) > 2)
    firsts = np.maximum(np.concatenate(([dips[0]], dips[breaks + 1])) - 1, 0)
    lasts = np.minimum(np.concatenate((dips[breaks], [dips[-1]])) + 1, envelope.size - 1)
    middles = (np.arange(envelope.size) + 0.5) * block
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        # Before the first middle and after the last, the gain holds (as np.interp does).
        start = 0 if first == 0 else int(middles[first])
        end = leveled.size if last == envelope.size - 1 else min(int(middles[last]) + 1, leveled.size)
        where = np.arange(start, end, dtype=np.float32)
        leveled[start:end] *= np.interp(where, middles[first:last + 1], envelope[first:last + 1]).astype(np.float32)


def level_pcm(pcm: bytes, sample_rate: int, target_lufs: float) -> bytes:
    """16-bit mono ``pcm`` at ``target_lufs`` with its true peak under the ceiling; silence and
    empty clips come back as they are.

    The speech is K-weighted once: after the limiter, its loudness is measured on the weighted
    speech times the limiter's gain, which moves far slower than the filters."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / np.float32(32768.0)
    span = _speech(samples, sample_rate)
    if span is None:
        return pcm
    start, end, repeats = span
    weighted = k_weighted(np.tile(samples[start:end], repeats), sample_rate)
    loudness = gated_loudness(weighted, sample_rate)
    if not math.isfinite(loudness):
        return pcm
    gain = 10 ** (min(target_lufs - loudness, _MAX_GAIN_DB) / 20)
    reach = _interpolator()[1]
    block = reach * max(1, round(sample_rate / _BLOCKS_PER_SECOND / reach))
    per_second = sample_rate / block
    exact_up_to = gain * _EXACT_HEADROOM
    peaks = _block_peaks(samples, block, _ceiling() / exact_up_to)
    envelope = _envelope(peaks, gain, per_second)
    for _ in range(_MORE_PASSES):  # the limiter took a little from the loud parts: give it back
        if envelope is None:
            break
        stepped = np.repeat(np.float32(gain) * envelope.astype(np.float32), block)[start:end]
        after = gated_loudness(weighted * np.tile(stepped, repeats), sample_rate)
        if not math.isfinite(after) or target_lufs - after <= _CLOSE_ENOUGH:
            break
        gain *= 10 ** (min(_OVERSHOOT * (target_lufs - after), 3.0) / 20)
        if gain > exact_up_to:  # bounds stand in for true peaks under the old gain's reach
            exact_up_to = gain * _EXACT_HEADROOM
            peaks = _block_peaks(samples, block, _ceiling() / exact_up_to)
        envelope = _envelope(peaks, gain, per_second)
    leveled = samples * np.float32(gain)
    if envelope is not None:
        _limit(leveled, envelope, block)
    return np.clip(np.round(leveled * 32767.0), -32768, 32767).astype("<i2").tobytes()
