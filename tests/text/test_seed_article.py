"""The seed article as a user pastes it from a news page: its headline, the player's own label,
the headline again, a dateline, and the date in its last lines. Its date is read as the article
writes it (third of July), the label is not read, the headline once, every other word is."""

from __future__ import annotations

import pytest

from tts_service.text import Options, segment_text
from tts_service.text.words.conventions import date_order

SEED = """\
South Korea passes record budget after late-night session

Click to start listening

South Korea passes record budget after late-night session

SEOUL, July 3 (Wire) — South Korea's parliament approved a record budget at 2 a.m. on Thursday \
after a session that ran through the night, officials said.

The vote was 180-95. Finance Minister Choi Sang-mok said the money would go to chip makers.

Share

Published 03/07/2025 04:10 GMT. Updated 03/07/2025.
"""


def test_the_date_is_read_in_the_articles_own_order() -> None:
    spoken = " ".join(s.text for s in segment_text(SEED, 400))
    assert "July third, twenty twenty five" in spoken
    assert "March" not in spoken


def test_the_button_label_is_not_read_and_the_headline_is_read_once() -> None:
    segments = segment_text(SEED, 400)
    spoken = " ".join(s.text for s in segments)
    assert "listening" not in spoken.lower() and "Share" not in spoken
    assert spoken.count("South Korea passes record budget") == 1


def test_every_other_word_is_read_and_maps_to_the_text() -> None:
    segments = segment_text(SEED, 400)
    for segment in segments:
        assert SEED[segment.char_start:segment.char_end] == segment.source
    read = "".join(s.source for s in segments)
    for word in ("SEOUL", "parliament", "180-95", "Choi", "chip", "Published", "Updated"):
        assert word in read


@pytest.mark.parametrize(("text", "lang", "default", "order"), [
    ("Published 03/07/2025", "", "mdy", "mdy"),  # no evidence: the site's setting
    ("Published 03/07/2025", "", "dmy", "dmy"),
    ("Published 03/07/2025", "en-GB", "mdy", "dmy"),  # the request's region
    ("Published 03/07/2025", "en-US", "dmy", "mdy"),
    ("Published 03/07/2025", "en-IN", "mdy", "dmy"),
    ("Due 25/12/2024; out 03/07/2025", "", "mdy", "dmy"),  # a date only one order can read
    ("Due 12/25/2024; out 03/07/2025", "", "dmy", "mdy"),
    ("SEOUL, July 3 — ... 03/07/2025", "", "mdy", "dmy"),  # the dateline matches day first
    ("WASHINGTON, March 7 — ... 03/07/2025", "", "dmy", "mdy"),
    ("the defence programme ... 03/07/2025", "", "mdy", "dmy"),  # British spellings
    ("the defense program ... 03/07/2025", "", "mdy", "mdy"),
    ("Talks ended on 4 March. Next round 05/06/2025", "", "mdy", "dmy"),  # its dates in words, day first
    ("Talks ended on March 4. Next round 05/06/2025", "", "dmy", "mdy"),
    ("On 4 March and May 5 ... 05/06/2025", "", "mdy", "mdy"),  # both orders: no evidence
    ("Staff 2 may leave ... 05/06/2025", "", "mdy", "mdy"),  # "may" the verb is no month
])
def test_the_order_of_a_numeric_date(text: str, lang: str, default: str, order: str) -> None:
    assert date_order(text, lang, default) == order


def test_the_region_of_the_request_reaches_the_segments() -> None:
    spoken = segment_text("Published 03/07/2025.", 400, Options(lang="en-GB"))[0].text
    assert "July third" in spoken


def test_a_paragraph_repeated_later_not_just_before_is_read_again() -> None:
    text = "The vote is today.\n\nMore below.\n\nThe vote is today."
    assert [s.text for s in segment_text(text, 400)] == ["The vote is today.", "More below.",
                                                         "The vote is today."]
