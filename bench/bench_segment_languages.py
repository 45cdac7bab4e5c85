"""What segmenting German by its own rules costs: 200,000 characters of a German news article
split into sentences by pysbd's German rules (today) and by the English ones (before issue 24
part 2) in the same run, and the whole German segmenter (normalizing too) for scale. Then what
preparing a German article with no language given costs through ``ArticleService.prepare``
(language found, voice chosen, segmented for it) against planning it once (``plan_article``), in
the same run, and how many times it is segmented: once since issue 24's leftovers (twice before:
for the default voice, then for the German one).

    .venv/bin/python bench/bench_segment_languages.py [--rounds 3] [--quick] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import clear_text_caches  # noqa: E402
from harness import BENCH  # noqa: E402

from tts_service.text import Options, segment_text  # noqa: E402
from tts_service.text.sentences.splitting import split_sentences  # noqa: E402
from tts_service.text.words.languages import rejoin  # noqa: E402

GERMAN = BENCH / "articles" / "de" / "neue_bruecke.txt"
SIZE = 200_000


def sentences(paragraphs: list[str], rules: str) -> int:
    """How many sentences the paragraphs have, split by the ``rules`` of a language ("de", "en")
    and joined again where they end in a German abbreviation, as the segmenter does."""
    return sum(len(rejoin(split_sentences(paragraph, rules), paragraph, "de"))
               for paragraph in paragraphs)


def moved(paragraphs: list[str]) -> int:
    """How many sentence ends one language's rules put where the other's do not."""
    return sum(len({end for _, end in rejoin(split_sentences(paragraph, "en"), paragraph, "de")}
                   ^ {end for _, end in rejoin(split_sentences(paragraph, "de"), paragraph, "de")})
               for paragraph in paragraphs)


def prepare_rows(rounds: int) -> list[str]:
    """``ArticleService.prepare`` of fresh copies of the German article against ``plan_article``
    of them, alternating, and the segmentations one prepare does."""
    import tempfile

    from tts_service.articles import ArticleService
    from tts_service.config import Settings
    from tts_service.synthesis import plan
    from tts_service.synthesis.request import ArticleRequest

    one = "\n\n".join([GERMAN.read_text("utf-8")] * 4)  # a news article's length
    calls = [0]
    segment = plan.segment_text

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return segment(*args, **kwargs)

    copies = iter(range(10_000))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({}, cache_dir=Path(tmp), languages="en,de,fr", log_level="WARNING")
        service = ArticleService(settings)
        plan.segment_text = counted
        try:
            service.prepare(ArticleRequest(one))  # the voices loaded, caches warm
            calls[0] = 0
            service.prepare(ArticleRequest(f"{one}\n\nNummer {next(copies)}."))
            segmentations = calls[0]
            runs = {
                "prepare": lambda: harness.timed(lambda: service.prepare(
                    ArticleRequest(f"{one}\n\nNummer {next(copies)}."))),
                "plan": lambda: harness.timed(lambda: plan.plan_article(
                    f"{one}\n\nNummer {next(copies)}.", settings, 400)),
            }
            seconds = harness.alternating(runs, rounds)
        finally:
            plan.segment_text = segment
            service.shutdown()
    return ["", f"- a German article ({len(one):,} chars), no language given: "
            f"ArticleService.prepare {statistics.median(seconds['prepare']):.3f} s, plan_article "
            f"once {statistics.median(seconds['plan']):.3f} s (median of {rounds}): "
            f"**{harness.ratio(seconds['prepare'], seconds['plan']):.2f}x**; segmented "
            f"**{segmentations}** time(s) per prepare"]


def main() -> None:
    parser = harness.arguments(__doc__, rounds=5)
    args = harness.parse(parser, quick={"rounds": 2})
    one = GERMAN.read_text("utf-8")
    text = ("\n\n".join([one] * (SIZE // len(one) + 1)))[:SIZE]
    paragraphs = [paragraph for paragraph in text.split("\n\n") if paragraph.strip()]
    labels = {"en": "English rules (before)", "de": "German rules (now)"}
    runs = {rules: (lambda r=rules: harness.timed(lambda: sentences(paragraphs, r))) for rules in labels}
    seconds = harness.alternating(runs, args.rounds)
    rows = ["| German, 200,000 chars | sentences | median seconds |", "|---|---|---|"]
    rows += [f"| split by {label} | {sentences(paragraphs, rules)} | "
             f"{statistics.median(seconds[rules]):.3f} |" for rules, label in labels.items()]
    whole = min(harness.times(lambda: segment_text(text, 400, Options(lang="de")), 1,
                              setup=clear_text_caches))
    rows += ["", f"- German rules / English rules, in the same run ({args.rounds} rounds, alternating): "
             f"**{harness.ratio(seconds['de'], seconds['en']):.2f}x**",
             f"- sentence ends that differ: {moved(paragraphs)} (per copy of the article: one false end "
             "after \"usw.\" before a small letter gone, one after \"etc.\" before a capital found)",
             f"- the whole segmenter (normalizing too), lang de, max_chars 400: {whole:.3f} s"]
    rows += prepare_rows(args.rounds)
    harness.report("bench_segment_languages.py: sentences by the article's language (issue 24)",
                   "\n".join(rows), args.results)


if __name__ == "__main__":
    main()
