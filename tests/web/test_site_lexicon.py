"""The site lexicon kept on the service (GET/PUT /api/lexicon, ``synthesis.site_lexicon``): it
changes what the voice says on every article from then on, a keyless reader's too; an article's
own entries win; a made article keeps its id and words when the lexicon changes; another process
sees a change within its check interval; bad input is a 4xx."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from support import OWN_PAGE, reader
from waiting import wait_ready

from tts_service.articles import ArticleService
from tts_service.errors import CacheError
from tts_service.store.local import LocalStore
from tts_service.synthesis.site_lexicon import NAME, SiteLexicon
from tts_service.text.words.lexicon import Lexicon

STORY = "Mayor Nguyen met Sen. Joe Manchin in Kyiv."


def _spoken(client: FlaskClient, article_id: str) -> str:
    return " ".join(segment["text"] for segment in wait_ready(client, article_id)["segments"])


def test_a_site_entry_changes_what_every_new_article_says(client: FlaskClient, app: Flask) -> None:
    before = client.post("/api/articles", json={"text": STORY}).get_json()
    put = client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win", "Kyiv": "Keev"}})
    assert put.status_code == 200, put.get_data(as_text=True)
    assert put.get_json()["entries"] == 2
    assert client.get("/api/lexicon").get_json() == put.get_json()
    after = client.post("/api/articles", json={"text": STORY}).get_json()
    assert after["id"] != before["id"]
    assert _spoken(client, after["id"]) == "Mayor win met Senator Joe Manchin in Keev."
    keyless = reader(app).post("/api/articles?manifest=1", json={"text": "Nguyen spoke."},
                               headers=OWN_PAGE)
    assert keyless.status_code == 201, keyless.get_data(as_text=True)
    assert _spoken(client, keyless.get_json()["id"]) == "win spoke."


def test_an_articles_own_entry_wins_over_the_sites(client: FlaskClient) -> None:
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win", "Kyiv": "Keev"}})
    posted = client.post("/api/articles", json={"text": STORY, "lexicon": {"nguyen": "New-yen"}})
    assert _spoken(client, posted.get_json()["id"]) == "Mayor New-yen met Senator Joe Manchin in Keev."


def test_a_made_article_keeps_its_id_and_words_when_the_site_lexicon_changes(
        client: FlaskClient, service: ArticleService, monkeypatch: pytest.MonkeyPatch) -> None:
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win"}})
    made = client.post("/api/articles", json={"text": STORY}).get_json()["id"]
    wait_ready(client, made)
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "New-yen"}})
    monkeypatch.setattr(service.recent, "size", 0)  # rebuilt from its stored request
    service.recent.clear()
    assert client.get(f"/api/articles/{made}/text").status_code == 200
    assert client.get(f"/api/articles/{made}").get_json()["segments"][0]["text"].startswith("Mayor win")
    again = client.post("/api/articles", json={"text": STORY}).get_json()["id"]
    assert again != made and _spoken(client, again).startswith("Mayor New-yen")
    cleared = client.put("/api/lexicon", json={"lexicon": {}})
    assert cleared.get_json()["entries"] == 0
    plain = client.post("/api/articles", json={"text": STORY}).get_json()["id"]
    assert _spoken(client, plain).startswith("Mayor Nguyen")


@pytest.mark.parametrize("body,status", [
    ({"Nguyen": "win"}, 400),  # not under "lexicon"
    ({"lexicon": {"Nguyen": "win"}, "more": 1}, 400),
    ({"lexicon": ["Nguyen", "win"]}, 400),
    ({"lexicon": {"Nguyen": 1}}, 400),
    ({"lexicon": {"Nguyen": "[[win"}}, 400),
    ({"lexicon": {"...": "dots"}}, 400),
    ({"lexicon": {"Nguyen": "w" * 201}}, 400),
    ([], 400),
])
def test_a_bad_lexicon_is_a_400_and_keeps_the_old_one(client: FlaskClient, body: object,
                                                       status: int) -> None:
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win"}})
    response = client.put("/api/lexicon", json=body)
    assert response.status_code == status
    assert set(response.get_json()) == {"error", "detail"}
    assert client.get("/api/lexicon").get_json()["lexicon"] == {"Nguyen": "win"}


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_site_lexicon_needs_a_key(app: Flask, client: FlaskClient, method: str) -> None:
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win"}})
    keyless = getattr(reader(app), method)("/api/lexicon", json={"lexicon": {}}, headers=OWN_PAGE)
    assert keyless.status_code == 401 and set(keyless.get_json()) == {"error", "detail"}
    wrong = getattr(app.test_client(), method)("/api/lexicon", json={"lexicon": {}},
                                                headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401
    assert client.get("/api/lexicon").get_json()["lexicon"] == {"Nguyen": "win"}


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_another_process_sees_a_change_within_its_check_interval(tmp_path: Path) -> None:
    store, clock = LocalStore(tmp_path), Clock()
    writer, other = SiteLexicon(store), SiteLexicon(store, clock=clock, check_seconds=1.0)
    assert not other.current()
    writer.replace(Lexicon.from_mapping({"Nguyen": "win"}))
    assert not other.current()  # looked less than a second ago
    clock.now += 1.0
    assert other.current().entries == (("Nguyen", "win"),)
    writer.replace(Lexicon.from_mapping({"Nguyen": "win", "Kyiv": "Keev"}))
    clock.now += 0.5
    assert len(other.current().entries) == 1
    clock.now += 0.5
    assert len(other.current().entries) == 2


@pytest.mark.parametrize("text,own,expected", [
    ("Mayor Nguyen spoke.", (), (("Nguyen", "win"),)),
    ("Nobody named here.", (), ()),
    ("NGUYEN and Kyiv", (), (("Nguyen", "win"), ("Kyiv", "Keev"))),
    ("Nguyen", (("nguyen", "New-yen"),), (("nguyen", "New-yen"),)),  # its own win
    ("Sen. Joe  Manchin said", (), (("Joe", "Joseph"), ("Sen. Joe Manchin", "Senator Manchin"))),
    ("Nguyenville", (), ()),  # whole words only
])
def test_an_article_takes_only_the_site_words_its_text_holds(
        tmp_path: Path, text: str, own: tuple[tuple[str, str], ...],
        expected: tuple[tuple[str, str], ...]) -> None:
    site = SiteLexicon(LocalStore(tmp_path))
    site.replace(Lexicon.from_mapping({"Nguyen": "win", "Kyiv": "Keev", "Joe": "Joseph",
                                       "Sen. Joe Manchin": "Senator Manchin"}))
    assert site.used_by(text, own) == expected


@pytest.mark.parametrize("blob", [b"not json", b'{"entries": 3}', b'{"entries": [["a"]]}',
                                  b'{"entries": [["Nguyen", 1]]}', b'["x"]', b"\xff"])
def test_a_corrupt_stored_lexicon_is_a_cache_error(tmp_path: Path, blob: bytes) -> None:
    store = LocalStore(tmp_path)
    store.put(NAME, blob)
    with pytest.raises(CacheError, match="lexicon/site.json"):
        SiteLexicon(store).current()


TRICKY = {"Nguyen": "win", "Joe": "Joseph", "Sen. Joe Manchin": "Senator Manchin",
          "Joe Manchin": "Joe Mansh", "U.S.": "United States", "AT&T": "A T and T", ".NET": "dot net",
          "C++": "C plus plus", "Straße": "Strasse", "istanbul": "Istanbul said", "Kyiv": "Keev",
          "kyiv": "Keev again", "New York": "Noo York", "York": "Yawk", "Mr. O'Neil": "Mister O Neil",
          "café": "kaffay", "2024": "twenty twenty-four", "Joe's": "Joes"}


def _by_one_alternation(lexicon: Lexicon, text: str, own: tuple[tuple[str, str], ...]):
    """What the site lexicon took before its index: one regex of every entry, run over the text."""
    anywhere = re.compile(f"(?=({lexicon.pattern.pattern}))", re.IGNORECASE)
    table = {written.casefold(): (written, spoken) for written, spoken in lexicon.entries}
    found = {" ".join(match.group(1).split()).casefold() for match in anywhere.finditer(text)}
    mine = {written.casefold() for written, _ in own}
    return tuple(table[word] for word in table if word in found and word not in mine) + own


@pytest.mark.parametrize("text", [
    "Sen. Joe  Manchin met Joe Manchin and Joe's dog in New\nYork, then York.",
    "the U.S. and AT&T use .NET and C++ in 2024; Joe.",
    "STRASSE and straße; İstanbul, ıstanbul, ISTANBUL; KYIV, Kyiv; CAFÉ café cafe",
    "Mr. O'Neil and Mr.O'Neil, Nguyenville, xNguyen, Nguyen_x, Nguyen2, 20245, US",
    "",
    "nothing at all here",
])
def test_the_index_takes_the_same_entries_as_one_alternation(tmp_path: Path, text: str) -> None:
    lexicon = Lexicon.from_mapping(TRICKY)
    site = SiteLexicon(LocalStore(tmp_path))
    site.replace(lexicon)
    for own in [(), (("joe", "Joey"),)]:
        assert site.used_by(text, own) == _by_one_alternation(lexicon, text, own)


def test_the_index_takes_the_same_entries_from_a_large_lexicon(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "bench" / "articles" / "harbor_bridge.txt").read_text("utf-8")
    words = list(dict.fromkeys(re.findall(r"\w+", text)))
    pairs = {f"{a} {b}": "said" for a, b in itertools.pairwise(words)}  # many two-word entries
    pairs.update({word: word.upper() for word in words[::3]})
    pairs.update({f"Zorb{n}": "zorb" for n in range(10_000 - len(pairs))})
    lexicon = Lexicon.from_mapping(pairs)
    site = SiteLexicon(LocalStore(tmp_path))
    site.replace(lexicon)
    taken = site.used_by(text)
    assert len(taken) > 100
    assert taken == _by_one_alternation(lexicon, text, ())


def test_a_lexicon_over_10000_entries_is_a_400_and_keeps_the_old_one(client: FlaskClient) -> None:
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win"}})
    at_limit = client.put("/api/lexicon", json={"lexicon": {f"Zorb{n}": "z" for n in range(10_000)}})
    assert at_limit.status_code == 200 and at_limit.get_json()["entries"] == 10_000
    over = client.put("/api/lexicon", json={"lexicon": {f"Zorb{n}": "z" for n in range(10_001)}})
    assert over.status_code == 400 and set(over.get_json()) == {"error", "detail"}
    assert "10,000" in over.get_json()["detail"]
    assert client.get("/api/lexicon").get_json()["entries"] == 10_000


def test_a_body_over_the_request_limit_is_a_413_and_keeps_the_old_one(app: Flask,
                                                                      client: FlaskClient) -> None:
    client.put("/api/lexicon", json={"lexicon": {"Nguyen": "win"}})
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit < 50_000_000  # a 50 MB body is never read
    body = b'{"lexicon": {"Nguyen": "' + b"w" * limit + b'"}}'
    response = client.put("/api/lexicon", data=body, content_type="application/json")
    assert response.status_code == 413 and set(response.get_json()) == {"error", "detail"}
    assert client.get("/api/lexicon").get_json()["lexicon"] == {"Nguyen": "win"}
