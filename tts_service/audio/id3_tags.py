"""The ID3v2 tag of an article's download: title, site, date and chapters at its headings.

The tag is built from the manifest and the article's metadata alone, deterministically, so the
download (this tag, then the cached MP3's bytes unchanged) has the same length and bytes on every
request and in every process, and nothing more is stored. ID3v2.3, the version every player and
podcast app reads; chapters are CHAP frames under one ordered top-level CTOC (the ID3 chapter
addendum).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mutagen.id3 import CHAP, CTOC, ID3, TALB, TCON, TDRC, TIT2, TLEN, TPE1, CTOCFlags

from .chapters import chapters

UTF16 = 1  # ID3v2.3 has no UTF-8; mutagen writes UTF-16 with a BOM


@dataclass(frozen=True)
class TagFields:
    """What the tag says about the article (empty strings: unknown, left out)."""

    title: str
    site: str = ""
    author: str = ""
    date: str = ""  # ISO 8601; the tag keeps the day


def id3_tag(manifest: Mapping[str, Any], fields: TagFields) -> bytes:
    """The whole ID3v2.3 tag, without padding, to put in front of the article's MP3."""
    tag = ID3()
    tag.add(TIT2(encoding=UTF16, text=[fields.title]))
    if fields.author or fields.site:
        tag.add(TPE1(encoding=UTF16, text=[fields.author or fields.site]))
    if fields.site:
        tag.add(TALB(encoding=UTF16, text=[fields.site]))
    if fields.date:
        tag.add(TDRC(encoding=UTF16, text=[fields.date[:10]]))
    tag.add(TCON(encoding=UTF16, text=["Podcast"]))
    tag.add(TLEN(encoding=UTF16, text=[str(round(float(manifest["duration"]) * 1000))]))
    marks = chapters(manifest, fields.title)
    ids = [f"chp{number}" for number in range(len(marks))]
    for element_id, chapter in zip(ids, marks, strict=True):
        tag.add(CHAP(element_id=element_id, start_time=round(chapter.start * 1000),
                     end_time=round(chapter.end * 1000),
                     sub_frames=[TIT2(encoding=UTF16, text=[chapter.title])]))
    if ids:
        tag.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids, sub_frames=[TIT2(encoding=UTF16, text=["Chapters"])]))
    out = io.BytesIO()
    tag.save(out, v1=0, v2_version=3, padding=lambda info: 0)
    return out.getvalue()
