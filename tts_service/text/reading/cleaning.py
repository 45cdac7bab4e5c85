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

from lxml.html import HtmlElement as Tree

from .blocks import SKIPPED
from .page_parts import ReadingPolicy

MOST_OF_THE_PAGE = 0.4  # an element holding this share of the page's text may be the article's
_RE = {"re": "http://exslt.org/regular-expressions"}
# Removed whatever they hold: they are never read (the page's <title> stays: trafilatura takes
# the headline from it).
_ALWAYS = " | ".join([
    "//script", "//style", "//noscript", "//template", "//*[@data-tts-skip]", "//*[@hidden]",
    "//*[translate(@aria-hidden, 'TRUE', 'true')='true']",
])
# Removed when they are not the article's container: what sits beside an article.
_BESIDE = " | ".join([
    *(f"//{tag}" for tag in sorted(SKIPPED - {"title", "script", "style", "noscript", "template"})),
    "//header[not(ancestor::article)]",
])
# What holds the article: its container and every ancestor of it are kept.
_ARTICLE = "//h1 | //main | //*[@itemprop='articleBody'] | //*[@role='main']"


def remove_never_article(tree: Tree, policy: ReadingPolicy) -> None:
    """Remove what the publisher marked and what is never text; the policy's captions."""
    drop = tree.xpath(_ALWAYS + ("" if policy.captions else " | //figcaption"))
    _drop(drop)


def remove_beside_article(tree: Tree, policy: ReadingPolicy) -> int:
    """Remove parts named by tag or by class and id words, except the article's container and
    what holds most of the page. The number of elements removed."""
    candidates = tree.xpath(f"{_BESIDE} | //*[re:test(@class, $parts, 'i') or re:test(@id, $parts, 'i')]",
                            namespaces=_RE, parts=policy.pattern())
    if not candidates:
        return 0
    keep = {id(ancestor) for element in tree.xpath(_ARTICLE) for ancestor in element.iterancestors()}
    keep |= {id(element) for element in tree.xpath(_ARTICLE)}
    keep |= {id(tree)} | {id(body) for body in tree.xpath("//body")}
    page = text_length(tree)
    drop = [element for element in candidates
            if id(element) not in keep and text_length(element) < MOST_OF_THE_PAGE * page]
    return _drop(drop)


def text_length(element: Tree) -> int:
    """Characters of text in an element, without surrounding white space."""
    return sum(len(text.strip()) for text in element.itertext())


def _drop(elements: list[Tree]) -> int:
    dropped = 0
    for element in elements:
        if element.getparent() is not None:
            element.drop_tree()
            dropped += 1
    return dropped
