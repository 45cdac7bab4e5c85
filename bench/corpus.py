"""A reproducible corpus of local-news articles for the benchmarks, 2,000 to 8,000 characters each.

Written for this project: sentence patterns with varied people, places and numbers, assembled by
a seeded generator so every run measures the same text.
"""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

from tts_service.text import segment_text

TOWNS = ["Millbrook", "Port Alden", "Cedar Falls", "Hollis", "Brookhaven", "Linden Bay",
         "Marlow", "Westfield", "Ashby Cross", "Granite Point"]
PEOPLE = ["Mayor Lucia Brennan", "Dr. Priya Raman", "Councilmember Tom Reyes", "Sen. Ada Kwan",
          "Samuel Ortiz", "Prof. Helen Ashby", "Rosa Delgado", "Martin Keane", "Grace Whitfield",
          "Chief Daniel Moss", "Judge Irene Falk", "Coach Vince Aldana"]
TOPICS = [
    ("the new library", "library"), ("the harbor dredging project", "dredging"),
    ("the school bus contract", "contract"), ("the downtown parking plan", "parking plan"),
    ("the flood wall", "flood wall"), ("the community solar program", "solar program"),
    ("the hospital expansion", "expansion"), ("the river trail", "trail"),
    ("the water rate increase", "rate increase"), ("the youth soccer fields", "fields"),
]
HEADLINES = [
    "{town} approves {topic} after a long night of debate",
    "Questions mount over the cost of {topic} in {town}",
    "{town} residents split on {topic}",
    "A first look at {topic}, and what it means for {town}",
]
SENTENCES = [
    "The vote came shortly after {time}, when {person} called the question.",
    "Officials put the price at ${money} million, about {pct}% more than the estimate two years ago.",
    "\"We have waited long enough,\" said {person}. \"People in {town} deserve an answer.\"",
    "Not everyone agreed. {person2} argued that the {short} would cost more than the city could afford.",
    "According to a report released on {day}, the {short} would serve roughly {count:,} residents.",
    "The plan, first proposed in {year}, was revised {n} times before it reached the council.",
    "{person} said the city would hold a public meeting at 6 p.m. on {day} at City Hall.",
    "Supporters pointed to similar projects in nearby towns, several of which came in on budget.",
    "Critics worry that the {short} will take money away from road repairs and the police budget.",
    "A survey by the local paper found that {pct}% of respondents supported the idea, while {pct2}% opposed it.",
    "The state has promised to cover part of the cost, though the exact share is still being negotiated.",
    "Construction could begin as early as {month}, if the remaining permits are approved.",
    "{person2}, who has lived in {town} for {n2} years, said the neighborhood had been ignored for too long.",
    "Engineers expect the work to take about {n} months, with some closures along Main St. and Elm Ave.",
    "At one point, the meeting was interrupted when the microphones failed for several minutes.",
    "The council also approved a smaller measure to repave {n} blocks near the old mill.",
    "\"This is not the end of the conversation,\" {person2} said after the meeting. \"It is the beginning.\"",
    "Residents can read the full proposal on the city's website, along with the engineering study.",
    "The last project of this size in {town}, a new fire station, opened in {year2} after delays.",
    "Business owners on the waterfront say they want a clear schedule before the work starts.",
    "In a statement, the county said it would review the plan within {n} weeks.",
    "Some residents asked why the city had not considered cheaper alternatives, such as repairing the old building.",
    "The finance director, {person}, said the city's credit rating would not be affected.",
    "Students from the high school presented a petition with {count2:,} signatures in favor of the {short}.",
]
SUBHEADS = ["What happens next", "The cost", "Who is affected", "A long debate",
            "The view from the neighborhood"]
MONTHS = ["January", "March", "April", "June", "September", "October"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _sentence(rng: random.Random, town: str, short: str) -> str:
    people = rng.sample(PEOPLE, 2)
    return rng.choice(SENTENCES).format(
        town=town, short=short, person=people[0], person2=people[1],
        time=f"{rng.randint(8, 11)}:{rng.choice(['05', '15', '30', '45'])} p.m.",
        money=f"{rng.randint(2, 60)}.{rng.randint(1, 9)}", pct=rng.randint(10, 60),
        pct2=rng.randint(10, 40), day=rng.choice(DAYS), count=rng.randint(1, 90) * 1000,
        count2=rng.randint(200, 3000), year=rng.randint(2015, 2024), year2=rng.randint(2005, 2020),
        n=rng.randint(2, 9), n2=rng.randint(10, 60), month=rng.choice(MONTHS))


def article(index: int, target_chars: int, used: set[str] | None = None) -> str:
    """One article of about ``target_chars`` characters; no sentence already in ``used`` is
    repeated (so that a benchmark never gets a segment from the cache by chance)."""
    used = set() if used is None else used
    rng = random.Random(index)
    town = rng.choice(TOWNS)
    topic, short = rng.choice(TOPICS)
    parts = [rng.choice(HEADLINES).format(town=town, topic=topic)]
    parts[0] = parts[0][0].upper() + parts[0][1:]
    size = len(parts[0])
    paragraph: list[str] = []
    while size < target_chars:
        sentence = _sentence(rng, town, short)
        pieces = {segment.text for segment in segment_text(sentence, 400)}
        if pieces & used:
            continue
        used |= pieces
        if size + len(sentence) > target_chars + 40:
            break
        paragraph.append(sentence)
        size += len(sentence) + 1
        if len(paragraph) >= rng.randint(2, 4):
            parts.append(" ".join(paragraph))
            paragraph = []
            subhead = rng.choice(SUBHEADS)
            if rng.random() < 0.15 and subhead not in used:
                used.add(subhead)
                parts.append(subhead)
    if paragraph:
        parts.append(" ".join(paragraph))
    return "\n\n".join(parts)


def clear_text_caches() -> None:
    """Forget what the normalizer and number words remember, so that a timed run starts cold."""
    from tts_service.text.words import normalizing
    from tts_service.text.words import numbers as number_words

    for cached in (normalizing.speak, number_words.cardinal, number_words.ordinal,
                   number_words.year):
        cached.cache_clear()


def corpus(count: int = 20, smallest: int = 2000, largest: int = 7950) -> list[str]:
    """``count`` articles with sizes spread evenly from ``smallest`` to ``largest`` characters."""
    step = (largest - smallest) / max(1, count - 1)
    used: set[str] = set()
    return [article(i, int(smallest + i * step), used) for i in range(count)]


PAGE = Path(__file__).resolve().parents[1] / "tests" / "text" / "pages" / "news_site.html"
TARGET_BYTES = 1_000_000


def big_page() -> str:
    """The test page with a 30 KB article and its chrome repeated until the page is 1 MB."""
    page = PAGE.read_text("utf-8")
    story = "".join(f"<p>{html.escape(p)}</p>" for a in corpus(count=8, smallest=3000, largest=4500)
                    for p in a.split("\n\n"))[:30_000]
    rail = ("<aside class='most-read'><h2>Most read</h2><ol>"
            + "".join(f"<li><a href='/s{i}'>Story number {i} in the rail</a></li>" for i in range(40))
            + "</ol></aside><div class='share-bar'><a href='#'>Share</a></div>"
            + "<div class='comments'>" + "<p>A reader's comment on the story.</p>" * 30 + "</div>")
    page = page.replace("</article>", story + "</article>")
    filler = rail * ((TARGET_BYTES - len(page)) // len(rail) + 1)
    return page.replace("</main>", "</main>" + filler)[:TARGET_BYTES - 20] + "</body></html>"


# Real news bodies, where bench/fetch_data.sh brought the Zyte benchmark (MIT): bench_blink.py and
# bench_openai.py time new articles on them.
ZYTE = next((path for path in (Path(__file__).parent / "data" / "zyte" / "ground-truth.json",
                                Path(__file__).parent / "data" / "zyte-ground-truth.json")
             if path.exists()), Path(__file__).parent / "data" / "zyte" / "ground-truth.json")
NEWS_CHARS = 2500


def news_articles(count: int) -> list[str]:
    """``count`` new articles as plain text (paragraphs apart by blank lines): real news bodies of
    the Zyte benchmark when it is there, else this corpus."""
    if ZYTE.exists():
        bodies = [entry["articleBody"] for entry in json.loads(ZYTE.read_text("utf-8")).values()]
        chosen = [b for b in bodies if len(b) >= NEWS_CHARS][:count]
        return [b[:NEWS_CHARS].rsplit("\n", 1)[0] for b in chosen]
    return corpus(count=count, smallest=2000, largest=3000)


def news_source() -> str:
    """What ``news_articles`` draws from."""
    return "real news (Zyte benchmark)" if ZYTE.exists() else "generated corpus"
