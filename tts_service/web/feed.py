"""Publishing beyond the player: the podcast feed (``/feed.xml``), each article's download with
ID3 tags and chapters (``/audio/<id>.download.mp3``), and its schema.org ``AudioObject``
(``GET /api/articles/<id>?format=jsonld``).

The download is the ID3 tag (``id3_tags``), built from the manifest and the metadata, followed by
the cached MP3's bytes unchanged: the same bytes on every request and in every worker, so its
length in the feed is exact and Range works, while ``/audio/<id>.mp3`` stays byte-exact with the
manifest. Nothing extra is stored.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for
from werkzeug.http import is_resource_modified

from ..articles import ArticleService
from ..audio.chapters import is_heading
from ..audio.id3_tags import TagFields, id3_tag
from ..errors import InputError, NotFound, NotReady
from ..publish import podcast_feed, schema_org
from ..publish.feed_entries import FeedEntries
from ..store.names import is_key
from ..store.objects import ByteStream
from .ranged import requested_span
from .services import service_of

bp = Blueprint("feed", __name__)

TITLE_CHARS = 200  # an untitled article is named by its first sentence, cut to this
SUMMARY_CHARS = 400  # an episode's description: the article's opening, cut to this
REMEMBERED_DOWNLOADS = 1024  # per process


@dataclass(frozen=True)
class Download:
    """A finished article as its download: the tag in front of the cached MP3."""

    article_id: str
    tag: bytes
    audio_size: int
    modified: datetime  # when the cached MP3 was written
    title: str
    summary: str
    duration: float
    published: str  # the article's date (ISO 8601) or ""
    author: str
    backend: str
    bitrate: int

    @property
    def size(self) -> int:
        return len(self.tag) + self.audio_size

    @property
    def etag(self) -> str:
        """Changes with the tag and with the cached MP3 (made again after an eviction)."""
        made = f"{self.audio_size}:{self.modified.isoformat()}".encode()
        return f"{self.article_id}-{hashlib.sha256(self.tag + made).hexdigest()[:16]}"


class Downloads:
    """Builds each article's Download, remembering the last ones built in this process (the
    key holds everything the tag is made from, so a changed title makes a new one)."""

    def __init__(self, service: ArticleService, size: int = REMEMBERED_DOWNLOADS) -> None:
        self.service = service
        self.size = size
        self._built: OrderedDict[tuple[Any, ...], Download] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, article_id: str) -> Download | None:
        """The article's download, or None when it is not finished (or unknown)."""
        cache = self.service.cache
        info = cache.article_info(article_id)
        if info is None or not cache.has_article(article_id):
            return None
        metadata = self.service.metadata(article_id)
        settings = self.service.settings
        key = (article_id, info.size, info.modified, tuple(metadata.items()),
               settings.feed_title, settings.feed_author)
        with self._lock:
            found = self._built.get(key)
            if found is not None:
                self._built.move_to_end(key)
                return found
        manifest = cache.get_manifest(article_id)
        if manifest is None:  # evicted since
            return None
        download = _build(article_id, manifest, metadata, info.size, info.modified,
                          settings.feed_title, settings.feed_author or settings.feed_title)
        with self._lock:
            self._built[key] = download
            while len(self._built) > self.size:
                self._built.popitem(last=False)
        return download


def _build(article_id: str, manifest: dict[str, Any], metadata: dict[str, str], audio_size: int,
           modified: datetime, show: str, site: str) -> Download:
    sources = [" ".join(str(segment["source"]).split()) for segment in manifest["segments"]]
    title = metadata["title"] or _cut(sources[0] if sources else article_id, TITLE_CHARS)
    headline = bool(sources) and (not metadata["title"] or is_heading(sources[0]))
    opening = sources[1:] if headline else sources  # the description starts after the headline
    tag = id3_tag(manifest, TagFields(title, site=show, author=metadata["author"] or site,
                                      date=metadata["date"]))
    return Download(article_id, tag, audio_size, modified, title,
                    _cut(" ".join(opening), SUMMARY_CHARS), float(manifest["duration"]),
                    metadata["date"], metadata["author"], str(manifest["backend"]),
                    int(manifest.get("audio", {}).get("bitrate", 0)))


def _cut(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, cut at a word with an ellipsis when longer."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def downloads() -> Downloads:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    found: Downloads | None = app.extensions.get("tts_downloads")
    if found is None:
        found = app.extensions.setdefault("tts_downloads", Downloads(service_of(app)))
    return found


def _finished(article_id: str) -> Download:
    """The download of a finished article; 404 for an unknown one, 409 while it is made."""
    if not is_key(article_id):
        raise NotFound("no such article", "article ids are 32 lowercase hex digits")
    found = downloads().get(article_id)
    if found is None:
        service = service_of(current_app)
        service.find(article_id)  # NotFound when there is no such article
        if service.index.failure(article_id) is not None:
            raise NotReady(f"article {article_id} failed",
                           "its status says why; POST it again to try again")
        raise NotReady(f"article {article_id} is still being made",
                       "wait until its status is ready; /audio/<id>.mp3 streams it meanwhile")
    return found


# -- the feed -------------------------------------------------------------------------------------
@bp.get("/feed.xml")
def feed_xml() -> Response:
    """The podcast feed: the finished articles publishers put in it, most recently added first."""
    settings = service_of(current_app).settings
    episodes = [_episode(found, added) for found, added in _in_the_feed()]
    channel = podcast_feed.Channel.from_settings(
        settings, site=request.url_root,
        image=url_for("static", filename="podcast-cover.png", _external=True),
        self_url=url_for("feed.feed_xml", _external=True))
    response = Response(podcast_feed.render(channel, episodes), mimetype="application/rss+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _in_the_feed() -> Iterator[tuple[Download, datetime]]:
    """The feed's finished articles and when each was added, most recently added first, at most
    TTS_FEED_MAX_ITEMS."""
    service = service_of(current_app)
    given = 0
    for entry in FeedEntries(service.cache.store).entries():
        if given >= service.settings.feed_max_items:
            return
        found = downloads().get(entry.id)
        if found is not None:
            given += 1
            yield found, entry.added


def latest() -> Response:
    """The feed's articles as ids and titles (GET /api/feed): the player's up next when a page
    gives no playlist. Public, as /feed.xml is."""
    articles = [{"id": found.article_id, "title": found.title} for found, _ in _in_the_feed()]
    response = jsonify({"articles": articles})
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _episode(found: Download, added: datetime) -> podcast_feed.Episode:
    return podcast_feed.Episode(
        guid=found.article_id, title=found.title, description=found.summary,
        published=_published(found.published) or added, duration=found.duration,
        url=url_for("feed.download", article_id=found.article_id, _external=True),
        length=found.size,
        transcript_url=url_for("media.vtt", article_id=found.article_id, _external=True))


def _published(date: str) -> datetime | None:
    """The article's date as a moment (a date alone is its midnight UTC), or None."""
    try:
        moment = datetime.fromisoformat(date)
    except ValueError:  # empty (or not a date): none known
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def feed_choice(body: Any) -> bool | None:
    """Take ``feed`` out of a POST body: True puts the article in the podcast feed, False takes
    it out, None (absent) leaves it as it is. Only a publisher's request may hold it."""
    if not isinstance(body, dict) or "feed" not in body:
        return None
    choice = body.pop("feed")
    if not isinstance(choice, bool):
        raise InputError("field 'feed' must be true or false",
                         "true puts the article in the podcast feed (/feed.xml), false takes it out")
    return choice


# -- the download ---------------------------------------------------------------------------------
@bp.get("/audio/<article_id>.download.mp3")
def download(article_id: str) -> Response:
    """The finished article's MP3 with its ID3 tag: one byte range per request (206, or 416),
    a strong ETag that caches check each time; a malformed Range or several ranges get the
    whole file."""
    found = _finished(article_id)
    service_of(current_app).cache.mark_used(article_id)
    headers = {  # no Last-Modified: a new title changes the tag, not the MP3's time
        "ETag": f'"{found.etag}"',
        "Cache-Control": "public, no-cache",  # kept, but asked again (304): the title may change
        "Accept-Ranges": "bytes",
        "Content-Disposition": f"attachment; filename={article_id}.mp3",
    }
    if not is_resource_modified(request.environ, found.etag):
        return Response(status=304, headers=headers)
    start, stop, status = requested_span(found.size, found.etag, None, headers)
    body: Iterator[bytes] = _bytes(found, start, stop) if request.method != "HEAD" else iter(())
    return Response(body, status=status, headers=headers, mimetype="audio/mpeg",
                    direct_passthrough=True)


def _bytes(found: Download, start: int, stop: int) -> ByteStream:
    """Bytes ``start`` up to ``stop`` of the download: of the tag, then of the cached MP3."""
    cache = service_of(current_app).cache
    head = len(found.tag)
    audio = cache.open_article(found.article_id, max(start - head, 0), stop - head) \
        if stop > head else None
    if stop > head and audio is None:
        raise NotFound(f"article {found.article_id} was evicted", "POST it again to make it again")

    def chunks() -> Iterator[bytes]:
        if start < head:
            yield found.tag[start:min(stop, head)]
        if audio is not None:
            yield from audio

    return ByteStream(chunks(), audio.close if audio is not None else lambda: None)


# -- schema.org -----------------------------------------------------------------------------------
def manifest_in_format(article_id: str, fmt: str) -> Response:
    """``GET /api/articles/<id>?format=jsonld``: the finished article's schema.org AudioObject."""
    if fmt != "jsonld":
        raise InputError(f"unknown format {fmt[:40]!r}",
                         "leave format out for the manifest, or ask for format=jsonld")
    found = _finished(article_id)
    body = schema_org.audio_object(
        name=found.title, description=found.summary,
        content_url=url_for("media.mp3", article_id=article_id, _external=True),
        duration=found.duration,
        transcript_url=url_for("api.get_article_text", article_id=article_id, _external=True),
        captions_url=url_for("media.vtt", article_id=article_id, _external=True),
        language=schema_org.voice_language(found.backend),
        uploaded=found.modified.isoformat(timespec="seconds"), published=found.published,
        author=found.author, bitrate_kbps=found.bitrate)
    return Response(current_app.json.dumps(body), mimetype="application/ld+json")
