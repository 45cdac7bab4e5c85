"""The SSML subset the API accepts, and a clear 400 for anything else."""

from __future__ import annotations

import pytest

from tts_service.config import Settings
from tts_service.errors import InputError
from tts_service.synthesis.plan import plan_article

SETTINGS = Settings.from_env({})


def plan(ssml: str) -> list[tuple[str, str, int]]:
    planned = plan_article(ssml, SETTINGS, 400, ssml=True)
    return [(s.text, s.source, pause) for s, pause in zip(planned.segments, planned.pauses_ms,
                                                           strict=True)]


def spoken(ssml: str) -> str:
    return " | ".join(text for text, _, _ in plan(ssml))


def test_paragraphs_sentences_and_breaks() -> None:
    assert plan("<speak><p><s>One</s><s>Two <break time='1.5s'/> three</s></p>"
                "<p>Four.</p></speak>") == [
        ("One", "One", 250), ("Two", "Two", 1500), ("three", "three", 700), ("Four.", "Four.", 0)]


def test_the_ssml_namespace_is_fine() -> None:
    assert spoken('<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis">'
                  "Hello <break strength='strong'/> there.</speak>") == "Hello | there."


@pytest.mark.parametrize(("element", "said"), [
    ('<sub alias="World Health Organization">WHO</sub>', "World Health Organization"),
    ('<say-as interpret-as="characters">ABC</say-as>', "A B C"),
    ('<say-as interpret-as="spell-out">R2D2</say-as>', "R two D two"),
    ('<say-as interpret-as="cardinal">1,234</say-as>', "one thousand two hundred thirty four"),
    ('<say-as interpret-as="number">2.5</say-as>', "two point five"),
    ('<say-as interpret-as="ordinal">3</say-as>', "third"),
    ('<say-as interpret-as="ordinal">21st</say-as>', "twenty first"),
    ('<say-as interpret-as="date" format="mdy">7/3/2025</say-as>', "July third, twenty twenty five"),
    ('<say-as interpret-as="date" format="dmy">3/7/2025</say-as>', "July third, twenty twenty five"),
    ('<say-as interpret-as="date" format="ymd">2025-07-03</say-as>', "July third, twenty twenty five"),
    ('<say-as interpret-as="date" format="md">12/25</say-as>', "December twenty fifth"),
    ('<say-as interpret-as="date" format="y">1999</say-as>', "nineteen ninety nine"),
    ('<say-as interpret-as="telephone">(555) 123-4567</say-as>',
     "five five five, one two three, four five six seven"),
    ('<phoneme alphabet="ipa" ph="kˈiːv">Kyiv</phoneme>', "[[ kˈiːv ]]"),
])
def test_elements_say_what_they_mean(element: str, said: str) -> None:
    assert plan(f"<speak>Say {element} now.</speak>")[0][0] == f"Say {said} now."


def test_the_source_keeps_the_written_words() -> None:
    ((text, source, _),) = plan('<speak>The <sub alias="World Health Organization">WHO</sub> '
                                "met.</speak>")
    assert (text, source) == ("The World Health Organization met.", "The WHO met.")


@pytest.mark.parametrize(("ssml", "message"), [
    ("<speak>Hello", "not well-formed"),
    ("<speak><s>a</say-as></s></speak>", "not well-formed"),
    ("Hello there", "not well-formed"),
    ("<p>Hello</p>", "root is <p>"),
    ("<speak><emphasis>Hi</emphasis></speak>", "unsupported SSML element <emphasis>"),
    ("<speak><audio src='x.mp3'/></speak>", "unsupported SSML element <audio>"),
    ('<speak><say-as interpret-as="currency">$5</say-as></speak>', "unsupported <say-as"),
    ('<speak><say-as interpret-as="cardinal">five</say-as></speak>', "needs a number"),
    ('<speak><say-as interpret-as="date" format="dmy">31/2/2025</say-as></speak>', "not a date"),
    ('<speak><say-as interpret-as="date" format="xyz">1/2/3</say-as></speak>', "does not fit"),
    ("<speak><sub>WHO</sub></speak>", "needs an alias"),
    ("<speak><phoneme>Kyiv</phoneme></speak>", "needs its phonemes"),
    ("<speak><break time='forever'/></speak>", "cannot read the pause"),
    ("<speak><break strength='huge'/></speak>", "unknown <break strength"),
    ("<speak><sub alias='x'><b>y</b></sub></speak>", "may hold only text"),
    ('<!DOCTYPE speak [<!ENTITY a "aaaa">]><speak>&a;</speak>', "document type or entities"),
])
def test_bad_ssml_is_a_clear_input_error(ssml: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        plan_article(ssml, SETTINGS, 400, ssml=True)
