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

import functools
import re

from lxml.etree import ParserError, XPath
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
_MARKED = XPath("//@data-tts-skip/.. | //@hidden/.. | //@aria-hidden/..")
# A template script inside the article holds its HTML, drawn by the page's script (Blogger's posts).
_ARTICLE_TEMPLATE = XPath("//script[contains(translate(@type, 'TEMPLAE', 'templae'), 'template')]"
                          "[ancestor::*[@itemprop='articleBody' or self::article]]")
# Removed when they are not the article's container: what sits beside an article (by tag: a site
# ``header`` is one outside any ``article``), and what its class or id may name so. Found as lxml
# finds them fastest (a predicate on every element costs ~0.5 µs each on a page of 30,000), merged
# into document order.
_BESIDE_TAGS = frozenset(SKIPPED - {"title", "script", "style", "noscript", "template"})
_CLASSED = XPath("//@class/.. | //@id/..")
_MERGED = XPath("$tagged | $classed")
# The text of the blocks in a part that may be prose: long enough for a sentence and holding a
# sentence's end (filtered by lxml, for a rail of a thousand links costs no Python per link).
_MAYBE_PROSE_TEXT = ("(.//p | .//blockquote | .//li | .//dd)[string-length(normalize-space(.)) >= 15 and ("
                     + " or ".join(f"contains(., '{mark}')" for mark in ".!?…。！？।") + ")]")
_MAYBE_PROSE = XPath(_MAYBE_PROSE_TEXT)  # compiled once: it runs for every part removed
_MAYBE_PROSE_OUTSIDE_CAPTIONS = XPath(
    _MAYBE_PROSE_TEXT.replace(")[", ")[not(ancestor::figcaption) and ", 1))
# A heading left open by a mistyped end tag: text of its own, then blocks (which no heading holds).
SWALLOWED = 3  # ...holding this many times its own text
_SWALLOWED_BLOCKS = ("p", "div", "section", "article", "ul", "ol", "table", "figure", "blockquote")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# What holds the article: its container and every ancestor of it are kept.
_ARTICLE = XPath("(//h1 | //main | //@itemprop[.='articleBody']/.. | //@role[.='main']/..)"
                 "/ancestor-or-self::*")


def remove_never_article(tree: Tree, policy: ReadingPolicy) -> None:
    """Remove what the publisher marked and what is never text; the policy's captions. Close the
    headings that swallowed what follows them."""
    close_open_headings(tree)
    for template in _ARTICLE_TEMPLATE(tree):
        _render(template)
    tags = _NEVER_TAGS if policy.captions else (*_NEVER_TAGS, "figcaption")
    marked = [element for element in _MARKED(tree)
              if element.get("aria-hidden", "true").strip().lower() == "true"]
    removed = [*tree.iter(*tags), *marked]
    # The page's text is measured only for a noscript (a megabyte of text is not free to count).
    most = (MOST_OF_THE_PAGE * text_length(tree)
            if any(element.tag == "noscript" for element in removed) else 0.0)
    for element in removed:
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
    for heading in tree.iter(*_HEADINGS):
        if not any(child.tag in _SWALLOWED_BLOCKS for child in heading):
            continue
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
               for block in _MAYBE_PROSE_OUTSIDE_CAPTIONS(tree))
    return sum(captions) >= GALLERY_SHARE * (sum(captions) + rest)


class Removed:
    """What the cleaning took out of a page: the parts, and how much article-like text they held
    (counted when first asked: most pages never need it, and a rail of comments costs a Python
    call per paragraph)."""

    def __init__(self, dropped: list[Tree]) -> None:
        self.dropped = dropped

    @property
    def parts(self) -> int:
        return len(self.dropped)

    @functools.cached_property
    def prose_words(self) -> int:
        return sum(prose_words(" ".join(block.text_content().split()))
                   for element in self.dropped for block in _MAYBE_PROSE(element))


def remove_beside_article(tree: Tree, policy: ReadingPolicy) -> Removed:
    """Remove parts named by tag or by class and id words, except the article's container and
    what holds most of the page."""
    named = re.compile(policy.pattern(), re.IGNORECASE).search
    # Sets of the elements themselves, not of their id(): lxml makes a new proxy object for a
    # node that no Python object holds, and an id() is reused once its object is gone.
    tagged = [element for element in tree.iter(*_BESIDE_TAGS, "header") if _beside(element)]
    candidates = [element for element in _MERGED(tree, tagged=tagged, classed=_CLASSED(tree))
                  if _beside(element) or named(element.get("class", ""))
                  or named(element.get("id", ""))]
    if not candidates:
        return Removed([])
    keep = set(_ARTICLE(tree)) | {tree} | set(tree.iter("body"))
    most = MOST_OF_THE_PAGE * text_length(tree)
    dropped: list[Tree] = []
    gone: set[Tree] = set()
    for element in candidates:  # in document order: one inside a removed part is gone with it
        # (lxml's getroottree() of a removed part is still the page's: its ancestors tell)
        if element in keep or any(parent in gone for parent in element.iterancestors()):
            continue
        if text_length(element) < most or link_share(element) >= LINKS_NOT_PROSE:
            element.drop_tree()  # its subtree stays whole, for Removed to count its prose
            dropped.append(element)
            gone.add(element)
    return Removed(dropped)


def _beside(element: Tree) -> bool:
    """Whether an element is named by its tag as what sits beside an article (a site ``header``:
    one outside any ``article``)."""
    if element.tag == "header":
        return not any(parent.tag == "article" for parent in element.iterancestors())
    return element.tag in _BESIDE_TAGS


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
