"""Batch sources: folders, JSON Lines and sitemaps (files and URLs), one bad item never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from http_support import Page, page_server

from tts_service.config import Settings
from tts_service.publish.sources import iter_sources

PAGE = """<html><head><title>Site</title></head><body>
<nav><a href="/">Home</a> <a href="/sports">Sports</a></nav>
<article><h1>Council approves the floating solar farm</h1>
<p>The Millbrook City Council voted six to one on Tuesday night to build a floating solar farm on
Hollis Reservoir, the lake that supplies drinking water to about eighty thousand residents.</p>
<p>The plan calls for twenty-two thousand panels mounted on floats and anchored to the reservoir
floor, covering a little under a fifth of the surface of the lake.</p></article>
<footer>Copyright The Ledger. All rights reserved.</footer></body></html>"""


def sitemap(*urls: str) -> bytes:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>').encode()


def index(*urls: str) -> bytes:
    locs = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}'
            f"</sitemapindex>").encode()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({}, cache_dir=tmp_path / "cache", fetch_timeout=1.0,
                             fetch_max_bytes=20_000)


def test_folder_is_read_recursively_by_kind(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "site" / "2026").mkdir(parents=True)
    (tmp_path / "site" / "a.txt").write_text("Plain story.")
    (tmp_path / "site" / "2026" / "b.html").write_text("<p>HTML story.</p>")
    (tmp_path / "site" / "2026" / "c.md").write_text("# Markdown story\n\nBody.")
    (tmp_path / "site" / "image.png").write_bytes(b"\x89PNG")
    items = list(iter_sources([str(tmp_path / "site")], settings))
    assert [Path(i.name).name for i in items] == ["b.html", "c.md", "a.txt"]
    assert [(i.request.html if i.request else None) for i in items] == [True, True, False]
    assert "<h1>Markdown story</h1>" in items[1].request.text


def test_jsonl_rows_and_their_errors(tmp_path: Path, settings: Settings) -> None:
    rows = [
        json.dumps({"id": "story-1", "title": "One", "text": "First story."}),
        json.dumps({"html": "<p>Second story.</p>", "lang": "en"}),
        "{not json",
        json.dumps({"text": "a.", "html": "<p>b.</p>"}),
        json.dumps(["a list"]),
        "",
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(rows) + "\n")
    items = list(iter_sources([str(source)], settings))
    assert [i.name for i in items] == ["story-1", f"{source}:2", f"{source}:3", f"{source}:4",
                                       f"{source}:5"]
    assert items[0].request.title == "One" and items[0].request.text == "First story."
    assert items[1].request.html
    assert "invalid JSON" in items[2].error
    assert "exactly one of" in items[3].error
    assert "JSON object" in items[4].error


def test_sitemap_file_and_url_fetch_and_extract_the_article(tmp_path: Path,
                                                            settings: Settings) -> None:
    with page_server() as site:
        site.pages["/news/solar"] = Page(PAGE.encode())
        site.pages["/sitemap.xml"] = Page(sitemap(site.url("/news/solar")),
                                          content_type="application/xml")
        local = tmp_path / "sitemap.xml"
        local.write_bytes(sitemap(site.url("/news/solar"), site.url("/missing")))
        from_file = list(iter_sources([str(local)], settings))
        from_url = list(iter_sources([site.url("/sitemap.xml")], settings))
    assert from_file[0].request is not None
    text = from_file[0].request.text
    assert text.startswith("Council approves the floating solar farm")
    assert "Sports" not in text and "Copyright" not in text
    assert "HTTP 404" in from_file[1].error
    assert [i.request.text for i in from_url] == [text]


def test_sitemap_index_and_jsonl_urls(tmp_path: Path, settings: Settings) -> None:
    with page_server() as site:
        site.pages["/a"] = Page(PAGE.encode())
        site.pages["/map-1.xml"] = Page(sitemap(site.url("/a")))
        site.pages["/index.xml"] = Page(index(site.url("/map-1.xml"), site.url("/gone.xml")))
        jsonl = tmp_path / "urls.jsonl"
        jsonl.write_text(json.dumps({"id": "by-url", "url": site.url("/a")}) + "\n")
        items = list(iter_sources([site.url("/index.xml"), str(jsonl)], settings))
    assert items[0].request is not None and "floating solar farm" in items[0].request.text
    assert "HTTP 404" in items[1].error
    assert items[2].name == "by-url" and items[2].request is not None


def test_fetching_is_bounded_in_time_and_size(tmp_path: Path, settings: Settings) -> None:
    with page_server() as site:
        site.pages["/slow"] = Page(PAGE.encode(), delay=3.0)
        site.pages["/huge"] = Page(b"<p>" + b"word " * 10_000 + b"</p>")
        site.pages["/map.xml"] = Page(sitemap(site.url("/slow"), site.url("/huge")))
        items = list(iter_sources([site.url("/map.xml")], settings))
    assert "Timeout" in items[0].error
    assert "larger than 20,000 bytes" in items[1].error


def test_redirects_to_internal_addresses_are_refused(settings: Settings) -> None:
    with page_server() as site:
        site.pages["/moved"] = Page(b"", 302, location=site.url("/article"))  # loopback
        site.pages["/meta"] = Page(b"", 301, location="http://169.254.169.254/latest/meta-data/")
        site.pages["/file"] = Page(b"", 302, location="file:///etc/passwd")
        site.pages["/article"] = Page(PAGE.encode())
        site.pages["/map.xml"] = Page(sitemap(site.url("/moved"), site.url("/meta"),
                                              site.url("/file"), site.url("/article")))
        items = list(iter_sources([site.url("/map.xml")], settings))
    assert "internal address" in items[0].error and "127.0.0.1" in items[0].error
    assert "internal address" in items[1].error
    assert "only http and https" in items[2].error
    assert items[3].request is not None  # the operator's own URL is fetched as given
    assert "/article" in site.requested and site.requested.count("/article") == 1


def test_a_sitemap_index_that_lists_itself_ends(settings: Settings) -> None:
    with page_server() as site:
        site.pages["/index.xml"] = Page(index(site.url("/index.xml"), site.url("/a.xml")))
        site.pages["/a.xml"] = Page(index(site.url("/b.xml"), site.url("/index.xml")))
        site.pages["/b.xml"] = Page(index(site.url("/c.xml")))
        site.pages["/c.xml"] = Page(index(site.url("/d.xml")))
        items = list(iter_sources([site.url("/index.xml")], settings))
    errors = [item.error for item in items]
    assert errors.count("this sitemap was already read (a cycle)") == 2
    assert any("nest deeper than 3" in error for error in errors)
    assert site.requested.count("/index.xml") == 1


@pytest.mark.parametrize("name,content,message", [
    ("broken.xml", b"<urlset", "not a valid sitemap"),
    ("feed.xml", b"<rss><channel/></rss>", "not a sitemap"),
    ("notes.pdf", b"%PDF", "unknown source kind"),
])
def test_unusable_sources_are_reported_not_fatal(tmp_path: Path, settings: Settings, name: str,
                                                 content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "ok.txt").write_text("Fine story.")
    items = list(iter_sources([str(tmp_path / name), str(tmp_path / "ok.txt")], settings))
    assert message in items[0].error and items[1].request is not None


def test_missing_path_is_an_error_item(tmp_path: Path, settings: Settings) -> None:
    items = list(iter_sources([str(tmp_path / "nope")], settings))
    assert items[0].request is None and "no such file" in items[0].error
