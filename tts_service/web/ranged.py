"""A cached article from object storage, served as ``send_file`` serves a local one.

Content-addressed, so the article id is a strong ETag and the bytes never change. One byte range
per request is read from the store as a ranged GET and streamed on; a malformed Range or several
ranges are ignored (the whole file, 200), as RFC 9110 allows; an unsatisfiable one is a 416.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.http import http_date, is_resource_modified, parse_range_header

from ..store.cache import AudioCache

ONE_YEAR = 365 * 24 * 3600


def requested_span(size: int, etag: str, modified: datetime | None,
                   headers: dict[str, str]) -> tuple[int, int, int]:
    """``(start, stop, status)`` of what a GET of ``size`` bytes gets: the one range it asks for
    (206, with Content-Range) when If-Range, if sent, still holds; else everything (200). A
    range past the end is a 416. Sets Content-Length (and Content-Range) in ``headers``."""
    environ = request.environ
    start, stop, status = 0, size, 200
    byte_range = parse_range_header(request.headers.get("Range"))
    if_range_holds = not is_resource_modified(environ, etag, last_modified=modified,
                                              ignore_if_range=False)
    if byte_range is not None and len(byte_range.ranges) == 1 and (
            "HTTP_IF_RANGE" not in environ or if_range_holds):
        span = byte_range.range_for_length(size)
        if span is None:
            raise RequestedRangeNotSatisfiable(length=size)
        (start, stop), status = span, 206
        headers["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    headers["Content-Length"] = str(stop - start)
    return start, stop, status


def send_stored_article(cache: AudioCache, article_id: str) -> Response | None:
    """The response for the article's MP3, or None if the store does not hold it (any more)."""
    info = cache.article_info(article_id)
    if info is None:
        return None
    modified = info.modified.replace(microsecond=0)  # HTTP dates have whole seconds
    headers = {
        "ETag": f'"{article_id}"',
        "Last-Modified": http_date(modified),
        "Cache-Control": f"public, max-age={ONE_YEAR}, immutable",
        "Accept-Ranges": "bytes",
        "Content-Disposition": f"inline; filename={article_id}.mp3",
    }
    if not is_resource_modified(request.environ, article_id, last_modified=modified):
        return Response(status=304, headers=headers)
    start, stop, status = requested_span(info.size, article_id, modified, headers)
    if request.method == "HEAD":
        return Response(status=status, headers=headers, mimetype="audio/mpeg")
    body = cache.open_article(article_id, start, stop)
    if body is None:
        return None
    return Response(body, status=status, headers=headers, mimetype="audio/mpeg",
                    direct_passthrough=True)
