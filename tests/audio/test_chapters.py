"""Chapters start at the article's headings: a paragraph of one short sentence that does not end
as a sentence does."""

from __future__ import annotations

import pytest

from tts_service.audio.chapters import Chapter, chapters, is_heading


@pytest.mark.parametrize("source,heading", [
    ("What changed", True),
    ("Harbor Bridge reopens after two years", True),
    ("Q&A: the new tolls", True),
    ("Why it matters?", False),  # a question reads as a sentence
    ("The bridge reopened on Monday.", False),
    ('He said "no."', False),
    ("Key takeaways:", False),  # introduces a list
    ("x" * 121, False),  # too long for a heading
    ("", False),
])
def test_is_heading(source: str, heading: bool) -> None:
    assert is_heading(source) is heading


def segment(source: str, paragraph: int, sentence: int, start: float) -> dict[str, object]:
    return {"source": source, "paragraph": paragraph, "sentence": sentence, "start": start}


def test_chapters_run_from_heading_to_heading_with_an_introduction_before_the_first() -> None:
    manifest = {"duration": 30.0, "segments": [
        segment("The bridge reopened on Monday.", 0, 0, 0.0),
        segment("What changed", 1, 1, 4.5),
        segment("Engineers replaced the deck.", 2, 2, 6.0),
        segment("Tolls", 3, 3, 12.25),
        segment("• Cars", 4, 4, 14.0), segment("• Trucks", 4, 5, 15.0),  # a list, not headings
    ]}
    assert chapters(manifest, "Bridge") == [
        Chapter("Bridge", 0.0, 4.5), Chapter("What changed", 4.5, 12.25), Chapter("Tolls", 12.25, 30.0)]


def test_an_article_without_headings_has_no_chapters() -> None:
    manifest = {"duration": 5.0, "segments": [segment("One sentence.", 0, 0, 0.0)]}
    assert chapters(manifest, "Title") == []


def test_a_long_heading_cut_into_pieces_is_one_heading() -> None:
    manifest = {"duration": 9.0, "segments": [
        segment("Harbor Bridge", 0, 0, 0.0), segment("reopens", 0, 0, 1.0),
        segment("It reopened.", 1, 1, 2.0)]}
    assert chapters(manifest) == [Chapter("Harbor Bridge reopens", 0.0, 9.0)]
