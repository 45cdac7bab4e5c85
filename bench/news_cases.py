"""Real news sentences with hard tokens (``news_en``): a development set for bench_heard_right.py.

The sentences come from the article text of three public extraction benchmarks that
``bench/fetch_data.sh`` brings into ``bench/data/``: the Zyte article-extraction benchmark
(github.com/scrapinghub/article-extraction-benchmark, MIT: ``ground-truth.json``'s article bodies),
Mozilla Readability's test pages (github.com/mozilla/readability, Apache-2.0:
``test/test-pages/*/expected.html``) and trafilatura's evaluation pages (github.com/adbar/trafilatura,
Apache-2.0: ``tests/eval/*.html`` and ``tests/cache/*.html``, English pages, article text by
``trafilatura.extract``). Those
licences cover the repositories; the news text in them stays the publishers'. So our case file
``bench/news_en.txt`` holds no sentence: only a locator (source, page, the sentence's hash) and our
expected words for each hard token in it; the bench reads the sentence from the fetched data and
puts our words in place of the tokens to get the expected spoken sentence.

A case line: ``class | source:page:hash | written => spoken || written => spoken ...``; each
``written`` is replaced, in order, by its ``spoken`` (US news style, letters joined by hyphens so
the voice says them: "a-m", "U-S").

  python bench/news_cases.py find [--class CLASS] [--limit N]   candidate sentences to annotate
  python bench/news_cases.py draft [--class CLASS] [--limit N]  the same, as case lines to review
  python bench/news_cases.py check                            cases whose tokens are not all spoken
  python bench/news_cases.py pauses [--dump FILE]            false pauses over every English prose
                                                             sentence of the sources (FILE: each
                                                             sentence's spoken form, to diff two runs)

How the set was made: ``find`` picked sentences of English prose with a hard token (``HARD``);
``draft`` wrote each as a case line whose spans are what the normalizer of the day said, and every
line was then read by hand against the sentence: spans corrected to what a US newsreader says
(scores "six-four", "a 96W adapter" ninety-six-watt, "p. 89" page eighty-nine...), sentences that
are not prose dropped (tables, tweets' links, references, game text), and ``check`` run until every
digit and symbol of each sentence had its spoken words.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
CASES = ROOT / "bench" / "news_en.txt"
LICENCES = {"zyte": "MIT", "readability": "Apache-2.0", "trafilatura": "Apache-2.0"}

_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Jr|Sr|Inc|Co|Corp|Ltd|No|vs|Prof|Rev|Ft|Mt|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Ave|Blvd|Calif|Ill|Fla|Mass|Mich|Wash|Ore|Ariz|Colo|"
    r"Conn|Tenn|Penn|Pa|Va|Ga|Ky|La|Md|Minn|Miss|Mo|Neb|Nev|Okla|Wis|Wyo|Ala|Ark|Del|Ind|Kan|Mont|Vt|"
    r"U\.S|U\.K|D\.C|N\.Y|N\.J|a\.m|p\.m|approx|est|vol|p|pp|ft|oz|lb|lbs)|\b[A-Z])\.$")
_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class NewsCase:
    kind: str
    locator: str
    written: str  # the sentence as the page has it
    spoken: str  # the sentence with our words for its hard tokens
    line: int


def _paragraphs_zyte() -> Iterator[tuple[str, str]]:
    truth = json.loads((DATA / "zyte" / "ground-truth.json").read_text("utf-8"))
    for key, item in sorted(truth.items()):
        for paragraph in item.get("articleBody", "").split("\n"):
            yield key[:16], paragraph


def _paragraphs_readability() -> Iterator[tuple[str, str]]:
    from lxml import html as lxml_html

    for folder in sorted((DATA / "readability" / "test" / "test-pages").iterdir()):
        expected = folder / "expected.html"
        if expected.exists():
            root = lxml_html.fromstring(expected.read_bytes())
            for element in root.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote", "figcaption", "td"):
                yield folder.name, element.text_content()


_LANG = re.compile(r"<html[^>]*\blang=[\"']?en", re.IGNORECASE)


def _paragraphs_trafilatura() -> Iterator[tuple[str, str]]:
    import trafilatura
    from trafilatura.utils import decode_file

    tests = DATA / "trafilatura" / "tests"
    for _url, item in sorted(json.loads((tests / "evaldata.json").read_text("utf-8")).items()):
        path = next((p for p in (tests / "eval" / item["file"], tests / "cache" / item["file"]) if p.exists()), None)
        if path is None:
            continue
        page = decode_file(path.read_bytes())
        if not _LANG.search(page[:5000]):
            continue
        for paragraph in (trafilatura.extract(page) or "").split("\n"):
            yield item["file"], paragraph


PARAGRAPHS = {"zyte": _paragraphs_zyte, "readability": _paragraphs_readability,
              "trafilatura": _paragraphs_trafilatura}


def sentences(paragraph: str) -> Iterator[str]:
    """A paragraph's sentences, split after a stop before a capital unless an abbreviation ends there."""
    paragraph = " ".join(paragraph.split())
    start = 0
    for found in _BREAK.finditer(paragraph):
        head = paragraph[start:found.start()].rstrip("\"”’)")
        if _NO_BREAK_AFTER.search(head):
            continue
        yield paragraph[start:found.start()].strip()
        start = found.end() - (len(found.group(0)) - len(found.group(0).rstrip("\"“‘(")))
    if paragraph[start:].strip():
        yield paragraph[start:].strip()


def sentence_hash(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:10]


@functools.cache
def page_sentences(source: str) -> dict[tuple[str, str], str]:
    """Every sentence of a source's pages, by (page, hash)."""
    found: dict[tuple[str, str], str] = {}
    for page, paragraph in PARAGRAPHS[source]():
        for sentence in sentences(paragraph):
            found[(page, sentence_hash(sentence))] = sentence
    return found


def available(source: str) -> bool:
    return (DATA / source).is_dir()


def read_news_cases(path: Path = CASES) -> tuple[list[NewsCase], list[str]]:
    """The cases whose sentences the fetched data holds, and the locators it does not."""
    cases, missing = [], []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, locator, spans = (part.strip() for part in (line + " | ").split(" | ")[:3])
        source, page, digest = locator.split(":")
        sentence = page_sentences(source).get((page, digest)) if available(source) else None
        if sentence is None:
            missing.append(locator)
            continue
        cases.append(NewsCase(kind, locator, sentence, _spoken(sentence, spans, locator), number))
    return cases, missing


def _find_token(sentence: str, written: str, pos: int) -> int:
    """Where ``written`` next stands as a token of its own (not inside "SLG46620V" for "20")."""
    at = sentence.find(written, pos)
    while at >= 0:
        before = sentence[at - 1:at] if at else ""
        after = sentence[at + len(written):at + len(written) + 1]
        if not (written[:1].isalnum() and before.isalnum()) and not (written[-1:].isalnum() and after.isalnum()):
            return at
        at = sentence.find(written, at + 1)
    return at


def _spoken(sentence: str, spans: str, locator: str) -> str:
    out, pos = [], 0
    for span in filter(None, spans.split(" || ")):
        written, _, spoken = span.partition(" =>")
        spoken = spoken.strip() or " "
        at = _find_token(sentence, written, pos)
        if at < 0:
            raise ValueError(f"{locator}: {written!r} is not in {sentence[pos:]!r}")
        head, after = "".join(out) + sentence[pos:at], sentence[at + len(written):at + len(written) + 1]
        if head[-1:].isalnum() and spoken[:1].isalnum():  # "B&H" -> "B and H"
            spoken = " " + spoken
        if written[-1:].isspace() or (spoken[-1:].isalnum() and after.isalnum()):
            spoken += " "
        out = [head, spoken]
        pos = at + len(written)
    return "".join(out) + sentence[pos:]


# -- finding candidates ----------------------------------------------------------------------------
_STATES = (r"Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|"
           r"Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|"
           r"Wash|W\.Va|Wis|Wyo")
_MONTHS = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
HARD = {
    "dateline": r"^[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}(?:,| \()",
    "time": r"\b\d{1,2}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)|\b\d{1,2}:\d\d\b",
    "initial": r"\b[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]+|\b(?:[A-Z]\.){2,3} [A-Z][a-z]+",
    "score": r"\b(?:won|lost|beat|win|loss|victory|defeat|lead|drew|tie|set|score)\w*\b[^.]{0,40}\b\d{1,2}-\d{1,2}\b",
    "state": rf", (?:{_STATES})\.(?=[\s,])",
    "party": r"\b[DRI]-[A-Z][a-z]*\.?|\([DRI]\)",
    "unit": r"\b\d+(?:\.\d+)?[ -]?(?:mph|km/h|kph|km|kg|lbs?|oz|ft|feet|mi|mm|cm|ml|mL|kWh|kW|MW|GW|GB|MB|TB|"
            r"GHz|MHz|mAh|hp|Nm|lb-ft|°F|°C|°|in\.|sq ft|m|g|mg|L|W|V)\b",
    "phone": r"\b1-8\d\d\b|\b\d{3}[-.]\d{3}[-.]\d{4}\b|\(\d{3}\) \d{3}-\d{4}|\b(?:911|988|999|112|311)\b",
    "web": r"https?://|www\.|\b\w+\.(?:com|org|net|gov|edu|co\.uk)\b|(?<!\w)[#@]\w+",
    "range": r"\b\d{4}[-–]\d{2,4}\b|\b\d+[–-]\d+\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.? ?[-–] ?\w+",
    "model": r"\b[A-Z]{1,4}-?\d{1,4}[A-Za-z]*\b|\b\d{3}-\d{3}\b|\biPhone \d+",
    "european": r"\b\d{1,3}\.\d{3}\b(?!\.)|\b\d+,\d{1,2}\s?%",
    "date": rf"\b(?:{_MONTHS})\.? \d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d\d-\d\d\b|"
            rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:January|February|March|April|May|June|July|August|"
            rf"September|October|November|December)\b",
    "quarter": r"\bQ[1-4]\b|\b[1-4]Q\d\d\b|\b(?:first|second|third|fourth)[- ]quarter\b",
    "weekday": r"\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?",
    "page": r"\bpp?\. ?\d+",
    "money": r"[$£€¥]\s?\d",
    "percent": r"\d\s?%|\d percent\b",
    "ordinal": r"\b\d+(?:st|nd|rd|th)\b",
    "fraction": r"\b\d+/\d+\b|[½¼¾⅓⅔⅛]",
    "year": r"\b(?:1[89]|20)\d\d\b",
    "decade": r"\b(?:1[89]|20)\d0s\b|['’]\d0s\b",
    "acronym": r"\b[A-Z]{2,6}(?:['’]s|s)?\b",
    "number": r"\b\d[\d,.]*\b",
}
_HARD = {kind: re.compile(pattern) for kind, pattern in HARD.items()}
# What still needs speaking after our words are in (checked by ``check``).
_UNSPOKEN = re.compile(r"\d|[$£€¥%&@#/+=°½¼¾]|\b[A-Z]\.(?!$)|\b(?:a\.m|p\.m)\b")


def classes(sentence: str) -> list[str]:
    return [kind for kind, pattern in _HARD.items() if pattern.search(sentence)]


_ENGLISH = re.compile(r"\b(?:the|and|of|to|in|a|is|was|for|on|with|said|at|by|from)\b")


def _prose(sentence: str) -> bool:
    """English prose: no table row, no footnote marks, some of the commonest English words."""
    return (not sentence.startswith("|") and not re.search(r"\[\d+\]", sentence)
            and len(_ENGLISH.findall(sentence)) >= 2)


def find(kind: str, limit: int, sources: list[str]) -> None:
    seen = {line.split(" | ")[1] for line in CASES.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")} if CASES.exists() else set()
    shown = 0
    for source in sources:
        for (page, digest), sentence in page_sentences(source).items():
            locator = f"{source}:{page}:{digest}"
            if locator in seen or not 25 <= len(sentence) <= 320:
                continue
            if not _prose(sentence):
                continue
            found = classes(sentence)
            if kind and kind not in found:
                continue
            if not kind and not set(found) - {"number", "year", "acronym"}:
                continue
            print(f"{','.join(found)} | {locator} | {sentence}")
            shown += 1
            if shown >= limit:
                return


def draft(kind: str, limit: int, sources: list[str]) -> None:
    """``find``'s sentences as case lines, spans filled in from what the normalizer says today:
    a first draft, to be corrected by hand (the normalizer's words are not the truth)."""
    sys.path.insert(0, str(ROOT))
    from tts_service.text.words.conventions import for_article
    from tts_service.text.words.normalizing import DEFAULT_OPTIONS, _pieces

    lines = _captured(find, kind, limit, sources)
    for line in lines:
        kinds, locator, sentence = line.split(" | ", 2)
        pieces = _pieces(sentence, for_article(sentence, DEFAULT_OPTIONS))
        spans = [f"{sentence[p.start:p.end]} => {' '.join(p.text.split())}" for p in pieces
                 if not p.literal and sentence[p.start:p.end] != p.text]
        print(f"{kinds.split(',')[0]} | {locator} | {' || '.join(spans)}\n#  {sentence}")


def _captured(function: object, *args: object) -> list[str]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        function(*args)  # type: ignore[operator]
    return out.getvalue().splitlines()


def check() -> None:
    sys.path.insert(0, str(ROOT))
    cases, missing = read_news_cases()
    for case in cases:
        left = _UNSPOKEN.findall(case.spoken)
        if left:
            print(f"{case.line}: still written {left}: {case.spoken}")
    print(f"{len(cases)} cases, {len(missing)} not in the fetched data", file=sys.stderr)


def pauses(sources: list[str], dump: str) -> None:
    """Every English prose sentence of the sources, normalized, through the voice's phonemizer:
    how many it hears as more than one sentence (a false pause). ``dump`` writes each sentence's
    spoken form, one a line, so two branches' readings can be diffed."""
    sys.path.insert(0, str(ROOT))
    from tts_service.config import Settings
    from tts_service.text.words.normalizing import normalize
    from tts_service.voice.registry import get_backend

    voice = get_backend(Settings.from_env({}), "piper").piper_voice  # type: ignore[attr-defined]
    total = false = 0
    out = open(dump, "w", encoding="utf-8") if dump else None  # noqa: SIM115
    for source in sources:
        for (page, digest), sentence in sorted(page_sentences(source).items()):
            if not _prose(sentence):
                continue
            spoken = normalize(sentence)
            total += 1
            if len(voice.phonemize(spoken)) > 1:
                false += 1
                print(f"{source}:{page}:{digest} {spoken!r}")
            if out:
                out.write(f"{source}:{page}:{digest}\t{sentence}\t{spoken}\n")
    if out:
        out.close()
    print(f"false pauses: {false} of {total} English prose sentences")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["find", "draft", "check", "pauses"])
    parser.add_argument("--class", dest="kind", default="")
    parser.add_argument("--limit", type=int, default=100000)
    parser.add_argument("--sources", default="zyte,readability,trafilatura")
    parser.add_argument("--dump", default="", help="pauses: write every sentence's spoken form here")
    args = parser.parse_args()
    if args.command in ("find", "draft"):
        {"find": find, "draft": draft}[args.command](args.kind, args.limit, args.sources.split(","))
    elif args.command == "pauses":
        pauses(args.sources.split(","), args.dump)
    else:
        check()
