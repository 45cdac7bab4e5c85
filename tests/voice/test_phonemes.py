"""Phoneme counts of words, from the espeak-ng bundled with Piper, in the segment's language."""

from __future__ import annotations

import threading

from tts_service.voice import phonemes, word_timing
from tts_service.voice.base import Backend


def test_english_words_count_their_sounds_not_their_letters_or_stress_marks() -> None:
    count = phonemes.counter("en")
    assert count is not None
    assert count("extraordinary") > count("council") > count("the") >= 1
    assert count("through") < len("through")  # th, r, u: fewer sounds than letters
    assert count("Council,") == count("council")  # punctuation is not a sound
    assert phonemes.count("kˈaʊnsəl") == 7


def test_other_languages_use_their_own_espeak_voice() -> None:
    assert phonemes.espeak_voice("de") == "de"
    assert phonemes.espeak_voice("pt-BR") in ("pt-br", "pt")
    german, english = phonemes.counter("de"), phonemes.counter("en")
    assert german is not None and english is not None
    assert german("Straße") != english("Straße")


def test_a_language_espeak_lacks_falls_back_to_syllables_and_letters() -> None:
    assert phonemes.espeak_voice("xx") is None
    assert phonemes.counter("xx") is None
    assert word_timing.weigher("xx") is word_timing.syllables_and_letters
    assert word_timing.syllables_and_letters("banana") > word_timing.syllables_and_letters("a")


def test_the_piper_voice_phonemizes_under_the_lock_other_languages_are_counted_under(
        piper: Backend) -> None:
    # espeak has one current voice per process: while a German word is counted (the lock held),
    # the English voice waits, rather than phonemize with the German voice.
    said: list[list[list[str]]] = []
    with phonemes._LOCK:
        worker = threading.Thread(target=lambda: said.append(
            piper._voice.phonemize("hello")))  # type: ignore[attr-defined]
        worker.start()
        worker.join(0.5)
        assert worker.is_alive() and not said
    worker.join()
    assert said and "".join(said[0][0]).startswith("həl")


def test_each_piece_of_a_cut_sentence_is_heard_going_on_not_ending(piper: Backend) -> None:
    # The voice's own marks: a piece of a sentence cut for length or for a quick start ends in a
    # comma, semicolon or colon mark (the phrase goes on), never the full stop that ends one.
    from tts_service.text import segment_text
    from tts_service.text.segmenting import quick_start

    text = ("After two years of hearings, the city council approved a plan to cover a fifth of the "
            "reservoir with solar panels. NEW YORK (Reuters) - Oil prices fell sharply on Tuesday, "
            "while a gauge of stocks across the globe rose for a seventh straight session, and "
            "traders said the fall would go on for weeks as the supply of oil kept growing faster "
            "than the demand for it in every one of the markets that they watch most closely.")
    segments = quick_start(segment_text(text, 120), 60)
    phonemize = piper.piper_voice.phonemize  # type: ignore[attr-defined]
    cut = [s for s, after in zip(segments, segments[1:], strict=False) if s.sentence == after.sentence]
    assert len(cut) >= 3  # the quick start, the dateline dash, and a cut for length
    for piece in cut:
        marks = [p for sentence in phonemize(piece.text) for p in sentence if p.strip()]
        assert len(phonemize(piece.text)) == 1, piece.text  # one utterance, not two sentences
        assert marks[-1] in (",", ";", ":"), (piece.text, marks[-3:])
    last = [p for sentence in phonemize(segments[-1].text) for p in sentence if p.strip()]
    assert last[-1] == "."
