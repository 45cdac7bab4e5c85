"""WebVTT captions from a manifest: one cue per sentence, in the words the reader sees (the
segments' source text, not the spelled-out words the voice is given). With ``words``, each word
said after the cue starts gets a WebVTT inline timestamp (``<00:00:01.234>word``), which
players use for karaoke-style highlighting and caption editors keep."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_SPACE = re.compile(r"\s+")


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _shown(segment: dict[str, Any], cue_start: float, cue_end: float, words: bool) -> str:
    """The segment's source text, escaped; with ``words``, a timestamp before each word said
    strictly inside the cue (a cue's first word starts with the cue)."""
    source = str(segment.get("source") or segment["text"])
    if not words or not segment.get("words") or "char_start" not in segment:
        return _escaped(source)
    parts: list[str] = []
    position = 0
    stamped = _timestamp(cue_start)
    for word in segment["words"]:
        at = word["char_start"] - segment["char_start"]
        stamp = _timestamp(word["start"])
        if not position <= at < len(source) or not stamped < stamp < _timestamp(cue_end):
            continue  # timestamps go forward, inside the cue (fixed-width text sorts as time)
        parts += [_escaped(source[position:at]), f"<{stamp}>"]
        position, stamped = at, stamp
    return "".join(parts + [_escaped(source[position:])])


def with_bookends(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The segments of a manifest with its spoken intro and outro as cues of their own."""
    ends = {end: {**manifest[end], "sentence": end, "source": manifest[end]["text"]}
            for end in ("intro", "outro") if manifest.get(end, {}).get("text")}
    return ([ends["intro"]] if "intro" in ends else []) + list(manifest["segments"]) + (
        [ends["outro"]] if "outro" in ends else [])


def webvtt(segments: Iterable[dict[str, Any]], *, words: bool = False) -> str:
    """Cues for the sentences whose times are known; pieces of one sentence share a cue.
    ``words``: with each word's inline timestamp (see the module's docstring)."""
    cues: list[tuple[int, float, float, list[dict[str, Any]]]] = []
    for segment in segments:
        if segment.get("start") is None:
            break
        if cues and cues[-1][0] == segment["sentence"]:
            sentence, start, _, pieces = cues[-1]
            cues[-1] = (sentence, start, segment["end"], pieces + [segment])
        else:
            cues.append((segment["sentence"], segment["start"], segment["end"], [segment]))
    lines = ["WEBVTT", ""]
    for number, (_, start, end, pieces) in enumerate(cues, 1):
        text = " ".join(_SPACE.sub(" ", _shown(piece, start, end, words)).strip()
                        for piece in pieces)
        lines += [str(number), f"{_timestamp(start)} --> {_timestamp(end)}", text, ""]
    return "\n".join(lines)
