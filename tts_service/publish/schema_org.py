"""schema.org markup for an article's audio: an ``AudioObject`` a publisher pastes into the
article's page in a ``<script type="application/ld+json">``."""

from __future__ import annotations

import re
from typing import Any

_VOICE_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[_-]([A-Za-z]{2}))?(?![a-z])")


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration in whole seconds: 192.4 -> "PT3M12S", 3725 -> "PT1H2M5S", 0 -> "PT0S"."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else "",
             f"{secs}S" if secs or not (hours or minutes) else ""]
    return "PT" + "".join(parts)


def voice_language(backend_id: str) -> str:
    """The BCP 47 language of the voice a manifest names (``piper:en_US-joe-medium:...`` ->
    "en-US", ``gtts:en:com:...`` -> "en"), or "" when it does not say."""
    _, _, rest = backend_id.partition(":")
    match = _VOICE_LANGUAGE.match(rest)
    if match is None:
        return ""
    return match.group(1) + (f"-{match.group(2).upper()}" if match.group(2) else "")


def audio_object(*, name: str, content_url: str, duration: float, transcript_url: str,
                 captions_url: str, language: str = "", uploaded: str = "", published: str = "",
                 author: str = "", description: str = "", bitrate_kbps: int = 0) -> dict[str, Any]:
    """The AudioObject; empty values are left out. ``transcript``: where the article's text is."""
    body: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "AudioObject",
        "name": name,
        "description": description,
        "contentUrl": content_url,
        "encodingFormat": "audio/mpeg",
        "duration": iso_duration(duration),
        "bitrate": f"{bitrate_kbps} kbps" if bitrate_kbps else "",
        "transcript": transcript_url,
        "caption": {"@type": "MediaObject", "contentUrl": captions_url, "encodingFormat": "text/vtt"},
        "inLanguage": language,
        "uploadDate": uploaded,
        "datePublished": published,
        "author": {"@type": "Person", "name": author} if author else "",
    }
    return {key: value for key, value in body.items() if value}
