"""What of a whole page is surely not its article, removed from its lxml tree before extraction.

Two levels of sureness. The publisher's own marks (``data-tts-skip``, ``hidden``,
``aria-hidden="true"``), scripts and styles, and captions when the policy
skips them are always removed. Parts named by tag (``nav``, ``aside``, ``footer``, ``form``,
``button``...), a site ``header``, and parts whose class or id words name them (``share-bar``,
``newsletter``, ``comments``: ``page_parts``) are removed only when they are not the article's
container: never ``<html>`` or ``<body>``, never an element that holds the page's ``h1``, its
``<main>`` or its ``articleBody``, never one holding a large share of the page's text. So a
``<body class="single has-comments">`` or a ``<form>`` wrapping the whole page stays, and only
what sits beside the article goes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml.html import HtmlElement as Tree

from .blocks import SKIPPED
from .page_parts import ReadingPolicy

SENTENCE_WORDS = 8  # a block of article-like text: this many words (or characters) and a sentence's end
SENTENCE_CHARS = 40
_SENTENCE_END = re.compile(r"(?:[.!?…][\"'”’)\]]*(?:\s|$))|[。！？।]")
MOST_OF_THE_PAGE = 0.4  # an element holding this share of the page's text may be the article's
LINKS_NOT_PROSE = 0.5  # ...unless this share of its text is link text: a menu, however long
# Removed whatever they hold: they are never read (the page's <title> stays: trafilatura takes
# the headline from it). Tags found by tag, marks by one pass over the elements that carry one.
_NEVER_TAGS = ("script", "style", "noscript", "template")
_MARKED = "//*[@data-tts-skip or @hidden or @aria-hidden]"
# Removed when they are not the article's container: what sits beside an article.
_BESIDE = " | ".join([
    *(f"//{tag}" for tag in sorted(SKIPPED - {"title", "script", "style", "noscript", "template"})),
    "//header[not(ancestor::article)]",
])
# The text of the blocks in a part that may be prose: long enough for a sentence and holding a
# sentence's end (filtered by lxml, for a rail of a thousand links costs no Python per link).
_MAYBE_PROSE = ("(.//p | .//blockquote | .//li | .//dd)[string-length(normalize-space(.)) >= 15 and ("
                + " or ".join(f"contains(., '{mark}')" for mark in ".!?…。！？।") + ")]")
# What holds the article: its container and every ancestor of it are kept.
_ARTICLE = "//h1 | //main | //*[@itemprop='articleBody'] | //*[@role='main']"


def remove_never_article(tree: Tree, policy: ReadingPolicy) -> None:
    """Remove what the publisher marked and what is never text; the policy's captions."""
    tags = _NEVER_TAGS if policy.captions else (*_NEVER_TAGS, "figcaption")
    marked = [element for element in tree.xpath(_MARKED)
              if element.get("aria-hidden", "true").strip().lower() == "true"]
    most = MOST_OF_THE_PAGE * text_length(tree)
    for element in [*tree.iter(*tags), *marked]:
        if element.getparent() is None or element.getroottree().getroot() is not tree:
            continue
        if element.tag == "noscript" and text_length(element) >= most:
            element.drop_tag()  # an unclosed tag inside it made it swallow the page: keep that
        else:
            element.drop_tree()


class Removed(NamedTuple):
    """What the cleaning took out of a page: how many parts, and how much article-like text."""

    parts: int
    prose_words: int


def remove_beside_article(tree: Tree, policy: ReadingPolicy) -> Removed:
    """Remove parts named by tag or by class and id words, except the article's container and
    what holds most of the page."""
    named = re.compile(policy.pattern(), re.IGNORECASE).search
    # Sets of the elements themselves, not of their id(): lxml makes a new proxy object for a
    # node that no Python object holds, and an id() is reused once its object is gone.
    beside = set(tree.xpath(_BESIDE))
    candidates = [element for element in tree.xpath(f"{_BESIDE} | //*[@class or @id]")
                  if element in beside or named(element.get("class", ""))
                  or named(element.get("id", ""))]
    if not candidates:
        return Removed(0, 0)
    article = tree.xpath(_ARTICLE)
    keep = {ancestor for element in article for ancestor in element.iterancestors()}
    keep |= set(article) | {tree} | set(tree.xpath("//body"))
    most = MOST_OF_THE_PAGE * text_length(tree)
    dropped = prose = 0
    for element in candidates:  # in document order: one inside a removed part is gone with it
        if element in keep or element.getroottree().getroot() is not tree:
            continue
        if text_length(element) < most or link_share(element) >= LINKS_NOT_PROSE:
            prose += sum(prose_words(" ".join(block.text_content().split()))
                         for block in element.xpath(_MAYBE_PROSE))
            element.drop_tree()
            dropped += 1
    return Removed(dropped, prose)


def prose_words(block: str) -> int:
    """The words of a block of article-like text (a sentence or more, not a line of links): 0
    for any other block."""
    words = len(block.split())
    if (words >= SENTENCE_WORDS or len(block) >= SENTENCE_CHARS) and _SENTENCE_END.search(block):
        return max(words, len(block) // 5)  # a language written without spaces: by characters
    return 0


def link_share(element: Tree) -> float:
    """How much of an element's text is the text of its links."""
    total = text_length(element)
    return sum(len(link.text_content()) for link in element.iter("a")) / total if total else 0.0


def text_length(element: Tree) -> int:
    """Characters of text in an element (white space included: for shares of a page)."""
    return len(element.text_content())
