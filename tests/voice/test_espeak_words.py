"""espeak-ng's own word timings: its word events (where each word starts, in samples) give every
spoken word a span, so the highlighting and captions of an article espeak-ng reads follow the
voice, not an estimate."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ffmpeg_decode

from tts_service.articles import ArticleService
from tts_service.config import Settings
from tts_service.synthesis.request import ArticleRequest
from tts_service.voice import word_timing
from tts_service.voice.espeak_backend import SAMPLE_RATE, EspeakBackend

SENTENCES = {
    "de": "Die Stadt hat am Montag die neue Brücke eröffnet, und Tausende kamen zur Feier.",
    "fr": "La ville a inauguré lundi le nouveau pont ; des milliers de personnes sont venues.",
    "es": "El ayuntamiento decidió el martes reabrir el viejo puente, en la primavera.",
    "en-us": "The council voted on Tuesday to reopen the old bridge, and work starts in spring.",
    "pt": "A câmara decidiu na terça-feira reabrir a velha ponte — na primavera.",
}
PAUSE = int(SAMPLE_RATE * word_timing.PAUSE_MS / 1000)


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_every_word_gets_a_span_in_order_over_the_sound(lang: str) -> None:
    text = SENTENCES[lang]
    clip = EspeakBackend(lang).synthesize(text)

    spans = clip.words
    assert spans is not None
    assert len(spans) == len(word_timing.spoken_words(text))
    assert all(a < b for a, b in spans)  # every word said for some time
    assert all(b <= a for (_, b), (a, _) in zip(spans, spans[1:], strict=False))  # in order
    speech = word_timing.speech_span(clip.data)
    # from the first sound (unless it comes after the second word's start) to the last
    assert spans[0][0] == speech[0] or speech[0] >= spans[1][0]
    assert spans[-1][1] == speech[1]
    # The words cover the sound but its pauses: what lies between two words is a silence.
    silences = word_timing.pauses(clip.data, SAMPLE_RATE, speech)
    gaps = [(b, a) for (_, b), (a, _) in zip(spans, spans[1:], strict=False) if a > b]
    assert all(any(start <= b and a <= end + SAMPLE_RATE // 20 for start, end in silences)
               for b, a in gaps)
    assert all(a - b >= PAUSE for b, a in gaps)


def test_a_word_after_a_comma_starts_after_the_pause() -> None:
    text = SENTENCES["de"]
    clip = EspeakBackend("de").synthesize(text)
    assert clip.words is not None
    words = word_timing.spoken_words(text)
    comma = words.index("eröffnet,")
    silences = word_timing.pauses(clip.data, SAMPLE_RATE, word_timing.speech_span(clip.data))
    between = [(a, b) for a, b in silences
               if clip.words[comma][0] < a and b <= clip.words[comma + 1][0]]
    assert between  # the voice's pause at the comma lies between the two words
    assert clip.words[comma][1] == between[-1][0]  # ends where the pause starts
    assert clip.words[comma + 1][0] - between[-1][1] < SAMPLE_RATE // 20  # starts soon after it


def test_an_espeak_article_is_timed_by_the_voice_on_its_timeline(tmp_path: Path) -> None:
    service = ArticleService(Settings.from_env({}, cache_dir=tmp_path, languages="en,de"))
    text = ("Neue Brücke eröffnet\n\nDie Stadt hat am Montag die neue Brücke über den Fluss "
            "eröffnet. Tausende Menschen kamen zur Feier, trotz des Regens.")
    try:
        result = service.make(ArticleRequest(text))
        mp3 = service.cache.article_path(result.article.id).read_bytes()
    finally:
        service.shutdown()
    manifest = result.manifest
    assert manifest["backend"].startswith("espeak-ng:de:")
    assert manifest["timing"] == "aligned"
    said = [word for entry in manifest["segments"] for word in entry["words"]]
    assert len(said) == len(text.split())
    assert all(a["end"] <= b["start"] for a, b in zip(said, said[1:], strict=False))
    for entry in manifest["segments"]:
        assert entry["timing"] == "aligned"
        assert all(entry["start"] <= w["start"] < w["end"] <= entry["end"] for w in entry["words"])
    decoded = ffmpeg_decode(mp3, SAMPLE_RATE)
    assert said[-1]["end"] <= manifest["duration"] <= decoded.seconds + 0.05
    assert decoded.seconds - said[-1]["end"] < 0.5  # the last word ends with the sound
