"""Publisher markup in HTML: data-tts-say says other words for an element (highlighting still
follows its text), data-tts-pause adds a pause after it."""

from __future__ import annotations

import pytest

from tts_service.config import Settings
from tts_service.errors import InputError
from tts_service.synthesis.plan import plan_article
from tts_service.text.markup import Marked, from_marked_text, pause_ms
from tts_service.text.reading.blocks import read_html

SETTINGS = Settings.from_env({})


def plan(html: str, max_chars: int = 400) -> list[tuple[str, str, int]]:
    planned = plan_article(html, SETTINGS, max_chars, html=True)
    return [(s.text, s.source, pause) for s, pause in zip(planned.segments, planned.pauses_ms,
                                                           strict=True)]


def test_say_replaces_the_words_but_not_the_text_the_reader_sees() -> None:
    assert plan('<p>The <abbr data-tts-say="Federal Reserve">Fed</abbr> met.</p>') == [
        ("The Federal Reserve met.", "The Fed met.", 0)]


def test_the_spoken_words_map_to_the_elements_text() -> None:
    (segment,) = plan_article('<p>Ask <b data-tts-say="win">Nguyen</b> now.</p>', SETTINGS, 400,
                              html=True).segments
    assert [(w.word, segment.source[w.start:w.end]) for w in segment.words] == [
        ("Ask", "Ask"), ("win", "Nguyen"), ("now", "now.")]


def test_a_whole_block_can_be_said_otherwise() -> None:
    assert plan('<p>Intro.</p><div><p data-tts-say="A chart of rates.">Fig. 2: rates '
                '2020-24</p></div>') == [
        ("Intro.", "Intro.", 700), ("A chart of rates.", "Fig. 2: rates 2020-24", 0)]


def test_an_empty_say_silences_the_element() -> None:
    assert plan('<p>Read this <span data-tts-say="">(pictured)</span> now.</p>') == [
        ("Read this now.", "Read this (pictured) now.", 0)]


def test_a_pause_after_an_element_cuts_the_sentence_there() -> None:
    assert plan('<p>And the winner is <span data-tts-pause="1.5s">...</span> Smith.</p>') == [
        ("And the winner is ...", "And the winner is ...", 1500), ("Smith.", "Smith.", 0)]


def test_a_pause_at_a_sentence_end_replaces_the_usual_one() -> None:
    assert plan('<p><span data-tts-pause="900ms">One.</span> Two.</p><p>Three.</p>') == [
        ("One.", "One.", 900), ("Two.", "Two.", 700), ("Three.", "Three.", 0)]


def test_a_pause_on_an_empty_element() -> None:
    assert plan('<p>Ready<br data-tts-pause="600">Go now.</p>') == [
        ("Ready", "Ready", 600), ("Go now.", "Go now.", 0)]


def test_the_first_sentence_cut_for_a_quick_start_keeps_its_say() -> None:
    html = ('<p>The <abbr data-tts-say="Federal Reserve">Fed</abbr> raised rates by 0.25% on '
            "Wednesday after a long meeting in Washington.</p>")
    planned = plan_article(html, SETTINGS, 400, html=True)
    assert planned.segments[0].text.startswith("The Federal Reserve raised")
    assert " ".join(s.source for s in planned.segments) == (
        "The Fed raised rates by 0.25% on Wednesday after a long meeting in Washington.")


@pytest.mark.parametrize(("value", "ms"), [("500ms", 500), ("1.5s", 1500), ("700", 700),
                                           (" 2 S ", 2000), ("0", 0)])
def test_pause_values(value: str, ms: int) -> None:
    assert pause_ms(value, "test") == ms


@pytest.mark.parametrize("value", ["soon", "-1s", "5 minutes", "11s", ""])
def test_bad_pause_values_are_input_errors(value: str) -> None:
    with pytest.raises(InputError):
        read_html(f'<p>Hi <span data-tts-pause="{value}">there</span>.</p>')


def test_marks_come_out_with_their_positions() -> None:
    marked = from_marked_text("a \ue000b c\ue001 \ue002d", ["bee sea"], [300])
    assert marked == Marked("a b c d", ((2, 5, "bee sea"),), ((6, 300),))
