"""What normalizing costs: the segmenter with our normalizer against the same segmenter with a
plain one (quotes and white space only, as before issue #8), in the same run, alternating rounds.

    .venv/bin/python bench/bench_normalize.py [--rounds 3] [--cpu-rounds 5] [--quick]
                                              [--results bench/RESULTS.md]

Measures, each as a ratio or a difference against the plain baseline (``--cpu-only``: only the
CPU time of the 200,000 characters, a minute's run without the voice):
- 200,000 characters of news text (no sentence repeated): seconds added (target <= 1 s), on the
  wall clock (medians) and in CPU time (``time.process_time``, the least of alternating runs, which
  a loaded machine inflates far less: the figure to read the target by when other work runs);
- a long article: seconds added, as a share of the cold synthesis of that article (target <= 2%);
- first audio of a new article (prepare it, then synthesize its first segment): ratio ours/plain
  (target: not slower, within noise).
"""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import clear_text_caches, corpus  # noqa: E402
from harness import ARTICLE  # noqa: E402

from tts_service.config import Settings  # noqa: E402
from tts_service.store.cache import AudioCache  # noqa: E402
from tts_service.synthesis.speaker import Speaker  # noqa: E402
from tts_service.text import segment_text, segmenting  # noqa: E402
from tts_service.text.sentences import pieces
from tts_service.text.words import normalizing
from tts_service.voice.registry import get_backend  # noqa: E402

_CHARACTERS = str.maketrans(normalizing.SPOKEN_CHARACTERS)


def plain_speak(source: str, options: normalizing.Options = normalizing.DEFAULT_OPTIONS
                ) -> normalizing.Spoken:
    """The baseline: what the normalizer did before issue #8 (quotes and white space), with each
    word mapped to itself."""
    words = tuple(normalizing.SpokenWord(found.group(0), found.start(), found.end())
                  for found in re.finditer(r"\S+", source))
    return normalizing.Spoken(" ".join(source.translate(_CHARACTERS).split()), words)


@contextlib.contextmanager
def plain_normalizer() -> Iterator[None]:
    saved = segmenting.speak, pieces.normalize
    segmenting.speak = plain_speak  # type: ignore[assignment]
    pieces.normalize = lambda source, options=None: plain_speak(source).text  # type: ignore[assignment]
    try:
        yield
    finally:
        segmenting.speak, pieces.normalize = saved  # type: ignore[assignment]


def both(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median seconds of ``fn`` with our normalizer and with the plain one, rounds alternating;
    the normalizer's caches are cleared before every run, so each starts cold."""

    def plain() -> float:
        with plain_normalizer():
            return harness.timed(fn, setup=clear_text_caches)

    runs = harness.alternating({"ours": lambda: harness.timed(fn, setup=clear_text_caches),
                                "plain": plain}, rounds, swap=False)
    return statistics.median(runs["ours"]), statistics.median(runs["plain"])


def cpu_seconds(fn: Callable[[], object]) -> float:
    """CPU seconds of this process (``time.process_time``) that ``fn`` takes, from cold caches."""
    clear_text_caches()
    started = time.process_time()
    fn()
    return time.process_time() - started


def both_cpu(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    """The least CPU seconds of ``fn`` with our normalizer and with the plain one, ``rounds`` runs
    each, alternating (swapped every other round). The least, not the median: other processes
    only ever add to a run's CPU time (cache misses, frequency changes), never take from it."""

    def plain() -> float:
        with plain_normalizer():
            return cpu_seconds(fn)

    runs = harness.alternating({"ours": lambda: cpu_seconds(fn), "plain": plain}, rounds)
    return min(runs["ours"]), min(runs["plain"])


def main() -> None:
    parser = harness.arguments(__doc__, rounds=3)
    parser.add_argument("--cpu-rounds", type=int, default=5,
                        help="runs of each side for the CPU-time measure (default 5)")
    parser.add_argument("--cpu-only", action="store_true",
                        help="only the CPU time of the 200,000 characters (no voice, no wall clock)")
    args = harness.parse(parser, quick={"rounds": 1, "cpu_rounds": 2})
    load_before = os.getloadavg()
    news = "\n\n".join(corpus(count=60, smallest=2000, largest=4800))[:200_000]

    cpu_rows = ["| input | ours CPU s | plain CPU s | added CPU s | ratio ours/plain |",
                "|---|---|---|---|---|"]
    added_cpu = 0.0
    for max_chars in (100, 400):
        ours, plain = both_cpu(lambda m=max_chars: segment_text(news, m), args.cpu_rounds)
        added_cpu = max(added_cpu, ours - plain)
        cpu_rows.append(f"| {len(news):,} chars, max_chars {max_chars} | {ours:.3f} | {plain:.3f} | "
                        f"{ours - plain:+.3f} | {ours / plain:.2f} |")
    cpu_lines = [
        f"- 200,000 characters: normalizing adds **{added_cpu:.3f} CPU-s** at most; target <= 1 s",
        f"- CPU time (time.process_time): the least of {args.cpu_rounds} alternating runs each, the "
        "normalizer's caches cleared before every run",
    ]
    if args.cpu_only:
        report = "\n".join(cpu_rows + [""] + cpu_lines + [
            f"- load average (1, 5, 15 min) before {_load(load_before)}, after {_load(os.getloadavg())}"])
        harness.report("bench_normalize.py: what normalizing costs (issue #8)", report, args.results)
        return

    rows = ["| input | ours s | plain s | added s |", "|---|---|---|---|"]
    added_200k = 0.0
    for max_chars in (100, 400):
        ours, plain = both(lambda m=max_chars: segment_text(news, m), args.rounds)
        added_200k = max(added_200k, ours - plain)
        rows.append(f"| {len(news):,} chars, max_chars {max_chars} | {ours:.3f} | {plain:.3f} | "
                    f"{ours - plain:+.3f} |")

    article = ARTICLE.read_text("utf-8")
    ours, plain = both(lambda: segment_text(article, 400), args.rounds)
    backend = get_backend(Settings.from_env({}), "piper")
    backend.synthesize("Warming up the voice.")
    segments = segment_text(article, 400)
    started = time.perf_counter()
    for segment in segments:
        backend.synthesize(segment.text)
    synthesis = time.perf_counter() - started
    share = (ours - plain) / synthesis
    rows.append(f"| {ARTICLE.name} ({len(article):,} chars) | {ours:.4f} | {plain:.4f} | "
                f"{ours - plain:+.4f} |")

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({}, cache_dir=Path(tmp))
        speaker = Speaker(backend, AudioCache(settings.cache_dir), settings)

        def first_audio() -> None:
            prepared = speaker.prepare(article)
            backend.synthesize(prepared.segments[0].text)

        first_ours, first_plain = both(first_audio, max(args.rounds, 5))
    report = "\n".join(rows + [""] + cpu_rows + [
        "",
        f"- 200,000 characters: normalizing adds **{added_200k:.3f} s** at most on the wall clock; "
        "target <= 1 s",
        *cpu_lines,
        f"- cold synthesis of {ARTICLE.name} ({len(segments)} segments): {synthesis:.2f} s; "
        f"normalizing adds **{share:.3%}** of it; target <= 2%",
        f"- first audio of a new article (prepare + first segment): ours {first_ours:.3f} s, "
        f"plain {first_plain:.3f} s, ratio **{first_ours / first_plain:.3f}**; target: not slower",
        f"- wall clock: medians of {args.rounds} alternating rounds (first audio: {max(args.rounds, 5)}); "
        "the normalizer's caches are cleared before every run; news text from bench/corpus.py, no "
        "sentence repeated",
        f"- load average (1, 5, 15 min) before {_load(load_before)}, after {_load(os.getloadavg())}",
    ])
    harness.report("bench_normalize.py: what normalizing costs (issue #8)", report, args.results)


def _load(averages: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.1f}" for value in averages)


if __name__ == "__main__":
    main()
