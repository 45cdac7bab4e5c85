"""HTML -> plain text for the segmenter: the readable blocks, in document order.

Headings, paragraphs, quotes and the like become paragraphs separated by blank lines; a list
becomes one paragraph of "• item" lines. Scripts, styles, navigation, forms, buttons and anything
marked ``data-tts-skip``, ``aria-hidden="true"``, ``hidden`` or ``display: none`` are dropped.
Uses only the standard library's tolerant ``html.parser``.
"""

from __future__ import annotations

from html.parser import HTMLParser

BULLET = "• "

# Elements whose whole content is dropped.
SKIPPED = frozenset({
    "script", "style", "noscript", "template", "title", "svg", "math", "canvas", "iframe",
    "object", "nav", "aside", "footer", "button", "form", "select", "textarea", "dialog",
})
# Elements that start and end a block of text.
BLOCKS = frozenset({
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "legend",
    "main", "p", "pre", "section", "summary", "table", "td", "th", "tr",
})
LISTS = frozenset({"ul", "ol", "menu"})
# Elements that never have content or an end tag.
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})

Attributes = list[tuple[str, str | None]]


def html_to_text(html: str) -> str:
    """The readable text of an HTML page or fragment: blocks separated by blank lines."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser.end_block()
    return "\n\n".join("\n".join(lines) for lines in parser.blocks)


def is_hidden(tag: str, attrs: Attributes, in_article: bool) -> bool:
    """Whether an element and everything in it is left out of the spoken text."""
    values = {name: (value or "") for name, value in attrs}
    style = values.get("style", "").replace(" ", "").lower()
    return (
        tag in SKIPPED
        or (tag == "header" and not in_article)  # site header; an article's header has its title
        or "data-tts-skip" in values
        or "hidden" in values
        or values.get("aria-hidden", "").lower() == "true"
        or "display:none" in style
    )


class _Extractor(HTMLParser):
    """Collects text into blocks of lines; a skipped element is followed to its end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = []
        self.lines: list[str] = []  # lines of the block being read
        self.words: list[str] = []  # text of the line being read
        self.item = False  # the line being read is a list item
        self.lists = 0  # depth of open lists
        self.articles = 0  # depth of open <article> elements
        self.skipping = ""  # tag of the skipped element we are inside, if any
        self.skip_depth = 0  # how many of that tag are open inside it

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        if self.skipping:
            self.skip_depth += tag == self.skipping
        elif tag in VOID:
            self._void(tag)
        elif is_hidden(tag, attrs, self.articles > 0):
            self.skipping, self.skip_depth = tag, 1
        elif tag == "li":
            self.end_line()
            self.item = True
        else:
            self._boundary(tag, opening=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skip_depth -= tag == self.skipping
            if self.skip_depth == 0:
                self.skipping = ""
        elif tag == "li":
            self.end_line()
        elif tag not in VOID:
            self._boundary(tag, opening=False)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.words.append(data)

    def end_line(self) -> None:
        line = " ".join("".join(self.words).split())
        self.words = []
        if line:
            self.lines.append(BULLET + line if self.item else line)
            self.item = False

    def end_block(self) -> None:
        self.end_line()
        if self.lines:
            self.blocks.append(self.lines)
            self.lines = []

    def _void(self, tag: str) -> None:
        if tag == "br":
            self.end_line()
        elif tag == "hr":
            self.end_block()

    def _boundary(self, tag: str, *, opening: bool) -> None:
        step = 1 if opening else -1
        if tag == "article":
            self.articles = max(0, self.articles + step)
        if tag in LISTS:
            self.lists = max(0, self.lists + step)
            outermost = self.lists == (1 if opening else 0)
            if outermost:
                self.end_block()
            else:
                self.end_line()
        elif tag in BLOCKS and self.lists:
            self.end_line()
        elif tag in BLOCKS:
            self.end_block()
