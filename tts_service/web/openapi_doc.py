"""The service's OpenAPI 3.1 document, assembled from the fragments in ``web/openapi/*.json``.

Each fragment is ``{"paths": {...}, "components": {"schemas": ..., "responses": ...,
"parameters": ..., "headers": ...}}`` and describes one area's routes. They are merged in sorted
file order into the base below. Two fragments may describe the same path (their operations are
merged, the ``parameters`` of a path or an operation are joined by name and location, and the
``responses`` of an operation by status) and may repeat a component identically; any other
overlap is a conflict, raised as a ConfigError when the app is built, naming both fragments.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ConfigError

FRAGMENTS = Path(__file__).parent / "openapi"
FRAGMENT_KEYS = frozenset({"paths", "components"})

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "tts-service",
        "version": __version__,
        "summary": "Self-hosted 'Click to start listening' text-to-speech for news sites",
        "description": (
            "Publishers send articles (text, HTML or SSML) and get an id; readers' players fetch "
            "the MP3, its manifest (segments, times, words) and WebVTT captions. Errors are JSON "
            "`{\"error\", \"detail\"}` with a 4xx status for bad input: 404 for an unknown path or "
            "id, 405 (with `Allow`) for a method a path does not take. Only what the HTTP server "
            "refuses before the app sees it (a request line over 4,094 bytes: 414; too many or too "
            "large headers: 400 or 431) has a short HTML page instead. A key (Bearer or X-API-Key) "
            "makes a publisher; reads need none."),
    },
    "servers": [{"url": "/"}],
    # Reads work without a key ({}); a key, when sent, must be valid.
    "security": [{"bearer": []}, {"apiKey": []}, {}],
    "paths": {},
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "A publisher's key (`tts-service new-key`)."},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                       "description": "The same key, in a header of its own."},
        },
    },
}

METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def load(folder: Path = FRAGMENTS) -> dict[str, Any]:
    """The whole document: the base with every fragment of ``folder`` merged in."""
    return assemble((path.name, _read(path)) for path in sorted(folder.glob("*.json")))


def assemble(fragments: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The base with these named fragments merged in, in the order given."""
    document = copy.deepcopy(BASE)
    owners: dict[str, str] = {}  # where each merged piece came from, for the conflict message
    for name, fragment in fragments:
        fragment = copy.deepcopy(fragment)  # merging writes into the pieces it keeps
        unknown = set(fragment) - FRAGMENT_KEYS
        if unknown:
            raise ConfigError(f"OpenAPI fragment {name} has unexpected keys: {', '.join(sorted(unknown))}",
                              "a fragment holds only paths and components")
        for path, item in fragment.get("paths", {}).items():
            _merge_object(document["paths"].setdefault(path, {}), item, f"paths {path}", name, owners)
        for section, entries in fragment.get("components", {}).items():
            target = document["components"].setdefault(section, {})
            for key, value in entries.items():
                _put(target, key, value, f"components/{section}/{key}", name, owners)
    return document


def _merge_object(target: dict[str, Any], new: dict[str, Any], where: str, source: str,
                  owners: dict[str, str]) -> None:
    """Merge a path item or an operation: operations, parameters and responses join; the rest
    must agree."""
    for key, value in new.items():
        place = f"{where} {key}"
        if key == "parameters":
            target[key] = _merge_parameters(target.get(key, []), value, place, source, owners)
        elif key in METHODS and key in target:
            _merge_object(target[key], value, place, source, owners)
        elif key == "responses" and key in target:
            for status, response in value.items():
                _put(target[key], status, response, f"{place} {status}", source, owners)
        else:
            _put(target, key, value, place, source, owners)


def _merge_parameters(have: list[dict[str, Any]], new: list[dict[str, Any]], where: str, source: str,
                      owners: dict[str, str]) -> list[dict[str, Any]]:
    """Parameters joined by (in, name), or by $ref; the same one twice must be described alike."""
    merged = {_parameter_key(item): item for item in have}
    for item in new:
        key = _parameter_key(item)
        _put(merged, key, item, f"{where} {key}", source, owners)
    return list(merged.values())


def _parameter_key(parameter: dict[str, Any]) -> str:
    return parameter.get("$ref") or f"{parameter.get('in')}:{parameter.get('name')}"


def _put(target: dict[str, Any], key: str, value: Any, where: str, source: str,
         owners: dict[str, str]) -> None:
    if key in target and target[key] != value:
        first = next((owners[place] for place in sorted(owners, key=len, reverse=True)
                      if where == place or where.startswith(place + " ")), "?")
        raise ConfigError(f"OpenAPI fragments {first} and {source} disagree on {where}",
                          "describe each operation and component in one fragment, or alike in both")
    target[key] = value
    owners.setdefault(where, source)


def _read(path: Path) -> dict[str, Any]:
    try:
        fragment = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read OpenAPI fragment {path.name}: {exc}",
                          "reinstall tts-service; a fragment is a JSON object") from exc
    if not isinstance(fragment, dict):
        raise ConfigError(f"OpenAPI fragment {path.name} is not a JSON object",
                          'it should be {"paths": {...}, "components": {...}}')
    return fragment
