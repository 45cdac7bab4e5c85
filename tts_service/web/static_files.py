"""The player's files gzip-compressed for the browsers that take it: player.js is about a third of
its size so, on every page that embeds the button.

Flask serves ``static/`` as files, which compression middleware leaves alone (it skips responses
passed straight through from a file), so the few small scripts and styles are compressed here,
once per version of each file (by its ETag), and kept in memory. The compressed body has its own
ETag, so a browser's conditional request for it still gets a 304.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Response, request

COMPRESSED_TYPES = frozenset({"application/javascript", "text/javascript", "text/css",
                              "image/svg+xml"})
LEVEL = 6
REMEMBERED = 32  # compressed versions kept: the player has a handful of files

_compressed: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()


def compress_static(response: Response) -> Response:
    """An ``after_request`` hook: a whole static script or stylesheet, gzip-compressed when the
    request accepts gzip; ``Vary: Accept-Encoding`` on every answer that could be."""
    if (request.endpoint != "static" or response.status_code != 200
            or response.mimetype not in COMPRESSED_TYPES or "Content-Encoding" in response.headers):
        return response
    response.vary.add("Accept-Encoding")
    if not request.accept_encodings["gzip"]:
        return response
    etag, weak = response.get_etag()
    opened = response.response  # the file, read whole here and closed
    response.direct_passthrough = False
    try:
        body = _gzipped(etag, response.get_data())
    finally:
        if hasattr(opened, "close"):
            opened.close()
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(f"{etag}-gzip", bool(weak))
    response.make_conditional(request.environ)  # a 304 for the compressed body's own ETag
    return response


def _gzipped(etag: str | None, body: bytes) -> bytes:
    if etag is None:
        return gzip.compress(body, LEVEL, mtime=0)
    with _lock:
        found = _compressed.get(etag)
        if found is not None:
            _compressed.move_to_end(etag)
            return found
    found = gzip.compress(body, LEVEL, mtime=0)
    with _lock:
        _compressed[etag] = found
        while len(_compressed) > REMEMBERED:
            _compressed.popitem(last=False)
    return found
