"""Where batch articles come from: folders, JSON Lines files and sitemaps (files or URLs).

Each source yields ``SourceItem``s: an article request ready to speak, or the reason it could not
be read. Loading one bad item never stops the others.
"""

from __future__ import annotations

import json
import logging
import threading
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .article_request import FILE_KINDS, ArticleRequest
from .config import Settings
from .errors import InputError, TTSError
from .speech import decode_input
from .text.page_parts import ReadingPolicy
from .text.reading import read_article_html

log = logging.getLogger(__name__)

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
USER_AGENT = f"tts-service/{__version__} (pregenerate)"


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
        text = decode_input(path.read_bytes())
        return SourceItem(str(path), ArticleRequest.from_file_text(
            text, FILE_KINDS[path.suffix.lower()], settings))
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
    yield from _fetch_pages(pending_urls, settings)


def _sitemap_items(name: str, xml_text: str, settings: Settings) -> Iterator[SourceItem]:
    """A ``<urlset>`` lists pages; a ``<sitemapindex>`` lists more sitemaps."""
    try:
        root = ElementTree.fromstring(xml_text)
    except ElementTree.ParseError as exc:
        yield SourceItem(name, error=f"not a valid sitemap: {exc}")
        return
    locations = [(loc.text or "").strip() for loc in root.iter(f"{SITEMAP_NS}loc")]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        for location in locations:
            try:
                yield from _sitemap_items(location, fetch_text(location, settings), settings)
            except TTSError as exc:
                yield SourceItem(location, error=_message(exc))
        return
    if root.tag != f"{SITEMAP_NS}urlset":
        yield SourceItem(name, error="not a sitemap: the root must be <urlset> or <sitemapindex>")
        return
    yield from _fetch_pages([(url, {"url": url}) for url in locations if url], settings)


def _fetch_pages(rows: list[tuple[str, dict[str, Any]]], settings: Settings) -> Iterator[SourceItem]:
    """Fetch pages politely (a few at a time), extract their article text, keep the order."""
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
                      if k in ("title", "lang", "voice", "backend", "lexicon")}
            return SourceItem(name, ArticleRequest.from_json({"text": text, **fields}, settings))
        except TTSError as exc:
            return SourceItem(name, error=_message(exc))

    with ThreadPoolExecutor(max_workers=settings.fetch_concurrency) as pool:
        yield from pool.map(load, rows)


_session_local = threading.local()


def fetch_text(url: str, settings: Settings) -> str:
    """GET a URL with a timeout and a size cap; errors become InputError naming the URL."""
    import requests

    session = getattr(_session_local, "session", None)
    if session is None:
        session = _session_local.session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
    cap = settings.fetch_max_bytes
    try:
        with session.get(url, timeout=settings.fetch_timeout, stream=True) as response:
            if response.status_code != 200:
                raise InputError(f"fetching {url} failed: HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_content(65536):
                body += chunk
                if len(body) > cap:
                    raise InputError(f"{url} is larger than {cap:,} bytes",
                                     "raise TTS_FETCH_MAX_BYTES to allow bigger pages")
            return decode_input(bytes(body))
    except requests.RequestException as exc:
        raise InputError(f"fetching {url} failed: {type(exc).__name__}", str(exc)[:200]) from exc


def _message(exc: BaseException) -> str:
    return exc.one_line() if isinstance(exc, TTSError) else str(exc)
