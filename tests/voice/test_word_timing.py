"""Word timings: every word the voice says, when it says it on the article MP3's timeline, and
which source characters it stands for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support import check_segments

from tts_service import audio
from tts_service.audio.captions import webvtt
from tts_service.config import Settings
from tts_service.store.cache import AudioCache
from tts_service.synthesis.plan import Article
from tts_service.synthesis.speaker import Speaker
from tts_service.text import segment_text
from tts_service.text.words.normalizing import SpokenWord
from tts_service.voice import word_timing
from tts_service.voice.base import Backend

ARTICLE = (
    "Harbor deal signed\n\n"
    "Dr. Raman said the $2.5bn plan, a ten-year effort, would start in the 1990s style.\n\n"
    "\"It's done,\" she said at 7:14 a.m. & left — quickly."
)
BENCH_ARTICLE = Path(__file__).parents[2] / "bench" / "articles" / "harbor_bridge.txt"
CASES = Path(__file__).parents[1] / "text" / "spoken_cases.txt"


def check_words(article: Article, manifest: dict[str, Any]) -> None:
    """The targets: every word the voice says covered in order, monotonic, inside its segment's
    time span and its segment's characters."""
    end_time, end_char = 0.0, 0
    for segment, entry in zip(article.segments, manifest["segments"], strict=True):
        assert entry["timing"] in ("aligned", "estimated")
        for word in entry["words"]:
            assert entry["start"] <= word["start"] <= word["end"] <= entry["end"]
            assert word["start"] >= end_time
            assert entry["char_start"] <= word["char_start"] < word["char_end"] <= entry["char_end"]
            assert word["char_start"] >= end_char
            assert article.text[word["char_start"]:word["char_end"]].strip()
            end_time, end_char = word["end"], word["char_end"]
        # One entry for each source word the voice says (its spoken words merged).
        assert len(entry["words"]) == len({(w.start, w.end) for w in segment.words}) > 0


def speak(speaker: Speaker, text: str) -> tuple[Article, dict[str, Any]]:
    article = speaker.prepare(text)
    return article, speaker.speak(article).manifest


@pytest.fixture
def gtts_speaker(settings: Settings, make_gtts: Any) -> Speaker:
    rig = make_gtts(["ok"] * 10)
    return Speaker(rig.backend, AudioCache(settings.cache_dir), settings)


def test_manifest_words_cover_every_spoken_word_in_order_inside_their_segments(
        speaker: Speaker) -> None:
    article, manifest = speak(speaker, ARTICLE)
    check_words(article, manifest)
    assert manifest["timing"] == "aligned"
    assert {s["timing"] for s in manifest["segments"]} == {"aligned"}


@pytest.mark.parametrize(("token", "entries"), [
    ("$2.5bn", 1),  # four spoken words, one source token
    ("Dr.", 1),  # one of each
    ("ten-year", 1),  # two spoken words of ours, one for the voice
    ("7:14 a.m.", 1),  # one rule spoke both source tokens
])
def test_the_spoken_words_of_one_source_token_are_one_entry(speaker: Speaker, token: str,
                                                            entries: int) -> None:
    manifest = speaker.speak(speaker.prepare(ARTICLE)).manifest
    words = [w for s in manifest["segments"] for w in s["words"]]
    found = [w for w in words if ARTICLE[w["char_start"]:w["char_end"]] == token]
    assert len(found) == entries


def test_words_leave_out_what_is_not_a_word_and_punctuation_around_one(speaker: Speaker) -> None:
    manifest = speaker.speak(speaker.prepare(ARTICLE)).manifest
    shown = [ARTICLE[w["char_start"]:w["char_end"]] for s in manifest["segments"] for w in s["words"]]
    assert "—" not in shown  # a dash is not said
    assert "It's" in shown and "done" in shown and "plan" in shown  # no quotes or commas


def test_piper_alignment_adds_up_to_the_audio(piper: Backend) -> None:
    text = "The council voted six to one on Tuesday, and the mayor called it practical."
    clip = piper.synthesize(text)
    assert clip.words is not None
    assert len(clip.words) == len(word_timing.spoken_words(text))
    samples = len(clip.data) // 2
    assert clip.words[-1][1] <= samples
    chunks = list(piper.piper_voice.synthesize(text, include_alignments=True))  # type: ignore[attr-defined]
    assert chunks
    for chunk in chunks:
        assert sum(a.num_samples for a in chunk.phoneme_alignments) == len(chunk.audio_float_array)


def test_word_times_are_cached_with_the_segment_and_read_back_the_same(
        speaker: Speaker, settings: Settings) -> None:
    first = speaker.speak(speaker.prepare(ARTICLE)).manifest
    # The article again from a cold cache of articles, but with its segments kept.
    cache = speaker.cache
    cache.remove_article(first["id"])
    again = Speaker(speaker.backend, cache, settings).speak(speaker.prepare(ARTICLE))
    assert again.synthesized == 0
    assert again.manifest["segments"] == first["segments"]


def test_a_segment_without_stored_word_times_is_estimated(speaker: Speaker) -> None:
    article = speaker.prepare(ARTICLE)
    first = speaker.speak(article).manifest
    words = speaker.cache.store.local_path(f"segments/{article.keys[1][:2]}/{article.keys[1]}.words.json")
    assert words is not None and words.exists()
    words.unlink()
    speaker.cache.remove_article(article.id)
    manifest = speaker.speak(article).manifest
    assert manifest["timing"] == "estimated"
    assert manifest["segments"][1]["timing"] == "estimated"
    assert manifest["segments"][0] == first["segments"][0]
    check_words(article, manifest)


def test_gtts_words_are_estimated(gtts_speaker: Speaker) -> None:
    article, manifest = speak(gtts_speaker, ARTICLE)
    assert manifest["timing"] == "estimated"
    assert {s["timing"] for s in manifest["segments"]} == {"estimated"}
    check_words(article, manifest)


def test_every_word_of_the_bench_article_is_timed(speaker: Speaker) -> None:
    article, manifest = speak(speaker, BENCH_ARTICLE.read_text("utf-8"))
    assert manifest["timing"] == "aligned"
    check_words(article, manifest)


def test_words_start_after_the_encoder_delay(speaker: Speaker) -> None:
    manifest = speaker.speak(speaker.prepare("Traffic was heavy.")).manifest
    first = manifest["segments"][0]["words"][0]
    assert first["start"] >= audio.ENCODER_DELAY / speaker.fmt.sample_rate


# -- the mapping, on the voice's phonemes alone --------------------------------------------------
def spans_for(piper: Backend, text: str) -> tuple[tuple[int, int], ...] | None:
    """Word spans from the voice's phonemizing of ``text`` (one sample per phoneme)."""
    voice = piper.piper_voice  # type: ignore[attr-defined]
    pairs = [(p, 1) for sentence in voice.phonemize(text) for p in sentence + [" "]]
    weights = [piper._weight(word) for word in word_timing.spoken_words(text)]  # type: ignore[attr-defined]
    return word_timing.align(word_timing.sounding(pairs), weights)


def case_texts() -> list[str]:
    texts = [BENCH_ARTICLE.read_text("utf-8")]
    for line in CASES.read_text("utf-8").splitlines():
        if "|" in line and not line.startswith("#"):
            texts.append(line.split("|")[1].strip())
    return texts


def test_every_segment_of_the_test_texts_maps_to_word_spans(piper: Backend) -> None:
    texts = case_texts()
    assert len(texts) > 500  # the bench article and every spoken case
    checked = 0
    for text in texts:
        segments = segment_text(text, piper.max_chars)
        check_segments(text, segments, piper.max_chars)
        checked += len(segments)  # none for a case with nothing to say ("$$$")
        for segment in segments:
            spans = spans_for(piper, segment.text)
            assert spans is not None, segment.text
            assert len(spans) == len(word_timing.spoken_words(segment.text))
            assert all(a < b for a, b in spans)
            assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
            times = word_timing.WordTimes("aligned", tuple(word_timing.spoken_words(segment.text)),
                                          spans)
            ours = word_timing.word_spans(times, segment.words)
            assert len(ours) == len(segment.words)
            assert all(a <= b for a, b in ours)
            assert all(b1 <= a2 for (_, b1), (a2, _) in zip(ours, ours[1:], strict=False))
    assert checked > len(texts)  # the bench article alone has dozens


@pytest.mark.parametrize(("tokens", "ours", "expected"), [
    # the same words: the same spans
    (["one", "two"], ["one", "two"], [(0, 10), (12, 20)]),
    # one token of the text, two spoken words of ours: shared by their letters
    (["ten-year"], ["ten", "-year"], [(0, 9), (9, 20)]),
])
def test_spoken_words_take_the_time_of_their_letters(tokens: list[str], ours: list[str],
                                                     expected: list[tuple[int, int]]) -> None:
    spans = ((0, 10), (12, 20)) if len(tokens) == 2 else ((0, 20),)
    times = word_timing.WordTimes("aligned", tuple(tokens), spans)
    words = [SpokenWord(word, 0, 1) for word in ours]
    assert word_timing.word_spans(times, words) == expected


def test_joined_words_of_the_voice_are_shared_by_phonemes() -> None:
    # The voice says "on the" as one word: ours are split inside it by their own phonemes.
    pairs = [("ɔ", 10), ("n", 10), ("ð", 10), ("ə", 10), (" ", 5), ("b", 10), ("ɪ", 10)]
    spans = word_timing.align(word_timing.sounding(pairs), [2, 2, 2])
    assert spans == ((0, 20), (20, 40), (45, 65))


def test_estimates_share_the_speech_by_syllables() -> None:
    assert word_timing.share_out(["a", "banana"], (100, 500)) == ((100, 200), (200, 500))


@pytest.mark.parametrize(("text", "ends"), [
    ("one two three", []),
    ("one, two three.", [0]),
    ("one two; three: four", [1, 2]),
    ("one — two three", [0]),
    ("\"one,\" she said. Then two", [0, 2]),
    ("one two, three four,", [1]),
])
def test_phrase_ends_are_the_words_a_comma_stop_or_dash_follows(text: str, ends: list[int]) -> None:
    assert word_timing.phrase_ends(text) == ends


def _clip(*parts: tuple[int, bool]) -> bytes:
    """PCM of (samples, sounding) parts: noise where sounding, silence elsewhere."""
    rng = np.random.default_rng(0)
    return b"".join((rng.integers(-8000, 8000, n) if loud else np.zeros(n, int)).astype("<i2").tobytes()
                    for n, loud in parts)


def test_a_pause_in_the_clip_is_the_comma_nearest_to_it() -> None:
    # Sound, a pause of 0.3 s, sound: the pause is the first comma's, by far the nearer one.
    pcm = _clip((1000, False), (10000, True), (3000, False), (30000, True), (1000, False))
    spans = word_timing.share_by_phrases("one two, three four five six, seven", pcm, 10000)
    assert word_timing.pauses(pcm, 10000, word_timing.speech_span(pcm)) == [(11000, 14000)]
    assert spans[0][0] == 1000 and spans[1][1] == 11000  # "one two" fill the sound before it
    assert spans[2][0] == 14000 and spans[-1][1] == 44000  # the rest fill the sound after it
    assert all(a <= b for a, b in spans)


def test_a_short_silence_is_not_a_pause_and_no_pause_leaves_the_syllable_estimate() -> None:
    pcm = _clip((10000, True), (500, False), (10000, True))
    assert word_timing.pauses(pcm, 10000, word_timing.speech_span(pcm)) == []
    assert word_timing.share_by_phrases("one, two", pcm, 10000) == word_timing.share_out(
        ["one,", "two"], word_timing.speech_span(pcm))


def test_estimates_of_the_real_voice_start_the_word_after_a_comma_where_its_alignment_does(
        piper: Backend) -> None:
    text = "Not everyone agreed, and the council voted on the plan anyway, late on Monday night."
    clip = piper.synthesize(text)
    assert clip.words is not None
    aligned = word_timing.for_clip(text, clip, clip.data, clip.sample_rate)
    estimated = word_timing.share_by_phrases(text, clip.data, clip.sample_rate)
    words = word_timing.spoken_words(text)
    for after in ("and", "late"):
        index = words.index(after)
        assert abs(estimated[index][0] - aligned.spans[index][0]) < 0.06 * clip.sample_rate


# -- captions ----------------------------------------------------------------------------------
def test_captions_with_words_have_inline_timestamps_and_escape_text(speaker: Speaker) -> None:
    text = "Smith & Jones <said> it was fine. Then they left."
    manifest = speaker.speak(speaker.prepare(text)).manifest
    vtt = webvtt(manifest["segments"], words=True)
    cue = vtt.split("\n\n")[1].splitlines()
    assert cue[1].startswith("00:00:00.000 --> ")
    assert "Smith <00:00:" in cue[2]  # the time the next word starts, before it
    assert "&amp;" in cue[2] and "&lt;" in cue[2] and "&gt;" in cue[2]
    assert all(part[:2] == "00" for part in cue[2].split("<")[1:])  # every tag a timestamp
    stamps = [part.split(">")[0] for part in cue[2].split("<0")[1:]]
    assert stamps == sorted(stamps) and len(stamps) >= 4
    plain = webvtt(manifest["segments"])
    assert "<00:" not in plain
    assert [c.splitlines()[1] for c in plain.split("\n\n")[1:]] == [
        c.splitlines()[1] for c in vtt.split("\n\n")[1:]]  # the same cues


def test_a_phrase_s_last_word_is_drawn_out() -> None:
    def same(word: str) -> float:
        return 1.0

    assert word_timing.share_out(["a", "b"], (0, 300), same) == ((0, 150), (150, 300))
    assert word_timing.share_out(["a", "b"], (0, 300), same, final=1.0) == ((0, 100), (100, 300))
    assert word_timing.share_out([], (0, 300), same, final=1.0) == ()


REAL_SENTENCES = [
    "The council approved the extraordinary budget on Tuesday, after a long and bitter debate.",
    "Residents near the harbor, many of whom had waited years, welcomed the decision.",
    "Construction is expected to begin next spring and to last about eighteen months.",
]


@pytest.fixture(scope="module")
def spoken(piper: Backend) -> list[tuple[str, Any, word_timing.WordTimes]]:
    """Each sentence spoken three times, with the voice's own alignments. The voice draws random
    noise into every rendering (one rendering's error moves by 15 ms), so every way of estimating
    is measured on the same renderings, and on enough of them that chance does not decide."""
    renderings = []
    for text in REAL_SENTENCES * 3:
        clip = piper.synthesize(text)
        aligned = word_timing.for_clip(text, clip, clip.data, clip.sample_rate)
        assert aligned.timing == "aligned"
        renderings.append((text, clip, aligned))
    return renderings


def _start_error_ms(spoken: list[tuple[str, Any, word_timing.WordTimes]], estimate: Any) -> float:
    """Mean absolute difference of the estimated word starts from the voice's own alignments."""
    differences = []
    for text, clip, aligned in spoken:
        spans = estimate(text, clip.data, clip.sample_rate)
        assert len(spans) == len(aligned.spans)
        differences += [abs(mine[0] - exact[0]) / clip.sample_rate
                        for mine, exact in zip(spans, aligned.spans, strict=True)]
    return 1000 * sum(differences) / len(differences)


def test_estimates_by_phonemes_come_near_the_real_voice_s_alignments(spoken: list[Any]) -> None:
    # Over eight sets of these renderings: syllables alone miss the voice's word starts by
    # 94-105 ms; phonemes with phrase ends drawn out by 59-64 ms; syllables with letters (for
    # languages espeak lacks) by 58-64 ms.
    def fallback(text: str, pcm: bytes, rate: int) -> tuple[word_timing.Span, ...]:
        return word_timing.share_by_phrases(text, pcm, rate, word_timing.syllables_and_letters,
                                            word_timing.PHRASE_FINAL)

    assert _start_error_ms(spoken, word_timing.share_by_phrases) > 75
    assert _start_error_ms(spoken, word_timing.estimate_words) < 75
    assert _start_error_ms(spoken, fallback) < 75


def test_estimated_times_cover_every_word_in_order_inside_the_clip(piper: Backend) -> None:
    text = REAL_SENTENCES[0]
    clip = piper.synthesize(text)
    for lang in ("en", "de", "xx"):
        spans = word_timing.estimate_words(text, clip.data, clip.sample_rate, lang)
        assert len(spans) == len(word_timing.spoken_words(text))
        assert all(a <= b for a, b in spans)
        assert all(b <= a for (_, b), (a, _) in zip(spans, spans[1:], strict=False))
        assert 0 <= spans[0][0] and spans[-1][1] <= len(clip.data) // 2
