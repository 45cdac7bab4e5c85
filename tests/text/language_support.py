"""What the other languages' development set says, and how its cases are heard: through
espeak-ng's phonemizer for the article's language (the one Piper's voices of that language use).

The set is ``languages/nemo/*.txt`` (NeMo's cases, see ``bench/make_language_cases.py``), the
held-out ``languages/nemo_itn/`` and ``nemo_audio/`` (NeMo's inverse-normalization and audio-based
cases, the same script) and ``languages/cldr/`` (CLDR's formats and spell-out rules, see
``bench/make_cldr_cases.py``; Dutch, ``bench/make_dutch_cases.py``) and ``languages/news/`` (clauses of
real news sentences from the Leipzig Wortschatz corpora, spoken forms written by us): lines
``class | written | spoken [| spoken ...]``, any spoken form right; a line marked ``~`` is a known
miss (``bench/bench_languages_heard.py --mark`` rewrites the marks)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

KNOWN_MISS = "~"
NEMO = Path(__file__).with_name("languages") / "nemo"
CLDR = Path(__file__).with_name("languages") / "cldr"  # Dutch: NeMo has none (bench/make_dutch_cases.py)
NEWS = Path(__file__).with_name("languages") / "news"  # real news sentences (Leipzig Wortschatz, CC BY 4.0)
DEV_SETS = (NEMO, NEMO.with_name("nemo_itn"), NEMO.with_name("nemo_audio"), CLDR, NEWS)
ESPEAK = {"de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt", "nl": "nl"}
_NOT_HEARD = re.compile(r"[ˈˌ\s.,;:!?\"'()\-]")


def read_cases(path: Path) -> list[tuple[int, str, str, tuple[str, ...], bool]]:
    """(line number, class, written, spoken forms, known miss) of each case in a file."""
    cases = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            kind, written, *spoken = (part.strip() for part in line.lstrip(KNOWN_MISS).split(" | "))
            cases.append((number, kind, written, tuple(spoken), line.startswith(KNOWN_MISS)))
    return cases


@cache
def _espeak() -> Any:
    from piper.phonemize_espeak import EspeakPhonemizer

    return EspeakPhonemizer()


def heard(lang: str, text: str) -> str:
    """The sounds espeak-ng makes for ``text`` in ``lang``, without stress marks, spaces or pauses."""
    return _NOT_HEARD.sub("", "".join("".join(s) for s in _espeak().phonemize(ESPEAK[lang], text)))


def ours(lang: str, written: str) -> str:
    """What we send the voice for a written text in ``lang``."""
    from tts_service.config import Settings
    from tts_service.synthesis.plan import plan_article

    return " ".join(segment.text for segment in plan_article(written, Settings(), 400, lang=lang).segments)


def heard_right(lang: str, written: str, spoken: tuple[str, ...]) -> bool:
    """Whether what we send is heard as one of the spoken forms."""
    return heard(lang, ours(lang, written)) in {heard(lang, form) for form in spoken}
