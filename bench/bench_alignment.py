"""What word timing costs: synthesize the bench article's segments with the voice patched for
alignments (and our mapping of its phonemes to words) and with the stock voice, in the same run.

    .venv/bin/python bench/bench_alignment.py [--rounds 2] [--quick] [--results bench/RESULTS.md]

Prints seconds of synthesis each way and the ratio aligned/plain (target <= 1.05). Each round
speaks every segment with both voices, in alternating order, so machine noise hits both alike.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import ARTICLE  # noqa: E402

from tts_service.text import segment_text  # noqa: E402
from tts_service.voice.piper_backend import PiperBackend, builtin_voice  # noqa: E402


def timed_load(alignments: bool) -> tuple[PiperBackend, float]:
    started = time.perf_counter()
    backend = PiperBackend(builtin_voice(), alignments=alignments)
    return backend, time.perf_counter() - started


def main() -> int:
    parser = harness.arguments(__doc__, rounds=2, results=harness.RESULTS)
    args = harness.parse(parser, quick={"rounds": 1})

    plain, plain_load = timed_load(False)
    aligned, aligned_load = timed_load(True)
    texts = [segment.text for segment in segment_text(ARTICLE.read_text("utf-8"), plain.max_chars)]
    plain.synthesize(texts[0])  # warm both sessions up
    aligned.synthesize(texts[0])
    spent = {"plain": 0.0, "aligned": 0.0}
    audio = {"plain": 0, "aligned": 0}
    aligned_segments = 0
    for round_ in range(args.rounds):
        for index, text in enumerate(texts):
            order = [("plain", plain), ("aligned", aligned)]
            if (round_ + index) % 2:
                order.reverse()
            for name, backend in order:
                started = time.perf_counter()
                clip = backend.synthesize(text)
                spent[name] += time.perf_counter() - started
                audio[name] += len(clip.data) // 2
                if name == "aligned" and clip.words is not None:
                    aligned_segments += 1
    ratio = spent["aligned"] / spent["plain"]
    rate = plain.sample_rate
    body = "\n".join([
        f"- article: {ARTICLE.name}, {len(texts)} segments, {args.rounds} rounds",
        f"- voice load: stock {plain_load:.2f} s, patched for alignments {aligned_load:.2f} s",
        f"- synthesis, stock voice: {spent['plain']:.2f} s for {audio['plain'] / rate:.1f} s of audio",
        f"- synthesis with alignments and word mapping: {spent['aligned']:.2f} s for "
        f"{audio['aligned'] / rate:.1f} s of audio",
        f"- segments with aligned words: {aligned_segments} of {len(texts) * args.rounds}",
        f"- **ratio aligned/plain: {ratio:.3f}** (target <= 1.05)",
    ])
    harness.report("Word alignment cost (bench_alignment.py)", body, args.results)
    return 0 if ratio <= 1.05 else 1


if __name__ == "__main__":
    sys.exit(main())
