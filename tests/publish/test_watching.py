"""Auto-publishing: `tts-service watch` over RSS and Atom feeds served by a local HTTP server,
made once each with the real voice, kept, with the entries' metadata; clean stops."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from http_support import Page, page_server
from support import STEADY_ENV, ctrl_c_reaches_it, stop_process
from waiting import DEADLINE, wait_until

from tts_service import audio
from tts_service.config import Settings
from tts_service.errors import InputError
from tts_service.publish import watch as watching
from tts_service.publish.batch import Outcome
from tts_service.publish.feed_entries import FeedEntries
from tts_service.publish.feeds import parse_feed
from tts_service.publish.watch import MAX_ATTEMPTS, FeedState, Watcher
from tts_service.store.cache import AudioCache
from tts_service.store.local import LocalStore
from tts_service.synthesis.index import ArticleIndex
from tts_service.synthesis.speaker import Speaker
from tts_service.voice.base import Backend

EXE = Path(sys.executable).with_name("tts-service")
FEED_URL = "https://news.example/feed.xml"
PAGE = """<html><head><title>The Ledger</title></head><body>
<nav><a href="/">Home</a> <a href="/sports">Sports</a></nav>
<article><h1>{title}</h1><p>{body}</p></article>
<footer>Copyright The Ledger. All rights reserved.</footer></body></html>"""


def story(n: int) -> str:
    return f"Story {n}. The harbor ferry ran late on day {n}."


def rss_item(n: int, base: str, *, content: bool = True, title: str = "") -> str:
    encoded = (f"<content:encoded><![CDATA[<p>{story(n)}</p>]]></content:encoded>"
               if content else "")
    return (f"<item><title>{title or f'Story {n}'}</title><link>{base}/news/{n}</link>"
            f"<guid isPermaLink=\"false\">story-{n}</guid><dc:creator>Ann Reporter</dc:creator>"
            f"<pubDate>Sat, 28 Nov 2026 0{n % 10}:30:00 GMT</pubDate>"
            f"<description>Ferry news, day {n}.</description>{encoded}</item>")


def rss(*items: str, lang: str = "") -> bytes:
    language = f"<language>{lang}</language>" if lang else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>The Ledger</title>'
            f"<link>https://news.example/</link>{language}{''.join(items)}</channel></rss>").encode()


def atom(*entries: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>The Ledger</title><id>urn:ledger</id><updated>2026-11-28T06:00:00Z</updated>"
            f"{''.join(entries)}</feed>").encode()


def watch(args: list[str], cache: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """One run of the CLI; one worker process, whose voice uses both cores (quicker to start)."""
    return subprocess.run([str(EXE), "watch", "--workers", "1", *args],
                          env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache), **env},
                          capture_output=True, text=True, timeout=DEADLINE, check=False)


def report_of(path: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(path.read_text())
    return body


def feed_state(cache: Path, url: str) -> dict[str, dict[str, Any]]:
    return FeedState(LocalStore(cache), url).entries


# -- reading feeds (no voice) ---------------------------------------------------------------------
@pytest.mark.parametrize("document,expected", [
    # RSS with the article in content:encoded: spoken from the feed, known by its guid
    (rss(rss_item(1, "https://news.example")),
     {"key": "story-1", "link": "https://news.example/news/1", "title": "Story 1",
      "author": "Ann Reporter", "date": "2026-11-28T01:30:00+00:00",
      "content": f"<p>{story(1)}</p>", "html": True}),
    # RSS with a summary only: the page is read (no content), known by its guid
    (rss(rss_item(2, "https://news.example", content=False)),
     {"key": "story-2", "link": "https://news.example/news/2", "content": ""}),
    # content shorter than the summary is a teaser: the page is read
    (rss("<item><link>/news/3</link><description>A long summary of the ferry story, in full."
         "</description><content:encoded>&lt;p&gt;Read more&lt;/p&gt;</content:encoded></item>"),
     {"key": "https://news.example/news/3", "link": "https://news.example/news/3", "content": ""}),
    # Atom: its id, its published date, an HTML content
    (atom('<entry><title>Ferry</title><id>urn:e1</id><link href="https://news.example/e1"/>'
          "<published>2026-11-27T09:00:00Z</published><updated>2026-11-28T01:00:00Z</updated>"
          '<author><name>Bo Editor</name></author><content type="html">&lt;p&gt;Ferry late.&lt;/p&gt;'
          "</content></entry>"),
     {"key": "urn:e1", "title": "Ferry", "author": "Bo Editor", "date": "2026-11-27T09:00:00+00:00",
      "content": "<p>Ferry late.</p>", "html": True}),
    # Atom plain-text content is spoken as text; no published date: the updated one
    (atom('<entry><id>urn:e2</id><updated>2026-11-28T01:00:00Z</updated>'
          '<content type="text">Ferry late.</content></entry>'),
     {"key": "urn:e2", "date": "2026-11-28T01:00:00+00:00", "content": "Ferry late.", "html": False}),
    # no link and no content: the summary is all there is
    (rss("<item><guid isPermaLink=\"false\">x</guid><description>Only a summary.</description>"
         "</item>"),
     {"key": "x", "link": "", "content": "Only a summary."}),
    # the feed's own encoding; an HTML title is spoken as its text
    ('<?xml version="1.0" encoding="ISO-8859-1"?><feed xmlns="http://www.w3.org/2005/Atom">'
     '<entry><id>urn:e3</id><title type="html">Caf\xe9 &lt;b&gt;owners&lt;/b&gt; &amp;amp; staff'
     '</title><content type="text">Ferry late.</content></entry></feed>'.encode("latin-1"),
     {"key": "urn:e3", "title": "Caf\xe9 owners & staff"}),
    # the feed's language: RSS <language>; Atom xml:lang, the feed's or the entry's own
    (rss(rss_item(1, "https://news.example"), lang="de-DE"), {"key": "story-1", "lang": "de-DE"}),
    (rss(rss_item(1, "https://news.example")), {"key": "story-1", "lang": ""}),
    (atom('<entry><id>urn:e4</id><content type="text">Fähre.</content></entry>').replace(
        b"<feed ", b'<feed xml:lang="de" '), {"key": "urn:e4", "lang": "de"}),
    (atom('<entry xml:lang="fr"><id>urn:e5</id><title>Bac</title></entry>').replace(
        b"<feed ", b'<feed xml:lang="de" '), {"key": "urn:e5", "lang": "fr"}),
])
def test_feed_entries(document: bytes, expected: dict[str, Any]) -> None:
    entry = parse_feed(FEED_URL, document)[0]
    assert {name: getattr(entry, name) for name in expected} == expected


@pytest.mark.parametrize("document", [
    b"<html><body><p>A web page, not a feed.</p></body></html>",
    b'{"items": []}',
    b"",
])
def test_what_is_not_a_feed_says_so(document: bytes) -> None:
    with pytest.raises(InputError, match="is not an RSS or Atom feed"):
        parse_feed(FEED_URL, document)


def test_the_feed_parser_never_fetches_by_itself() -> None:
    with page_server() as site:
        site.pages["/secret"] = Page(b"<rss version='2.0'><channel/></rss>")
        with pytest.raises(InputError):
            parse_feed(FEED_URL, site.url("/secret").encode())
    assert site.requested == []


def test_a_changed_entry_is_wanted_again_and_failures_stop_after_a_few(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    entry = parse_feed(FEED_URL, rss(rss_item(1, "https://news.example")))[0]
    state = FeedState(store, FEED_URL)
    assert state.wanted(entry)
    state.record(entry, Outcome(entry.name, "made", "a" * 32))
    assert not FeedState(store, FEED_URL).wanted(entry)  # stored, and read back
    retitled = parse_feed(FEED_URL, rss(rss_item(1, "https://news.example", title="New title")))[0]
    assert retitled.key == entry.key and FeedState(store, FEED_URL).wanted(retitled)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert state.wanted(retitled), f"given up after {attempt - 1} failures"
        state.record(retitled, Outcome(retitled.name, "failed", error="fetching failed: HTTP 503"))
    assert not FeedState(store, FEED_URL).wanted(retitled)
    assert FeedState(store, FEED_URL).entries[entry.key]["attempts"] == MAX_ATTEMPTS


def test_the_state_forgets_entries_the_feed_no_longer_lists_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watching, "REMEMBERED_ENTRIES", 2)
    entries = parse_feed(FEED_URL, rss(*(rss_item(n, "https://news.example") for n in range(4))))
    state = FeedState(LocalStore(tmp_path), FEED_URL)
    state.listed = {entries[0].key, entries[3].key}  # 1 and 2 have left the feed
    for entry in entries:
        state.record(entry, Outcome(entry.name, "made", "a" * 32))
    assert set(FeedState(LocalStore(tmp_path), FEED_URL).entries) == {"story-0", "story-3"}


def test_poll_reads_pages_when_asked_and_reports_each_feed(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache", fetch_timeout=2.0)
    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(rss_item(1, site.base)), content_type="application/rss+xml")
        site.pages["/news/1"] = Page(PAGE.format(title="Ferry", body="The page's own words.").encode())
        from_feed = Watcher([site.url("/feed.xml"), site.url("/gone.xml")], settings).poll()
        from_page = Watcher([site.url("/feed.xml")], settings, always_fetch_pages=True).poll()
    assert from_feed.items[0].request is not None and story(1) in from_feed.items[0].request.text
    assert from_page.items[0].request is not None
    assert from_page.items[0].request.text.startswith("Ferry\n\nThe page's own words.")
    assert from_page.items[0].request.title == "Story 1"  # the feed's metadata goes with it
    assert site.requested.count("/news/1") == 1
    assert from_feed.report() == [
        {"url": site.url("/feed.xml"), "entries": 1, "new": 1, "error": ""},
        {"url": site.url("/gone.xml"), "entries": 0, "new": 0,
         "error": f"fetching {site.url('/gone.xml')} failed: HTTP 404"}]


GERMAN = ("Die Fähre im Hafen fuhr am Dienstag wieder zu spät ab. Der Stadtrat will nun einen "
          "neuen Fahrplan beschließen, der im Frühjahr gelten soll.")
ENGLISH_PAGE = PAGE.replace("<html>", '<html lang="en">')


def test_poll_gives_each_article_its_feeds_and_its_pages_language(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache")
    with page_server() as site:
        site.pages["/de.xml"] = Page(rss(rss_item(1, site.base), rss_item(2, site.base, content=False),
                                         rss_item(3, site.base, content=False), lang="de"))
        site.pages["/news/2"] = Page(PAGE.format(title="Fähre", body=GERMAN).encode())
        site.pages["/news/3"] = Page(ENGLISH_PAGE.format(title="Ferry", body=story(3)).encode())
        poll = Watcher([site.url("/de.xml")], settings).poll()
    hints = {item.name.rsplit("/", 1)[1]: item.request.hints for item in poll.items if item.request}
    assert hints == {"1": {"feed_lang": "de"}, "2": {"feed_lang": "de"},
                     "3": {"page_lang": "en", "feed_lang": "de"}}


def test_the_feeds_language_reads_the_articles_its_pages_leave_unsaid(tmp_path: Path) -> None:
    """A German feed whose pages say no language: German, as the feed says ("feed"); its page
    that says English: English ("page"); a feed that says none: detected as before."""
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    with page_server() as site:
        site.pages["/de.xml"] = Page(rss(rss_item(1, site.base, content=False),
                                         rss_item(2, site.base, content=False), lang="de"))
        site.pages["/plain.xml"] = Page(rss(rss_item(3, site.base, content=False)))
        site.pages["/news/1"] = Page(PAGE.format(title="Fähre", body=GERMAN).encode())
        site.pages["/news/2"] = Page(ENGLISH_PAGE.format(title="Ferry", body=story(2)).encode())
        site.pages["/news/3"] = Page(PAGE.format(title="Hafen", body=GERMAN).encode())
        result = watch([site.url("/de.xml"), site.url("/plain.xml"), "--once", "-q",
                        "--report", str(report)], cache, TTS_LANGUAGES="en,de")
    assert result.returncode == 0, result.stderr
    audio_cache = AudioCache(cache)
    found = {article["name"].rsplit("/", 1)[1]: audio_cache.get_manifest(article["id"])
             for article in report_of(report)["articles"]}
    assert {n: manifest["language"] for n, manifest in found.items() if manifest} == {
        "1": {"lang": "de", "source": "feed"}, "2": {"lang": "en", "source": "page"},
        "3": {"lang": "de", "source": "detected"}}
    assert found["1"] is not None and found["1"]["backend"].startswith("espeak-ng:de")


@pytest.mark.parametrize("page,message", [
    (None, "failed: HTTP 404"),
    (Page(b"<html><body><p>Home page.</p></body></html>"), "is not an RSS or Atom feed"),
    (Page(rss(rss_item(1, "https://news.example")), delay=2.0), "Timeout"),
    (Page(rss(*(rss_item(n, "https://news.example") for n in range(200)))), "larger than 20,000 bytes"),
    ("unreachable", "failed: ConnectionError"),
])
def test_each_feed_error_is_reported_and_the_other_feeds_go_on(
        tmp_path: Path, page: Page | str | None, message: str) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache", fetch_timeout=1.0,
                                 fetch_max_bytes=20_000)
    with page_server() as site:
        site.pages["/good.xml"] = Page(rss(rss_item(1, site.base)))
        bad = site.url("/bad.xml")
        if page == "unreachable":
            bad = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens
        elif isinstance(page, Page):
            site.pages["/bad.xml"] = page
        poll = Watcher([bad, site.url("/good.xml")], settings).poll()
    assert list(poll.errors) == [bad] and message in poll.errors[bad]
    assert [item.name for item in poll.items] == [site.url("/news/1")]


@pytest.mark.parametrize("args,env,message", [
    (["--interval", "0"], {}, "must be above 0"),
    (["--interval", "soon"], {}, "not a number of seconds"),
    ([], {"TTS_WATCH_INTERVAL": "-5"}, "invalid setting TTS_WATCH_INTERVAL"),
])
def test_bad_intervals_are_refused(tmp_path: Path, args: list[str], env: dict[str, str],
                                   message: str) -> None:
    result = watch([*args, FEED_URL], tmp_path / "cache", **env)
    assert result.returncode != 0 and message in result.stderr
    assert "Traceback" not in result.stderr


# -- making the articles (the real voice) ---------------------------------------------------------
def test_once_makes_ten_entries_and_a_second_run_makes_none(tmp_path: Path) -> None:
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(*(rss_item(n, site.base) for n in range(10))),
                                       content_type="application/rss+xml")
        first = watch([site.url("/feed.xml"), "--once", "-q", "--report", str(report)], cache)
        assert first.returncode == 0, first.stderr
        made = report_of(report)
        second = watch([site.url("/feed.xml"), "--once", "-q", "--report", str(report)], cache)
        assert second.returncode == 0, second.stderr
    assert made["totals"]["made"] == 10 and made["totals"]["failed"] == 0
    assert "10 articles: 10 made" in first.stderr
    ids = {article["name"]: article["id"] for article in made["articles"]}
    assert len(set(ids.values())) == 10
    index, audio_cache = ArticleIndex(LocalStore(cache)), AudioCache(cache)
    for n in range(10):
        article_id = ids[site.url(f"/news/{n}")]
        assert audio_cache.has_article(article_id) and audio_cache.is_kept(article_id)
        assert index.metadata(article_id) == {"title": f"Story {n}", "author": "Ann Reporter",
                                              "date": f"2026-11-28T0{n}:30:00+00:00"}
    assert report_of(report)["totals"]["articles"] == 0  # the second run made nothing
    assert "0 articles: 0 made" in second.stderr
    assert site.requested == ["/feed.xml", "/feed.xml"]  # and read nothing but the feed


def test_atom_feed(tmp_path: Path) -> None:
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    entries = [f'<entry><title>Ferry {n}</title><id>urn:ferry:{n}</id>'
               f'<link href="/ferry/{n}"/><updated>2026-11-28T0{n}:00:00Z</updated>'
               f'<author><name>Bo Editor</name></author>'
               f'<content type="html">&lt;p&gt;{story(n)}&lt;/p&gt;</content></entry>'
               for n in range(2)]
    with page_server() as site:
        site.pages["/atom.xml"] = Page(atom(*entries), content_type="application/atom+xml")
        result = watch([site.url("/atom.xml"), "--once", "-q", "--feed", "--report", str(report)], cache)
    assert result.returncode == 0, result.stderr
    articles = {a["name"]: a for a in report_of(report)["articles"]}
    in_podcast = {entry.id for entry in FeedEntries(LocalStore(cache)).entries()}
    assert in_podcast == {a["id"] for a in articles.values()}  # --feed: both are episodes
    assert sorted(articles) == [site.url("/ferry/0"), site.url("/ferry/1")]  # links made absolute
    first = articles[site.url("/ferry/0")]
    assert first["status"] == "made" and first["duration"] > 1
    assert ArticleIndex(LocalStore(cache)).metadata(first["id"]) == {
        "title": "Ferry 0", "author": "Bo Editor", "date": "2026-11-28T00:00:00+00:00"}
    assert set(feed_state(cache, site.url("/atom.xml"))) == {"urn:ferry:0", "urn:ferry:1"}


def test_summary_only_feed_reads_each_entrys_page(tmp_path: Path) -> None:
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(*(rss_item(n, site.base, content=False) for n in (1, 2))))
        for n in (1, 2):
            site.pages[f"/news/{n}"] = Page(PAGE.format(title=f"Ferry {n}", body=story(n)).encode())
        result = watch([site.url("/feed.xml"), "--once", "-q", "--report", str(report)], cache)
    assert result.returncode == 0, result.stderr
    assert sorted(site.requested) == ["/feed.xml", "/news/1", "/news/2"]
    index = ArticleIndex(LocalStore(cache))
    articles = report_of(report)["articles"]
    assert len(articles) == 2
    for article in articles:
        request = index.load_request(article["id"])
        assert article["status"] == "made" and request is not None
        n = int(article["name"].rsplit("/", 1)[1])
        assert request.text == f"Ferry {n}\n\n{story(n)}"  # the article, not the menu or footer
        assert request.title == f"Story {n}" and request.author == "Ann Reporter"


def test_a_broken_feed_beside_a_good_one(tmp_path: Path) -> None:
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(rss_item(1, site.base),
                                           rss_item(2, site.base, content=False)))  # no page
        site.pages["/page.html"] = Page(PAGE.format(title="Home", body="Not a feed.").encode())
        feeds = [site.url("/missing.xml"), site.url("/page.html"), site.url("/feed.xml")]
        result = watch([*feeds, "--once", "-q", "--report", str(report)], cache)
    assert result.returncode == 1, result.stderr
    assert (f"feed {feeds[0]}: fetching {feeds[0]} failed: HTTP 404" in result.stderr)
    assert f"feed {feeds[1]}: {feeds[1]} is not an RSS or Atom feed" in result.stderr
    assert "2 articles: 1 made, 0 already cached, 1 failed" in result.stderr
    assert f"failed: {site.url('/news/2')}: fetching {site.url('/news/2')} failed: HTTP 404" in result.stderr
    assert "Traceback" not in result.stderr
    body = report_of(report)
    assert [feed["error"] != "" for feed in body["feeds"]] == [True, True, False]
    assert {a["name"]: a["status"] for a in body["articles"]} == {site.url("/news/1"): "made",
                                                                   site.url("/news/2"): "failed"}
    assert feed_state(cache, feeds[2])["story-2"]["attempts"] == 1  # tried again next time


def test_new_and_changed_entries_are_made_on_the_next_run(tmp_path: Path) -> None:
    cache, report = tmp_path / "cache", tmp_path / "report.json"
    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(*(rss_item(n, site.base) for n in (1, 2, 4))))
        assert watch([site.url("/feed.xml"), "--once", "-q"], cache).returncode == 0
        before = feed_state(cache, site.url("/feed.xml"))
        edited = rss_item(2, site.base).replace(story(2), story(2) + " It is fixed.")
        site.pages["/feed.xml"] = Page(rss(rss_item(3, site.base),
                                           rss_item(1, site.base, title="Ferry runs late"),
                                           edited, rss_item(4, site.base)))
        result = watch([site.url("/feed.xml"), "--once", "-q", "--report", str(report)], cache)
    assert result.returncode == 0, result.stderr
    outcomes = {a["name"]: a for a in report_of(report)["articles"]}
    assert sorted(outcomes) == [site.url(f"/news/{n}") for n in (1, 2, 3)]  # not story 4
    assert outcomes[site.url("/news/3")]["status"] == "made"
    retitled = outcomes[site.url("/news/1")]
    assert retitled["status"] == "cached"  # the same words: the same audio, not made again
    assert retitled["id"] == before["story-1"]["article"]
    assert ArticleIndex(LocalStore(cache)).metadata(retitled["id"])["title"] == "Ferry runs late"
    rewritten = outcomes[site.url("/news/2")]
    assert rewritten["status"] == "made" and rewritten["id"] != before["story-2"]["article"]
    after = feed_state(cache, site.url("/feed.xml"))
    assert after["story-2"]["replaced"] == [before["story-2"]["article"]]
    assert AudioCache(cache).is_kept(before["story-2"]["article"])  # until the operator forgets it


def asleep(pid: int) -> bool:
    """Whether the main thread of process ``pid`` waits in ``time.sleep`` (the kernel's name for
    where it waits): a watcher does only between two passes."""
    try:
        return Path(f"/proc/{pid}/wchan").read_text() == "hrtimer_nanosleep"
    except OSError:
        return False


def made_entries(cache: Path, url: str) -> set[str]:
    return {key for key, seen in feed_state(cache, url).items() if seen["status"] != "failed"}


def test_continuous_mode_polls_again_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lines: list[str] = []

    def passes(summary: str) -> int:
        return sum(line.startswith(summary) for line in lines)

    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(rss_item(1, site.base)))
        url, gone = site.url("/feed.xml"), site.url("/gone.xml")
        env = {**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache), "TTS_WATCH_INTERVAL": "2"}
        proc = subprocess.Popen([str(EXE), "watch", url, gone, "-q", "--workers", "1"], env=env,
                                preexec_fn=ctrl_c_reaches_it,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        reader = threading.Thread(target=lambda: lines.extend(proc.stderr or ()), daemon=True)
        reader.start()

        def output() -> str:  # what the failure of a wait shows
            return "".join(lines)

        try:
            wait_until(lambda: passes("1 articles: 1 made") == 1, "the first article", process=proc,
                       details=output)
            site.pages["/feed.xml"] = Page(rss(rss_item(2, site.base), rss_item(1, site.base)))
            wait_until(lambda: passes("1 articles: 1 made") == 2, "the article of the entry added "
                       "while it runs", process=proc, details=output)
            # Ctrl-C between two passes: once a pass with nothing new has ended and the watcher
            # sleeps until the next one (a state, looked at every 10 ms of its 2 s sleep).
            wait_until(lambda: passes("0 articles") >= 1 and asleep(proc.pid),
                       "the watcher asleep after a pass with nothing new", process=proc, poll=0.01,
                       details=output)
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=DEADLINE)
            reader.join(timeout=DEADLINE)
        finally:
            stop_process(proc)
    stderr = "".join(lines)
    assert proc.returncode == 0, stderr
    assert made_entries(cache, url) == {"story-1", "story-2"}
    assert lines[-1] == "tts-service: stopped\n" and "Traceback" not in stderr
    assert stderr.count(f"feed {gone}: fetching {gone} failed: HTTP 404") >= 3  # once a pass
    assert not list(cache.rglob("*.tmp"))


def test_sigterm_mid_pass_stops_and_the_next_run_resumes(tmp_path: Path, piper: Backend) -> None:
    cache = tmp_path / "cache"
    audio_cache = AudioCache(cache)
    settings = Settings.from_env({}, cache_dir=cache)
    # The last entry's last segment is locked, as if another process were making it: the pass
    # cannot end before the signal, however fast the machine is.
    held = Speaker(piper, audio_cache, settings).prepare(f"<p>{story(3)}</p>", html=True).keys[-1]
    with page_server() as site:
        site.pages["/feed.xml"] = Page(rss(*(rss_item(n, site.base) for n in range(4))))
        url = site.url("/feed.xml")
        with audio_cache.locks.hold(held):
            proc = subprocess.Popen([str(EXE), "watch", url, "-q", "--workers", "1"],
                                    env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache)},
                                    stderr=subprocess.PIPE, text=True)
            try:
                wait_until(lambda: len(made_entries(cache, url)) >= 3, "three articles", process=proc,
                           poll=0.1)
                proc.send_signal(signal.SIGTERM)
                _, stderr = proc.communicate(timeout=DEADLINE)
            finally:
                stop_process(proc)
        assert proc.returncode == 130, stderr
        assert "run the same command again to resume" in stderr and "Traceback" not in stderr
        done = feed_state(cache, url)
        assert "story-3" not in done
        # A worker stopped mid-write leaves at most a hidden temporary file (removed once its
        # writer is gone); whatever has a final name is complete.
        finals = [path for path in cache.rglob("*")
                  if path.suffix in (".mp3", ".json") and not path.name.startswith(".")]
        assert sum(path.suffix == ".mp3" for path in finals) >= 3  # three articles were made
        for path in finals:
            if path.suffix == ".mp3":
                assert audio.iter_frames(path.read_bytes()), path
            else:
                json.loads(path.read_text())
        report = tmp_path / "report.json"
        again = watch([url, "--once", "-q", "--report", str(report)], cache)
    assert again.returncode == 0, again.stderr
    assert [a["name"] for a in report_of(report)["articles"]] == [site.url("/news/3")]
    assert {k: v["article"] for k, v in feed_state(cache, url).items() if k != "story-3"} == {
        k: v["article"] for k, v in done.items()}
