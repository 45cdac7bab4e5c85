"""Cache eviction: above TTS_CACHE_MAX_BYTES the least recently used on-demand articles go, with the
segments nobody else uses; kept articles and unfinished ones stay.

One cache is made once with the real voice (``made``), and every test works on its own copy.
"""

from __future__ import annotations

import math
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import STEADY_ENV, CountingBackend
from waiting import DEADLINE

from tts_service.access import Caller
from tts_service.articles import ArticleRequest, ArticleService
from tts_service.cli import main
from tts_service.config import Settings
from tts_service.errors import ConfigError, NotFound
from tts_service.store.eviction import TARGET, Inventory
from tts_service.store.names import content_key, manifest_segment_keys, segment_name, segment_words_name
from tts_service.synthesis.plan import Article
from tts_service.voice.base import Backend
from tts_service.web import create_app, service_of

# Two news items share "Harbor news.", one on-demand and one kept article share "Council news.".
HARBOR_BRIDGE = "Harbor news.\n\nThe bridge reopened."
HARBOR_FERRY = "Harbor news.\n\nThe ferry is late."
COUNCIL_PARK = "Council news.\n\nThe park is open."
COUNCIL_BUDGET = "Council news.\n\nThe budget passed."  # made by the CLI: kept
WEATHER = "Weather news.\n\nRain is coming."  # being made: its first segment only

HOUR = 3600
READER = Caller(keyed=False, client="198.51.100.7")  # a reader's browser, without a key


@dataclass(frozen=True)
class Made:
    """The cache folder every test copies, and its articles."""

    folder: Path
    bridge: Article
    ferry: Article
    park: Article
    budget: Article
    weather: Article


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, piper: Backend) -> Made:
    folder = tmp_path_factory.mktemp("made") / "cache"
    service = ArticleService(Settings.from_env(STEADY_ENV, cache_dir=folder))
    service.use_backend(piper)
    try:
        on_demand = [service.make(ArticleRequest(text), keep=False).article
                     for text in (HARBOR_BRIDGE, HARBOR_FERRY, COUNCIL_PARK)]
        budget = service.make(ArticleRequest(COUNCIL_BUDGET)).article
        weather, _ = service.submit(ArticleRequest(WEATHER), start=False, keep=False)
        service.speaker().segment_mp3(weather, 0)
    finally:
        service.shutdown()
    return Made(folder, *on_demand, budget, weather)


@pytest.fixture
def open_service(tmp_path: Path, made: Made, piper: Backend) -> Iterator[Callable[..., ArticleService]]:
    """``open_service(max_bytes)``: a service (a process, as it were) on this test's copy of the
    made cache, where the bridge was made 4 hours ago, the ferry 3, the park 2, the budget 5."""
    shutil.copytree(made.folder, tmp_path / "cache")
    services: list[ArticleService] = []

    def open_service(max_bytes: int = 0) -> ArticleService:
        # The voice's capacity fixed (STEADY_ENV): an app opened on it measures none on a busy
        # machine, which would turn a reader's new article away as too many.
        service = ArticleService(Settings.from_env(STEADY_ENV, cache_dir=tmp_path / "cache",
                                                   cache_max_bytes=max_bytes))
        service.use_backend(CountingBackend(piper))
        services.append(service)
        return service

    first = open_service()
    for article, hours in ((made.bridge, 4), (made.ferry, 3), (made.park, 2), (made.budget, 5)):
        made_hours_ago(first, article, hours)
    yield open_service
    for service in services:
        service.shutdown()


def made_hours_ago(service: ArticleService, article: Article, hours: float) -> None:
    """Date every object of the article back (the store's time is the clock eviction reads)."""
    when = time.time() - hours * HOUR
    for path in service.cache.store.root.glob(f"articles/{article.id}.*"):  # type: ignore[attr-defined]
        os.utime(path, (when, when))


def total(service: ArticleService) -> int:
    return Inventory.take(service.cache.store).total


def footprint(service: ArticleService, article: Article, *unshared: str) -> int:
    """Bytes of the article's objects and of its segments ``unshared``."""
    inventory = Inventory.take(service.cache.store)
    return inventory.articles[article.id].bytes + sum(inventory.segments[k] for k in unshared)


def has_segment(service: ArticleService, key: str) -> bool:
    return service.cache.store.stat(segment_name(key)) is not None


def assert_gone(service: ArticleService, article: Article) -> None:
    """Nothing of the article is left, and asking for it is a clean NotFound."""
    assert not service.cache.has_article(article.id)
    assert service.cache.article_info(article.id) is None
    assert not list(service.cache.store.root.glob(f"articles/{article.id}.*"))  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        service.status(article.id)


def test_the_made_cache_is_what_the_tests_expect(made: Made) -> None:
    assert made.bridge.keys[0] == made.ferry.keys[0]  # "Harbor news."
    assert made.park.keys[0] == made.budget.keys[0]  # "Council news."
    assert len({made.bridge.keys[1], made.ferry.keys[1], made.park.keys[1]}) == 3


def test_a_manifest_names_its_segments(open_service: Callable[..., ArticleService],
                                       made: Made) -> None:
    service = open_service()
    manifest = service.cache.get_manifest(made.bridge.id)
    assert manifest is not None and manifest_segment_keys(manifest) == list(made.bridge.keys)


def test_the_least_recently_used_on_demand_article_goes_first(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    service.status(made.bridge.id)  # a reader comes back to the bridge, the oldest: now the newest
    orphan = content_key("a segment no article uses")
    service.cache.put_segment(orphan, b"\xff\xf3 stray")
    before = total(service)
    # A limit that the cache fits without the ferry (the least recently used) and the orphan.
    ferry = footprint(service, made.ferry, made.ferry.keys[1]) + len(b"\xff\xf3 stray")
    limit = math.ceil((before - ferry) / TARGET)

    evicted = service.evict(limit)

    assert evicted.articles == [made.ferry.id]
    assert evicted.segments == 2 and evicted.freed == ferry
    assert_gone(service, made.ferry)
    assert not has_segment(service, made.ferry.keys[1]) and not has_segment(service, orphan)
    assert has_segment(service, made.ferry.keys[0])  # "Harbor news." still serves the bridge
    for article in (made.bridge, made.park, made.budget):
        assert service.cache.has_article(article.id)
    assert has_segment(service, made.weather.keys[0])  # the unfinished article's
    assert total(service) == evicted.total <= limit


def test_word_timings_count_and_go_with_their_segment(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    root: Path = service.cache.store.root  # type: ignore[attr-defined]
    on_disk = sum(f.stat().st_size for folder in ("segments", "articles")
                  for f in (root / folder).rglob("*") if f.is_file() and ".tmp" not in f.name)
    assert total(service) == on_disk  # audio, word timings and articles: every byte is counted
    words = segment_words_name(made.bridge.keys[1])
    assert service.cache.store.stat(words) is not None
    # A crash between a segment's two writes leaves its word timings alone: they go as an orphan.
    stray = content_key("a segment whose audio was never written")
    service.cache.store.put(segment_words_name(stray), b"[]")
    bridge = footprint(service, made.bridge, made.bridge.keys[1])  # the least recently used

    evicted = service.evict(math.ceil((total(service) - bridge - len(b"[]")) / TARGET))

    assert evicted.articles == [made.bridge.id] and evicted.freed == bridge + len(b"[]")
    assert service.cache.store.stat(words) is None
    assert service.cache.store.stat(segment_words_name(stray)) is None
    assert total(service) == evicted.total


def test_kept_and_unfinished_articles_stay_unless_asked(
        open_service: Callable[..., ArticleService], made: Made,
        caplog: pytest.LogCaptureFixture) -> None:
    service = open_service()
    evicted = service.evict(1)  # room for nothing: everything that may go goes
    assert "over its limit of 1, in kept and unfinished articles" in caplog.text
    assert evicted.articles == [made.bridge.id, made.ferry.id, made.park.id]  # oldest first
    for article in (made.bridge, made.ferry, made.park):
        assert_gone(service, article)
    assert not has_segment(service, made.bridge.keys[0])  # "Harbor news.": no article uses it
    assert service.cache.has_article(made.budget.id)  # kept
    assert all(has_segment(service, key) for key in made.budget.keys)  # "Council news." too
    assert has_segment(service, made.weather.keys[0])  # unfinished
    assert service.status(made.weather.id)["status"] == "partial"

    evicted = service.evict(1, include_kept=True)
    assert evicted.articles == [made.budget.id]
    assert_gone(service, made.budget)
    assert has_segment(service, made.weather.keys[0])  # still being made: never evicted
    assert total(service) > 0


def test_nothing_goes_while_the_cache_fits(open_service: Callable[..., ArticleService]) -> None:
    service = open_service()
    before = total(service)
    evicted = service.evict(before)
    assert evicted.articles == [] and evicted.segments == 0 and evicted.total == before


def test_a_reader_s_new_article_makes_room_by_evicting_the_oldest(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service(max_bytes=total(open_service()))  # full to the limit
    article, _ = service.submit(ArticleRequest("Harbor news.\n\nThe tide is high."), caller=READER)
    service.jobs.start(article.id).result(timeout=DEADLINE)  # made, then the sweep
    assert service.cache.has_article(article.id)
    assert not service.cache.is_kept(article.id)
    assert_gone(service, made.bridge)  # the least recently used
    assert service.cache.has_article(made.budget.id)  # kept
    assert total(service) <= service.settings.cache_max_bytes


def test_a_process_sweeps_at_most_once_a_minute(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service(max_bytes=1)
    first = service.evictor.sweep_if_due()
    assert first is not None and first.articles
    assert service.evictor.sweep_if_due() is None  # too soon
    assert open_service(max_bytes=0).evictor.sweep_if_due() is None  # no limit, no sweep


def test_what_the_cli_and_batch_make_is_kept_and_a_key_keeps_on_request(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    assert service.cache.is_kept(made.budget.id)  # made by ``make``, as the CLI and batch do
    assert not service.cache.is_kept(made.park.id)
    result = service.make(ArticleRequest(COUNCIL_PARK))  # made already: now kept
    assert result.article_cached and service.cache.is_kept(made.park.id)
    service.submit(ArticleRequest(HARBOR_FERRY))  # a publisher's key: kept
    assert service.cache.is_kept(made.ferry.id)
    service.submit(ArticleRequest(HARBOR_BRIDGE), caller=READER)  # a reader's browser: on-demand
    assert not service.cache.is_kept(made.bridge.id)
    assert service.cache.store.stat(f"articles/{made.bridge.id}.used.json") is not None
    assert service.evict(1).articles == [made.bridge.id]


def test_forget_removes_a_kept_article_and_only_its_own_segments(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    forgotten = service.forget(made.budget.id)
    assert forgotten.articles == [made.budget.id] and forgotten.segments == 1
    assert_gone(service, made.budget)
    assert not has_segment(service, made.budget.keys[1])
    assert has_segment(service, made.budget.keys[0])  # "Council news." still serves the park
    with pytest.raises(NotFound, match="no article"):
        service.forget(made.budget.id)


def test_a_listener_already_streaming_gets_the_whole_file(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    whole = service.cache.store.get(f"articles/{made.park.id}.mp3")
    stream = service.cache.open_article(made.park.id)
    assert stream is not None and whole
    with stream:
        first = next(stream)
        service.forget(made.park.id)
        assert first + stream.read() == whole


def test_an_evicted_article_is_not_found_on_the_web(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    app = create_app({"SETTINGS": service.settings, "TESTING": True})
    client = app.test_client()
    try:
        with client.get(f"/audio/{made.park.id}.mp3") as served:
            assert served.status_code == 200
        assert service.cache.store.stat(f"articles/{made.park.id}.used.json") is not None
        service.forget(made.park.id)
        for url in (f"/audio/{made.park.id}.mp3", f"/api/articles/{made.park.id}",
                    f"/audio/{made.park.id}.vtt"):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.get_json()["error"]
        posted = client.post("/api/articles", json={"text": COUNCIL_PARK},  # a reader asks again
                             headers={"Origin": "http://localhost"})
        assert posted.status_code == 201 and posted.get_json()["id"] == made.park.id
        service_of(app).jobs.start(made.park.id).result(timeout=DEADLINE)
        with client.get(f"/audio/{made.park.id}.mp3") as served:
            assert served.status_code == 200
    finally:
        service_of(app).shutdown()


def test_the_web_service_sweeps_when_it_starts(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service(max_bytes=1)
    app = create_app({"SETTINGS": service.settings, "TESTING": True})
    service_of(app).shutdown()
    for article in (made.bridge, made.ferry, made.park):
        assert_gone(service, article)
    assert service.cache.has_article(made.budget.id)


# -- the command line and the setting ----------------------------------------------------------
@pytest.fixture
def cache_env(open_service: Callable[..., ArticleService],
              monkeypatch: pytest.MonkeyPatch) -> ArticleService:
    for name in [n for n in os.environ if n.startswith("TTS_")]:
        monkeypatch.delenv(name)
    service = open_service()
    monkeypatch.setenv("TTS_CACHE_DIR", str(service.settings.cache_dir))
    return service


def test_cli_evicts_and_forgets(cache_env: ArticleService, made: Made,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "evict", "--max-bytes", "1"]) == 0
    assert capsys.readouterr().out.startswith("evicted 3 articles and ")
    assert cache_env.cache.has_article(made.budget.id)
    assert main(["cache", "forget", made.budget.id]) == 0
    assert capsys.readouterr().out.startswith(f"forgot {made.budget.id}: 2 segments")  # the park went first
    assert not cache_env.cache.has_article(made.budget.id)


def test_cli_evicts_kept_articles_when_asked(cache_env: ArticleService, made: Made,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "evict", "--max-bytes", "0", "--include-kept"]) == 0
    assert capsys.readouterr().out.startswith("evicted 4 articles and ")
    assert not cache_env.cache.has_article(made.budget.id)
    assert cache_env.cache.article_ids() == []


@pytest.mark.parametrize("argv,code,message", [
    (["cache", "evict"], 2, "no limit to evict down to"),
    (["cache", "forget", "0" * 32], 1, "no article 000"),
    (["cache", "forget", "../etc"], 1, "no such article"),
])
def test_cli_errors_are_one_line(cache_env: ArticleService, capsys: pytest.CaptureFixture[str],
                                 argv: list[str], code: int, message: str) -> None:
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_evict_uses_the_setting(cache_env: ArticleService, made: Made,
                                    monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TTS_CACHE_MAX_BYTES", "1")
    assert main(["cache", "evict"]) == 0
    assert "(limit 1)" in capsys.readouterr().out
    assert not cache_env.cache.has_article(made.park.id)


@pytest.mark.parametrize("raw,expected", [("0", 0), ("5000000000", 5_000_000_000),
                                          ("-1", ConfigError), ("10G", ConfigError)])
def test_the_limit_setting(raw: str, expected: int | type[Exception]) -> None:
    if isinstance(expected, int):
        assert Settings.from_env({"TTS_CACHE_MAX_BYTES": raw}).cache_max_bytes == expected
    else:
        with pytest.raises(expected, match="TTS_CACHE_MAX_BYTES"):
            Settings.from_env({"TTS_CACHE_MAX_BYTES": raw})


def test_a_failed_article_goes_before_any_made_one(
        open_service: Callable[..., ArticleService], made: Made) -> None:
    service = open_service()
    failed, _ = service.submit(ArticleRequest("Harbor news.\n\nThe voice failed here."),
                               start=False, keep=False)
    service.index.record_failure(failed.id, {"error": "synthesis failed", "detail": "on purpose"})
    evicted = service.evict(total(service) - 1)  # just over the limit: the failed one goes first
    assert evicted.articles[0] == failed.id
    assert service.index.load_request(failed.id) is None
    assert service.failure(failed.id) is None
