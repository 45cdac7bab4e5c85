"""html_to_text: readable blocks in document order, separated by blank lines."""

from __future__ import annotations

import pytest

from tts_service.text import html_to_text, segment_text

ROWS = [
    ("<p>a</p><p>b</p>", "a\n\nb"),
    ("<h1>Title</h1><h2>Sub</h2><p>Body.</p>", "Title\n\nSub\n\nBody."),
    ("<p>First   para\n with <b>bold</b> and <a href='#'>a link</a>.</p>",
     "First para with bold and a link."),
    ("<p>un<span>bro</span>ken</p>", "unbroken"),
    ("<p>Line<br>break</p>", "Line\nbreak"),
    ("plain &amp; simple &lt;3&nbsp;x", "plain & simple <3 x"),
    ("<p>&#8220;Hi&#8221; &eacute;t&eacute;</p>", "“Hi” été"),
    ("<div>a<p>b</p>c</div>", "a\n\nb\n\nc"),
    ("<p>Unclosed <p>second", "Unclosed\n\nsecond"),
    ("<p>a</p><hr><p>b</p>", "a\n\nb"),
    # lists: one paragraph of "• item" lines, nested lists flattened
    ("<ul><li>one</li><li>two</li></ul>", "• one\n• two"),
    ("<ol><li><p>para in item</p></li><li>b</li></ol>", "• para in item\n• b"),
    ("<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul><p>after</p>",
     "• one\n• nested\n• two\n\nafter"),
    ("<blockquote><p>Quoted.</p></blockquote>", "Quoted."),
    # captions are skipped by default (TTS_READ_CAPTIONS reads them: see test_reading.py)
    ("<p>Text.</p><figure><img src=x alt=pic><figcaption>Caption.</figcaption></figure>", "Text."),
    ("<table><tr><td>a</td><td>b</td></tr></table>", "a\n\nb"),
    # dropped: code, styles, navigation, chrome and anything marked hidden
    ("<script>var x = 1;</script><style>p {}</style><p>y</p>", "y"),
    ("<html><head><title>T</title><meta charset=utf-8></head><body><p>y</p></body></html>", "y"),
    ("<nav><ul><li>Home</li></ul></nav><p>y</p>", "y"),
    ("<header><p>Site name</p></header><p>y</p>", "y"),
    ("<article><header><h1>Title</h1></header><p>y</p><footer>Tags</footer></article>",
     "Title\n\ny"),
    ("<aside>Related</aside><form><p>Sign up</p><button>Go</button></form><p>y</p>", "y"),
    ("<svg><text>x</text></svg><noscript>Enable JS</noscript><p>y</p>", "y"),
    ("<p>Share<button>Tweet</button></p>", "Share"),
    ("<div data-tts-skip><div><p>x</p></div><p>x</p></div><p>y</p>", "y"),
    ('<span aria-hidden="true">★★★</span>Rated', "Rated"),
    ('<p hidden>x</p><p style="display: none">x</p><p>y</p>', "y"),
    ("", ""),
]


@pytest.mark.parametrize(("html", "text"), ROWS)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_extracted_text_segments_as_headings_paragraphs_and_items() -> None:
    html = "<h1>Budget passes</h1><p>The vote was close. It passed.</p><ul><li>Taxes</li></ul>"
    segments = segment_text(html_to_text(html), 100)
    assert [(s.text, s.paragraph) for s in segments] == [
        ("Budget passes", 0), ("The vote was close.", 1), ("It passed.", 1), ("Taxes", 2),
    ]
