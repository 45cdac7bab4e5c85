"""The one HTML reader on pages written in the shapes publishers use: what must be read, what must
never be, and the policy for optional parts (captions, bylines, datelines, FAQ)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from tts_service.errors import InputError
from tts_service.text.reading.article import is_whole_page, read_article_html
from tts_service.text.reading.cleaning import SENTENCE_MOST_WORDS, prose_words
from tts_service.text.reading.page_parts import ReadingPolicy

PAGES = Path(__file__).with_name("pages")

# page -> (passages that must be read, in this order; passages that must never be read)
EXPECTED = {
    "wordpress.html": (
        ["Lake levels fall for a third summer", "Hollis Lake dropped another fourteen inches",
         "What the county plans", "County engineers will present three options",
         "We cannot control the rain"],
        ["Skip to content", "Local news since 1887", "Obituaries", "Share this", "Facebook",
         "Town approves new dock", "Posted in", "Previous post", "Great reporting",
         "Leave a Reply", "Recent Posts", "Proudly powered by WordPress", "Rosa Delgado"]),
    "news_site.html": (
        ["Council approves floating solar farm on the reservoir",
         "The panels will cover a fifth of the water", "voted six to one on Tuesday night",
         "Supporters said the shade", "most practical climate decision",
         "The lone vote against came from Councilmember Tom Reyes"],
        ["We use cookies", "Accept all", "Subscribe for $1", "Advertisement",
         "Sign up for our morning newsletter", "Most read", "Bakery closes", "All rights reserved",
         "Grace Whitfield"]),
    "amp.html": (
        ["Ferry service resumes after storm", "The island ferry returned to its normal schedule",
         "Crews spent Wednesday inspecting", "Passengers with tickets for cancelled sailings"],
        ["Menu", "Travel", "Coastal Times"]),
    "nested_divs.html": (
        ["Library extends weekend hours", "will stay open until eight on Saturdays",
         "Board members said visits on weekends had doubled", "The longer hours will cost"],
        ["Upcoming events", "Story time", "Book club", "Open Monday to Friday", "Contact"]),
    "live_blog.html": (
        ["Live: Storm brings flooding to the coast", "Heavy rain and high tides",
         "Schools close in Linden Bay", "All schools in Linden Bay are closed", "Bridge reopens",
         "The weather service has extended its flood warning"],
        ["Copy link", "Related coverage", "How to prepare for a flood", "Newsroom"]),
    "wire_article.html": (
        ["Port Alden approves harbor dredging plan after months of talks",
         "The city will deepen the main channel", "Key Takeaways",
         "The state will pay half of the $64 million cost", "PORT ALDEN, Maine (Wire News)",
         "This keeps our port open for the next thirty years", "Point of View",
         "Local fishermen worry", "Frequently Asked Questions", "When does the work start?",
         "One lane will stay open"],
        ["Click to start listening", "6 min listen", "Share on LinkedIn", "Email this article",
         "Get alerts on Port Alden", "morning briefing", "Read more",
         "Cargo volumes rise", "All rights reserved", "Markets"]),
    # Shapes that were refused when the cleaning removed the element holding the whole page:
    # a <body> whose class list holds a class word ("has-comments", "related-posts"), a <form>
    # wrapping the whole page (ASP.NET), an article container named "...-with-related-content".
    "body_class.html": (
        ["Orchard growers count losses after late frost", "Apple and cherry growers",
         "The cold arrived just as most trees", "A second bad year", "• Cherries: about 60 percent",
         "• Pears: little damage", "We did everything we could", "The extension office will hold"],
        ["Skip to content", "Valley Ledger", "Opinion", "Nora Albright", "Share this", "Facebook",
         "Bee hives arrive", "thoughts on this story", "My grandfather", "Leave a Reply",
         "Recent Posts", "Proudly powered"]),
    "whole_page_form.html": (
        ["Water main break closes downtown streets", "A 24-inch water main burst",
         "City crews shut the valves", "Boil notice for the east side",
         "Residents east of the river", "Repairs should be finished"],
        ["Harbor City Herald", "Search", "Obituaries", "Share", "Most Popular",
         "High school wins title", "Advertisement", "Privacy policy"]),
    "related_container.html": (
        ["Ridge trail reopens after rockfall repairs", "The Ridge Loop trail",
         "Park crews and volunteers", "Rangers asked hikers", "The park's visitor center"],
        ["Home", "Outdoors", "Share on Facebook", "Related stories", "Campground fees rise",
         "All rights reserved"]),
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_the_article_is_read_and_the_page_around_it_is_not(page: str) -> None:
    html = (PAGES / page).read_text("utf-8")
    assert is_whole_page(html)
    text = read_article_html(html).text
    must, never = EXPECTED[page]
    positions = [text.find(passage) for passage in must]
    assert -1 not in positions, [p for p, at in zip(must, positions, strict=True) if at < 0]
    assert positions == sorted(positions), "passages out of order"
    assert text.startswith(must[0]), "the headline comes first"
    assert [passage for passage in never if passage in text] == []


def test_the_policy_reads_or_skips_datelines_and_faq() -> None:
    html = (PAGES / "wire_article.html").read_text("utf-8")
    text = read_article_html(html, ReadingPolicy(datelines=False, faq=False)).text
    assert "PORT ALDEN, Maine" not in text and "Frequently Asked Questions" not in text
    assert "The Port Alden city council on Monday approved" in text


@pytest.mark.parametrize("whole_page", [True, False])
def test_the_policy_is_the_same_for_pages_and_fragments(whole_page: bool) -> None:
    article = ('<article><h1>Rowers win the final</h1><p class="byline">By Jane Doe</p>'
               '<figure><img src="boat.jpg"><figcaption>The crew at the finish. Photo: '
               'Sam Lee</figcaption></figure><p>The Hollis Lake club won the regional final on '
               'Saturday, beating four crews from larger towns by a clear length.</p>'
               '<div class="share-tools"><a href="#">Share</a></div></article>')
    html = f"<html><body><nav>Home</nav>{article}</body></html>" if whole_page else article
    default = read_article_html(html).text
    assert "The Hollis Lake club won" in default
    assert "By Jane Doe" not in default and "The crew at the finish" not in default
    assert "Share" not in default
    everything = read_article_html(html, ReadingPolicy(captions=True, bylines=True)).text
    assert "By Jane Doe" in everything and "The crew at the finish" in everything


def test_a_fragment_is_read_by_the_structural_reader_with_its_markup() -> None:
    html = ('<article><div class="tts-player">Click to start listening</div><h1>Title</h1>'
            '<p>The <abbr data-tts-say="Federal Reserve">Fed</abbr> met.</p>'
            '<div class="newsletter">Sign up now</div><p data-tts-skip>Not this.</p></article>')
    assert not is_whole_page(html)
    marked = read_article_html(html)
    assert marked.text == "Title\n\nThe Fed met."
    assert marked.says == ((11, 14, "Federal Reserve"),)


def test_a_page_with_no_article_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        read_article_html("<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2025</footer>"
                          "</body></html>")


def test_the_headline_and_body_are_read_when_the_whole_page_is_named_like_a_rail() -> None:
    """Class words remove what sits beside the article, never the element that holds it."""
    paragraphs = "".join(f"<p>Paragraph {n} of the story says what happened. It goes on a while "
                         f"to make a real article of several sentences.</p>" for n in range(8))
    for wrapper in ('<div class="comments">{}</div>', '<aside>{}</aside>', '<form>{}</form>',
                    '<div id="share-wrapper">{}</div>', '<footer>{}</footer>'):
        html = ("<html><body><nav><a href='/'>Home</a></nav>"
                + wrapper.format(f"<h1>The headline</h1>{paragraphs}") + "</body></html>")
        text = read_article_html(html).text
        assert text.startswith("The headline"), wrapper
        assert "Paragraph 0 of the story" in text and "Paragraph 7 of the story" in text, wrapper
        assert "Home" not in text, wrapper


def test_a_page_trafilatura_reads_nothing_of_is_read_if_it_holds_article_text() -> None:
    """Only a page with no block of article-like text (several sentences, not links) is a 400."""
    story = ("The harbor master said the new pier would open in June. Boats will dock there from "
             "the first week. The old pier will close for repairs over the summer months.")
    html = f"<html><body><div>{story}</div></body></html>"
    assert story in read_article_html(html).text
    links = "".join(f"<a href='/{n}'>Story {n}</a> " for n in range(60))
    with pytest.raises(InputError, match="no article text"):
        read_article_html(f"<html><body><nav>{links}</nav><div>{links}</div></body></html>")


def test_which_reader_was_used_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    html = (PAGES / "body_class.html").read_text("utf-8")
    with caplog.at_level(logging.INFO, logger="tts_service.text.reading"):
        read_article_html(html)
    assert [getattr(r, "reader", None) for r in caplog.records] == ["cleaned"]


def test_text_between_headings_is_read_and_the_headline_once() -> None:
    """A deals page: each item a subheading and bare text after it, no paragraphs."""
    items = "".join(f"<h2>Deal number {n} for the week</h2>This price is the lowest we have seen "
                    f"for item {n} this year. It will not last past the weekend, the shop says."
                    for n in range(6))
    html = (f"<html><head><title>Weekend deals</title></head><body><main><h1>Weekend deals</h1>"
            f"{items}</main></body></html>")
    text = read_article_html(html).text
    assert text.startswith("Weekend deals\n\n") and text.count("Weekend deals") == 1
    for n in range(6):
        assert f"Deal number {n} for the week\n\nThis price is the lowest we have seen for item {n}" in text


@pytest.mark.parametrize("repeat", [
    "<p>{h}</p>",  # a title block that says the headline again
    "<p>{h} The council said so on Monday, and the works begin in spring.</p>",  # a dek that starts with it
])
def test_a_block_that_repeats_the_headline_does_not_read_it_twice(repeat: str) -> None:
    headline = "The city will rebuild the old bridge over the river"
    story = "".join(f"<p>Paragraph {n} of the story says what happened, and then it says more.</p>"
                    for n in range(8))
    html = (f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>"
            f"{repeat.format(h=headline)}{story}</article></body></html>")
    text = read_article_html(html).text
    assert text.startswith(headline + "\n\n") and text.count(headline) == 1
    if "council" in repeat:
        assert "\n\nThe council said so on Monday, and the works begin in spring." in text


STORY = "".join(f"<p>Paragraph {n} of the story says what happened, and then it says more.</p>"
                for n in range(8))


@pytest.mark.parametrize(("inside", "read"), [
    # React pages put empty comments inside sentences: the rest of the sentence stays.
    ("<p>The man had suffered<!-- --> months of dizziness and fatigue by then.</p>",
     "The man had suffered months of dizziness and fatigue by then."),
    # A table in the article is read, a line a row.
    ("<table><tr><th>Driver</th><th>Points</th></tr><tr><td>Kyle Busch</td><td>5040</td></tr>"
     "</table>", "Driver, Points\nKyle Busch, 5040"),
    # A line break inside a paragraph ends a line, not the words around it.
    ("<p>Signed by the mayor<br>and the council clerk, on the steps of the hall.</p>",
     "Signed by the mayor\nand the council clerk"),
])
def test_what_trafilatura_finds_inside_the_article_is_read_as_written(inside: str, read: str) -> None:
    html = f"<html><body><article><h1>The headline</h1>{STORY}{inside}{STORY}</article></body></html>"
    assert read in read_article_html(html).text


def test_a_page_swallowed_by_an_unclosed_tag_in_noscript_is_read() -> None:
    """A CMS writes ``<noscript><div id="nojava"></noscript>``: the parser leaves the noscript
    open around the whole page, which is read, while a noscript beside the article is not."""
    paragraphs = "".join(f"<p>Paragraph {n} of the park's report counts the bears born this "
                         f"year. It says more than last year.</p>" for n in range(6))
    html = ("<html><body><noscript><div id='nojava'></noscript><div id='main'>"
            f"<h1>A record year for bears</h1>{paragraphs}"
            "<noscript>Turn on JavaScript to see the map.</noscript></div></body></html>")
    text = read_article_html(html).text
    assert text.startswith("A record year for bears")
    assert "Paragraph 0 of the park's report" in text and "Paragraph 5 of the park's" in text
    assert "Turn on JavaScript" not in text


def test_lyrics_without_sentence_marks_are_read_and_a_page_of_links_is_not() -> None:
    """A song's page: lines with no full stops, which are still the article."""
    verse = "".join(f"I walk the harbor road at night number {n}<br>" for n in range(16))
    html = (f"<html><head><title>Harbor Road lyrics</title></head><body><nav><a href='/'>Home</a>"
            f"</nav><div class='lyrics'><p>{verse}</p></div></body></html>")
    text = read_article_html(html).text
    assert "I walk the harbor road at night number 0" in text
    assert "I walk the harbor road at night number 15" in text
    links = "".join(f"<li><a href='/{n}'>Harbor road song number {n}</a></li>" for n in range(30))
    with pytest.raises(InputError, match="no article text"):
        read_article_html(f"<html><body><ul>{links}</ul></body></html>")


@pytest.mark.parametrize(("title", "h1", "headline"), [
    ("LinkNaija | Nigeria's news: Chelsea sign their new keeper", "Chelsea sign their new keeper",
     "Chelsea sign their new keeper"),
    ("Rowers win the regional final - Sport - Hollis Herald", "", "Rowers win the regional final"),
    ("Rowers win the regional final", "", "Rowers win the regional final"),
])
def test_the_headline_is_read_without_the_site_name(title: str, h1: str, headline: str) -> None:
    story = "".join(f"<p>Paragraph {n} says what the club did this season. It was a good one.</p>"
                    for n in range(12))  # more than a small page: trafilatura reads it
    heading = f"<div class='kicker'><span>{h1}</span></div>" if not h1 else f"<h1>{h1}</h1>"
    html = (f"<html><head><title>{title}</title></head><body><div>{heading}{story}</div>"
            "</body></html>")
    text = read_article_html(html).text
    assert text.split("\n\n")[0] == headline
    assert text.count(headline) == 1


LEAD = "Demand for heat pumps doubled this year, and the town's installers cannot keep up with it."
PROMO = "Sign up for our morning letter and get the day's news in your inbox before breakfast."


def _dek_page(between: str, description: str = LEAD) -> str:
    """A CMS's article page: the headline, a date line and a standfirst (classed as a teaser) above the ``<article>``
    that holds the body; the page's description repeats the standfirst."""
    story = "".join(f"<p>Paragraph {n} of the story says what the installers told the council. "
                    f"It says more than the last one.</p>" for n in range(10))
    return (f"<html><head><title>Heat pumps sell out</title>"
            f"<meta name='description' content=\"{description}\"></head><body><div class='top'>"
            "<h1 class='h1'>Heat pumps sell out</h1><div class='post-date'><span>Published: </span>"
            "<time datetime='2022-10-24'>24 October 2022</time></div>"
            f"<div class='article-teaser'><p>{between}</p></div></div>"
            f"<article class='post-text'>{story}</article></body></html>")


def test_the_lead_left_out_by_trafilatura_is_read_after_the_headline() -> None:
    import trafilatura

    html = _dek_page(LEAD)
    assert LEAD not in (trafilatura.extract(html) or "")  # the shape this is about
    blocks = read_article_html(html).text.split("\n\n")
    assert blocks[:3] == ["Heat pumps sell out", LEAD, blocks[2]]
    assert blocks[2].startswith("Paragraph 0 of the story")
    assert "24 October 2022" not in "\n".join(blocks)  # the date line is not prose


def test_a_promotion_between_the_headline_and_the_body_is_not_read_as_its_lead() -> None:
    text = read_article_html(_dek_page(PROMO)).text  # not what the page's description says
    assert PROMO not in text and text.startswith("Heat pumps sell out\n\nParagraph 0 of the story")


# The standfirst in the shapes trafilatura leaves it out of: in the headline's own <header> above
# the <article>, or drawn as an h2 whose end tag is mistyped (``</h3>``), so that the parser makes
# that heading hold the whole body.
STANDFIRSTS = {
    "in the headline's header": (
        "<main><header id='content-header' class='article-header'><h1>Heat pumps sell out</h1>"
        "<p class='font-brand'>{lead}</p></header><div class='byline'><a href='/a'>Ann Lee</a></div>"
        "<article>{story}</article></main>"),
    "an h2 left open": (
        "<div class='top'><h1>Heat pumps sell out</h1><figure><img src='a.jpg'></figure>"
        "<h2 class='article-single__excerpt'> {lead} </h3><div class='ad-slot'></div>"
        "<div class='body'>{story}</div></div>"),
}


@pytest.mark.parametrize(("shape", "lead"), [
    *((shape, LEAD) for shape in sorted(STANDFIRSTS)),
    ("in the headline's header", PROMO),  # not what the page's description says: not read
])
def test_a_standfirst_that_says_what_the_description_says_is_read_after_the_headline(
        shape: str, lead: str) -> None:
    import trafilatura

    story = "".join(f"<p>Paragraph {n} of the story says what the installers told the council. "
                    f"It says more than the last one.</p>" for n in range(10))
    html = (f"<html><head><title>Heat pumps sell out</title><meta name='description' "
            f"content=\"{LEAD}\"></head><body>"
            + STANDFIRSTS[shape].format(lead=lead, story=story) + "</body></html>")
    assert lead not in (trafilatura.extract(html) or "")  # the shape this is about
    blocks = read_article_html(html).text.split("\n\n")
    standfirst = [lead] if lead == LEAD else []  # a promotion there is not what the page says
    assert blocks[:len(standfirst) + 2] == ["Heat pumps sell out", *standfirst,
                                            blocks[len(standfirst) + 1]]
    assert blocks[len(standfirst) + 1].startswith("Paragraph 0 of the story")
    assert len(blocks) == len(standfirst) + 11  # the body read once, as paragraphs


def test_a_standfirst_the_page_shows_twice_is_read_once() -> None:
    """A CMS shows the dek in the headline's header and again as the body's abstract: the
    listener hears it once, after the headline."""
    story = "".join(f"<p>Paragraph {n} of the story says what the installers told the council. "
                    f"It says more than the last one.</p>" for n in range(10))
    html = (f"<html><head><title>Heat pumps sell out</title><meta name='description' "
            f"content=\"{LEAD}\"></head><body><article><header><h1>Heat pumps sell out</h1>"
            f"<div class='header-dek'>{LEAD}</div></header><div class='contents'>"
            f"<div class='abstract'>{LEAD}</div><div class='body'>{story}</div></div></article>"
            "</body></html>")
    text = read_article_html(html).text
    assert text.count(LEAD) == 1 and text.startswith(f"Heat pumps sell out\n\n{LEAD}\n\nParagraph 0")


@pytest.mark.parametrize(("lead", "read"), [
    ("Demand for heat pumps doubled this year, and the town's installers,...", False),
    ("Demand for heat pumps doubled this year, and the town's installers…", False),
    ("Heat pumps are sold out all over town ... what a winter to be cold ...", True),  # a style
])
def test_a_teaser_cut_mid_sentence_is_not_read_as_the_lead(lead: str, read: bool) -> None:
    """A lead that stops mid-sentence on an ellipsis is an excerpt's teaser, not a standfirst."""
    text = read_article_html(_dek_page(lead, description=lead)).text
    assert text.startswith("Heat pumps sell out\n\n" + (f"{lead}\n\n" if read else "")
                           + "Paragraph 0 of the story")


def test_the_authors_bio_box_is_not_read() -> None:
    """A contributor's bio under the article (``contrib-bio``) is a byline part: not read by
    default."""
    bio = "I am a writer and a professor of health policy, and I have covered hospitals for years."
    story = "".join(f"<p>Paragraph {n} of the story says what the nurses told the board. "
                    f"It says more than the last one.</p>" for n in range(8))
    html = ("<html><head><title>Nurses ask for more staff</title></head><body><div class='page'>"
            f"<article><h1>Nurses ask for more staff</h1>{story}"
            "<div class='contrib bottom-block'><div class='contrib-bio'>"
            f"<div class='full-description'><p>{bio}</p></div></div></div></article></div></body></html>")
    assert bio not in read_article_html(html).text
    assert bio in read_article_html(html, ReadingPolicy(bylines=True)).text


@pytest.mark.parametrize(("line", "words", "read"), [
    ("<p>Read more: <a href='/b'>Looted art goes home</a></p>", "Looted art", False),
    ("<p><strong>Lesen Sie auch:</strong> <a href='/b'>Die Fähre fährt wieder</a></p>",
     "Die Fähre", False),
    ("<p>LEA TAMBIÉN: <a href='/b'>El puerto abre de nuevo</a></p>", "El puerto", False),
    ("<p>À lire aussi</p><ul><li><a href='/b'>Le port rouvre</a></li>"
     "<li><a href='/c'>La marée monte</a></li></ul>", "lire aussi", False),
    ("<p>À lire aussi</p><ul><li><a href='/b'>Le port rouvre</a></li>"
     "<li><a href='/c'>La marée monte</a></li></ul>", "Le port rouvre", False),
    # a sentence of the article that starts like one is read
    ("<p>Related talks between the two towns broke down on Friday, the mayor said.</p>",
     "Related talks between the two towns", True),
    ("<p>See also: the council's own report, which the mayor published on Friday after the vote "
     "and which runs to forty pages of tables, maps and the harbor master's notes.</p>",
     "the council's own report", True),
])
def test_read_also_lines_between_paragraphs_are_not_read(line: str, words: str, read: bool) -> None:
    html = (f"<html><head><title>The harbor reopens</title></head><body><article>"
            f"<h1>The harbor reopens</h1>{STORY}{line}{STORY}</article></body></html>")
    text = read_article_html(html).text
    assert (words in text) is read
    assert text.count("Paragraph 7 of the story") == 2


def test_a_post_drawn_from_a_template_script_is_read() -> None:
    """A blog platform ships the post inside ``<script type="text/template">`` in its articleBody
    and draws it with script: that HTML is the article, while other scripts are never read."""
    post = "".join(f"<p>Step {n} of the new browsing protection checks each site against a "
                   f"list that changes every hour.</p>" for n in range(5))
    html = ("<html><body><div class='header'><h2>Security Blog</h2><div>The latest news and "
            "insights</div></div><div class='post' itemscope><h2>Safer browsing for everyone</h2>"
            f"<div itemprop='articleBody'><script type='text/template'>{post}</script></div>"
            "<script>var tracker = 'not read';</script></div></body></html>")
    text = read_article_html(html).text
    assert "Step 0 of the new browsing protection" in text
    assert "Step 4 of the new browsing protection" in text
    assert "not read" not in text


def test_a_gallery_is_read_from_its_captions_and_a_photo_caption_is_not() -> None:
    """A slide show whose every slide is described in its caption is read from its captions (the
    policy that skips captions skips a photo's caption, not a gallery's whole article)."""
    slides = "".join(
        f"<figure class='slide'><h2>{n}. Costume number {n}</h2><img src='/{n}.jpg'>"
        f"<figcaption class='slide-caption'><p>What you need: a hat, a scarf and costume "
        f"piece number {n} from the back of your wardrobe.</p></figcaption></figure>"
        for n in range(1, 7))
    gallery = (f"<html><body><h1>Six costumes to make tonight</h1><p>Cheap and easy costumes "
               f"are all that matter this year.</p>{slides}</body></html>")
    text = read_article_html(gallery).text
    assert "costume piece number 1 from the back" in text
    assert "costume piece number 6 from the back" in text
    story = ("<html><body><h1>Harbor ferry resumes</h1>"
             + "".join(f"<p>Paragraph {n} says the ferry sails again after the storm. Crews "
                       f"checked the docks.</p>" for n in range(6))
             + "<figure><img src='/ferry.jpg'><figcaption>The ferry at dawn. Photo: Ana Ruiz."
             "</figcaption></figure></body></html>")
    assert "Photo: Ana Ruiz" not in read_article_html(story).text


def test_a_menu_that_ends_in_a_full_stop_counts_as_one_sentence_of_prose() -> None:
    """The evidence between readings is the prose each keeps: a long line of menu words with one
    full stop at its end (an archive of months, "Give us feedback.") weighs one sentence, not
    hundreds of words, so it cannot outweigh the article trafilatura finds on the whole page."""
    months = " ".join(f"{m} {y}" for y in range(2000, 2021) for m in ("Jan", "Feb", "Mar", "Apr"))
    menu = f"Latest {months} Give us feedback in our forums."
    paragraph = ("We have seen threats on the web grow more sophisticated. Phishing sites rotate "
                 "their domains quickly. Malware targets the users most at risk.")
    assert prose_words(menu) == SENTENCE_MOST_WORDS < len(menu.split())
    assert prose_words(paragraph) >= len(paragraph.split())


def test_a_page_drawn_by_script_is_read_from_the_body_its_data_declares(
        caplog: pytest.LogCaptureFixture) -> None:
    """Where the page's HTML holds only a browser warning and a menu, and its JSON-LD declares the
    article's body (schema.org articleBody, or a how-to's steps), that body is read; a page whose
    HTML holds the article is read from its HTML, whatever its data says."""
    body = " ".join(f"Step {n} of sewing a round tablecloth is measuring the table once more."
                    for n in range(6))
    data = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "A round tablecloth", "articleBody": body}]})
    drawn = (f"<html><head><title>A round tablecloth</title><script type='application/ld+json'>"
             f"{data}</script></head><body><div>Your browser is out of date. Please update "
             f"it for a better experience.</div><nav><a href='/'>Rooms</a></nav></body></html>")
    with caplog.at_level(logging.INFO, logger="tts_service.text.reading.article"):
        text = read_article_html(drawn).text
    assert "Step 0 of sewing" in text and "Step 5 of sewing" in text
    assert "browser is out of date" not in text
    assert "json-ld" in caplog.text
    how_to = json.dumps({"@type": "HowTo", "name": "Sew a tablecloth", "description": body,
                         "step": [{"@type": "HowToStep", "text": "Hem the edge by hand."}]})
    assert "Hem the edge by hand" in read_article_html(drawn.replace(data, how_to)).text
    article = "".join(f"<p>Paragraph {n} of the article on the page says what the town "
                      f"decided about the harbor.</p>" for n in range(6))
    page = drawn.replace("<nav>", f"<article><h1>Harbor vote</h1>{article}</article><nav>")
    text = read_article_html(page).text
    assert "Paragraph 0 of the article on the page" in text and "Step 0 of sewing" not in text


def test_the_sites_notices_after_the_article_are_not_read() -> None:
    """A paywall's prompt with its list of perks, the copyright line and the app promotion that a
    site puts after every article, inside its container, are not read; the same words inside
    the article (a quote about copyright) are."""
    body = "".join(f"<p>Paragraph {n} says the council met on Tuesday and agreed the budget.</p>"
                   for n in range(5))
    quote = "<p>“All rights reserved, they told us,” the musician said of the label.</p>"
    notices = ("<p>To view the full story, please subscribe to The Harbor Times.</p>"
               "<p>— Downloadable lists and resources</p><p>— Membership perks</p>"
               "<p>If you’re seeing this message but you’re already a subscriber, log in.</p>"
               "<p>© 2026, Harbor Times. All rights reserved.</p>"
               "<p>For the latest stories download the Harbor Times apps for iOS and Android.</p>")
    html = (f"<html><body><article><h1>Council agrees the budget</h1>{body}{quote}"
            f"<p>The vote was six to one.</p>{notices}</article></body></html>")
    text = read_article_html(html).text
    assert "All rights reserved, they told us" in text and text.endswith("The vote was six to one.")
    for notice in ("To view the full story", "Downloadable lists", "already a subscriber",
                   "© 2026", "apps for iOS"):
        assert notice not in text


RECIPE_STEPS = "".join(f"<p>Step {n}: stir the pot of beans over a low heat, then taste it again.</p>"
                       for n in range(5))
INGREDIENTS = ["2 cups dried beans", "1 onion, chopped", "1 tsp. smoked paprika"]


@pytest.mark.parametrize("declared", ["json-ld", "microdata"])
def test_a_recipe_is_read_with_its_ingredients_before_its_method(declared: str) -> None:
    """A recipe page shows its ingredients in a tab or widget the extractor leaves out; the
    ingredients its schema.org data declares are read, under their heading, before the method."""
    data = json.dumps({"@context": "https://schema.org", "@type": "Recipe", "name": "Pot beans",
                       "recipeIngredient": INGREDIENTS})
    script = f"<script type='application/ld+json'>{data}</script>" if declared == "json-ld" else ""
    tab = "" if declared == "json-ld" else (
        "<div class='recipe-tabs'><nav><ul>" + "".join(
            f"<li itemprop='recipeIngredient'><a href='#i{n}'>{line}</a></li>"
            for n, line in enumerate(INGREDIENTS)) + "</ul></nav></div>")
    page = (f"<html><head><title>Pot beans</title>{script}</head><body>{tab}<article>"
            f"<h1>Pot beans</h1><p>These beans feed a family for two days and cost very little "
            f"to make.</p><h2>Method</h2>{RECIPE_STEPS}</article></body></html>")
    blocks = read_article_html(page).text.split("\n\n")
    assert blocks[blocks.index("Ingredients") + 1] == "\n".join(f"• {line}" for line in INGREDIENTS)
    assert blocks.index("Ingredients") < blocks.index("Method") < len(blocks) - 5
    skipped = page.replace("<div class='recipe-tabs'>", "<div class='recipe-tabs' data-tts-skip>")
    if declared == "microdata":  # the publisher's mark still holds
        assert "Ingredients" not in read_article_html(skipped).text.split("\n\n")


def test_the_sites_promotions_inside_the_article_are_not_read() -> None:
    """A newsletter sign-up between paragraphs, an affiliate disclosure under the headline and a
    "follow us" line at the end are the site's, not the article's; a paragraph reporting on a
    newsletter is read."""
    body = [f"<p>Paragraph {n} says the council met on Tuesday and agreed the budget.</p>"
            for n in range(6)]
    report = ("<p>The mayor said residents who sign up for the city's newsletter will hear of "
              "road works first, and that the council will send it every week from March.</p>")
    promos = {
        1: "<p>This post contains references to products from one or more of our advertisers. "
           "We may receive compensation when you click on links to those products.</p>",
        4: "<h3>Sign up for the Harbor Times newsletter</h3><p>Never miss the latest news by "
           "signing up to our newsletter today!</p><p>You can unsubscribe at any time.</p>",
        7: "<p>Follow the Harbor Times on Twitter and Instagram @HarborTimes.</p>",
    }
    parts = body[:3] + [report] + body[3:]
    html = ("<html><body><article><h1>Council agrees the budget</h1>" + "".join(
        promos.get(n, "") + part for n, part in enumerate(parts)) + promos[7] +
        "</article></body></html>")
    text = read_article_html(html).text
    assert "sign up for the city's newsletter" in text and "Paragraph 5 says" in text
    for promo in ("references to products", "Never miss the latest", "unsubscribe",
                  "Sign up for the Harbor Times", "Follow the Harbor Times"):
        assert promo not in text


def test_the_sites_lines_are_not_read_on_a_short_page_either() -> None:
    """A page whose article is a few sentences (under ``SMALL_PAGE_CHARS``, read by the
    structural reader) loses the site's promotions and closing notices as a long one does."""
    html = ("<html><body><article><h1>Ferry runs late</h1>"
            "<p>The morning ferry left forty minutes late on Friday after a crew member fell ill.</p>"
            "<p>Follow the Harbor Times on Twitter and Instagram @HarborTimes.</p>"
            "<p>The afternoon sailings ran on time, the operator said.</p>"
            "<p>© 2026 Harbor Times. All rights reserved.</p></article></body></html>")
    text = read_article_html(html).text
    assert text.startswith("Ferry runs late\n\nThe morning ferry left forty minutes late")
    assert text.endswith("The afternoon sailings ran on time, the operator said.")
    assert "Follow the Harbor Times" not in text and "©" not in text


CREDITS = ["(Credit: Clayton Aldern / Harbor Wire)", "Photo: Alvaro Serey", "Photo by Ann Lee/Wire",
           "Image courtesy of the Port Authority"]


@pytest.mark.parametrize("credit", CREDITS)
def test_a_photos_credit_line_is_read_only_with_captions(credit: str) -> None:
    """A credit line standing as its own paragraph under a chart or photo is the caption's; a
    paragraph that speaks of photos is the article's."""
    body = [f"<p>Paragraph {n} says the council met on Tuesday and agreed the budget.</p>"
            for n in range(8)]
    own = "<p>Photos of the harbor taken by residents will be shown at the library.</p>"
    html = ("<html><body><article><h1>Council agrees the budget</h1>" + "".join(body[:3])
            + f"<p>{credit}</p>{own}" + "".join(body[3:]) + "</article></body></html>")
    assert credit not in read_article_html(html).text
    assert credit in read_article_html(html, ReadingPolicy(captions=True)).text
    assert "Photos of the harbor taken by residents" in read_article_html(html).text


@pytest.mark.parametrize(("closing", "kept"), [
    # the closing lines of news sites' article templates, after the last paragraph
    ("<p>Click here to subscribe to The Harbor Times Newsletter</p><h3>Comments</h3><p>comments</p>", ""),
    ("<p>Get the day’s top headlines delivered to your inbox every morning by subscribing to our "
     "newsletter.</p>", ""),
    ("<p>Get the latest updates right in your inbox. Subscribe to HarborTimes.com’s newsletters.</p>", ""),
    ("<p>Like this story? Share it with a friend!</p><p>Filed under: Harbor |</p>", ""),
    ("<p>If you buy something through this post, the Harbor Times may get a share of the sale.</p>", ""),
    ("<p>You may also like...</p><p>Who will run the harbor in 2027?</p>"
     "<p>Ferry fares rise again</p>", ""),
    ("<p>Tell us what YOU think...</p><p>comments</p>", ""),
    # the article's own last paragraphs that start or end in such words are read
    ("<p>More than forty residents spoke at the meeting, and most of them asked for a second vote "
     "on the plan.</p>", "More than forty residents spoke"),
    ("<p>Residents who subscribe to the weekly newsletter will hear of the works first, the mayor "
     "said.</p>", "Residents who subscribe to the weekly newsletter"),
    ("<h4>You may also like...</h4><p>The council will meet again in May, when it will hear from "
     "the harbor master about the dredging.</p>", "The council will meet again in May"),
])
def test_the_sites_closing_lines_after_the_article_are_not_read(closing: str, kept: str) -> None:
    """A newsletter prompt, the comment box's label, a share prompt, a "filed under" line, an
    affiliate disclosure and a "you may also like" list of headlines end many articles inside
    their container; the article's own last paragraphs are read."""
    body = "".join(f"<p>Paragraph {n} says the council met on Tuesday and agreed the budget.</p>"
                   for n in range(10))  # more than a small page: trafilatura reads it
    html = (f"<html><body><article><h1>Council agrees the budget</h1>{body}"
            f"<p>The vote was six to one.</p>{closing}</article></body></html>")
    text = read_article_html(html).text
    if kept:
        assert kept in text
    else:
        assert text.endswith("The vote was six to one.")


QUESTION = ["How does one know when to take the winter ferry rather than the summer one?",
            "Why does the timetable list both for March?"]


def _qa_page(declared: str) -> str:
    """A question-and-answer page: the question the page declares (its Question's ``text`` in
    microdata, or in JSON-LD while a script draws it), then the answers, longer than it."""
    answers = "".join(
        "<div class='answer' itemprop='suggestedAnswer' itemscope itemtype='https://schema.org/Answer'>"
        "<div class='s-prose js-post-body' itemprop='text'>" + "".join(
            f"<p>Answer {n}, part {k}: the winter timetable starts on the first Sunday of November, "
            f"and the harbor office prints it on the back of every ticket.</p>" for k in range(3))
        + "</div></div>" for n in range(4))
    question = "".join(f"<p>{line}</p>" for line in QUESTION)
    data = json.dumps({"@context": "https://schema.org", "@type": "QAPage", "mainEntity": {
        "@type": "Question", "name": "When to take the winter ferry", "text": question}})
    script = f"<script type='application/ld+json'>{data}</script>" if declared == "json-ld" else ""
    post = ("<div class='question' id='question'></div>" if declared == "json-ld" else
            f"<div class='question'><div class='s-prose js-post-body' itemprop='text'>{question}</div></div>")
    return (f"<html itemscope itemtype='https://schema.org/QAPage'><head><title>Winter ferry</title>"
            f"{script}</head><body><div itemprop='mainEntity' itemscope itemtype='https://schema.org/Question'>"
            f"<h1 itemprop='name'>When to take the winter ferry</h1>{post}<div id='answers'>{answers}"
            "</div></div></body></html>")


@pytest.mark.parametrize("declared", ["json-ld", "microdata"])
def test_a_question_and_answer_page_is_read_with_its_question_before_the_answers(declared: str) -> None:
    """Answers without their question are no use to a listener: the question the page declares is
    read after the headline when the reading left it out (the page's script draws it), and once."""
    text = read_article_html(_qa_page(declared)).text
    blocks = text.split("\n\n")
    assert blocks[:3] == ["When to take the winter ferry", *QUESTION]
    assert blocks[3].startswith("Answer 0, part 0") and text.count(QUESTION[0]) == 1
