"""Where batch articles come from: folders, JSON Lines files and sitemaps (files or URLs).

Each source yields ``SourceItem``s: an article request ready to speak, or the reason it could not
be read. Loading one bad item never stops the others.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..config import Settings
from ..errors import InputError, TTSError
from ..synthesis.request import FILE_KINDS, ArticleRequest, decode_input
from ..text.language import page_language
from ..text.reading.article import read_article_html
from ..text.reading.page_parts import ReadingPolicy

log = logging.getLogger(__name__)

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
USER_AGENT = f"tts-service/{__version__} (article audio; pregenerate and watch)"
MAX_REDIRECTS = 5
MAX_SITEMAP_DEPTH = 3  # sitemap indexes within sitemap indexes
MAX_SITEMAPS = 1000  # sitemaps read for one source


def _left(deadline: float, url: str, settings: Settings) -> float:
    """Seconds left before ``deadline``; InputError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise InputError(f"fetching {url} failed: Timeout",
                         f"it took more than {settings.fetch_timeout:g} s (TTS_FETCH_TIMEOUT)")
    return left


def _check_public(url: str) -> None:
    """Refuse a redirect to a host that resolves to a loopback, private, link-local or otherwise
    non-public address: a page must not steer the fetcher into the operator's network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"refusing a redirect to {url}", "only http and https pages are fetched")
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as exc:
        raise InputError(f"cannot resolve {parts.hostname}", str(exc)) from exc
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise InputError(f"refusing a redirect to {parts.hostname}",
                             f"it resolves to {address}, an internal address")


@dataclass(frozen=True)
class SourceItem:
    """One article to pre-generate: ``request`` when it could be read, else ``error``."""

    name: str  # where it came from: a path, "file.jsonl:12" or a URL
    request: ArticleRequest | None = None
    error: str = ""


def iter_sources(sources: Iterable[str], settings: Settings) -> Iterator[SourceItem]:
    """Every article named by ``sources``, in order."""
    for source in sources:
        if source.startswith(("http://", "https://")):
            yield from _sitemap_items(source, fetch_text(source, settings), settings)
            continue
        path = Path(source)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.suffix.lower() in FILE_KINDS):
                yield _file_item(file, settings)
        elif not path.exists():
            yield SourceItem(source, error=f"no such file or folder: {source}")
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_items(path, settings)
        elif path.suffix.lower() == ".xml":
            yield from _sitemap_items(source, path.read_text("utf-8"), settings)
        elif path.suffix.lower() in FILE_KINDS:
            yield _file_item(path, settings)
        else:
            yield SourceItem(source, error="unknown source kind: use a folder, .jsonl, sitemap .xml,"
                                           " .txt, .md or .html")


def _file_item(path: Path, settings: Settings) -> SourceItem:
    try:
        return SourceItem(str(path), ArticleRequest.from_path(path, settings))
    except (TTSError, OSError) as exc:
        return SourceItem(str(path), error=_message(exc))


def _jsonl_items(path: Path, settings: Settings) -> Iterator[SourceItem]:
    """Lines of ``{id?, title?, text? | html?, url?, lang?, voice?}``; a url is fetched."""
    pending_urls: list[tuple[str, dict[str, Any]]] = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            name = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                row = json.loads(decode_input(raw))
                if not isinstance(row, dict):
                    raise InputError("a line must be a JSON object")
                name = str(row.pop("id", "") or name)
                if "url" in row and "text" not in row and "html" not in row:
                    pending_urls.append((name, row))
                    continue
                row.pop("url", None)
                yield SourceItem(name, ArticleRequest.from_json(row, settings))
            except json.JSONDecodeError as exc:
                yield SourceItem(name, error=f"invalid JSON: {exc.msg} at column {exc.colno}")
            except TTSError as exc:
                yield SourceItem(name, error=_message(exc))
    yield from fetch_pages(pending_urls, settings)


def _sitemap_items(name: str, xml_text: str, settings: Settings,
                   seen: set[str] | None = None, depth: int = 0) -> Iterator[SourceItem]:
    """A ``<urlset>`` lists pages; a ``<sitemapindex>`` lists more sitemaps: at most
    MAX_SITEMAP_DEPTH indexes deep and MAX_SITEMAPS in all, each read once (an index that lists
    itself, or a cycle, ends there)."""
    seen = set() if seen is None else seen
    seen.add(name)
    try:
        root = ElementTree.fromstring(xml_text)
    except ElementTree.ParseError as exc:
        yield SourceItem(name, error=f"not a valid sitemap: {exc}")
        return
    locations = [(loc.text or "").strip() for loc in root.iter(f"{SITEMAP_NS}loc")]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        for location in locations:
            if location in seen:
                yield SourceItem(location, error="this sitemap was already read (a cycle)")
            elif depth + 1 > MAX_SITEMAP_DEPTH:
                yield SourceItem(location, error=f"sitemap indexes nest deeper than {MAX_SITEMAP_DEPTH}")
            elif len(seen) >= MAX_SITEMAPS:
                yield SourceItem(location, error=f"more than {MAX_SITEMAPS:,} sitemaps; left out")
            else:
                try:
                    yield from _sitemap_items(location, fetch_text(location, settings), settings,
                                              seen, depth + 1)
                except TTSError as exc:
                    seen.add(location)
                    yield SourceItem(location, error=_message(exc))
        return
    if root.tag != f"{SITEMAP_NS}urlset":
        yield SourceItem(name, error="not a sitemap: the root must be <urlset> or <sitemapindex>")
        return
    yield from fetch_pages([(url, {"url": url}) for url in locations if url], settings)


def fetch_pages(rows: list[tuple[str, dict[str, Any]]], settings: Settings) -> Iterator[SourceItem]:
    """Fetch pages politely (a few at a time), extract their article text, keep the order.

    Each row is ``(name, {"url", title?, author?, date?, lang?, voice?, backend?, lexicon?,
    page_lang?, feed_lang?})``; the language the page declares is kept with its text (``page_lang``)."""
    if not rows:
        return

    def load(entry: tuple[str, dict[str, Any]]) -> SourceItem:
        name, row = entry
        try:
            page = fetch_text(row["url"], settings)
            # Read here, by the one reader, so only the article's text is stored and sent on.
            policy = ReadingPolicy.from_settings(settings)
            text = read_article_html(page, policy).text if page.strip() else ""
            fields = {k: v for k, v in row.items()
                      if k in ("title", "author", "date", "lang", "voice", "backend",
                                                  "lexicon", "page_lang")}
            request = ArticleRequest.from_json({"text": text, **fields}, settings)
            return SourceItem(name, replace(request, page_lang=page_language(page) or request.page_lang,
                                            feed_lang=str(row.get("feed_lang") or "")))
        except TTSError as exc:
            return SourceItem(name, error=_message(exc))

    with ThreadPoolExecutor(max_workers=settings.fetch_concurrency) as pool:
        yield from pool.map(load, rows)


_session_local = threading.local()


def fetch_text(url: str, settings: Settings) -> str:
    """A page as text (UTF-8); see ``fetch_bytes``."""
    return decode_input(fetch_bytes(url, settings))


def fetch_bytes(url: str, settings: Settings) -> bytes:
    """GET a URL within ``TTS_FETCH_TIMEOUT`` in all and ``TTS_FETCH_MAX_BYTES``; redirects are
    followed only to public addresses (checked after DNS). Errors become InputError naming the URL."""
    import requests

    session = getattr(_session_local, "session", None)
    if session is None:
        session = _session_local.session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
    cap = settings.fetch_max_bytes
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        for _ in range(MAX_REDIRECTS + 1):
            with session.get(url, timeout=_left(deadline, url, settings), stream=True,
                             allow_redirects=False) as response:
                if response.is_redirect:
                    url = urljoin(url, response.headers["Location"])
                    _check_public(url)
                    continue
                if response.status_code != 200:
                    raise InputError(f"fetching {url} failed: HTTP {response.status_code}")
                body = bytearray()
                for chunk in response.iter_content(65536):
                    body += chunk
                    if len(body) > cap:
                        raise InputError(f"{url} is larger than {cap:,} bytes",
                                         "raise TTS_FETCH_MAX_BYTES to allow bigger pages")
                    _left(deadline, url, settings)
                return bytes(body)
        raise InputError(f"fetching {url} failed: more than {MAX_REDIRECTS} redirects")
    except requests.RequestException as exc:
        raise InputError(f"fetching {url} failed: {type(exc).__name__}", str(exc)[:200]) from exc


def _message(exc: BaseException) -> str:
    return exc.one_line() if isinstance(exc, TTSError) else str(exc)
