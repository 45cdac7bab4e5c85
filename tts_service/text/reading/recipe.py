"""A recipe's ingredients, which a page declares in its schema.org data (``recipeIngredient`` in
microdata or JSON-LD) and often shows in a tab or a widget that main-content extraction leaves
out: a recipe read without its ingredients is no use to its listener."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from lxml.etree import XPath

from .blocks import BULLET
from .cleaning import Tree
from .structured import json_ld

MOST_READ = 0.5  # the ingredients are put in when the reading holds fewer than this share of them
# From the attribute to its element: lxml finds attributes fast, elements by a predicate slowly.
_MICRODATA = XPath("//@itemprop[.='recipeIngredient' or .='ingredients']/parent::*"
                   "[not(ancestor-or-self::*[@data-tts-skip])]")  # the publisher's "not read" holds
_METHOD = re.compile(r"(?:directions|method|instructions|preparation|how to (?:prepare|make))\b",
                     re.IGNORECASE)
HEADING = "Ingredients"


def declared_ingredients(tree: Tree) -> list[str]:
    """The ingredient lines the page declares, in order, once each: its microdata, else its JSON-LD
    (read before scripts are removed)."""
    lines = [" ".join(element.text_content().split()) for element in _MICRODATA(tree)]
    if not any(lines):
        lines = [" ".join(html.unescape(line).split())
                 for data in json_ld(tree, ('"recipeIngredient"',)) for line in _ingredients(data)]
    return list(dict.fromkeys(line for line in lines if line))


def with_ingredients(blocks: list[str], ingredients: list[str]) -> list[str]:
    """The reading's blocks with the recipe's ingredients put in, under their heading, before the
    method (its heading, else the end), when the reading left most of them out."""
    text = " ".join(" ".join(blocks).split())
    if not ingredients or sum(line in text for line in ingredients) >= MOST_READ * len(ingredients):
        return blocks
    at = next((index for index, block in enumerate(blocks)
               if index and _METHOD.match(block) and len(block.split()) <= 4), len(blocks))
    listed = "\n".join(BULLET + line for line in ingredients)
    return [*blocks[:at], HEADING, listed, *blocks[at:]]


def _ingredients(data: Any) -> Iterator[str]:
    """Every ``recipeIngredient`` line in a JSON document, however deep (``@graph`` lists)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "recipeIngredient" and isinstance(value, list):
                yield from (line for line in value if isinstance(line, str))
            else:
                yield from _ingredients(value)
    elif isinstance(data, list):
        for item in data:
            yield from _ingredients(item)
