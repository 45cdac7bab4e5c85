"""Planning an article: its reading choices are decided once, from its whole text and its
``lang``, and every segment follows them (the quick first one too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_service.config import Settings
from tts_service.errors import TooLarge
from tts_service.synthesis import plan
from tts_service.synthesis.plan import plan_article
from tts_service.synthesis.request import ArticleRequest

SHORT = "Published 03/07/2025."
# A long first sentence, cut for a quick start; the dateline that decides the order is later.
LONG_FIRST = ("Officials confirmed on 03/07/2025, after a long night of talks in the capital, that the "
              "new agreement would hold for at least another year.\n\n"
              "SEOUL, July 3 (Wire) — The talks ended before dawn.")


@pytest.mark.parametrize(("lang", "default", "spoken"), [
    ("en-GB", "mdy", "July third"),
    ("en-IN", "mdy", "July third"),
    ("en-US", "dmy", "March seventh"),
    ("", "mdy", "March seventh"),  # no evidence: the site's TTS_DATE_ORDER
    ("", "dmy", "July third"),
])
def test_the_request_lang_decides_an_ambiguous_date(lang: str, default: str, spoken: str) -> None:
    request = ArticleRequest.from_json({"text": SHORT, "lang": lang} if lang else {"text": SHORT},
                                       Settings.from_env({}))
    plan = plan_article(request.text, Settings(date_order=default), 400, lang=request.lang)
    assert spoken in plan.segments[0].text


@pytest.mark.parametrize(("lang", "spoken"), [("en-GB", "July third"), ("", "July third"),
                                             ("en-US", "March seventh")])
def test_the_quick_first_segment_reads_the_date_as_the_article_does(lang: str, spoken: str) -> None:
    settings = Settings(first_segment_chars=60)
    plan = plan_article(LONG_FIRST, settings, 400, lang=lang)
    first_sentence = [s for s in plan.segments if s.sentence == 0]
    assert len(first_sentence) > 1  # it was cut for a quick start
    assert spoken in first_sentence[0].text


def test_a_request_keeps_its_lang() -> None:
    request = ArticleRequest.from_json({"text": SHORT, "lang": "en-GB"}, Settings.from_env({}))
    assert request.lang == "en-GB"
    assert ArticleRequest.from_dict(request.to_dict()) == request
    assert ArticleRequest.from_dict({"text": SHORT}).lang == ""  # stored before it had one


@pytest.mark.parametrize("attack", ["A. " * 66_666, "Go.\n\n" * 39_999, "No! " * 49_999])
def test_a_text_of_countless_tiny_sentences_is_refused_before_it_is_read(
        attack: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the text was segmented before it was refused")

    monkeypatch.setattr(plan, "segment_text", never)
    monkeypatch.setattr(plan, "article_options", never)
    with pytest.raises(TooLarge, match="too many segments"):
        plan_article(attack.strip(), Settings.from_env({}), 400)


def test_a_long_real_article_is_not_refused_by_the_rough_count() -> None:
    news = ("The council voted 7-2 on Tuesday to reopen the harbor bridge, officials said. "
            "Work starts in May.\n\nFerries run until then, the harbor master said on Monday. "
            "Tickets stay at $2.\n\n") * 700  # 137,900 characters, 2,800 sentences
    planned = plan_article(news, Settings.from_env({}), 400)
    assert len(planned.segments) >= 2_800


# -- the first segment made ahead of a click: from the first paragraphs alone, the same as the whole's

PAGES = sorted((Path(__file__).parents[1] / "text" / "pages").glob("*.html"))
ARTICLES = sorted((Path(__file__).parents[2] / "bench" / "articles").rglob("*.txt"))
# The evidence for the date order comes after the first 600 characters.
FAR_DATELINE = (LONG_FIRST.split("\n\n")[0] + "\n\n"
                + "\n\n".join(f"The council met again for hearing {n} and heard from the public."
                              for n in range(1, 13))
                + "\n\nSEOUL, July 3 (Wire) — The talks ended before dawn.")


@pytest.mark.parametrize("path", PAGES + ARTICLES, ids=lambda path: path.name)
def test_the_first_segment_made_ahead_is_the_whole_articles_first(path: Path) -> None:
    settings, html = Settings(), path.suffix == ".html"
    whole = plan_article(path.read_text("utf-8"), settings, 400, html=html)
    first = plan_article(path.read_text("utf-8"), settings, 400, html=html, first_only=True)
    assert first.segments == whole.segments[:1]
    assert first.language == whole.language and first.text == whole.text


def test_the_first_segment_made_ahead_reads_dates_by_the_whole_text() -> None:
    settings = Settings(first_segment_chars=60)
    whole = plan_article(FAR_DATELINE, settings, 400)
    first = plan_article(FAR_DATELINE, settings, 400, first_only=True)
    assert FAR_DATELINE.index("SEOUL") > plan.FIRST_PREFIX_CHARS
    assert first.segments == whole.segments[:1]
    assert "July third" in first.segments[0].text
