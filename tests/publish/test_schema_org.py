"""schema.org values: ISO 8601 durations, and the language of the voice a manifest names."""

from __future__ import annotations

import pytest

from tts_service.publish.schema_org import audio_object, iso_duration, voice_language


@pytest.mark.parametrize("seconds,duration", [
    (192.4, "PT3M12S"),
    (0, "PT0S"),
    (0.4, "PT0S"),
    (59.6, "PT1M"),
    (60, "PT1M"),
    (3600, "PT1H"),
    (3725, "PT1H2M5S"),
    (7203, "PT2H3S"),
])
def test_iso_duration(seconds: float, duration: str) -> None:
    assert iso_duration(seconds) == duration


@pytest.mark.parametrize("backend,language", [
    ("piper:en_US-joe-medium:74fd6a4dc39e", "en-US"),
    ("piper:de_DE-thorsten-high:0123456789ab", "de-DE"),
    ("gtts:en:co.uk:gtts-2.5.4", "en"),
    ("gtts:fr:fr:gtts-2.5.4", "fr"),
    ("test:voice", ""),
])
def test_voice_language(backend: str, language: str) -> None:
    assert voice_language(backend) == language


def test_unknown_values_are_left_out() -> None:
    body = audio_object(name="Bridge", content_url="https://t.example/a.mp3", duration=61,
                        transcript_url="https://t.example/t", captions_url="https://t.example/c")
    assert set(body) == {"@context", "@type", "name", "contentUrl", "encodingFormat", "duration",
                         "transcript", "caption"}
    assert body["duration"] == "PT1M1S"
