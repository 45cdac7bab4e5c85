"""No false pauses: the voice hears each segment as one sentence, so it never drops its pitch and
pauses inside one (after "Dr.", an initial, "St.", a quoted question...). Checked with the default
voice's own phonemizer, which returns one list per sentence it sees, on news prose written for
this test and on the articles the project ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_service.text import html_to_text, segment_text
from tts_service.text.words.normalizing import normalize
from tts_service.voice.base import Backend

ROOT = Path(__file__).resolve().parents[2]
NEWS = """\
Sen. Ada Kwan (D-Calif.) met Dr. Mike Patel and Gov. J. R. Hollis on Jan. 6 at St. Martin's \
Church on Main St. in Hollis, where Mr. Smith, Mrs. Brown and Ms. Green had waited since 9 a.m.

"Why now?" asked Lt. Gen. Ward, the U.S. Army's No. 2 officer. "Because the vote is Tuesday!" \
said Prof. Helen Ashby of the Univ. of Vermont, who has studied the plan since the 1990s.

John M. Ford, 45, of Ft. Worth, told the F.B.I. he had paid $2.5 million, or about £2m, for \
the land, i.e. roughly 40% more than its value, e.g. in 2019 terms. The firm, Acme Corp. Ltd., \
denied it. "It's absurd," its CEO said... then declined to comment further.

The 5 km race, set for 7:30 a.m. EST on Sat., Oct. 4, will pass Mt. Pleasant Ave. and \
Washington Blvd. before ending at No. 10 Downing St. in London, England, Vol. 3 of the guide says.

King Charles III and Pope Leo XIV sent notes to Martin Luther King Jr. High School. World War \
II veterans, aged 98–103, attended. Temperatures hit 31°C (88°F) by 2 p.m. on Aug. 15.

Smith vs. Jones (2020-21) went to the Supreme Court. Warner Bros. Discovery Inc. and Apple \
Inc. filed briefs, as did the A.C.L.U., at approx. 4:45 p.m. PT on Fri., Nov. 7, 2025.
"""


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    demo = (ROOT / "tts_service" / "web" / "demo_article.html").read_text("utf-8")
    return {
        "news": NEWS,
        "harbor_bridge": (ROOT / "bench" / "articles" / "harbor_bridge.txt").read_text("utf-8"),
        "demo_article": html_to_text(demo),
    }


@pytest.mark.parametrize("name", ["news", "harbor_bridge", "demo_article"])
@pytest.mark.parametrize("max_chars", [100, 400])
def test_every_segment_is_one_sentence_for_the_voice(piper: Backend, articles: dict[str, str],
                                                     name: str, max_chars: int) -> None:
    voice = piper.piper_voice  # type: ignore[attr-defined]
    segments = segment_text(articles[name], max_chars)
    assert len(segments) > 5
    split = [(s.text, len(voice.phonemize(s.text))) for s in segments
             if len(voice.phonemize(s.text)) != 1]
    assert split == []


def test_every_development_case_is_one_sentence_for_the_voice(piper: Backend) -> None:
    """Every written case of the development set, normalized, reaches the voice as one sentence
    ("Shaw, M., Flon, L.;" once made it stop after each initial)."""
    from spoken_support import CASE_FILES, read_cases

    voice = piper.piper_voice  # type: ignore[attr-defined]
    split = [written for path in CASE_FILES for _, _, written, _, _ in read_cases(path)
             if len(voice.phonemize(normalize(written))) > 1]
    assert split == []
