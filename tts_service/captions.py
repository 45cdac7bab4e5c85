"""WebVTT captions from a manifest: one cue per sentence, in the words the reader sees (the
segments' source text, not the spelled-out words the voice is given)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _shown(segment: dict[str, Any]) -> str:
    return " ".join(str(segment.get("source") or segment["text"]).split())


def webvtt(segments: Iterable[dict[str, Any]]) -> str:
    """Cues for the sentences whose times are known; pieces of one sentence share a cue."""
    cues: list[tuple[int, float, float, list[str]]] = []
    for segment in segments:
        if segment.get("start") is None:
            break
        if cues and cues[-1][0] == segment["sentence"]:
            sentence, start, _, texts = cues[-1]
            cues[-1] = (sentence, start, segment["end"], texts + [_shown(segment)])
        else:
            cues.append((segment["sentence"], segment["start"], segment["end"], [_shown(segment)]))
    lines = ["WEBVTT", ""]
    for number, (_, start, end, texts) in enumerate(cues, 1):
        text = " ".join(texts).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(lines)
