"""The article's language: the request's, the page's, its feed's, the site's only one, else
detected."""

from __future__ import annotations

import pytest

from tts_service.config import Settings
from tts_service.errors import ConfigError
from tts_service.synthesis.plan import plan_article
from tts_service.synthesis.speaker import Speaker
from tts_service.text import language
from tts_service.text.language import Found, article_language, detect, page_language

SITE = ("de", "fr", "es", "it", "nl", "da", "ru", "en")

# Paragraphs written for these tests.
PARAGRAPHS = {
    "de": "Der Stadtrat hat am Dienstagabend beschlossen, die alte Brücke über den Hafen im "
          "Frühjahr wieder zu öffnen. Die Bauarbeiten sollen rund zwei Millionen Euro kosten.",
    "fr": "Le conseil municipal a décidé mardi soir de rouvrir le vieux pont du port au "
          "printemps. Les travaux devraient coûter environ deux millions d'euros.",
    "es": "El ayuntamiento decidió el martes por la noche reabrir el viejo puente del puerto en "
          "primavera. Las obras costarán unos dos millones de euros.",
    "it": "Il consiglio comunale ha deciso martedì sera di riaprire in primavera il vecchio ponte "
          "del porto. I lavori dovrebbero costare circa due milioni di euro.",
    "nl": "De gemeenteraad heeft dinsdagavond besloten de oude brug over de haven in het voorjaar "
          "weer te openen. De werkzaamheden kosten ongeveer twee miljoen euro.",
    "da": "Byrådet besluttede tirsdag aften at genåbne den gamle bro over havnen til foråret. "
          "Arbejdet ventes at koste omkring to millioner kroner.",
    "ru": "Городской совет во вторник вечером решил весной снова открыть старый мост через гавань. "
          "Работы обойдутся примерно в два миллиона евро.",
    "en": "The council voted on Tuesday night to reopen the old harbor bridge in spring. The work "
          "should cost about two million euros.",
}


@pytest.mark.parametrize(("html", "lang"), [
    ('<!doctype html><html lang="de-DE"><body><p>Hallo</p></body></html>', "de-DE"),
    ("<html class='x' lang=fr><body>Bonjour</body></html>", "fr"),
    ('<html xml:lang="nl" xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "nl"),
    ('<html><body><article lang="es"><p>Hola</p></article></body></html>', "es"),
    ('<!-- a fragment --><div lang="it"><p>Ciao</p></div>', "it"),
    ('<html lang="pt_BR"><body></body></html>', "pt-BR"),
    ("<html><body><p>No language</p></body></html>", ""),
    ('<p>English, then a quote: <q lang="fr">Bonjour</q></p>', ""),
    ('<html lang=""><body></body></html>', ""),
])
def test_the_page_says_its_language(html: str, lang: str) -> None:
    assert page_language(html) == lang


def test_the_request_wins_over_the_page_and_detection() -> None:
    found = article_language(PARAGRAPHS["de"], SITE, asked="fr", html='<html lang="es">')
    assert found == Found("fr", "request")


def test_the_page_wins_over_detection() -> None:
    assert article_language(PARAGRAPHS["de"], SITE, html='<html lang="es">') == Found("es", "page")


@pytest.mark.parametrize(("hints", "found"), [
    ({"feed": "de"}, Found("de", "feed")),  # the feed's language, over detection
    ({"feed": "de_AT"}, Found("de-AT", "feed")),
    ({"feed": "German"}, Found("fr", "detected")),  # no language tag: passed over
    ({"page": "es", "feed": "de"}, Found("es", "page")),  # the page's, read before, wins
    ({"html": '<html lang="it">', "feed": "de"}, Found("it", "page")),
    ({"asked": "nl", "page": "es", "feed": "de"}, Found("nl", "request")),
    ({}, Found("fr", "detected")),
])
def test_the_feed_ranks_below_the_page_and_above_detection(hints: dict[str, str],
                                                           found: Found) -> None:
    assert article_language(PARAGRAPHS["fr"], SITE, **hints) == found


def test_the_feed_ranks_above_the_sites_only_language() -> None:
    assert article_language(PARAGRAPHS["de"], ("en",), feed="de") == Found("de", "feed")


def test_a_site_of_one_language_detects_nothing() -> None:
    before = language._detector.cache_info()
    assert article_language(PARAGRAPHS["de"], ("en",)) == Found("en", "only")
    assert language._detector.cache_info() == before  # lingua was not even built


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_each_language_is_detected(lang: str) -> None:
    assert article_language(PARAGRAPHS[lang], SITE) == Found(lang, "detected")


def test_a_quoted_passage_stays_in_the_article_language() -> None:
    text = (PARAGRAPHS["de"] + "\n\n\u201eWe are very happy\u201c, said the mayor, "
            "\u201ethe bridge is open again.\u201c\n\n" + PARAGRAPHS["de"])
    plan = plan_article(text, Settings(languages="de,en"), 400)
    assert plan.language == Found("de", "detected")


def test_detection_only_picks_among_the_site_languages() -> None:
    assert detect(PARAGRAPHS["es"], ("it", "fr")) in ("it", "fr")
    assert article_language("", ("fr", "de")) == Found("fr", "default")  # unsure: the first


def test_a_language_lingua_does_not_know_is_never_detected() -> None:
    assert detect(PARAGRAPHS["de"], ("de", "xx")) is None  # one known language: nothing to pick


@pytest.mark.parametrize("value", ["", "de,12", "german,fr", "de fr"])
def test_bad_languages_setting_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="TTS_LANGUAGES"):
        Settings.from_env({"TTS_LANGUAGES": value})


def test_an_english_page_reads_as_before() -> None:
    """English found by itself keeps its conventions sniffed from the text (1.500 in English
    text is still read as the text shows it)."""
    text = "The company sold 1,500 cars for $2.5 million."
    html = f'<html lang="en"><body><article><p>{text}</p></article></body></html>'
    plain = plan_article(text, Settings(), 400)
    paged = plan_article(html, Settings(), 400, html=True)
    assert [s.text for s in paged.segments] == [s.text for s in plain.segments]
    assert paged.language == Found("en", "page")


def test_a_hint_changes_an_articles_id_only_when_it_changes_how_it_is_read(
        speaker: Speaker) -> None:
    """An article made without a hint keeps its id; a feed that names the language found anyway
    changes only the manifest's source; one that names another language reads it in that one
    (by a voice of that language: see tests/publish/test_watching.py)."""
    text = PARAGRAPHS["en"]
    plain, agreeing = speaker.prepare(text), speaker.prepare(text, feed_lang="en")
    assert (plain.language, agreeing.language) == (Found("en", "only"), Found("en", "feed"))
    assert agreeing.id == plain.id
    assert speaker.prepare(PARAGRAPHS["de"], feed_lang="de").language == Found("de", "feed")
