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

from lxml.etree import ParserError
from lxml.html import HtmlElement as Tree
from lxml.html import fragments_fromstring

from .blocks import SKIPPED
from .page_parts import ReadingPolicy

SENTENCE_WORDS = 8  # a block of article-like text: this many words (or characters) and a sentence's end
SENTENCE_CHARS = 40
SENTENCE_MOST_WORDS = 60  # ...of which a sentence holds at most this many: a menu ending in a full stop is no prose
_SENTENCE_END = re.compile(r"(?:[.!?…][\"'”’)\]]*(?:\s|$))|[。！？।]")
GALLERY_CAPTIONS = 3  # a page with this many captions of prose...
GALLERY_SHARE = 0.5  # ...holding this share of its prose is a gallery: its captions are its article
MOST_OF_THE_PAGE = 0.4  # an element holding this share of the page's text may be the article's
LINKS_NOT_PROSE = 0.5  # ...unless this share of its text is link text: a menu, however long
# Removed whatever they hold: they are never read (the page's <title> stays: trafilatura takes
# the headline from it). Tags found by tag, marks by one pass over the elements that carry one.
_NEVER_TAGS = ("script", "style", "noscript", "template")
_MARKED = "//*[@data-tts-skip or @hidden or @aria-hidden]"
# A template script inside the article holds its HTML, drawn by the page's script (Blogger's posts).
_ARTICLE_TEMPLATE = ("//*[@itemprop='articleBody' or self::article]//script"
                     "[contains(translate(@type, 'TEMPLAE', 'templae'), 'template')]")
# Removed when they are not the article's container: what sits beside an article.
_BESIDE = " | ".join([
    *(f"//{tag}" for tag in sorted(SKIPPED - {"title", "script", "style", "noscript", "template"})),
    "//header[not(ancestor::article)]",
])
# The text of the blocks in a part that may be prose: long enough for a sentence and holding a
# sentence's end (filtered by lxml, for a rail of a thousand links costs no Python per link).
_MAYBE_PROSE = ("(.//p | .//blockquote | .//li | .//dd)[string-length(normalize-space(.)) >= 15 and ("
                + " or ".join(f"contains(., '{mark}')" for mark in ".!?…。！？।") + ")]")
_MAYBE_PROSE_OUTSIDE_CAPTIONS = _MAYBE_PROSE.replace(")[", ")[not(ancestor::figcaption) and ", 1)
# A heading left open by a mistyped end tag: text of its own, then blocks (which no heading holds).
SWALLOWED = 3  # ...holding this many times its own text
_SWALLOWED_BLOCKS = ("p", "div", "section", "article", "ul", "ol", "table", "figure", "blockquote")
_OPEN_HEADING = "(//h1 | //h2 | //h3 | //h4 | //h5 | //h6)[" + " or ".join(_SWALLOWED_BLOCKS) + "]"
# What holds the article: its container and every ancestor of it are kept.
_ARTICLE = "//h1 | //main | //*[@itemprop='articleBody'] | //*[@role='main']"


def remove_never_article(tree: Tree, policy: ReadingPolicy) -> None:
    """Remove what the publisher marked and what is never text; the policy's captions. Close the
    headings that swallowed what follows them."""
    close_open_headings(tree)
    for template in tree.xpath(_ARTICLE_TEMPLATE):
        _render(template)
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


def close_open_headings(tree: Tree) -> None:
    """End a heading at its own text when a mistyped end tag left it open (``<h2>A dek.</h3>``):
    the parser makes it hold the paragraphs that follow, the article's body read as one heading.
    Only a heading that starts with text of its own and holds blocks with many times that much
    text; what it holds from its first block on is put after it, in order."""
    for heading in tree.xpath(_OPEN_HEADING):
        own = len((heading.text or "").strip())
        if not own or text_length(heading) < SWALLOWED * own:
            continue
        first = next(child for child in heading if child.tag in _SWALLOWED_BLOCKS)
        for child in reversed(heading[heading.index(first):]):
            heading.addnext(child)  # with its tail: the text between the blocks stays in place


def _render(template: Tree) -> None:
    """Put the HTML a template script holds in its place (its text between the elements kept)."""
    try:
        parts = fragments_fromstring(template.text or "")
    except (ValueError, ParserError):  # no HTML in it after all: the script goes as scripts do
        return
    holder = template.makeelement("div", {})
    if parts and isinstance(parts[0], str):
        holder.text, parts = parts[0], parts[1:]
    holder.extend(parts)
    holder.tail = template.tail
    template.getparent().replace(template, holder)


def captions_are_article(tree: Tree) -> bool:
    """Whether the page is a gallery whose figure captions hold its article (a slide show of
    costumes, each described in its caption), so that a policy skipping captions reads them."""
    captions = [prose_words(" ".join(caption.text_content().split()))
                for caption in tree.iter("figcaption")]
    captions = [words for words in captions if words]
    if len(captions) < GALLERY_CAPTIONS:
        return False
    rest = sum(prose_words(" ".join(block.text_content().split()))
               for block in tree.xpath(_MAYBE_PROSE_OUTSIDE_CAPTIONS))
    return sum(captions) >= GALLERY_SHARE * (sum(captions) + rest)


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
        words = max(words, len(block) // 5)  # a language written without spaces: by characters
        return min(words, SENTENCE_MOST_WORDS * len(_SENTENCE_END.findall(block)))
    return 0


def link_share(element: Tree) -> float:
    """How much of an element's text is the text of its links."""
    total = text_length(element)
    return sum(len(link.text_content()) for link in element.iter("a")) / total if total else 0.0


def text_length(element: Tree) -> int:
    """Characters of text in an element (white space included: for shares of a page)."""
    return len(element.text_content())
