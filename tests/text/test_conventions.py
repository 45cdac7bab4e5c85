"""The article's own conventions: its number separators ("1.500", "3,5") decided from its
``lang`` and its whole text, never from one number alone."""

from __future__ import annotations

import pytest

from tts_service.config import Settings
from tts_service.text import article_options, segment_text
from tts_service.text.words.conventions import as_decimal_point, decimal_comma


@pytest.mark.parametrize(("text", "lang", "european"), [
    ("1.500 visitors came.", "", False),  # one number alone shows no convention
    ("1.500 visitors came; inflation hit 3,5%.", "", True),  # a decimal comma before %
    ("Prices rose to €4,50.", "", True),
    ("The fund holds 2.500.000 shares.", "", True),  # point thousands, twice
    ("It cost 1.234,56 in all.", "", True),
    ("1.500 visitors; 3,5%; 1.5 million in all.", "", False),  # an English decimal point too
    ("1.500 visitors; 3,5%; 1,500 more.", "", False),  # an English thousands comma
    ("It cost 1.5 million.", "", False),
    ("The 10.30am train, 3,5%.", "", True),  # a British time is not a decimal point
    ("1.500 visitors came.", "de", True),  # the language says it
    ("1.500 visitors came.", "fr-FR", True),
    ("1.500 visitors came.", "es-MX", False),  # a region writing the English way
    ("1.500 visitors; 3,5%.", "en-GB", False),  # English says it too
])
def test_the_separators_an_article_writes(text: str, lang: str, european: bool) -> None:
    assert decimal_comma(text, lang) is european


@pytest.mark.parametrize(("text", "rewritten"), [
    ("1.500 visitors, 3,5% and 1.234,56", "1,500 visitors, 3.5% and 1,234.56"),
    ("04.03.2021 at 192.168.1.1 and 1.5", "04.03.2021 at 192.168.1.1 and 1.5"),  # not numbers of that kind
])
def test_european_numbers_are_rewritten_in_place(text: str, rewritten: str) -> None:
    assert as_decimal_point(text) == rewritten
    assert len(as_decimal_point(text)) == len(text)  # source positions still map


@pytest.mark.parametrize(("text", "lang", "spoken"), [
    ("Some 1.500 visitors came. Inflation hit 3,5%.", "", "one thousand five hundred visitors"),
    ("Rund 1.500 Besucher kamen.", "de", "eintausendfünfhundert Besucher"),  # German rules (issue 24)
    ("Some 1.500 visitors came. It cost 1.5 million.", "", "one point five zero zero visitors"),
    ("Rund 1,5 Millionen Besucher kamen.", "de", "eins Komma fünf Millionen Besucher"),
])
def test_every_sentence_reads_the_article_convention(text: str, lang: str, spoken: str) -> None:
    options = article_options(text, lang, Settings())
    segments = segment_text(text, 400, options)
    assert spoken in segments[0].text


def test_a_rewritten_number_maps_to_its_source() -> None:
    text = "Some 1.500 visitors came. Inflation hit 3,5%."
    [first, _] = segment_text(text, 400, article_options(text, "", Settings()))
    assert {text[word.start:word.end] for word in first.words if word.word == "thousand"} == {"1.500"}
