"""The one article reader for HTML: whole pages through main-content extraction, fragments through
our structural reader.

A whole page (a document with ``<html>`` or ``<body>``: menus, headers, footers, rails, cookie
notes) is read by trafilatura, whose reading is the floor: we clean the page first only where we
are sure (``cleaning``), and keep the cleaned reading only when it kept the article's prose;
otherwise trafilatura's reading of the page stands. Its result becomes our blocks: the headline
first, then headings, paragraphs, list items and quotes in order. A small page, or one where
trafilatura finds nothing, is read by the structural reader (``blocks``); only a page in which no
reader finds a block of article-like text (a few sentences, not a list of links) is refused. A
fragment (an ``<article>``, the player's element, Markdown's HTML) is read by the structural
reader, which keeps the publisher's ``data-tts-*`` markup. The CLI, the API and pre-generation
all read HTML here, so one page is read one way whoever sends it.
"""

from __future__ import annotations

import copy
import logging
import re
import xml.etree.ElementTree as ElementTree

from lxml import html as lxml_html

from ...errors import InputError
from ..markup import Marked
from .blocks import BULLET, read_html
from .cleaning import Tree, remove_beside_article, remove_never_article
from .page_parts import DEFAULT_POLICY, ReadingPolicy

log = logging.getLogger(__name__)

_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
SMALL_PAGE_CHARS = 600  # a cleaned page with less text than this is read by the structural reader
KEPT_PROSE = 0.8  # the cleaned reading stands when it keeps this share of the page's prose
PROSE_WORDS = 20  # a block of article-like text: this many words in two sentences or more
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?:\s|$)")


def is_whole_page(html: str) -> bool:
    """A document rather than a fragment: it has an ``<html>`` or ``<body>`` element."""
    return _WHOLE_PAGE.search(html) is not None


def read_article_html(html: str, policy: ReadingPolicy = DEFAULT_POLICY) -> Marked:
    """The article's readable text: main-content extraction for a page, the structural reader
    for a fragment. InputError when a page has no article text."""
    return read_page(html, policy) if is_whole_page(html) else read_html(html, policy)


def read_page(html: str, policy: ReadingPolicy = DEFAULT_POLICY) -> Marked:
    """The article of a whole page, as blocks separated by blank lines; the INFO log line says
    which reader's text it is (``cleaned``, ``trafilatura``, ``blocks``)."""
    try:
        page = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise InputError("the HTML cannot be read", str(exc)[:200]) from exc
    remove_never_article(page, policy)
    cleaned = copy.deepcopy(page)
    removed = remove_beside_article(cleaned, policy)
    reader, text = _choose(page, cleaned, removed, policy)
    if not text:
        raise InputError("no article text found on the page",
                         "send the article itself (its HTML or text), not only the page around it")
    log.info("read the page with %s: %d characters", reader, len(text.text),
             extra={"reader": reader})
    return text


def _choose(page: Tree, cleaned: Tree, removed: int, policy: ReadingPolicy) -> tuple[str, Marked | None]:
    """Which reading of the page is its article, by evidence: the prose each one kept."""
    if len(" ".join(cleaned.text_content().split())) < SMALL_PAGE_CHARS:
        # Little is left: trafilatura would run its texts together; our reader keeps the blocks.
        small = _blocks(cleaned, policy)
        if small.text.strip():
            return "blocks", small
    else:
        ours = _extract(cleaned) if removed else None
        floor = _extract(page)
        if ours and (not floor or _prose(ours) >= KEPT_PROSE * _prose(floor)):
            return "cleaned", Marked("\n\n".join(ours))
        if floor:
            return "trafilatura", Marked("\n\n".join(floor))
    for tree in (cleaned, page):  # what trafilatura missed: a block of article-like text
        found = _blocks(tree, policy)
        if _prose(found.text.split("\n\n")):
            return "blocks", found
    return "none", None


def _blocks(tree: Tree, policy: ReadingPolicy) -> Marked:
    return read_html(lxml_html.tostring(tree, encoding="unicode"), policy)


def _extract(tree: Tree) -> list[str]:
    """trafilatura's reading of the page as our blocks, the headline first."""
    import trafilatura

    found = trafilatura.extract(tree, output_format="xml", with_metadata=True,
                                include_comments=False, include_tables=False,
                                include_formatting=False, include_images=False)
    if not found:
        return []
    doc = ElementTree.fromstring(found)
    main = doc.find("main")
    blocks = [_text(element) if element.tag != "list" else _list(element)
              for element in (main if main is not None else [])]
    blocks = [block for block in blocks if block]
    title = " ".join((doc.get("title") or "").split())
    if blocks and title and blocks[0] != title:
        blocks.insert(0, title)  # the headline first, once
    return blocks


def _prose(blocks: list[str]) -> int:
    """Words in blocks of article-like text: several sentences, not a line of links."""
    words = 0
    for block in blocks:
        count = len(block.split())
        if count >= PROSE_WORDS and len(_SENTENCE_END.findall(block)) >= 2:
            words += count
    return words


def _text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _list(element: ElementTree.Element) -> str:
    return "\n".join(BULLET + item for item in (_text(child) for child in element) if item)
