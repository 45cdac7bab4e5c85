"""Word by word in a real browser: the player lights the word being said, at 1x and 2x, and a
click on a word plays from that word. The article is long (over a thousand words) so that a
per-frame scan of its words would show: the test counts every read of a manifest word per frame.

The server, the browser and the page helpers are browser_support's, as for test_browser.
"""

from __future__ import annotations

import statistics
from typing import Any

from browser_support import PLAYER, Site, landing_at, open_page, record_seeks, wait_js
from playwright.sync_api import Browser, Page
from waiting import wait_ready, wait_until

TITLE = "Harbor towns weigh the cost of the new sea wall"
SENTENCES = [
    "The council met on Tuesday evening to weigh three plans for the old harbor wall.",
    "Engineers said the cheapest plan would last about twenty years before it needed work.",
    "Fishermen asked for a wider channel, so that larger boats could reach the market.",
    "A local baker told the meeting that the summer storms had flooded her shop twice.",
    "The mayor promised a public vote before any money was spent on the project.",
    "Several residents wondered aloud whether the wall would spoil the view of the bay.",
    "Later that night, a retired sailor read a long letter from his neighbours.",
    "Nobody expected the debate to end quickly, and it did not.",
    "Children from the village school had painted pictures of the harbor for the hall.",
    "The next meeting will be held in the library, because the hall is being repaired.",
]
PARAGRAPHS = [" ".join(SENTENCES[(p + k) % len(SENTENCES)] for k in range(4)) for p in range(30)]

# Before the player loads: every manifest's word lists count their reads by index.
COUNT_WORD_READS = r"""
window.wordReads = 0;
const json = Response.prototype.json;
Response.prototype.json = async function () {
  const data = await json.call(this);
  for (const seg of data?.segments || []) {
    if (Array.isArray(seg.words)) seg.words = new Proxy(seg.words, { get(list, key, proxy) {
      if (typeof key === "string" && /^\d+$/.test(key)) window.wordReads++;
      return Reflect.get(list, key, proxy);
    } });
  }
  return data;
};
"""

# From now on, the reads of manifest words in each animation frame, and the status's changes.
WATCH_FRAMES = """() => {
  window.readsPerFrame = []; window.statusChanges = 0;
  new MutationObserver(() => statusChanges++).observe(document.querySelector('.tts-status'),
                                                     { childList: true, characterData: true, subtree: true });
  let last = wordReads;
  const count = () => { readsPerFrame.push(wordReads - last); last = wordReads; requestAnimationFrame(count); };
  requestAnimationFrame(count);
}"""

# In an animation frame (after the player's own): the audio's time and the word lit then, as its
# sentence and its offset in that sentence's text, with where it is on the screen.
LIT_WORD = """() => new Promise((done) => requestAnimationFrame(() => {
  const time = document.querySelector('.tts-player audio').currentTime;
  const range = window.Highlight ? CSS.highlights.get('tts-word')?.values().next().value : null;
  const box = document.querySelector('.tts-word');
  if (!range) return done({ time, box: box && box.isConnected ? box.getBoundingClientRect().toJSON() : null });
  const span = range.startContainer.parentElement.closest('.tts-s'), before = new Range();
  before.setStart(span, 0);
  before.setEnd(range.startContainer, range.startOffset);
  done({ time, seg: +span.dataset.ttsSeg, offset: before.toString().length, text: range.toString(),
         rect: range.getBoundingClientRect().toJSON(), height: innerHeight });
}))"""

# The screen rectangle of a word: segment ``seg``, characters [a, b) of its sentence's text.
WORD_RECT = """([seg, a, b]) => {
  const span = document.querySelector(`.tts-s[data-tts-seg="${seg}"]`), text = span.firstChild;
  span.scrollIntoView({ block: 'center' });
  const range = new Range();
  range.setStart(text, a);
  range.setEnd(text, b);
  return range.getBoundingClientRect().toJSON();
}"""

MP3_FRAME = 576 / 22050  # seconds
# The page reads the audio's clock after the player's frame did; on a loaded machine the clock can
# move on between the two reads. A word lasts 150 ms or more, so this still tells words apart.
READ_LAG = 0.05  # seconds of audio


def article_page(site: Site, name: str) -> tuple[str, list[dict[str, Any]]]:
    """The article made by the publisher, and a page that shows it with the player."""
    text = "\n\n".join([TITLE, *PARAGRAPHS])
    made = site.api("/api/articles", {"title": TITLE, "text": text})
    segments = wait_ready(site.url, made["id"])["segments"]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    url = site.page_url(name, f'<div data-tts-article-id="{made["id"]}" data-tts-source="#story"></div>'
                              f'<article id="story"><h1>{TITLE}</h1>{body}</article>')
    return url, segments


def word_at(segments: list[dict[str, Any]], t: float) -> tuple[int, int] | None:
    """(segment, word) the listener hears at ``t``: the word whose span holds t; between two words
    of a sentence, the one before; before a sentence's first word, none."""
    current = max((s for s in segments if s["start"] <= t + 0.05), key=lambda s: s["start"])
    said = [k for k, w in enumerate(current["words"]) if w["start"] <= t]
    return (current["index"], said[-1]) if said else None


def lit(segments: list[dict[str, Any]], shown: dict[str, Any]) -> tuple[int, int] | None:
    """Which (segment, word) the page lit, from its sentence and offset; the text must match."""
    if "seg" not in shown:
        return None
    segment = segments[shown["seg"]]
    for k, w in enumerate(segment["words"]):
        if w["char_start"] - segment["char_start"] == shown["offset"]:
            assert segment["source"][shown["offset"]:w["char_end"] - segment["char_start"]] == shown["text"]
            return segment["index"], k
    raise AssertionError(f"the lit text {shown['text']!r} is not a word of segment {shown['seg']}")


def sample(page: Page, segments: list[dict[str, Any]], moments: int, every: float) -> list[dict[str, Any]]:
    """At ``moments`` moments of playback, ``every`` seconds apart: the word lit is the word heard
    then (or an instant before: the page reads the clock after the player's frame did)."""
    seen = []
    for _ in range(moments):
        page.wait_for_timeout(every * 1000)
        shown = page.evaluate(LIT_WORD)
        heard = {word_at(segments, shown["time"]), word_at(segments, shown["time"] - READ_LAG)}
        assert lit(segments, shown) in heard, (shown, heard)
        seen.append(shown)
    return seen


def test_the_word_being_said_is_lit_at_1x_and_2x_and_a_click_plays_from_a_word(
        site: Site, browser: Browser) -> None:
    url, segments = article_page(site, "words")
    words = sum(len(s["words"]) for s in segments)
    assert words > 1000 and all(s["timing"] == "aligned" for s in segments)
    with open_page(browser, height=500) as page:
        page.emulate_media(reduced_motion="reduce")
        page.add_init_script(COUNT_WORD_READS)
        scripts: list[str] = []
        page.on("request", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
        page.goto(url)
        start = page.get_by_role("button", name="Click to start listening")
        start.wait_for()
        assert [u.rsplit("/", 1)[1] for u in scripts] == ["player.js"]  # the page loads the player only
        start.click()
        wait_js(page, f"{PLAYER}.currentTime > 0.3")
        assert [u.rsplit("/", 1)[1] for u in scripts] == ["player.js", "player-words.js"]  # on the first play

        # A click on a word of sentence 60 plays from that word (within one MP3 frame). The reader
        # pauses first: while it plays, following along jumps back to the word being said as soon
        # as the next one is lit, which would move sentence 60 away from under the mouse.
        wait_js(page, "CSS.highlights.get('tts-word')?.size > 0")  # words are followed
        page.get_by_role("button", name="Pause").click()
        wait_js(page, f"{PLAYER}.paused")
        target = segments[60]
        word = target["words"][4]
        at = [word["char_start"] - target["char_start"], word["char_end"] - target["char_start"]]
        assert target["source"][at[0]:at[1]] == target["source"].split()[4]
        rect = page.evaluate(WORD_RECT, [60, *at])
        record_seeks(page)
        page.mouse.click(rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)
        landing = landing_at(page, word["start"])
        assert abs(landing["time"] - word["start"]) <= MP3_FRAME
        assert not landing["paused"]

        # Five moments at 1x and five at 2x: the lit word is the word heard, and it is in view
        # (reduced motion: the page jumps to it, no scrolling animation).
        page.evaluate(WATCH_FRAMES)
        seen = sample(page, segments, 5, 0.37)
        assert page.evaluate("statusChanges") == 0  # no announcement per word
        page.select_option(".tts-speed", "2")
        seen += sample(page, segments, 5, 0.37)
        assert sum(1 for shown in seen if "seg" in shown) >= 8
        for shown in seen:
            if "rect" in shown:
                assert 0 <= shown["rect"]["top"] and shown["rect"]["bottom"] <= shown["height"]

        # The cost of a frame: a few word reads, never a pass over the article's words (only the
        # frame that enters a sentence reads that sentence's words once).
        reads = page.evaluate("readsPerFrame")
        longest = max(len(s["words"]) for s in segments)
        assert len(reads) > 30  # frames seen (fewer than 60 a second on a loaded machine)
        assert statistics.median(reads) <= 3
        assert max(reads) <= longest + 3 < words / 20


def test_without_the_highlight_api_a_box_lies_over_the_word(site: Site, browser: Browser) -> None:
    url, segments = article_page(site, "words-box")
    with open_page(browser) as page:
        page.add_init_script("delete window.Highlight;")
        page.goto(url)
        page.get_by_role("button", name="Click to start listening").click()
        wait_js(page, f"{PLAYER}.currentTime > 0.5")

        def box_over_a_word() -> tuple[dict[str, Any], tuple[int, int]] | None:
            page.wait_for_timeout(100)  # the next look, a few frames on
            shown = page.evaluate(LIT_WORD)
            heard = word_at(segments, shown["time"])
            return (shown, heard) if heard is not None and shown["box"] is not None else None

        shown, heard = wait_until(box_over_a_word, "a word box while a word is being said")
        segment = segments[heard[0]]
        word = segment["words"][heard[1]]
        expected = page.evaluate(WORD_RECT.replace("span.scrollIntoView({ block: 'center' });", ""),
                                 [heard[0], word["char_start"] - segment["char_start"],
                                  word["char_end"] - segment["char_start"]])
        for side in ("left", "top", "width", "height"):
            assert abs(shown["box"][side] - expected[side]) < 2, (side, shown["box"], expected)
        assert page.evaluate("document.documentElement.innerHTML").count('class="tts-word"') == 1


def test_words_are_lit_while_the_article_is_still_being_made(site: Site, browser: Browser) -> None:
    with open_page(browser) as page:
        page.goto(site.url + "/")  # the demo article: new to this server, made as it plays
        page.get_by_role("button", name="Click to start listening").click()
        wait_js(page, f"{PLAYER}.currentTime > 0.5")
        article_id = page.evaluate("document.querySelector('.tts-dl').href").rsplit("/", 1)[1].removesuffix(".mp3")
        partial, lit_words = 0, 0
        for _ in range(5):
            page.wait_for_timeout(300)
            shown = page.evaluate(LIT_WORD)
            manifest = site.api(f"/api/articles/{article_id}")  # words of every segment made so far
            partial += manifest["status"] != "ready"
            made = [s for s in manifest["segments"] if s["start"] is not None]
            heard = {word_at(made, shown["time"]), word_at(made, shown["time"] - READ_LAG)}
            assert lit(manifest["segments"], shown) in heard, (shown, heard)
            lit_words += "seg" in shown
        assert partial >= 1 and lit_words >= 3


# A stand-in for player.js with only what the follower's interface gives (the top of
# player-words.js): now, segmentAt, place, find, range, reveal. One sentence, its words 0.5 s apart,
# its audio over at 2.8 s.
STAND_IN_PLAYER = """() => {
  const node = document.querySelector('#story p').firstChild, text = node.data;
  const words = [...text.matchAll(/\\S+/g)].map((m, k) => ({ start: k / 2, char_start: m.index,
                                                              char_end: m.index + m[0].length }));
  const segments = [{ index: 0, start: 0, end: 2.8, source: text, char_start: 0, char_end: text.length,
                     words }];
  window.clock = { time: 0 };
  window.revealed = [];
  window.follower = TTSPlayer.follow({
    now: () => ({ time: clock.time, segments, loaded: true }),
    segmentAt: (t) => (t + 0.05 >= 0 ? 0 : -1),
    place: (i) => (i === 0 ? [0, text.length] : null),
    find: (source, from) => { const at = text.indexOf(source, from); return at < 0 ? null : [at, at + source.length]; },
    range: (start, end) => { const r = new Range(); r.setStart(node, start); r.setEnd(node, end); return r; },
    reveal: (range) => revealed.push(range.toString()),
  });
  return Object.keys(TTSPlayer);
}"""

LIT_AT = """(t) => { clock.time = t; follower.update();
  return CSS.highlights.get('tts-word')?.values().next().value?.toString() ?? null; }"""

WORD_UNDER = """(k) => { const text = document.querySelector('#story p').firstChild, r = new Range();
  const at = [...text.data.matchAll(/\\S+/g)][k];
  r.setStart(text, at.index); r.setEnd(text, at.index + at[0].length);
  const box = r.getBoundingClientRect();
  return follower.wordAt(0, { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 }); }"""


def test_the_follower_needs_only_its_interface(site: Site, browser: Browser) -> None:
    # Served without player.js: the follower reads nothing of the player but what it is given.
    site.pages["follower-alone"] = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Follower</title>'
        '<link rel="icon" href="data:,"><script src="/static/player-words.js"></script></head>'
        '<body><article id="story"><p>The bridge reopened on Monday.</p></article></body></html>')
    with open_page(browser) as page:
        page.goto(f"{site.url}/test-pages/follower-alone")
        assert page.evaluate(STAND_IN_PLAYER) == ["follow"]  # all it adds to the page's globals
        lit_words = [page.evaluate(LIT_AT, t) for t in (0, 0.6, 1.1, 2.4, 3.0, 0.2)]
        # ...none once the sentence's audio is over (the article ended), and back after a seek
        assert lit_words == ["The", "bridge", "reopened", "Monday.", None, "The"]
        assert page.evaluate("revealed") == [w for w in lit_words if w]  # each lit word is shown
        assert [page.evaluate(WORD_UNDER, k) for k in (3, 1)] == [3, 1]
