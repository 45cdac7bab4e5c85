"""The question of a question-and-answer page, which the page declares in its schema.org data (the
``text`` of its ``Question``, in microdata or JSON-LD) and which main-content extraction often
leaves out for the answers under it: answers read without their question are no use to a
listener."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html
from lxml.etree import XPath

from .blocks import read_html
from .cleaning import Tree
from .page_parts import ReadingPolicy
from .structured import json_ld

MOST_READ = 0.5  # the question is put in when the reading holds fewer than this share of its blocks
# The text of the page's Question itself, not of an Answer inside it (the nearest item is the
# Question); the publisher's "not read" holds.
_MICRODATA = XPath("//@itemprop[.='text']/parent::*[ancestor::*[@itemtype][1]"
                   "[contains(@itemtype, 'schema.org/Question')]]"
                   "[not(ancestor-or-self::*[@data-tts-skip])]")


def declared_question(tree: Tree, policy: ReadingPolicy) -> list[str]:
    """The blocks of the question the page declares: its microdata, else its JSON-LD; [] for
    none. Read after what is never article is removed, before the cleaning."""
    found = _MICRODATA(tree)
    if found:
        text = lxml_html.tostring(found[0], encoding="unicode")
    else:
        text = next((html.unescape(text) for data in json_ld(tree, ('"QAPage"',))
                     for text in _questions(data)), "")
    return [block for block in read_html(text, policy).text.split("\n\n") if block] if text else []


def with_question(blocks: list[str], question: list[str]) -> list[str]:
    """The reading's blocks with the page's question put in after the headline, when the reading
    left most of it out."""
    text = " ".join(" ".join(blocks).split())
    if not question or sum(" ".join(block.split()) in text for block in question) >= (
            MOST_READ * len(question)):
        return blocks
    return [*blocks[:1], *question, *blocks[1:]]


def _questions(data: Any) -> Iterator[str]:
    """The ``text`` of every QAPage's main entity in a JSON document (``@graph`` lists too)."""
    if isinstance(data, dict):
        entity = data.get("mainEntity") if data.get("@type") == "QAPage" else None
        if isinstance(entity, dict) and isinstance(entity.get("text"), str):
            yield entity["text"]
        for value in data.values():
            yield from _questions(value)
    elif isinstance(data, list):
        for item in data:
            yield from _questions(item)
