"""Pipeline cost against the voice's own: speak a ~5,000-character article cold, and in the same
run call Piper directly on the same text. Then time a warm re-run of the cached article.

    .venv/bin/python bench/bench_speak.py [--rounds 2] [--quick] [--results bench/RESULTS.md]

Prints audio seconds, wall seconds, real-time factor and the ratio pipeline/raw (target <= 1.10),
and warm/cold (target <= 1%). Rounds alternate raw and pipeline runs, so machine noise hits both.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import ARTICLE  # noqa: E402

from tts_service.config import Settings  # noqa: E402
from tts_service.store.cache import AudioCache  # noqa: E402
from tts_service.synthesis.speaker import Speaker  # noqa: E402
from tts_service.voice.registry import get_backend  # noqa: E402


def raw_piper(backend, text: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Audio seconds and wall seconds of Piper alone, all of the text in one call."""
    started = time.perf_counter()
    samples = sum(len(chunk.audio_int16_bytes) // 2 for chunk in backend.piper_voice.synthesize(text))
    return samples / backend.sample_rate, time.perf_counter() - started


def pipeline(backend, text: str) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Audio seconds, cold wall seconds and warm wall seconds of our whole pipeline."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({}, cache_dir=Path(tmp))
        speaker = Speaker(backend, AudioCache(settings.cache_dir), settings)
        started = time.perf_counter()
        result = speaker.speak(speaker.prepare(text))
        cold = time.perf_counter() - started
        started = time.perf_counter()
        warm_result = speaker.speak(speaker.prepare(text))
        warm = time.perf_counter() - started
        assert warm_result.article_cached
        return result.manifest["duration"], cold, warm


def main() -> None:
    parser = harness.arguments(__doc__, rounds=2)
    args = harness.parse(parser, quick={"rounds": 1})

    text = ARTICLE.read_text("utf-8")
    backend = get_backend(Settings.from_env({}), "piper")
    backend.synthesize("Warming up the voice.")
    runs = harness.alternating({"raw": lambda: raw_piper(backend, text),
                                "pipeline": lambda: pipeline(backend, text)}, args.rounds, swap=False)
    raws = runs["raw"]
    pipes = [(audio_s, cold) for audio_s, cold, _ in runs["pipeline"]]
    warms = [warm for _, _, warm in runs["pipeline"]]
    raw_audio, raw_wall = statistics.median(a for a, _ in raws), statistics.median(w for _, w in raws)
    pipe_audio, pipe_wall = statistics.median(a for a, _ in pipes), statistics.median(w for _, w in pipes)
    warm = statistics.median(warms)
    ratios = [p[1] / r[1] for p, r in zip(pipes, raws, strict=True)]
    rows = [
        "| run | audio s | wall s | real-time factor |",
        "|---|---|---|---|",
        f"| raw Piper, whole text in one call | {raw_audio:.1f} | {raw_wall:.2f} | {raw_audio / raw_wall:.1f}x |",
        f"| our pipeline, cold cache | {pipe_audio:.1f} | {pipe_wall:.2f} | {pipe_audio / pipe_wall:.1f}x |",
        f"| our pipeline, warm re-run | {pipe_audio:.1f} | {warm:.4f} | |",
        "",
        f"- ratio pipeline/raw (median of {args.rounds} alternating rounds): "
        f"**{statistics.median(ratios):.3f}** (per round: {', '.join(f'{r:.3f}' for r in ratios)}); target <= 1.10",
        f"- warm/cold: **{warm / pipe_wall * 100:.3f}%**; target <= 1%",
        f"- article: `{ARTICLE.name}`, {len(text):,} characters; voice `{backend.id}`",
    ]
    harness.report("bench_speak.py: article to cached MP3 (issue #2)", "\n".join(rows), args.results)


if __name__ == "__main__":
    main()
