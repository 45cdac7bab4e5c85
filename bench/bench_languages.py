"""The article's language, found with no language given: detection accuracy on paragraphs.

    bench/fetch_data.sh          # once: pemistahl/lingua-py into bench/data/lingua (git-ignored)
    .venv/bin/python bench/bench_languages.py [--data DIR] [--sentences 3] [--quick] [--results bench/RESULTS.md]

The dev set is not in this repository (nor in the wheel): ``language-testdata/sentences/*.txt``
of pemistahl/lingua-py (Apache-2.0), 1,000 sentences per language drawn from the Leipzig
Wortschatz news and web corpora (CC BY 4.0), documents kept apart from those lingua's models were
built from. A paragraph is ``--sentences`` consecutive sentences (3: about 300 characters, a
short news paragraph). Each is given to ``article_language`` as an article with no ``lang`` and
no page, the site's languages (``TTS_LANGUAGES``) being the seven measured plus English and
Portuguese, so that a wrong answer can also be a language the site speaks.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

MEASURED = ("de", "fr", "es", "it", "nl", "da", "ru")
SITE = (*MEASURED, "en", "pt")
TARGET = 0.98


def paragraphs(data: Path, lang: str, sentences: int, limit: int) -> list[str]:
    path = data / "language-testdata" / "sentences" / f"{lang}.txt"
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    grouped = [" ".join(lines[i:i + sentences]) for i in range(0, len(lines) - sentences + 1, sentences)]
    return grouped[:limit]


def measure(article_language, data: Path, sentences: int, limit: int) -> str:  # type: ignore[no-untyped-def]
    """The table for paragraphs of ``sentences`` sentences, and the whole."""
    rows, right_all, total_all = [], 0, 0
    started = time.perf_counter()
    for lang in MEASURED:
        texts = paragraphs(data, lang, sentences, limit)
        found = [article_language(text, SITE).lang for text in texts]
        right = sum(1 for got in found if got == lang)
        wrong = sorted({got for got in found if got != lang})
        rows.append(f"| {lang} | {len(texts)} | {right / len(texts):.3f} | {', '.join(wrong) or '-'} |")
        right_all, total_all = right_all + right, total_all + len(texts)
    seconds = time.perf_counter() - started
    return "\n".join([
        f"Paragraphs of {sentences} sentence(s) from lingua-py's test data (Leipzig corpora), no "
        f"language given, detected among {','.join(SITE)}. Target: {TARGET:.0%} in each language.",
        "", "| language | paragraphs | right | taken for |", "|---|---|---|---|", *rows, "",
        f"All: {right_all / total_all:.3f} of {total_all} right; "
        f"{seconds / total_all * 1000:.1f} ms each (the first one loads the models).",
    ])


ESPEAK = {"de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt", "pt-PT": "pt", "nl": "nl"}
_NOT_HEARD = re.compile(r"[ˈˌ\s.,;:!?\"'()\-]")


def heard_right() -> str:
    """Our own cases (tests/text/languages/*.txt) heard right through espeak-ng in each language."""
    from piper.phonemize_espeak import EspeakPhonemizer

    from tts_service.config import Settings
    from tts_service.synthesis.plan import plan_article

    espeak = EspeakPhonemizer()

    def heard(lang: str, text: str) -> str:
        return _NOT_HEARD.sub("", "".join("".join(s) for s in espeak.phonemize(ESPEAK[lang], text)))

    rows = []
    for path in sorted((harness.ROOT / "tests" / "text" / "languages").glob("*.txt")):
        cases = [line.split(" | ") for line in path.read_text("utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        right = 0
        for written, spoken in cases:
            ours = " ".join(s.text for s in plan_article(written, Settings(), 400, lang=path.stem).segments)
            right += heard(path.stem, ours) == heard(path.stem, spoken.strip())
        rows.append(f"| {path.stem} | {len(cases)} | {right / len(cases):.3f} |")
    return "\n".join(["Numbers, money, dates, times, abbreviations: our cases heard right through "
                      "espeak-ng in the article's language (target 90%).", "",
                      "| language | cases | heard right |", "|---|---|---|", *rows])


def main() -> int:
    parser = harness.arguments(__doc__)
    parser.add_argument("--data", type=Path, default=harness.ROOT / "bench" / "data" / "lingua")
    parser.add_argument("--sentences", type=int, default=3, help="sentences per paragraph")
    parser.add_argument("--limit", type=int, default=10_000, help="paragraphs per language")
    args = harness.parse(parser, {"limit": 20})
    from tts_service.text.language import article_language

    body = "\n\n".join(measure(article_language, args.data, n, args.limit)
                         for n in dict.fromkeys((args.sentences, 1)))
    body += "\n\n" + heard_right()
    harness.report("bench_languages.py: the article's language (issue 24)", body, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
