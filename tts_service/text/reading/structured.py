"""The article body a page declares in its structured data (schema.org ``articleBody`` in a JSON-LD
script): the publisher's own statement of the article's text, read where the page's HTML gives
the readers much less (a page drawn by script, whose paragraphs are only in its data)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from .cleaning import Tree

_MARKS = ('"articleBody"', '"HowTo"')
_JSON_LD = "//script[contains(translate(@type, 'JSONLD', 'jsonld'), 'ld+json')]"


def declared_body(tree: Tree) -> str:
    """The longest ``articleBody`` of the page's JSON-LD scripts, as plain text; "" for none. Read
    before scripts are removed; a script that is not valid JSON is passed over."""
    bodies = [body for data in json_ld(tree, _MARKS) for body in _bodies(data)]
    return html.unescape(max(bodies, key=len)).strip() if bodies else ""


def json_ld(tree: Tree, marks: tuple[str, ...]) -> Iterator[Any]:
    """The data of the page's JSON-LD scripts whose text holds one of ``marks`` (a cheap look
    before parsing); a script that is not valid JSON gives None."""
    for script in tree.xpath(_JSON_LD):
        if any(mark in (script.text or "") for mark in marks):
            yield _loaded(script.text or "")


def _loaded(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _bodies(data: Any) -> Iterator[str]:
    """Every ``articleBody`` string in a JSON document, however deep (``@graph`` lists), and the
    text of every how-to."""
    if isinstance(data, dict):
        if data.get("@type") == "HowTo":  # a how-to's article is its description and its steps
            yield "\n".join(text for text in (data.get("description"), *_steps(data.get("step")))
                            if isinstance(text, str))
        for key, value in data.items():
            if key == "articleBody" and isinstance(value, str):
                yield value
            else:
                yield from _bodies(value)
    elif isinstance(data, list):
        for item in data:
            yield from _bodies(item)


def _steps(steps: Any) -> Iterator[str]:
    """The texts of a how-to's steps (``HowToStep``, or sections of them)."""
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            if isinstance(step.get("text"), str):
                yield step["text"]
            yield from _steps(step.get("itemListElement"))
