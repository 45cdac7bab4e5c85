"""Even loudness (issue #26): the default Piper voice speaks real-shaped articles sentence by
sentence, and each segment is measured with leveling off (the voice's raw output) and on
(``audio.level_pcm`` to ``TTS_LOUDNESS``), on the same renderings.

    .venv/bin/python bench/bench_loudness.py [--quick] [--articles 5] [--results bench/RESULTS.md]

Printed per article, off and on: integrated loudness of the whole article (BS.1770 by pyloudnorm,
an independent meter from ours), the spread of its sentences of 1 s or more (sd, and how many
neighbours differ by more than 2 LU), its true peak (4x oversampled), and the cost: the time
leveling took over the time synthesis took for the same segments (wall clock), for the first
segment alone, and in CPU time (synthesis runs on every core, leveling on one). Targets: −16 LUFS
± 1, sd ≤ 1 LU, no neighbour jump over 2 LU, true peak ≤ −1 dBTP, leveling ≤ 2% of synthesis.
Measured on PCM before MP3 encoding (the suite's ``tests/audio/test_loudness.py`` measures the
decoded MP3 with ffmpeg's ebur128).
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyloudnorm
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import article as corpus_article  # noqa: E402

from tts_service import audio  # noqa: E402
from tts_service.audio import loudness  # noqa: E402
from tts_service.config import Settings  # noqa: E402
from tts_service.store.cache import AudioCache  # noqa: E402
from tts_service.synthesis.speaker import Speaker  # noqa: E402
from tts_service.voice.base import Backend  # noqa: E402
from tts_service.voice.registry import get_backend  # noqa: E402

TITLE = "Loudness: leveling off and on (issue 26)"


def _samples(pcm: bytes) -> np.ndarray:
    return np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768.0


def _lufs(samples: np.ndarray, rate: int) -> float:
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def _dbtp(samples: np.ndarray) -> float:
    peak = float(np.abs(resample_poly(samples, 4, 1)).max())
    return 20 * math.log10(max(peak, 1e-9))


def measure_article(text: str, backend: Backend, speaker: Speaker, rate: int,
                    target: float) -> dict[str, Any]:
    article = speaker.prepare(text)
    raw, leveled, synth_s, level_s, synth_cpu, level_cpu = [], [], [], [], [], []
    for segment in article.segments:
        started, cpu = time.perf_counter(), time.process_time()
        clip = backend.synthesize(segment.text)
        pcm = audio.clip_to_pcm(clip, rate)
        synth_s.append(time.perf_counter() - started)
        synth_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        out = loudness.level_pcm(pcm, rate, target)
        level_s.append(time.perf_counter() - started)
        level_cpu.append(time.process_time() - cpu)
        raw.append(_samples(pcm))
        leveled.append(_samples(out))
    row = {"segments": len(article.segments), "cost": sum(level_s) / sum(synth_s),
           "cpu": sum(level_cpu) / sum(synth_cpu),
           "first": level_s[0] / synth_s[0], "first_ms": 1000 * level_s[0]}
    for name, clips in (("off", raw), ("on", leveled)):
        whole = np.concatenate(clips)
        long = [_lufs(c, rate) for c in clips if c.size >= rate]
        long = [x for x in long if math.isfinite(x)]
        row[name] = {"lufs": _lufs(whole, rate), "sd": statistics.pstdev(long) if long else 0.0,
                     "jumps": sum(abs(a - b) > 2 for a, b in zip(long, long[1:], strict=False)),
                     "peak": _dbtp(whole)}
    return row


def main() -> None:
    parser = harness.arguments(__doc__, results=harness.ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--articles", type=int, default=5, help="articles spoken (default 5)")
    args = harness.parse(parser, {"articles": 1})
    settings = Settings.from_env({})
    backend = get_backend(settings, "piper")
    rate = backend.sample_rate
    loudness.warm_up(rate)
    with tempfile.TemporaryDirectory(prefix="tts-bench-") as cache:
        speaker = Speaker(backend, AudioCache(Path(cache)), settings)
        rows = [measure_article(corpus_article(i, 2500 + 1500 * i), backend, speaker, rate,
                                settings.loudness) for i in range(args.articles)]
    lines = [f"Target {settings.loudness:g} LUFS; default Piper voice; {args.articles} articles.",
             "", "| article | segments | LUFS off → on | sentence sd off → on (LU) | "
             "jumps > 2 LU off → on | true peak off → on (dBTP) | leveling / synthesis | "
             "first segment | CPU time |", "|---|---|---|---|---|---|---|---|---|"]
    for n, row in enumerate(rows, 1):
        off, on = row["off"], row["on"]
        lines.append(f"| {n} | {row['segments']} | {off['lufs']:.1f} → {on['lufs']:.1f} | "
                     f"{off['sd']:.2f} → {on['sd']:.2f} | {off['jumps']} → {on['jumps']} | "
                     f"{off['peak']:.1f} → {on['peak']:.1f} | {100 * row['cost']:.2f}% | "
                     f"{100 * row['first']:.2f}% ({row['first_ms']:.1f} ms) | {100 * row['cpu']:.2f}% |")
    harness.report(TITLE, "\n".join(lines), args.results)


if __name__ == "__main__":
    main()
