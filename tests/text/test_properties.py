"""Properties of the text pipeline over generated input (hypothesis): whatever the text, the
segmenter and the normalizer return, keep their invariants and never raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import check_segments

from tts_service.text import segment_text
from tts_service.text.words.normalizing import normalize, speak

# News-like pieces that exercise the rules, mixed with arbitrary text.
TOKENS = st.sampled_from([
    "$2.5bn", "£3.4m", "Rs 1,500 crore", "3.5%", "2020-21", "1990s", "'90s", "10:30 a.m.", "9pm ET",
    "03/07/2025", "2025-07-03", "July 3", "Jul.", "1st", "1/2", "½", "4 1/2", "10-20", "3:1",
    "24/7", "5 km", "km/h", "25°C", "Dr.", "St.", "Mr.", "No. 10", "e.g.", "U.S.", "John M. Ford",
    "(R-Texas)", "NATO", "FBI", "MI5", "XIV", "World War II", "R&D", "~5", "#1", "@user",
    "#Tag", "https://example.com/a", "a@b.co", "(555) 123-4567", "...", ". . .", "—", "–", "-",
    "“", "”", "\n", "\n\n", "• ", "1. ", "1) ", "?", "!", ",", ";", ":", "\u00ad", "\u200b",
])
TEXT = st.lists(st.one_of(TOKENS, st.text(max_size=12)), max_size=40).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([10, 25, 100, 400]))
def test_segments_keep_their_invariants_whatever_the_text(text: str, max_chars: int) -> None:
    check_segments(text, segment_text(text, max_chars), max_chars)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_the_normalizer_always_answers_with_one_line_of_text(text: str) -> None:
    spoken = normalize(text)
    assert "\n" not in spoken and spoken == spoken.strip()
    words = speak(text).words
    assert all(0 <= w.start < w.end <= len(text) for w in words)  # each maps into the source
    assert [w.start for w in words] == sorted(w.start for w in words)  # in the source's order
