"""How the cache names things: content keys, and where each kind of object lives.

Layout, the same in a local folder (``TTS_CACHE_DIR``) and in a bucket (``TTS_CACHE_URL``)::

    segments/ab/abcdef....mp3     one segment's MP3 frames, keyed by what made them
    segments/ab/abcdef....words.json  when each of its words is said; written before the MP3
    articles/<id>.mp3             the stitched article
    articles/<id>.json            its manifest, written last: an article is complete when it exists
    articles/<id>.request.json    sidecars: what was asked for, why it failed (``.error.json``),
                                  why another voice makes it (``.fallback.json``),
    articles/<id>.keep.json       that eviction must leave it (kept), and when it was last used
    articles/<id>.used.json       (``.used.json``: the object's own time is the answer), and
    articles/<id>.feed.json       that a publisher put it in the podcast feed (since its time)
    locks/<key>.lock              lock files (always local), so one process makes each item once

A key is 32 lowercase hex digits. Every name is built here, from a checked key, so nothing a
client sends ever becomes a path.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ..errors import CacheError

KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")
SIDECARS = ("request", "error", "fallback", "keep", "used", "feed")


def content_key(payload: Any) -> str:
    """A stable 128-bit hex key for a JSON-able value: same value, same key, on any machine."""
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def segment_key(backend_id: str, options: dict[str, Any], audio_format: dict[str, Any],
                 pipeline: Any, text: str) -> str:
    """The cache key of one segment: everything that changes its sound."""
    return content_key({"backend": backend_id, "options": options, "audio": audio_format,
                        "pipeline": pipeline, "text": text})


def manifest_segment_keys(manifest: dict[str, Any]) -> list[str]:
    """The cache keys of a finished article's segments, from what its manifest records, and of
    its intro and outro."""
    return [segment_key(manifest["backend"], manifest["options"], manifest["audio"],
                        manifest["pipeline"], entry["text"]) for entry in manifest["segments"]] + [
        str(manifest[end]["key"]) for end in ("intro", "outro") if end in manifest]


def is_key(value: str) -> bool:
    """True for strings of the key alphabet and length; anything else never touches the disk."""
    return bool(KEY_PATTERN.match(value))


def check_key(key: str) -> str:
    """``key`` itself, or CacheError when it is not one."""
    if not is_key(key):
        raise CacheError(f"malformed cache key {key!r}", "keys are 32 lowercase hex digits")
    return key


def segment_name(key: str) -> str:
    return f"segments/{check_key(key)[:2]}/{key}.mp3"


def segment_words_name(key: str) -> str:
    return f"segments/{check_key(key)[:2]}/{key}.words.json"


def article_name(article_id: str, suffix: str = ".mp3") -> str:
    """The article's MP3 (``.mp3``) or manifest (``.json``)."""
    return f"articles/{check_key(article_id)}{suffix}"


def sidecar_name(article_id: str, kind: str) -> str:
    """A small JSON file about the article: ``request`` (what was asked), ``error``,
    ``fallback``, ``keep``, ``used`` or ``feed``."""
    if kind not in SIDECARS:
        raise ValueError(f"unknown sidecar {kind!r}; one of {SIDECARS}")
    return article_name(article_id, f".{kind}.json")


def article_part(name: str) -> tuple[str, str] | None:
    """``(id, suffix)`` for a name under ``articles/`` (``.mp3``, ``.json``, ``.keep.json``...),
    else None."""
    folder, _, file_name = name.partition("/")
    article_id, dot, rest = file_name.partition(".")
    if folder != "articles" or not dot or not is_key(article_id):
        return None
    return article_id, dot + rest


SEGMENT_SUFFIXES = (".mp3", ".words.json")  # a segment's audio and its word timings


def segment_of(name: str) -> str | None:
    """The key of a name that ``segment_name`` or ``segment_words_name`` made, else None."""
    parts = name.split("/")
    suffix = next((s for s in SEGMENT_SUFFIXES if parts[-1].endswith(s)), None)
    if len(parts) != 3 or parts[0] != "segments" or suffix is None:
        return None
    key = parts[2][:-len(suffix)]
    return key if is_key(key) and parts[1] == key[:2] else None


def lock_name(key: str) -> str:
    return f"{check_key(key)}.lock"
