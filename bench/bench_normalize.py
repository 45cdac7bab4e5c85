"""What normalizing costs: the segmenter with our normalizer against the same segmenter with a
plain one (quotes and white space only, as before issue #8), in the same run, alternating rounds.

    .venv/bin/python bench/bench_normalize.py [--rounds 3] [--quick] [--results bench/RESULTS.md]

Measures, each as a ratio or a difference against the plain baseline:
- 200,000 characters of news text (no sentence repeated): seconds added (target <= 1 s);
- a long article: seconds added, as a share of the cold synthesis of that article (target <= 2%);
- first audio of a new article (prepare it, then synthesize its first segment): ratio ours/plain
  (target: not slower, within noise).
"""

from __future__ import annotations

import contextlib
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


def main() -> None:
    parser = harness.arguments(__doc__, rounds=3)
    args = harness.parse(parser, quick={"rounds": 1})

    news = "\n\n".join(corpus(count=60, smallest=2000, largest=4800))[:200_000]
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
    report = "\n".join(rows + [
        "",
        f"- 200,000 characters: normalizing adds **{added_200k:.3f} s** at most; target <= 1 s",
        f"- cold synthesis of {ARTICLE.name} ({len(segments)} segments): {synthesis:.2f} s; "
        f"normalizing adds **{share:.3%}** of it; target <= 2%",
        f"- first audio of a new article (prepare + first segment): ours {first_ours:.3f} s, "
        f"plain {first_plain:.3f} s, ratio **{first_ours / first_plain:.3f}**; target: not slower",
        f"- medians of {args.rounds} alternating rounds (first audio: {max(args.rounds, 5)}); the "
        "normalizer's caches are cleared before every run; news text from bench/corpus.py, no "
        "sentence repeated",
    ])
    harness.report("bench_normalize.py: what normalizing costs (issue #8)", report, args.results)


if __name__ == "__main__":
    main()
