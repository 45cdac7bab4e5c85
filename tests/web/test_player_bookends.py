"""An article with an intro in a real browser: nothing is lit while the intro plays, and once the
article begins the word lit is the word being said (the manifest's times come after the intro)."""

from __future__ import annotations

from browser_support import PLAYER, Site, open_page, wait_js
from playwright.sync_api import Browser
from waiting import wait_ready

INTRO = "You're listening to The Millbrook Ledger."
TEXT = ["The harbor bridge reopened on Monday after three years of repairs.",
        "Traffic was heavy all morning, and the ferry ran empty for the first time."]

# The audio's time and the word lit, as its sentence and its text.
LIT = """() => new Promise((done) => requestAnimationFrame(() => {
  const time = document.querySelector('.tts-player audio').currentTime;
  const range = CSS.highlights.get('tts-word')?.values().next().value;
  if (!range) return done({ time });
  const span = range.startContainer.parentElement.closest('.tts-s');
  done({ time, seg: +span.dataset.ttsSeg, text: range.toString() });
}))"""


def test_words_are_lit_after_the_intro_not_during_it(site: Site, browser: Browser) -> None:
    made = site.api("/api/articles", {"text": "\n\n".join(TEXT), "intro": INTRO})
    manifest = wait_ready(site.url, made["id"])
    intro_end = manifest["intro"]["end"]
    first = manifest["segments"][0]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in TEXT)
    url = site.page_url("bookends", f'<div data-tts-article-id="{made["id"]}" data-tts-source="#story">'
                                    f'</div><article id="story">{body}</article>')
    with open_page(browser) as page:
        page.goto(url)
        page.get_by_role("button", name="Click to start listening").click()
        wait_js(page, f"{PLAYER}.currentTime > 0.3")
        during = page.evaluate(LIT)
        assert during["time"] < intro_end and "seg" not in during  # the intro: no word of the page
        word = first["words"][3]  # "after": well inside the first sentence
        wait_js(page, f"{PLAYER}.currentTime > {word['start'] + 0.02}")
        page.get_by_role("button", name="Pause").click()
        wait_js(page, f"{PLAYER}.paused")
        shown = page.evaluate(LIT)
        said = [w for w in first["words"] if w["start"] <= shown["time"]][-1]
        assert shown["seg"] == 0
        assert shown["text"] == first["source"][said["char_start"] - first["char_start"]:
                                                said["char_end"] - first["char_start"]]
