"""HTML -> plain text for the segmenter: the readable blocks, in document order.

Headings, paragraphs, quotes and the like become paragraphs separated by blank lines; a list
becomes one paragraph of "• item" lines. Scripts, styles, navigation, forms, buttons and anything
marked ``data-tts-skip``, ``aria-hidden="true"``, ``hidden`` or ``display: none`` are dropped.
``data-tts-say`` and ``data-tts-pause`` are kept as marks (see ``markup``). Uses only the standard
library's tolerant ``html.parser``.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from ..markup import PAUSE, SAY_END, SAY_START, Marked, from_marked_text, pause_ms
from .page_parts import DEFAULT_POLICY, ReadingPolicy

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


def html_to_text(html: str, policy: ReadingPolicy = DEFAULT_POLICY) -> str:
    """The readable text of an HTML page or fragment: blocks separated by blank lines."""
    return read_html(html, policy).text


def read_html(html: str, policy: ReadingPolicy = DEFAULT_POLICY) -> Marked:
    """The readable text, with what ``data-tts-say`` says instead and ``data-tts-pause``'s pauses.
    ``policy``: which optional parts (captions, bylines...) are read."""
    parser = _Extractor(policy)
    parser.feed(html)
    parser.close()
    parser.end_block()
    text = "\n\n".join("\n".join(lines) for lines in parser.blocks)
    return from_marked_text(text, parser.spoken, parser.pauses)


def is_hidden(tag: str, attrs: Attributes, in_article: bool,
              policy: ReadingPolicy = DEFAULT_POLICY) -> bool:
    """Whether an element and everything in it is left out of the spoken text."""
    values = {name: (value or "") for name, value in attrs}
    style = values.get("style", "").replace(" ", "").lower()
    return (
        tag in SKIPPED
        or (tag == "figcaption" and not policy.captions)
        or policy.skips(values.get("class", "")) or policy.skips(values.get("id", ""))
        or (tag == "header" and not in_article)  # site header; an article's header has its title
        or "data-tts-skip" in values
        or "hidden" in values
        or values.get("aria-hidden", "").lower() == "true"
        or "display:none" in style
    )


class _Extractor(HTMLParser):
    """Collects text into blocks of lines; a skipped element is followed to its end tag."""

    def __init__(self, policy: ReadingPolicy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.blocks: list[list[str]] = []
        self.lines: list[str] = []  # lines of the block being read
        self.words: list[str] = []  # text of the line being read
        self.item = False  # the line being read is a list item
        self.lists = 0  # depth of open lists
        self.articles = 0  # depth of open <article> elements
        self.skipping = ""  # tag of the skipped element we are inside, if any
        self.skip_depth = 0  # how many of that tag are open inside it
        self.open = Counter[str]()  # open elements by tag
        self.marked: list[tuple[str, int, bool, int | None]] = []  # (tag, depth, say, pause ms)
        self.spoken: list[str] = []  # each data-tts-say, in document order
        self.pauses: list[int] = []  # each data-tts-pause, in document order

    def handle_starttag(self, tag: str, attrs: Attributes) -> None:
        if self.skipping:
            self.skip_depth += tag == self.skipping
        elif tag in VOID:
            self._void(tag, attrs)
        elif is_hidden(tag, attrs, self.articles > 0, self.policy):
            self.skipping, self.skip_depth = tag, 1
        elif tag == "li":
            self.end_line()
            self.item = True
            self._open_marks(tag, attrs)
        else:
            self._boundary(tag, opening=True)
            self._open_marks(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skip_depth -= tag == self.skipping
            if self.skip_depth == 0:
                self.skipping = ""
            return
        if tag in VOID:
            return
        self._close_marks(tag)
        if tag == "li":
            self.end_line()
        else:
            self._boundary(tag, opening=False)

    def _open_marks(self, tag: str, attrs: Attributes) -> None:
        """Note a data-tts-say or data-tts-pause element; its say starts here."""
        self.open[tag] += 1
        values = dict(attrs)
        say, pause = values.get("data-tts-say"), values.get("data-tts-pause")
        if say is None and pause is None:
            return
        if say is not None:
            self.words.append(SAY_START)
            self.spoken.append(" ".join(say.split()))
        ms = pause_ms(pause, f"data-tts-pause on <{tag}>") if pause is not None else None
        self.marked.append((tag, self.open[tag], say is not None, ms))

    def _close_marks(self, tag: str) -> None:
        if self.marked and self.marked[-1][:2] == (tag, self.open[tag]):
            _, _, say, ms = self.marked.pop()
            if say:
                self.words.append(SAY_END)
            if ms is not None:
                self.words.append(PAUSE)
                self.pauses.append(ms)
        self.open[tag] = max(0, self.open[tag] - 1)

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

    def _void(self, tag: str, attrs: Attributes) -> None:
        pause = dict(attrs).get("data-tts-pause")
        if pause is not None:
            self.words.append(PAUSE)
            self.pauses.append(pause_ms(pause, f"data-tts-pause on <{tag}>"))
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
