"""The pipeline end to end with the real voice: article -> cached MP3 + manifest."""

from __future__ import annotations

import json
import sys

import pytest
from support import CountingBackend, ffmpeg_decode

from tts_service import audio
from tts_service.errors import InputError
from tts_service.synthesis.plan import check_text
from tts_service.synthesis.request import decode_input
from tts_service.synthesis.speaker import Speaker
from tts_service.text import PIPELINE_VERSION
from tts_service.text.words.lexicon import Lexicon

ARTICLE = (
    "Millbrook votes to float a solar farm\n\n"
    "The council voted 6 to 1 on Tuesday. Mayor Lucia Brennan called it practical.\n\n"
    "Dr. Raman said the shade could save 40 million gallons a year."
)


def test_article_becomes_one_valid_mp3_with_a_manifest(speaker: Speaker) -> None:
    article = speaker.prepare(ARTICLE)
    result = speaker.speak(article)
    mp3 = result.mp3_path.read_bytes()
    manifest = result.manifest
    decoded = ffmpeg_decode(mp3, 22050)
    assert decoded.errors == ""
    frame = speaker.fmt.frame_seconds
    assert abs(decoded.seconds - manifest["duration"]) <= frame
    assert manifest["bytes"] == len(mp3)
    assert [s["text"] for s in manifest["segments"]] == [s.text for s in article.segments]
    last = manifest["segments"][-1]
    assert abs(last["end"] - manifest["duration"]) <= frame  # nothing trails the last segment
    assert last["byte_end"] == len(mp3)


def test_manifest_times_and_bytes_follow_the_frames(speaker: Speaker) -> None:
    result = speaker.speak(speaker.prepare(ARTICLE))
    mp3 = result.mp3_path.read_bytes()
    segments = result.manifest["segments"]
    for before, after in zip(segments, segments[1:], strict=False):
        assert before["end"] < after["start"]  # a pause between sentences
        assert before["byte_end"] < after["byte_start"]
    for entry in segments:
        piece = mp3[entry["byte_start"]:entry["byte_end"]]
        seconds = audio.duration_seconds(piece)  # each range is whole frames
        assert abs(seconds - (entry["end"] - entry["start"])) < 1e-3
        assert ARTICLE[entry["char_start"]:entry["char_end"]] == entry["source"]
    paragraph_gap = segments[1]["start"] - segments[0]["end"]
    sentence_gap = segments[2]["start"] - segments[1]["end"]
    assert paragraph_gap > sentence_gap


def test_same_text_same_id_and_second_run_is_all_cache(speaker: Speaker,
                                                       counting: CountingBackend) -> None:
    first = speaker.speak(speaker.prepare(ARTICLE))
    calls = len(counting.calls)
    again = speaker.prepare(ARTICLE)
    assert again.id == first.article.id
    second = speaker.speak(again)
    assert second.article_cached and len(counting.calls) == calls
    assert second.manifest == first.manifest


def test_one_changed_sentence_synthesizes_that_sentence_only(speaker: Speaker,
                                                             counting: CountingBackend) -> None:
    speaker.speak(speaker.prepare(ARTICLE))
    counting.calls.clear()
    edited = ARTICLE.replace("called it practical", "called it overdue")
    result = speaker.speak(speaker.prepare(edited))
    assert counting.calls == ["Mayor Lucia Brennan called it overdue."]
    assert result.synthesized == 1 and result.reused == len(result.article.segments) - 1


def test_a_changed_lexicon_entry_synthesizes_only_the_segments_holding_it(
        speaker: Speaker, counting: CountingBackend) -> None:
    speaker.speak(speaker.prepare(ARTICLE, lexicon=Lexicon.from_mapping({"Raman": "Rah-man"})))
    counting.calls.clear()
    result = speaker.speak(speaker.prepare(ARTICLE, lexicon=Lexicon.from_mapping({"Raman": "Ray-man"})))
    assert counting.calls == ["Doctor Ray-man said the shade could save forty million gallons a year."]
    assert result.synthesized == 1


def test_the_pipeline_version_is_in_every_segment_key_and_the_manifest(
        speaker: Speaker, monkeypatch: pytest.MonkeyPatch) -> None:
    article = speaker.prepare(ARTICLE)
    assert speaker.speak(article).manifest["pipeline"] == PIPELINE_VERSION
    # Segmenting or normalizing changed (the version bumped): no segment of before is reused.
    monkeypatch.setattr(sys.modules[Speaker.segment_key.__module__], "PIPELINE_VERSION",
                        PIPELINE_VERSION + "-next")
    bumped = speaker.prepare(ARTICLE)
    assert len(bumped.keys) == len(article.keys) and not set(bumped.keys) & set(article.keys)
    assert bumped.id != article.id


def test_pause_settings_change_the_article_id_not_the_segments(speaker: Speaker, settings) -> None:
    from dataclasses import replace

    other = Speaker(speaker.backend, speaker.cache, replace(settings, paragraph_pause_ms=1200))
    a, b = speaker.prepare(ARTICLE), other.prepare(ARTICLE)
    assert a.keys == b.keys and a.id != b.id


def test_html_input_speaks_the_article_not_the_page_chrome(speaker: Speaker) -> None:
    html = ("<html><head><style>p{}</style><script>var x=1;</script></head><body>"
            "<nav>Home | Sports</nav><h1>Headline here</h1><p>First paragraph.</p>"
            "<button>Listen</button></body></html>")
    article = speaker.prepare(html, html=True)
    assert [s.text for s in article.segments] == ["Headline here", "First paragraph."]


def test_segments_respect_the_backend_limit(speaker: Speaker) -> None:
    long_sentence = "In the end, " + ", ".join(f"item number {i}" for i in range(80)) + "."
    article = speaker.prepare(long_sentence)
    assert len(article.segments) > 1
    assert all(len(s.text) <= speaker.backend.max_chars for s in article.segments)


@pytest.mark.parametrize("text,message", [
    ("", "empty"),
    ("   \n\n\t  ", "empty"),
    ("x" * 200_001, "too long"),
    ("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 5, "binary"),
    ("...  !!! ---", "nothing to speak"),
])
def test_bad_text_is_a_clear_error_and_caches_nothing(speaker: Speaker, counting: CountingBackend,
                                                      text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        speaker.speak(speaker.prepare(text))
    assert counting.calls == []
    assert list(speaker.cache.store.root.rglob("*.mp3")) == []


@pytest.mark.parametrize("data,message", [
    (b"\xff\xfe\x00h\x00i", "binary"),
    (b"caf\xe9 au lait", "UTF-8"),
    (bytes(range(256)), "binary"),
])
def test_bad_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_input(data)


def test_limit_is_configurable() -> None:
    with pytest.raises(InputError, match="too long"):
        check_text("a" * 11, 10)
    assert check_text("a" * 10, 10)


def test_manifest_is_json_serializable(speaker: Speaker) -> None:
    result = speaker.speak(speaker.prepare(ARTICLE))
    on_disk = json.loads(speaker.cache.article_path(result.article.id, ".json").read_text())
    assert on_disk == result.manifest


def test_a_long_first_sentence_is_cut_for_a_quick_start(speaker: Speaker) -> None:
    text = ("Harbor Bridge reopens after eighteen months, but the traffic fight is far from over\n\n"
            "The bridge reopened on Monday morning, ending eighteen months of long detours.")
    segments = speaker.prepare(text).segments
    assert [s.text for s in segments[:2]] == ["Harbor Bridge reopens after eighteen months,",
                                              "but the traffic fight is far from over"]
    assert segments[0].sentence == segments[1].sentence == 0
    assert segments[2].text.startswith("The bridge reopened")  # later sentences stay whole
    assert all(text[s.char_start:s.char_end] == s.source for s in segments)
