"""A publisher's own reading policy per request: ``read_captions`` and ``read_faq`` read or skip
those parts of this article's HTML instead of the site's TTS_READ_*; ids change only by what is
read, and a reader without a key cannot choose them."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from support import reader

CAPTION = "Divers replaced every cable of the old bridge."
FAQ_ANSWER = "The footpath opens at dawn every day."
HTML = ("<article><h1>Harbor bridge reopens</h1><p>The harbor bridge reopened on Monday.</p>"
        f"<figure><img src='b.jpg' alt=''><figcaption>{CAPTION}</figcaption></figure>"
        "<p>Commuters crowded the new footpath before dawn.</p>"
        f"<section class='faq'><h2>Frequently asked questions</h2><p>{FAQ_ANSWER}</p></section>"
        "</article>")


def read(client: FlaskClient, **policy: bool) -> tuple[str, str]:
    posted = client.post("/api/articles", json={"html": HTML, **policy})
    assert posted.status_code in (200, 201), posted.get_json()
    article_id = posted.get_json()["id"]
    return article_id, client.get(f"/api/articles/{article_id}/text").get_data(as_text=True)


def test_a_request_reads_or_skips_captions_and_faq_over_the_site_s_choice(client: FlaskClient) -> None:
    site_id, site_text = read(client)  # the defaults: captions skipped, FAQ read
    assert CAPTION not in site_text and FAQ_ANSWER in site_text
    captions_id, captions_text = read(client, read_captions=True)
    assert CAPTION in captions_text and FAQ_ANSWER in captions_text and captions_id != site_id
    no_faq_id, no_faq_text = read(client, read_faq=False)
    assert FAQ_ANSWER not in no_faq_text and CAPTION not in no_faq_text and no_faq_id != site_id
    same_id, _ = read(client, read_captions=False, read_faq=True)  # what the site reads anyway
    assert same_id == site_id


def test_a_policy_that_is_not_a_boolean_is_a_400(client: FlaskClient) -> None:
    refused = client.post("/api/articles", json={"html": HTML, "read_captions": "yes"})
    assert refused.status_code == 400 and "read_captions" in refused.get_json()["error"]


def test_a_reader_without_a_key_cannot_choose_the_policy(app: Flask) -> None:
    refused = reader(app).post("/api/articles", json={"html": HTML, "read_faq": False},
                               headers={"Origin": "http://localhost"})
    assert refused.status_code == 403 and "read_faq" in refused.get_json()["error"]
