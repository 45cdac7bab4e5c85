"""The player speaks the page's language, in a real browser: its button, labels, ARIA labels and
status messages come from static/lang/LANG.js when the player's element (or the closest element
with a lang, up to <html>) is not in English; a region (de-AT) reads as its language, a language
without words stays English, and an English page fetches nothing more.

The server, the browser and the page helpers are browser_support's, as for test_browser.
"""

from __future__ import annotations

import re

import pytest
from browser_support import Site
from playwright.sync_api import Page, expect
from support import free_port

STORY = '<article id="story"><p>Der Stadtrat tagte am Montag.</p></article>'


def page_in(site: Site, name: str, html_lang: str, body: str) -> str:
    """A page whose <html lang> is ``html_lang``, with ``body`` in it, loading the player."""
    url = site.page_url(name, body)
    site.pages[name] = site.pages[name].replace('<html lang="en">', f'<html lang="{html_lang}">')
    return url


def scripts_fetched(page: Page, url: str) -> list[str]:
    """The player's scripts the page fetched while it loaded ``url`` and drew its player."""
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith(".js") else None)
    page.goto(url)
    page.locator(".tts-start").wait_for(state="visible")
    return [u.split("/static/", 1)[-1] for u in fetched]


@pytest.mark.parametrize("html_lang", ["de", "de-AT"])
def test_a_german_page_gets_german_labels(site: Site, page: Page, html_lang: str) -> None:
    url = page_in(site, "german-" + html_lang, html_lang,
                  f'<div data-tts-source="#story"></div>{STORY}')
    assert scripts_fetched(page, url) == ["player.js", "player-i18n.js", "lang/de.js"]
    player = page.get_by_role("region", name="Diesen Artikel anhören")
    start = player.get_by_role("button", name="Artikel anhören")
    expect(start).to_be_visible()
    assert "Click" not in (page.locator(".tts-player").inner_text())
    start.click()
    expect(player.get_by_role("button", name="Pause")).to_be_visible()
    for name in ("15 Sekunden zurück", "15 Sekunden vor", "Nächster Satz", "Vorheriger Absatz",
                 "Im Text mitlesen"):
        expect(player.get_by_role("button", name=name)).to_have_attribute("title", name)
    expect(player.get_by_role("slider", name="Wiedergabeposition")).to_have_attribute(
        "aria-valuetext", re.compile(r"^\d+ Minuten \d+ Sekunden von \d+ Minuten \d+ Sekunden$"))
    expect(player.get_by_role("combobox", name="Wiedergabegeschwindigkeit")).to_be_visible()
    expect(player.get_by_role("group", name="Audioplayer: Embed test")).to_be_visible()
    expect(page.locator(".tts-vh").first).to_have_text(
        "Tasten: Leertaste oder K für Abspielen oder Pause; Pfeiltasten springen 15 Sekunden, "
        "mit Umschalt einen Satz; [ und ] einen Absatz.")
    expect(page.locator(".tts-status")).to_have_text(re.compile("^(Wiedergabe läuft|Beendet)$"))


@pytest.mark.parametrize(("html_lang", "wrap", "sent", "found"), [
    ("de", "", "de", {"lang": "de", "source": "page"}),  # the server never sees <html lang>
    ("de", "fr", "fr", {"lang": "fr", "source": "page"}),  # the closest lang around the article
    ("", "", None, {"lang": "en", "source": "only"}),  # none: nothing sent, as before
])
def test_the_player_sends_its_pages_language_with_the_article(
        site: Site, page: Page, html_lang: str, wrap: str, sent: str | None,
        found: dict[str, str]) -> None:
    story = f'<div lang="{wrap}">{STORY}</div>' if wrap else STORY
    page.goto(page_in(site, f"page-lang-{html_lang}-{wrap}", html_lang,
                      f'<div data-tts-source="#story"></div>{story}'))
    with page.expect_response(lambda r: "/api/articles?stream" in r.url) as answered:
        page.locator(".tts-start").click()  # one request submits the article and streams it
    assert answered.value.request.post_data_json.get("page_lang") == sent
    article_id = answered.value.headers["x-article-id"]
    made = site.wait_for(article_id, lambda manifest: "language" in manifest, "the article's language")
    assert made["language"] == found


def test_the_embeds_own_lang_wins_and_a_message_with_a_detail_is_said_in_it(site: Site, page: Page) -> None:
    url = page_in(site, "french-embed", "en", f'<div lang="fr-CA"><div data-tts-source="#story" '
                  f'data-tts-endpoint="http://127.0.0.1:{free_port()}"></div></div>{STORY}')
    page.goto(url)
    page.get_by_role("button", name="Écouter l\u2019article").click()
    expect(page.locator(".tts-status.tts-error")).to_have_text(
        "Le service d\u2019écoute est injoignable. Vérifiez votre connexion et réessayez.")
    expect(page.get_by_role("button", name="Réessayer")).to_be_visible()


def test_a_failure_detail_from_the_server_is_kept_inside_the_translation(site: Site, page: Page) -> None:
    url = page_in(site, "spanish-unknown", "es", f'<div data-tts-article-id="{"0" * 32}"></div>')
    page.goto(url)
    expect(page.locator(".tts-status.tts-error")).to_have_text(
        f"Audio no disponible: no article {'0' * 32}.")


@pytest.mark.parametrize("html_lang", ["ja", ""])
def test_a_language_without_words_stays_english(site: Site, page: Page, html_lang: str) -> None:
    url = page_in(site, "unknown-" + (html_lang or "none"), html_lang,
                  f'<div data-tts-source="#story"></div>{STORY}')
    page.goto(url)
    expect(page.get_by_role("button", name="Click to start listening")).to_be_visible()
    expect(page.get_by_role("region", name="Listen to this article")).to_be_visible()


def test_an_english_page_fetches_no_words(site: Site, page: Page) -> None:
    url = page_in(site, "english-gb", "en-GB", f'<div data-tts-source="#story"></div>{STORY}')
    assert scripts_fetched(page, url) == ["player.js"]
    expect(page.get_by_role("button", name="Click to start listening")).to_be_visible()
    assert page.evaluate("Object.keys(TTSPlayer)") == ["init"]


def test_every_language_has_a_word_for_every_english_text(site: Site, page: Page) -> None:
    url = page_in(site, "all-languages", "de", f'<div data-tts-source="#story"></div>{STORY}')
    page.goto(url)
    page.locator(".tts-start").wait_for(state="visible")
    counts = page.evaluate("""async () => {
        for (const lang of ["fr", "es", "it", "pt", "nl"]) await new Promise((done) => document.head.append(
            Object.assign(document.createElement("script"), { src: `/static/lang/${lang}.js`, onload: done })));
        const english = TTSPlayer.say.english;
        return Object.fromEntries(Object.entries(TTSPlayer.words).map(([lang, words]) => [lang, [
            words.length, english.length,
            words.filter((w, i) => (w.match(/\\$\\d/g) || []).sort().join() !==
                                   (english[i].match(/\\$\\d/g) || []).sort().join()).length]]));
    }""")
    assert set(counts) == {"de", "fr", "es", "it", "pt", "nl"}
    for lang, (words, english, placeholders_differ) in counts.items():
        assert (words, placeholders_differ) == (english, 0), lang
