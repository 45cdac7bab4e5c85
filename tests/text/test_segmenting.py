"""segment_text: sentences, list items, headings, long sentences, offsets, indexes and invariants."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support import check_segments

from tts_service.text import Segment, segment_text
from tts_service.text.reading.article import read_article_html
from tts_service.text.segmenting import quick_start
from tts_service.text.sentences.layout import runs
from tts_service.text.sentences.symbols import CLAUSE_OPENERS, PAUSE_MARKS, QUOTES

PAGES = Path(__file__).parent / "pages"
ARTICLES = Path(__file__).resolve().parents[2] / "bench" / "articles"

WIDE = 400  # a Piper-sized limit: nothing in the sentence tables needs cutting


def texts(text: str, max_chars: int = WIDE) -> list[str]:
    """What each segment says."""
    return [segment.text for segment in segment_text(text, max_chars)]


def sources(text: str, max_chars: int = WIDE) -> list[str]:
    """Where each segment came from, its white space collapsed: the boundaries the tables check."""
    return [" ".join(segment.source.split()) for segment in segment_text(text, max_chars)]


# -- sentences ---------------------------------------------------------------------------------
SENTENCES = [
    # titles and abbreviations that never end a sentence
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("Mrs. Brown and Ms. Green left. Prof. White stayed.",
     ["Mrs. Brown and Ms. Green left.", "Prof. White stayed."]),
    ("Gen. Smith, Sen. Jones, Rep. Brown and Gov. White met. Nobody spoke.",
     ["Gen. Smith, Sen. Jones, Rep. Brown and Gov. White met.", "Nobody spoke."]),
    ("He lives near St. Paul's Cathedral. It is old.",
     ["He lives near St. Paul's Cathedral.", "It is old."]),
    ("Martin Luther King Jr. Day is a holiday.", ["Martin Luther King Jr. Day is a holiday."]),
    ("The U.S. economy grew. The U.K. and the U.N. agreed.",
     ["The U.S. economy grew.", "The U.K. and the U.N. agreed."]),
    ("It helps e.g. farmers, i.e. growers, vs. traders. Everyone gains.",
     ["It helps e.g. farmers, i.e. growers, vs. traders.", "Everyone gains."]),
    ("Acme Inc. and Widgets Ltd. merged with Smith Co. and Big Corp. in May.",
     ["Acme Inc. and Widgets Ltd. merged with Smith Co. and Big Corp. in May."]),
    ("Song No. 5 won. It was good.", ["Song No. 5 won.", "It was good."]),
    ("In Jan. 2020 he left. In Sept. 2021 he came back. In Aug. he wrote.",
     ["In Jan. 2020 he left.", "In Sept. 2021 he came back.", "In Aug. he wrote."]),
    ("On Feb. 3 it snowed.", ["On Feb. 3 it snowed."]),
    # initials, decimals, times
    ("J. R. R. Tolkien wrote books. George W. Bush read them.",
     ["J. R. R. Tolkien wrote books.", "George W. Bush read them."]),
    ("It cost $1.2 billion. Growth was 3.5 percent.",
     ["It cost $1.2 billion.", "Growth was 3.5 percent."]),
    ("We met at 3 p.m. on Monday. They left at 10 a.m. Tuesday.",
     ["We met at 3 p.m. on Monday.", "They left at 10 a.m. Tuesday."]),
    ("It opened at 10 a.m. The crowd was huge.", ["It opened at 10 a.m.", "The crowd was huge."]),
    # ellipses: a break only before a typical first word
    ("Wait... what? He paused... Then he spoke.",
     ["Wait... what?", "He paused...", "Then he spoke."]),
    ("I was thinking . . . maybe not.", ["I was thinking . . . maybe not."]),
    ("She hesitated… Paris was far.", ["She hesitated… Paris was far."]),
    # URLs and e-mail addresses
    ("Visit https://example.com/a.b?x=1 today. Write to jane.doe@example.co.uk now.",
     ["Visit https://example.com/a.b?x=1 today.", "Write to jane.doe@example.co.uk now."]),
    ("See https://example.com/a.b. Then go.", ["See https://example.com/a.b.", "Then go."]),
    ("Write to jane.doe@example.co.uk. Then wait.",
     ["Write to jane.doe@example.co.uk.", "Then wait."]),
    # numbered items inside prose
    ("The rules are: 1. First, be kind. 2. Second, be brave.",
     ["The rules are:", "1. First, be kind.", "2. Second, be brave."]),
    ("He was born in 1999. In 2000 he moved.", ["He was born in 1999.", "In 2000 he moved."]),
    # closing quotes and brackets belong to the sentence they close
    ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
    ("He said “Stop.” Then he left.", ["He said “Stop.”", "Then he left."]),
    ("He said ‘Stop.’ Then he left.", ["He said ‘Stop.’", "Then he left."]),
    ("She said, 'I know.' Then she left.", ["She said, 'I know.'", "Then she left."]),
    ("He left (for good.) Then she came.", ["He left (for good.)", "Then she came."]),
    ("He left [for good.] Then she came.", ["He left [for good.]", "Then she came."]),
    ('He said "Stop!" and left.', ['He said "Stop!" and left.']),
    ('"I love it. It is great."', ['"I love it.', 'It is great."']),
    ('"Are you OK?" Smith asked.', ['"Are you OK?"', "Smith asked."]),  # a pause, not a bug
    # the ambiguous ends: a break when a typical first word follows, none otherwise
    ("They moved to the U.S. The weather was better.",
     ["They moved to the U.S.", "The weather was better."]),
    ("They bought apples, pears, etc. The market closed.",
     ["They bought apples, pears, etc.", "The market closed."]),
    ("He works at Apple Inc. It is big.", ["He works at Apple Inc.", "It is big."]),
    ("Apple Inc. Chief Executive Tim Cook spoke.", ["Apple Inc. Chief Executive Tim Cook spoke."]),
    ("The U.S. Senate voted.", ["The U.S. Senate voted."]),
    ("They moved to the U.S. Weather was better there.",  # known limitation: no break
     ["They moved to the U.S. Weather was better there."]),
    ("He lives on Main St. It is quiet.", ["He lives on Main St.", "It is quiet."]),
    # plain punctuation
    ("Really?! Yes. OK!", ["Really?!", "Yes.", "OK!"]),
    ("No full stop at the end", ["No full stop at the end"]),
    ("Price ∯ 5 rose. It fell.", ["Price ∯ 5 rose.", "It fell."]),  # pysbd's placeholders
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sources(text) == expected


# -- paragraphs, lists, headings and wrapped lines ----------------------------------------------
LAYOUT = [
    ("", []),
    ("  \n\t \n", []),
    ("...", []),  # nothing to speak
    ("Title Here\n\nBody text.", ["Title Here", "Body text."]),
    ("• first item\n• second item", ["first item", "second item"]),
    ("- first\n- second", ["first", "second"]),
    ("* first\n* second", ["first", "second"]),
    ("– first\n– second", ["first", "second"]),
    ("1. First\n2. Second", ["First", "Second"]),
    ("1) First\n2) Second", ["First", "Second"]),
    ("• Item one. It has two sentences.\n• Item two",
     ["Item one.", "It has two sentences.", "Item two"]),
    ("Ingredients:\n- eggs\n- milk\nMix them well.",
     ["Ingredients:", "eggs", "milk", "Mix them well."]),
    ("- A long bullet item that\n  wraps onto the next line.\n- Second.",
     ["A long bullet item that wraps onto the next line.", "Second."]),
    ("• An item that wraps\nlazily in lower case", ["An item that wraps lazily in lower case"]),
    ("Hard-wrapped prose goes on\nacross several lines\nwithout any break.",
     ["Hard-wrapped prose goes on across several lines without any break."]),
    ("Breaking News\nThe mayor resigned today after a scandal that rocked the city.",
     ["Breaking News", "The mayor resigned today after a scandal that rocked the city."]),
    ("He was born in\n1999. It was a good year.", ["He was born in 1999.", "It was a good year."]),
    ("The team\n– led by Smith –\nwon the cup.", ["The team – led by Smith – won the cup."]),
    ("## Section\n\nText.", ["Section", "Text."]),
    ("Hello\n•\nWorld", ["Hello", "World"]),
    ("* * *\n\nNext part.", ["Next part."]),
    ("Line one\r\n\r\nLine two\r\n", ["Line one", "Line two"]),
    ("Title Of The Article\nBy Jane Doe", ["Title Of The Article By Jane Doe"]),  # too short to tell
    # a numbered list written inline: its items keep their markers
    ("1) Open it 2) Close it", ["1) Open it", "2) Close it"]),
    ("1.) Open it. 2.) Close it.", ["1.) Open it.", "2.) Close it."]),
    ("Steps: 1. Open it 2. Close it", ["Steps:", "1. Open it", "2. Close it"]),
    ("• 1. Open it • 2. Close it", ["• 1. Open it", "• 2. Close it"]),
    ("1.) First\n2.) Second", ["First", "Second"]),  # one item a line: markers left out
    ("Score: 2:1. Then it was 2:2. Later 3:2.", ["Score: 2:1.", "Then it was 2:2.", "Later 3:2."]),
]


@pytest.mark.parametrize(("text", "expected"), LAYOUT)
def test_layout(text: str, expected: list[str]) -> None:
    assert sources(text) == expected


def test_dashes_between_words_are_spoken_as_pauses() -> None:
    assert texts("The team\n– led by Smith –\nwon the cup.") == ["The team, led by Smith, won the cup."]


SOURCES = [
    ("• first\n• second", [("first", 2, 7), ("second", 10, 16)]),
    ("12) Twelfth", [("Twelfth", 4, 11)]),
    ("1) One 2) Two", [("1) One", 0, 6), ("2) Two", 7, 13)]),
    ("Wrapped\nline.", [("Wrapped\nline.", 0, 13)]),
    ("  Leading space.  ", [("Leading space.", 2, 16)]),
    ("He said “Stop.” Then left.", [("He said “Stop.”", 0, 15), ("Then left.", 16, 26)]),
    ("A — b.", [("A — b.", 0, 6)]),
]


@pytest.mark.parametrize(("text", "expected"), SOURCES)
def test_sources_are_exact_substrings(text: str, expected: list[tuple[str, int, int]]) -> None:
    segments = segment_text(text, WIDE)
    assert [(s.source, s.char_start, s.char_end) for s in segments] == expected


INDEXES = [
    ("A b. C d.\n\nE f.", [(0, 0), (0, 1), (1, 2)]),
    ("One.\n \t \nTwo.", [(0, 0), (1, 1)]),  # a line of white space is blank
    ("* * *\n\nReal text.", [(0, 0)]),  # a paragraph with nothing to speak is not counted
    ("Intro:\n• a\n• b\n\nEnd.", [(0, 0), (0, 1), (0, 2), (1, 3)]),
    ("word " * 30 + "end.\n\nNext.", [(0, 0), (0, 0), (1, 1)]),  # pieces share a sentence
]


@pytest.mark.parametrize(("text", "expected"), INDEXES)
def test_paragraph_and_sentence_indexes(text: str, expected: list[tuple[int, int]]) -> None:
    segments = segment_text(text, 100)
    assert [(s.paragraph, s.sentence) for s in segments] == expected


# -- sentences longer than the limit -----------------------------------------------------------
COMMITTEE = (
    "The committee, which had met for weeks in closed session, finally released its report on "
    "Tuesday; the findings, however, were disputed by almost everyone involved in the process."
)
LONG = [
    (COMMITTEE, 100, [
        "The committee, which had met for weeks in closed session, finally released its report on"
        + " Tuesday;",
        "the findings, however, were disputed by almost everyone involved in the process.",
    ]),
    (COMMITTEE, 60, [
        "The committee, which had met for weeks in closed session,",
        "finally released its report on Tuesday;",
        "the findings, however,",
        "were disputed by almost everyone involved in the process.",
    ]),
    # no punctuation: even pieces, never a one-word orphan
    ("One two three four five six seven eight nine ten eleven twelve.", 56,
     ["One two three four five six seven,", "eight nine ten eleven twelve."]),
    ("word " * 59 + "word", 100, ["word" + " word" * 19 + ","] * 2 + ["word" + " word" * 19]),
    # a clause break wins over a space nearer the middle, unless it leaves a tiny piece
    ("In the long run, prices for almost all of the goods we buy will have to rise again.", 70,
     ["In the long run,", "prices for almost all of the goods we buy will have to rise again."]),
    ("However, the council decided to postpone the vote until next month.", 40,
     ["However, the council decided,", "to postpone the vote until next month."]),
    ("The report (which nobody had read before the meeting began) was approved by the board.", 60,
     ["The report (which nobody had read before the meeting began),", "was approved by the board."]),
    ("The plan—which was new—failed badly in the end, after all of the effort we made.", 50,
     ["The plan, which was new, failed badly in the end,", "after all of the effort we made."]),
    # lines of a table with no sentence end: cut where a line ends, never inside a row
    ("Team played won lost points\nRovers twelve nine three thirty\nUnited twelve eight four "
     "twenty eight", 45, ["Team played won lost points,", "Rovers twelve nine three thirty,",
                          "United twelve eight four twenty eight"]),
    # only a word longer than the limit is cut inside (at the limit, with room for the comma)
    ("x" * 250, 100, ["x" * 99 + ","] * 2 + ["x" * 52]),
    ("Go to https://example.com/" + "a" * 90 + " now, please.", 50,
     ["Go to,", "example dot com slash " + "a" * 27 + ",", "a" * 49 + ",", "a" * 14 + " now, please."]),
    # exactly at the limit: one piece
    ("a" * 8 + " " + "b" * 9 + ".", 19, ["a" * 8 + " " + "b" * 9 + "."]),
    # the spoken text is what must fit, not the source
    ("A & B & C & D & E & F & G & H.", 20, ["A- and B and C,", "and D and E and F,", "and G and H."]),
]


@pytest.mark.parametrize(("text", "max_chars", "expected"), LONG)
def test_long_sentences_are_cut_into_balanced_pieces(
    text: str, max_chars: int, expected: list[str]
) -> None:
    assert texts(text, max_chars) == expected


@pytest.mark.parametrize("max_chars", [20, 30, 45, 60, 100])
def test_no_orphans_in_long_sentences(max_chars: int) -> None:
    sentence = (
        "Officials said on Monday that the new bridge across the river, which cost far more than "
        "planned, would finally open to traffic next spring after years of delays and lawsuits."
    )
    pieces = segment_text(sentence, max_chars)
    assert len(pieces) > 1
    assert all(len(piece.text.split()) >= 3 for piece in pieces)
    assert all(len(piece.text) <= max_chars for piece in pieces)


def test_a_too_small_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        segment_text("Hello.", 5)


def test_segment_to_dict_has_the_six_fields() -> None:
    segment = segment_text("Hello  there.", 100)[0]
    assert segment.to_dict() == {"text": "Hello there.", "source": "Hello  there.",
                                 "char_start": 0, "char_end": 13, "paragraph": 0, "sentence": 0}


# -- invariants over every table input ---------------------------------------------------------
ARTICLE = (
    "City Council Approves Budget\n\n"
    "Mr. Smith, the U.S. envoy, met Dr. Jones at 3 p.m. on Monday in Washington, D.C. The talks "
    "lasted until 10 a.m. Tuesday. \"We are pleased,\" said Sen. Jane Doe (D-Calif.), adding that "
    "the measure, which passed 52–48 after weeks of debate, would help e.g. farmers... It was a "
    "long day! Was it worth it? Maybe.\n\n"
    "Key points:\n• The $1.2 billion plan passed.\n• Growth was 3.5 percent.\n- Details at "
    "https://example.com/a.b?x=1 or jane.doe@example.co.uk.\n\n"
    "This paragraph was hard-wrapped by an old mail client, so its lines\nbreak in the middle of "
    "sentences — and that must not matter to the\nlisteners at all."
)
INVARIANT_INPUTS = [row[0] for row in SENTENCES + LAYOUT + SOURCES + INDEXES + LONG] + [ARTICLE]


def uncovered(text: str, segments: list[Segment]) -> str:
    """The non-space characters of ``text`` outside every segment and every list marker."""
    covered = [False] * len(text)
    for segment in segments:
        covered[segment.char_start:segment.char_end] = [True] * len(segment.source)
    for run in runs(text):
        if run.item:
            line_start = text.rfind("\n", 0, run.start) + 1
            covered[line_start:run.start] = [True] * (run.start - line_start)
    return "".join(ch for ch, hit in zip(text, covered, strict=True) if not hit and not ch.isspace())


@pytest.mark.parametrize("max_chars", [10, 25, 100, 400])
@pytest.mark.parametrize("text", INVARIANT_INPUTS)
def test_invariants(text: str, max_chars: int) -> None:
    segments = segment_text(text, max_chars)
    check_segments(text, segments, max_chars)
    assert [s.paragraph for s in segments] == sorted(s.paragraph for s in segments)
    assert [s.sentence for s in segments] == sorted(s.sentence for s in segments)
    assert not any(ch.isalnum() for ch in uncovered(text, segments))


UNCOVERED = [
    ("Plain text. More of it.", ""),
    ("• a\n• b", ""),  # list markers do not count
    ("* * *\n\nText.", "**"),  # a line with nothing to speak is skipped
    ("Hello.\n\n~~~\n\nWorld.", "~~~"),
    ("Hello\n—\n\nWorld.", ""),  # a dash between lines belongs to the prose around it
]


@pytest.mark.parametrize(("text", "expected"), UNCOVERED)
def test_only_marks_without_words_are_left_out(text: str, expected: str) -> None:
    assert uncovered(text, segment_text(text, 100)) == expected


def test_a_200k_character_article_is_segmented_whole() -> None:
    # Its speed is measured by bench/bench_segment.py, not asserted here.
    text = "\n\n".join([ARTICLE] * (200_000 // len(ARTICLE) + 1))
    for max_chars in (100, 400):
        segments = segment_text(text, max_chars)
        assert len(segments) > 1000
        check_segments(text, segments, max_chars)


def test_threads_share_the_segmenter_safely() -> None:
    inputs = [row[0] for row in SENTENCES] * 20
    expected = [texts(text) for text in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(texts, inputs)) == expected


# -- the quick start: a long first sentence cut short only where a speaker pauses -----------------

QUICK = 60  # TTS_FIRST_SEGMENT_CHARS's default
FIRST_SENTENCES = [
    # the only pause early enough: cut there, and the voice is given the comma
    ("After two years of hearings, the city council approved a $14.8 million plan to cover a "
     "fifth of Hollis Reservoir with solar panels.", ["After two years of hearings,"]),
    ("Harbor Bridge reopens after eighteen months, but the traffic fight is far from over and "
     "nobody knows when it will end.", ["Harbor Bridge reopens after eighteen months,"]),
    ("The council met on Tuesday; the vote on the new plan for the reservoir was put off until "
     "the spring.", ["The council met on Tuesday;"]),
    ("The plan was simple — build the panels on the water and sell the power back to the grid "
     "at a fair price.", ["The plan was simple,"]),
    # no pause mark early: before a word opening a clause, given a comma
    ("Chinese hunter catches bubonic plague after eating wild rabbit in the hills of Inner "
     "Mongolia", ["Chinese hunter catches bubonic plague,"]),
    ("The bridge stayed closed on Monday because the storm had torn away part of its deck and rails.",
     ["The bridge stayed closed on Monday,"]),
    # but never before "and" or "that", which run inside names and noun phrases
    ("The team from Leeds won the cup and the league in the same season for the first time ever",
     []),
    # no pause early: whole (a name, a noun phrase or a headline is never broken)
    ("The former Treasury Secretary Janet Yellen said on Monday that the economy would slow down "
     "this year.", []),
    ("Millbrook votes to float a solar farm on its drinking-water reservoir after a long debate",
     []),
    # a comma between two names, inside brackets or quotes, or after "the": not a pause to cut at
    ("Officials in Portland, Oregon, said on Monday that the bridge would stay closed for "
     "another month at least.", ["Officials in Portland, Oregon,"]),
    ("Paris, France, and Rome, Italy, will host the next two summits of the group, officials "
     "said on Monday.", ["Paris, France, and Rome, Italy,"]),
    ("The mayor (who had said, at first, that she would not run) announced on Monday that she "
     "would stand again.", []),
    ('"We waited, and we waited," the mayor said on Monday, as the council finally voted on '
     "the plan.", ['"We waited, and we waited," the mayor said on Monday,']),
    ("LONDON (Reuters) - Britain said on Monday it would hold talks with the European Union on "
     "a new deal for fishing rights.", []),
    # after a question: the voice would end an utterance there (a headline of the Guardian's)
    ("'What is the sea telling us?': Maori tribes fearful over whale strandings on the coast", []),
    # longer than twice the limit with no pause early: at the first pause within twice the limit
    ("The regional water board that manages the reservoirs of the northern valley approved a new "
     "plan on Tuesday, after a debate that ran late into the night and left several members of the "
     "public angry.",
     ["The regional water board that manages the reservoirs of the northern valley approved a new "
      "plan on Tuesday,"]),
    # but a sentence within twice the limit stays whole
    ("The regional water board of the northern valley approved the new reservoir plan on Tuesday, "
     "officials said.", []),
]


def quick(text: str) -> list[Segment]:
    return quick_start(segment_text(text, WIDE), QUICK)


@pytest.mark.parametrize(("sentence", "first"), FIRST_SENTENCES)
def test_a_long_first_sentence_is_cut_only_at_an_early_pause(sentence: str, first: list[str]) -> None:
    pieces = quick(sentence)
    assert [p.text for p in pieces[:-1]] == first
    assert " ".join(p.source for p in pieces) == sentence
    assert all(p.sentence == 0 and p.paragraph == 0 for p in pieces)
    assert all(len(p.text) <= (QUICK if len(sentence) <= 2 * QUICK else 2 * QUICK) for p in pieces[:-1])
    assert all(sentence[p.char_start:p.char_end] == p.source for p in pieces)


def real_first_sentences() -> list[tuple[str, str]]:
    """The first sentence and its text, of every real-shaped page and article the tests keep."""
    texts = [(path.name, read_article_html(path.read_text("utf-8")).text)
             for path in sorted(PAGES.glob("*.html"))]
    texts += [(path.name, path.read_text("utf-8")) for path in sorted(ARTICLES.glob("*.txt"))]
    return texts


@pytest.mark.parametrize(("name", "text"), real_first_sentences())
def test_real_first_sentences_are_cut_only_at_a_pause_and_heard_going_on(name: str, text: str) -> None:
    segments = segment_text(text, WIDE)
    first = [s for s in quick_start(list(segments), QUICK) if s.sentence == 0]
    assert " ".join(s.source for s in first) == segments[0].source
    for piece, after in zip(first, first[1:], strict=False):  # each cut: after a pause mark or
        # before a clause opener, and the voice told it goes on
        assert (piece.source.rstrip(QUOTES).endswith(tuple(PAUSE_MARKS) + ("-",))
                or after.source.split()[0] in CLAUSE_OPENERS), (name, piece.source)
        assert piece.text.endswith((",", ";", ":")), (name, piece.text)
        assert len(piece.source.split()) >= 3
