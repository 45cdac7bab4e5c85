"""The one article reader for HTML: whole pages through main-content extraction, fragments through
our structural reader.

A whole page (a document with ``<html>`` or ``<body>``: menus, headers, footers, rails, cookie
notes) is read by trafilatura, whose reading is the floor: we clean the page first only where we
are sure (``cleaning``), and keep the cleaned reading only when it kept the article's prose;
otherwise trafilatura's reading of the page stands. Its result becomes our blocks: the headline
first, then headings, paragraphs, list items and quotes in order. A small page, or one where
trafilatura finds nothing, is read by the structural reader (``blocks``); only a page in which no
reader finds a block of article-like text (sentences, not a list of links) is refused. A
fragment (an ``<article>``, the player's element, Markdown's HTML) is read by the structural
reader, which keeps the publisher's ``data-tts-*`` markup. The CLI, the API and pre-generation
all read HTML here, so one page is read one way whoever sends it.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

from lxml import html as lxml_html

from ...errors import InputError
from ..markup import Marked
from .blocks import BLOCKS, BULLET, SKIPPED, read_html
from .cleaning import (
    LINKS_NOT_PROSE,
    Removed,
    Tree,
    captions_are_article,
    link_share,
    prose_words,
    remove_beside_article,
    remove_never_article,
)
from .page_parts import DEFAULT_POLICY, ReadingPolicy
from .question import declared_question, with_question
from .recipe import declared_ingredients, with_ingredients
from .site_lines import without_site_lines
from .structured import declared_body

log = logging.getLogger(__name__)

_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
SMALL_PAGE_CHARS = 600  # a cleaned page with less text than this is read by the structural reader
BIG_PAGE_CHARS = 400_000  # a bigger page is read twice only when the cleaning removed prose
BIG_PAGE_PROSE = 300  # ...or when its cleaned reading holds fewer words of prose than this
KEPT_PROSE = 0.8  # the cleaned reading stands when it keeps this share of the page's prose
DECLARED_OVER_READ = 2  # the page's declared articleBody is read when it holds this many times the prose
PROSE_WORDS = 15  # a page is an article if a reader finds this many words in sentences
HEADLINE_WITHIN = 3  # a headline among the first blocks of trafilatura's reading is moved first
VERSE_LINES = 12  # ...or this many lines, not links, of this many characters in all (lyrics)
VERSE_CHARS = 300
HEADING_LEAD = 40  # a left-out subheading is put back before the block that starts so
HEADLINE_WORDS = 3  # a headline freed of the site's name keeps at least this many words
LEAD_BLOCKS = 2  # at most this many paragraphs between the headline and the body are its lead
LEAD_CHARS = 800  # ...each at most this long: a standfirst, not a column of teasers
LEAD_LINKS = 0.3  # ...and not mostly link text
LEAD_SUMMARY = 0.7  # ...and saying what the page's description says: this share of words in common
_WORDS = re.compile(r"\w+")
_LEAD_TAGS = frozenset({"p", "div", "span", "strong", "em", "b", "h2"})  # h2: a dek styled as one
_NOT_LEAD = frozenset({"figure", "figcaption", "time", "address", "header", "li", "ul", "ol",
                       "table", "blockquote", "h1", "h3", "h4", "h5", "h6", "a"})
_TRUNCATED = re.compile(r"[\w,;:](?:\.\.\.|…)$")  # a teaser cut mid-sentence ("the plague,..."), not "alive ..."
_SITE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")


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
    page = _parse(html)
    declared, ingredients = declared_body(page), declared_ingredients(page)
    if not policy.captions and captions_are_article(page):
        policy = dataclasses.replace(policy, captions=True)
    question = declared_question(page, policy)
    remove_never_article(page, policy)
    cleaned = copy.deepcopy(page)
    removed = remove_beside_article(cleaned, policy)
    reader, text = _choose(page, cleaned, removed, policy, len(html))
    if declared and _outweighs(declared, text):
        reader, text = "json-ld", _declared(page, declared, policy)
    if not text:
        raise InputError("no article text found on the page",
                         "send the article itself (its HTML or text), not only the page around it")
    if (ingredients or question) and not (text.says or text.pauses):  # marks are by position
        text = Marked("\n\n".join(with_question(with_ingredients(_split(text), ingredients),
                                                 question)))
    log.info("read the page with %s: %d characters", reader, len(text.text),
             extra={"reader": reader})
    return text


def _choose(page: Tree, cleaned: Tree, removed: Removed, policy: ReadingPolicy,
            size: int) -> tuple[str, Marked | None]:
    """Which reading of the page is its article, by evidence: the prose each one kept."""
    if len(" ".join(cleaned.text_content().split())) < SMALL_PAGE_CHARS:
        # Little is left: trafilatura would run its texts together; our reader keeps the blocks
        # (unless the cleaning is what made the page small).
        small = _blocks(cleaned, policy)
        if (small.text.strip() and link_share(cleaned) < LINKS_NOT_PROSE
                and _kept(removed, _prose(_split(small)))):  # a page of links is no article
            return "blocks", _without_site_lines(small, policy)
    reader, blocks = _extracted(page, cleaned, removed, size > BIG_PAGE_CHARS, policy)
    if _prose(blocks) >= PROSE_WORDS:
        return reader, Marked("\n\n".join(blocks))
    # What trafilatura missed: a block of article-like text the cleaning kept (as the article's
    # container, even if its tag or class would otherwise skip it).
    found = _blocks(_unnamed(cleaned), policy)
    if _prose(_split(found)) >= PROSE_WORDS:
        return "blocks", _without_site_lines(found, policy)
    if _verse(page, blocks):
        return reader, Marked("\n\n".join(blocks))
    return reader, None  # no block of article-like text anywhere: not an article page


def _without_site_lines(text: Marked, policy: ReadingPolicy) -> Marked:
    """The structural reader's blocks without the site's lines (as trafilatura's are), unless the
    publisher's marks are in them: those are kept by position."""
    if text.says or text.pauses:
        return text
    return Marked("\n\n".join(without_site_lines(_split(text), policy)))


def _outweighs(declared: str, text: Marked | None) -> bool:
    """Whether the body the page declares holds far more prose than the reading of its HTML: the
    paragraphs are in the page's data, drawn there by a script (the reading found a browser
    warning, a menu)."""
    prose = prose_words(" ".join(declared.split()))
    return prose >= PROSE_WORDS and prose >= DECLARED_OVER_READ * (
        _prose(_split(text)) if text else 0)


def _declared(page: Tree, declared: str, policy: ReadingPolicy) -> Marked:
    """The declared body as blocks (its own HTML read by the structural reader, else its lines),
    the headline first."""
    if "<p" in declared or "<br" in declared:
        blocks = _split(read_html(declared, policy))
    else:
        blocks = [" ".join(line.split()) for line in declared.splitlines() if line.strip()]
    title = _headline(page)
    return Marked("\n\n".join([title, *blocks] if title and title not in blocks[:1] else blocks))


def _verse(page: Tree, blocks: list[str]) -> bool:
    """Whether trafilatura's reading is lines of text without sentence marks (a song's lyrics, a
    poem) rather than links: enough lines that are not the text of a link on the page."""
    links = {" ".join(link.text_content().split()) for link in page.iter("a")}
    lines = [line for block in blocks for line in block.split("\n")
             if line.strip() and line.strip() not in links]
    return len(lines) >= VERSE_LINES and sum(map(len, lines)) >= VERSE_CHARS


def _extracted(page: Tree, cleaned: Tree, removed: Removed, big: bool,
               policy: ReadingPolicy) -> tuple[str, list[str]]:
    """trafilatura's reading of the cleaned page if it kept the prose of its reading of the
    page, else the latter: the floor."""
    ours = _extract(cleaned) if removed.parts else []
    if ours and big and _kept(removed, _prose(ours)) and _prose(ours) >= BIG_PAGE_PROSE:
        # A big page from which too little prose was removed to matter, read as an article of
        # some length: trafilatura's reading of the raw page would double the time, for
        # evidence that rarely differs.
        return "cleaned", _completed(cleaned, ours, policy)
    floor = _extract(page)
    if ours and (not floor or _prose(ours) >= KEPT_PROSE * _prose(floor)):
        return "cleaned", _completed(cleaned, ours, policy)
    return "trafilatura", _completed(page, floor, policy)


def _completed(tree: Tree, blocks: list[str], policy: ReadingPolicy) -> list[str]:
    """trafilatura's blocks with what it leaves out of an article put back: its lead and its
    subheadings."""
    return without_site_lines(_with_headings(tree, _with_lead(tree, blocks)), policy)


def _kept(removed: Removed, prose: int) -> bool:
    """Whether a reading keeps its share of prose even if all that the cleaning removed was
    article."""
    return removed.prose_words <= (1 - KEPT_PROSE) * (prose + removed.prose_words)


def _split(text: Marked) -> list[str]:
    return text.text.split("\n\n")


def _parse(html: str) -> Tree:
    """The page's tree as trafilatura parses it (comments and processing instructions dropped, so
    that the text after them stays in its paragraph)."""
    from trafilatura import load_html

    try:
        page = load_html(html)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise InputError("the HTML cannot be read", str(exc)[:200]) from exc
    if page is None:
        raise InputError("the HTML cannot be read", "it parses to no document")
    return page


def _blocks(tree: Tree, policy: ReadingPolicy) -> Marked:
    return read_html(lxml_html.tostring(tree, encoding="unicode"), policy)


def _unnamed(tree: Tree) -> Tree:
    """A copy of a cleaned page without what the structural reader would skip it by (the tag,
    class and id of what the cleaning kept as the article's container)."""
    tree = copy.deepcopy(tree)
    for element in tree.iter(*SKIPPED - {"title"}, "header"):
        element.tag = "div"
    for element in tree.xpath("//*[@class or @id]"):
        element.attrib.pop("class", None)
        element.attrib.pop("id", None)
    return tree


def _extract(tree: Tree) -> list[str]:
    """trafilatura's reading of the page as our blocks, the headline first."""
    import trafilatura

    found = trafilatura.extract(tree, output_format="xml", with_metadata=False,
                                include_comments=False, include_tables=True,
                                include_formatting=False, include_images=False)
    if not found:
        return []
    doc = ElementTree.fromstring(found)
    main = doc.find("main")
    blocks = [" ".join((main.text or "").split())] if main is not None else []
    for element in main if main is not None else []:  # blocks, and the text between them
        blocks += [_BLOCK.get(element.tag, _lines)(element), " ".join((element.tail or "").split())]
    blocks = [block for block in blocks if block]
    title = _headline(tree)
    return _headline_once(title, blocks) if blocks and title else blocks


def _headline_once(title: str, blocks: list[str]) -> list[str]:
    """The blocks with the headline first, whole and once: a block among the first that repeats
    it (a title block, or a dek that starts with the whole headline) keeps only what follows it."""
    kept = []
    for index, block in enumerate(blocks):
        if index < HEADLINE_WITHIN and (block == title or block.startswith(title + " ")):
            block = block[len(title):].strip()
        if block:
            kept.append(block)
    return [title, *kept]


def _headline(tree: Tree) -> str:
    """The page's headline as trafilatura's metadata finds it (its meta tags, else its ``h1`` or
    ``<title>``), without the rest of its metadata: dates and authors cost seconds on a big page."""
    from trafilatura.metadata import examine_meta, extract_title

    title = " ".join((examine_meta(tree).title or extract_title(tree) or "").split())
    return _without_site_name(title, tree)


def _without_site_name(title: str, tree: Tree) -> str:
    """The headline without the site's name a page title carries ("Site | Headline",
    "Headline - Section - Site"): the page's ``h1`` when the title holds it, else the longest
    part between separators."""
    for heading in tree.iter("h1"):
        text = " ".join(heading.text_content().split())
        if len(text.split()) >= HEADLINE_WORDS and text in title:
            return text
    parts = _SITE_SEPARATOR.split(title)
    longest = max(parts, key=len)
    return longest if len(parts) > 1 and len(longest.split()) >= HEADLINE_WORDS else title


def _with_headings(tree: Tree, blocks: list[str]) -> list[str]:
    """The blocks with the subheadings trafilatura left out put back: a heading goes in before
    the block that starts with the text that follows it on the page."""
    have = set(blocks)
    starts = {block[:HEADING_LEAD]: index for index, block in enumerate(blocks)}
    before: dict[int, str] = {}
    for heading in tree.xpath("//h2 | //h3 | //h4"):
        text = " ".join(heading.text_content().split())
        after = heading.getnext()
        if not text or len(text) > 150 or text in have or after is None:
            continue
        lead = " ".join(after.text_content().split())[:HEADING_LEAD]
        index = starts.get(lead) if len(lead) == HEADING_LEAD else None
        if index is not None and index not in before and (index == 0 or blocks[index - 1] != text):
            before[index] = text
    return [part for index, block in enumerate(blocks)
            for part in ((before[index], block) if index in before else (block,))]


def _with_lead(tree: Tree, blocks: list[str]) -> list[str]:
    """The blocks with the article's lead put back after the headline: the paragraphs of prose
    that stand between the page's ``h1`` (the headline) and the element the body starts with,
    which trafilatura often leaves out as a teaser (a standfirst styled as a heading, a summary
    box). Only where both ends are found, and only prose: not captions, dates, lists or links."""
    if len(blocks) < 2:
        return blocks
    headline = next((h1 for h1 in tree.iter("h1") if _squashed(h1) == blocks[0]), None)
    lead = blocks[1][:HEADING_LEAD]
    if headline is None or len(lead) < HEADING_LEAD:
        return blocks
    summaries = _summaries(tree)
    if not summaries:
        return blocks
    have = set(blocks)
    found: list[str] = []
    inside = set(headline.iter())
    holders = set(headline.iterancestors())  # the headline's own <header> holds its standfirst
    for element in _following(headline):
        if element in inside or not isinstance(element.tag, str):
            continue
        text = _squashed(element)
        if text.startswith(lead):
            break  # the body: what stands before it is all there is of a lead
        if lead in text or element.tag not in _LEAD_TAGS or _under(element, _NOT_LEAD, holders):
            continue  # holds the body, or is not a paragraph of its own
        if any(isinstance(child.tag, str) and child.tag in BLOCKS for child in element.iterdescendants()):
            continue  # a container: its paragraphs come next
        inside.update(element.iter())
        if (text not in have and text not in found and len(text) <= LEAD_CHARS
                and prose_words(text) and not _TRUNCATED.search(text)
                and link_share(element) < LEAD_LINKS and _summarized(text, summaries)):
            found.append(text)  # once: a page may show its dek twice (header and abstract)
    else:
        return blocks  # the body was not found after the headline: nothing is sure
    return blocks[:1] + found[:LEAD_BLOCKS] + blocks[1:] if len(found) <= LEAD_BLOCKS else blocks


def _summaries(tree: Tree) -> list[set[str]]:
    """The words of the page's own summaries of its article (its description meta tags), which a
    lead repeats."""
    found = tree.xpath("//meta[@name='description' or @property='og:description'"
                       " or @name='twitter:description']/@content")
    return [set(_WORDS.findall(text.lower())) for text in found if text.strip()]


def _summarized(text: str, summaries: list[set[str]]) -> bool:
    """Whether a paragraph says what one of the page's summaries says (most of the words of the
    shorter of the two in common)."""
    words = set(_WORDS.findall(text.lower()))
    return any(len(words & summary) >= LEAD_SUMMARY * min(len(words), len(summary))
               for summary in summaries if summary and words)


def _following(element: Tree) -> Iterator[Tree]:
    """The elements after this one in document order (its own descendants first)."""
    started = False
    for other in element.getroottree().getroot().iter():
        if other is element:
            started = True
        elif started:
            yield other


def _under(element: Tree, tags: frozenset[str], beside: set[Tree]) -> bool:
    """Whether the element or one of its ancestors, other than those ``beside``, has one of these
    tags."""
    return element.tag in tags or any(parent.tag in tags for parent in element.iterancestors()
                                      if parent not in beside)


def _squashed(element: Tree) -> str:
    return " ".join(element.text_content().split())


def _prose(blocks: list[str]) -> int:
    """Words in blocks of article-like text: sentences (a news paragraph is often one), not a
    line of links."""
    return sum(prose_words(block) for block in blocks)


def _lines(element: ElementTree.Element) -> str:
    """A block's text, a line for each line break (``<lb/>``) or block (a quote's paragraphs)."""
    parts = [element.text or ""]
    for child in element:
        inner = _lines(child)
        parts += [inner if child.tag in _INLINE else f"\n{inner}\n", child.tail or ""]
    return "\n".join(" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip())


def _list(element: ElementTree.Element) -> str:
    return "\n".join(BULLET + item for item in (_line(child) for child in element) if item)


def _table(element: ElementTree.Element) -> str:
    """A table, a line for each row, its cells separated by commas."""
    rows = (", ".join(cell for cell in (_line(c) for c in row) if cell) for row in element.iter("row"))
    return "\n".join(row for row in rows if row)


def _line(element: ElementTree.Element) -> str:
    return " ".join(_lines(element).split())


_BLOCK = {"list": _list, "table": _table}
_INLINE = frozenset({"hi", "ref", "del"})  # trafilatura's inline elements: the rest end a line
