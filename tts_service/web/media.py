"""Audio and captions: the cached MP3 with Range support, or a progressive stream while it is made."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, request, send_file, stream_with_context
from werkzeug.http import parse_range_header

from ..audio.captions import webvtt, with_bookends
from ..ops import metrics
from ..store.cache import AudioCache
from ..store.names import is_key
from .ranged import ONE_YEAR, send_stored_article
from .services import service_of

log = logging.getLogger(__name__)

bp = Blueprint("media", __name__, url_prefix="/audio")


@bp.get("/<article_id>.mp3")
def mp3(article_id: str) -> Response:
    return article_audio(article_id)


def article_audio(article_id: str) -> Response:
    """The article's MP3: the finished file (Range requests served) or its progressive stream
    (404 for an unknown id). Also the answer to ``POST /api/articles?stream=1``."""
    service = service_of(current_app)
    cache = service.cache
    finished = is_key(article_id) and cache.has_article(article_id)  # made by any entry point
    if finished:
        cache.mark_used(article_id)
        stored = _send_finished(cache, article_id)
        if stored is not None:
            metrics.cache_lookup("article", hit=True)
            return stored
    # Not made yet, or evicted since: made now from its stored request, else 404.
    frames = service.stream(article_id)  # 404 for an unknown or malformed id
    metrics.cache_lookup("article", hit=False)
    response = Response(stream_with_context(_logged(frames, article_id)), mimetype="audio/mpeg",
                        direct_passthrough=True)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"  # let proxies pass frames on at once
    return response


def _logged(frames: Iterator[bytes], article_id: str) -> Iterator[bytes]:
    """``frames``, the time of the first chunk logged (at DEBUG: where the wait goes)."""
    try:
        for number, chunk in enumerate(frames):
            if number == 0:
                log.debug("path first-byte %s at %.4f", article_id, time.time())
            yield chunk
    finally:
        close = getattr(frames, "close", None)
        if close is not None:
            close()


def _send_finished(cache: AudioCache, article_id: str) -> Response | None:
    """The finished article's MP3 from the cache, or None if it is gone (evicted) meanwhile."""
    path = cache.local_article_path(article_id)
    if path is None:  # object storage: ranged reads
        return send_stored_article(cache, article_id)
    _ignore_unservable_range()
    try:  # an open file survives its eviction; one evicted before it is opened does not
        # Content-addressed: the id is a strong validator and the bytes never change.
        response = send_file(path, mimetype="audio/mpeg", conditional=True, etag=article_id,
                             max_age=ONE_YEAR, download_name=f"{article_id}.mp3")
    except FileNotFoundError:
        return None
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def _ignore_unservable_range() -> None:
    """A Range we cannot serve as one part (malformed, or several ranges) is ignored, as
    RFC 9110 allows: the client gets the whole file with 200 rather than an error."""
    header = request.headers.get("Range")
    if header is None:
        return
    parsed = parse_range_header(header)
    if parsed is None or len(parsed.ranges) != 1:
        request.environ.pop("HTTP_RANGE", None)


@bp.get("/<article_id>.vtt")
def vtt(article_id: str) -> Response:
    service = service_of(current_app)
    body = service.status(article_id)
    words = request.args.get("words", "") not in ("", "0")  # ?words=1: inline word timestamps
    response = Response(webvtt(with_bookends(body), words=words), mimetype="text/vtt")
    if body["status"] == "ready":
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-store"
    return response
