"""Up next in a real browser: when an article ends the player offers the next of its playlist
with a countdown, said once in a polite live region; Cancel (or Escape) keeps the article, the
countdown's end plays the next in place, Media Session's next track plays it at once, and the
reader's "off" is remembered. player-next.js loads with the page only for a playlist."""

from __future__ import annotations

from browser_support import PLAYER, Site, open_page, wait_js
from playwright.sync_api import Browser, Page, expect
from waiting import wait_ready

FIRST = "The harbor bridge reopened on Monday."
SECOND = "The ferry ran empty for the first time in years."
# Before the player loads: Media Session's handlers as the browser is given them, kept where the
# test can call them (neither Playwright nor CDP can press the lock screen's buttons).
KEEP_HANDLERS = """window.handlers = {};
if (navigator.mediaSession) {
  const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
  navigator.mediaSession.setActionHandler = (action, handler) => { handlers[action] = handler; set(action, handler); };
}"""
PLAYING_ID = "document.querySelector('[data-tts-article-id]').dataset.ttsArticleId"


def two_articles(site: Site) -> list[str]:
    ids = []
    for title, text in (("Bridge reopens", FIRST), ("Ferry runs empty", SECOND)):
        made = site.api("/api/articles", {"title": title, "text": text})
        wait_ready(site.url, made["id"])
        ids.append(made["id"])
    return ids


def playlist_page(site: Site, name: str) -> tuple[str, str, str]:
    first, second = two_articles(site)
    url = site.page_url(name, f'<div data-tts-article-id="{first}" data-tts-playlist="{first}, {second}" '
                              'data-tts-next-seconds="600"></div>')
    return url, first, second


def to_the_end(page: Page) -> None:
    wait_js(page, f"{PLAYER}.currentTime > 0.2")
    page.evaluate(f"() => {{ const a = {PLAYER}; a.currentTime = a.duration - 0.3; }}")
    wait_js(page, f"{PLAYER}.ended")


def start_and_play_to_the_end(page: Page) -> None:
    page.get_by_role("button", name="Click to start listening").click()
    to_the_end(page)


def plays(page: Page, article_id: str) -> None:
    wait_js(page, f"{PLAYING_ID} === '{article_id}' && {PLAYER}.currentTime > 0.2")


def test_up_next_counts_down_cancels_plays_and_remembers_off(site: Site, browser: Browser) -> None:
    url, first, second = playlist_page(site, "up-next")
    with open_page(browser) as page:
        scripts: list[str] = []
        page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[1]) if r.url.endswith(".js") else None)
        page.goto(url)
        expect(page.get_by_label("Play the next article")).to_be_checked()
        assert "player-next.js" in scripts  # a playlist: loaded with the page, not on a play

        # Cancel: the countdown goes, the article stays.
        start_and_play_to_the_end(page)
        countdown = page.locator(".tts-next")
        said = countdown.get_by_role("status")
        expect(said).to_have_text("Up next: Ferry runs empty, in 600 seconds. Escape cancels.")
        expect(countdown.locator(".tts-next-count")).to_have_attribute("aria-hidden", "true")
        countdown.get_by_role("button", name="Cancel").click()
        expect(countdown).to_have_count(0)
        assert page.evaluate(PLAYING_ID) == first

        # Escape, from the keyboard: Tab from the player's last control reaches Play now, Cancel.
        page.get_by_role("button", name="Play", exact=True).click()  # again, from the start
        to_the_end(page)
        expect(said).to_contain_text("Up next")
        page.get_by_role("link", name="Download the audio (MP3)").focus()
        page.keyboard.press("Tab")
        expect(countdown.get_by_role("button", name="Play now")).to_be_focused()
        page.keyboard.press("Tab")
        expect(countdown.get_by_role("button", name="Cancel")).to_be_focused()
        page.keyboard.press("Escape")
        expect(countdown).to_have_count(0)

        # The countdown's end (made short now): the next article plays in place, with its own title.
        page.evaluate("document.querySelector('.tts-player').dataset.ttsNextSeconds = 1")
        page.get_by_role("button", name="Play", exact=True).click()
        to_the_end(page)
        expect(said).to_contain_text("Up next")
        plays(page, second)
        expect(countdown).to_have_count(0)
        expect(page.get_by_role("group", name="Audio player: Ferry runs empty")).to_have_count(1)

        # The last of the list: no next, no switch.
        expect(page.get_by_label("Play the next article")).to_have_count(0)

        # Off, remembered: after a reload the switch is off and an ended article offers nothing.
        page.reload()
        page.get_by_label("Play the next article").uncheck()
        page.reload()
        expect(page.get_by_label("Play the next article")).not_to_be_checked()
        start_and_play_to_the_end(page)
        # The offer would be on the page in the same task as "Finished" (the add-on is loaded).
        expect(page.locator(".tts-status")).to_contain_text("Finished")
        assert page.locator(".tts-next").count() == 0 and page.evaluate(PLAYING_ID) == first


def test_media_session_next_track_plays_the_next_article(site: Site, browser: Browser) -> None:
    url, _, second = playlist_page(site, "up-next-session")
    with open_page(browser) as page:
        page.add_init_script(KEEP_HANDLERS)
        page.goto(url)
        page.get_by_role("button", name="Click to start listening").click()
        wait_js(page, f"{PLAYER}.currentTime > 0.2")
        # player.js gave next track to the next sentence; the add-on took it back on "playing".
        page.evaluate("() => handlers.nexttrack()")
        plays(page, second)


def test_next_track_during_the_countdown_plays_the_next_once(site: Site, browser: Browser) -> None:
    first, second = two_articles(site)
    with open_page(browser) as page:  # open_page fails the test on any JavaScript error
        page.add_init_script(KEEP_HANDLERS)
        page.goto(site.page_url("up-next-during", f'<div data-tts-article-id="{first}" '
                                f'data-tts-playlist="{first} {second}" data-tts-next-seconds="2"></div>'))
        start_and_play_to_the_end(page)
        expect(page.locator(".tts-next")).to_have_count(1)
        page.evaluate("() => handlers.nexttrack()")  # during the countdown
        plays(page, second)
        wait_js(page, f"{PLAYER}.ended")  # the next article (3 s) heard out: past the countdown's end
        expect(page.locator(".tts-player")).to_have_count(1)


def test_without_a_playlist_it_loads_only_when_an_article_ends(site: Site, browser: Browser) -> None:
    made = site.api("/api/articles", {"text": FIRST})
    wait_ready(site.url, made["id"])
    with open_page(browser) as page:
        scripts: list[str] = []
        page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[1]) if r.url.endswith(".js") else None)
        page.goto(site.page_url("no-playlist", f'<div data-tts-article-id="{made["id"]}"></div>'))
        page.get_by_role("button", name="Click to start listening").click()
        wait_js(page, f"{PLAYER}.currentTime > 0.2")
        assert "player-next.js" not in scripts
        to_the_end(page)
        wait_js(page, "typeof TTSPlayer.upNext === 'function'")
        assert "player-next.js" in scripts


def test_without_a_playlist_the_publishers_feed_gives_the_next(site: Site, browser: Browser) -> None:
    ids = []
    for title, text in (("Council meets", "The council met on Tuesday night."),
                        ("School opens", "The new school opened its doors today.")):
        made = site.api("/api/articles", {"title": title, "text": text, "feed": True})
        wait_ready(site.url, made["id"])
        ids.append(made["id"])
    older, newer = ids
    listed = site.api("/api/feed")["articles"]
    assert [item["id"] for item in listed[:2]] == [newer, older]  # newest added first
    assert listed[1]["title"] == "Council meets"
    with open_page(browser) as page:
        page.goto(site.page_url("up-next-feed", f'<div data-tts-article-id="{newer}"></div>'))
        start_and_play_to_the_end(page)
        countdown = page.locator(".tts-next")
        expect(countdown.get_by_role("status")).to_contain_text("Up next: Council meets")
        countdown.get_by_role("button", name="Play now").click()
        plays(page, older)


def test_data_tts_next_off_offers_nothing(site: Site, browser: Browser) -> None:
    first, second = two_articles(site)
    with open_page(browser) as page:
        scripts: list[str] = []
        page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[1]) if r.url.endswith(".js") else None)
        page.goto(site.page_url("up-next-off", f'<div data-tts-article-id="{first}" data-tts-next="off" '
                                f'data-tts-playlist="{first} {second}"></div>'))
        start_and_play_to_the_end(page)
        expect(page.locator(".tts-status")).to_contain_text("Finished")
        # The add-on would be asked for with the page (a playlist) and in the "ended" task.
        assert "player-next.js" not in scripts and "player.js" in scripts
        assert page.locator(".tts-next, .tts-next-switch").count() == 0


def test_on_a_german_page_the_offer_is_in_german(site: Site, browser: Browser) -> None:
    url, first, _ = playlist_page(site, "up-next-de")
    site.pages["up-next-de"] = site.pages["up-next-de"].replace('<html lang="en">', '<html lang="de">')
    with open_page(browser) as page:
        page.goto(url)
        expect(page.get_by_label("Nächsten Artikel abspielen")).to_be_checked()
        page.get_by_role("button", name="Artikel anhören").click()
        to_the_end(page)
        countdown = page.locator(".tts-next")
        expect(countdown.get_by_role("status")).to_have_text(
            "Als Nächstes: Ferry runs empty, in 600 Sekunden. Esc bricht ab.")
        expect(countdown.locator(".tts-next-count")).to_have_text(" in 600 s")
        expect(countdown.get_by_role("button", name="Jetzt abspielen")).to_be_visible()
        countdown.get_by_role("button", name="Abbrechen").click()
        expect(countdown).to_have_count(0)
        assert page.evaluate(PLAYING_ID) == first
