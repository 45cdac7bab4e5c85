"""The one article reader for HTML: whole pages through main-content extraction, fragments through
our structural reader.

A whole page (a document with ``<html>`` or ``<body>``: menus, headers, footers, rails, cookie
notes) goes through trafilatura, which finds the article and keeps its structure; we turn that
into our blocks: the headline first, then headings, paragraphs, list items and quotes in order.
A fragment (an ``<article>``, the player's element, Markdown's HTML) is read by ``extracting``,
which keeps the publisher's ``data-tts-*`` markup. The CLI, the API and pre-generation all read
HTML here, so one page is read one way whoever sends it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from ...errors import InputError
from ..markup import Marked
from .blocks import BULLET, SKIPPED, read_html
from .page_parts import DEFAULT_POLICY, ReadingPolicy

_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
SMALL_PAGE_CHARS = 600  # a cleaned page with less text than this is read by the structural reader
# Elements of a page that are never its article (XPath): the structural reader's skips (the page's
# <title> stays: trafilatura takes the headline from it), a site header, what is marked hidden.
_NEVER_ARTICLE = " | ".join([
    *(f"//{tag}" for tag in sorted(SKIPPED - {"title"})),
    "//header[not(ancestor::article)]", "//*[@data-tts-skip]", "//*[@hidden]",
    "//*[@aria-hidden='true']",
])


def is_whole_page(html: str) -> bool:
    """A document rather than a fragment: it has an ``<html>`` or ``<body>`` element."""
    return _WHOLE_PAGE.search(html) is not None


def read_article_html(html: str, policy: ReadingPolicy = DEFAULT_POLICY) -> Marked:
    """The article's readable text: main-content extraction for a page, the structural reader
    for a fragment. InputError when a page has no article text."""
    return read_page(html, policy) if is_whole_page(html) else read_html(html, policy)


def read_page(html: str, policy: ReadingPolicy = DEFAULT_POLICY) -> Marked:
    """The article of a whole page, by trafilatura, as blocks separated by blank lines. What is
    never article (menus, rails, buttons, what the publisher marked ``data-tts-skip`` or hid) is
    removed first: on a small page trafilatura would otherwise fall back to reading it all."""
    import trafilatura
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise InputError("the HTML cannot be read", str(exc)[:200]) from exc
    parts = policy.pattern()
    drop = tree.xpath(f"{_NEVER_ARTICLE} | //*[re:test(@class, $parts, 'i') or re:test(@id, $parts, 'i')]"
                      + ("" if policy.captions else " | //figcaption"),
                      namespaces={"re": "http://exslt.org/regular-expressions"}, parts=parts)
    for element in drop:
        if element.getparent() is not None:
            element.drop_tree()
    if len(" ".join(tree.text_content().split())) < SMALL_PAGE_CHARS:
        # Little is left: trafilatura would run its texts together; our reader keeps the blocks.
        small = read_html(lxml_html.tostring(tree, encoding="unicode"), policy)
        if not small.text.strip():
            raise InputError("no article text found on the page",
                             "send the article itself (its HTML or text), not only the page around it")
        return small
    found = trafilatura.extract(tree, output_format="xml", with_metadata=True,
                                include_comments=False, include_tables=False,
                                include_formatting=False, include_images=False)
    if not found:
        raise InputError("no article text found on the page",
                         "send the article itself (its HTML or text), not only the page around it")
    doc = ElementTree.fromstring(found)
    main = doc.find("main")
    blocks = [_text(element) if element.tag != "list" else _list(element)
              for element in (main if main is not None else [])]
    blocks = [block for block in blocks if block]
    title = " ".join((doc.get("title") or "").split())
    if title and not (blocks and blocks[0] == title):
        blocks.insert(0, title)  # the headline first, once
    if not blocks:
        raise InputError("no article text found on the page",
                         "send the article itself (its HTML or text), not only the page around it")
    return Marked("\n\n".join(blocks))


def _text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _list(element: ElementTree.Element) -> str:
    return "\n".join(BULLET + item for item in (_text(child) for child in element) if item)
