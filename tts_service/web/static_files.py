"""The player's files as they cross the network: every script minified (its comments and spaces
left out, about a third of player.js), and scripts and styles gzip-compressed for the browsers
that take it, so on every page that embeds the button.

The files in ``static/`` stay as they are written, with no build step. Flask serves them as files,
which compression middleware leaves alone (it skips responses passed straight through from a
file), so a script is minified here (by rjsmin) and a script or style compressed, once per version
of each file (by its ETag), and kept in memory. Each body has its own ETag (``-min``, ``-gzip``),
so a browser's conditional request still gets a 304, and a range of a script is a range of the
minified script (sent uncompressed), with ``If-Range`` checked against the minified ETag.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import rjsmin
from flask import Response, current_app, request
from werkzeug.exceptions import RequestedRangeNotSatisfiable
from werkzeug.security import safe_join

SCRIPT_TYPES = frozenset({"application/javascript", "text/javascript"})
COMPRESSED_TYPES = SCRIPT_TYPES | {"text/css", "image/svg+xml"}
LEVEL = 6
REMEMBERED = 32  # bodies kept of each kind: the player has a dozen files


class _Remembered:
    """The last few bodies made, by the ETag of what they were made from."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.bodies: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, etag: str | None, make: Callable[[], bytes]) -> bytes:
        if etag is None:
            return make()
        with self.lock:
            found = self.bodies.get(etag)
            if found is not None:
                self.bodies.move_to_end(etag)
                return found
        found = make()
        with self.lock:
            self.bodies[etag] = found
            while len(self.bodies) > self.size:
                self.bodies.popitem(last=False)
        return found


_minified = _Remembered(REMEMBERED)
_compressed = _Remembered(REMEMBERED)


def compress_static(response: Response) -> Response:
    """An ``after_request`` hook: a static script minified, and a whole script or stylesheet
    gzip-compressed when the request accepts gzip; ``Vary: Accept-Encoding`` on every answer
    that could be."""
    if request.endpoint != "static" or "Content-Encoding" in response.headers:
        return response
    if response.status_code == 416 and mimetypes.guess_type(_static_file())[0] in SCRIPT_TYPES:
        # past the end of the file on disk, so of the minified script: say how long that is
        response.headers["Content-Range"] = f"bytes */{len(_minified_script(None))}"
        return response
    if response.status_code not in (200, 206) or response.mimetype not in COMPRESSED_TYPES:
        return response
    if response.mimetype in SCRIPT_TYPES:
        return _serve_script(response)
    if response.status_code != 200:  # a range of a stylesheet or picture: as it is
        return response
    response.vary.add("Accept-Encoding")
    if not request.accept_encodings["gzip"]:
        return response
    etag, weak = response.get_etag()
    opened = response.response  # the file, read whole here and closed
    response.direct_passthrough = False
    try:
        body = response.get_data()
    finally:
        _close(opened)
    return _gzip(response, etag, weak, body)


def _serve_script(response: Response) -> Response:
    """The minified script whole, gzipped or not, or the range of it the request asks for (the
    static view answered for the file on disk: its range and ``If-Range`` are redone here)."""
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    _close(response.response)  # the file's own bytes are not sent
    response.direct_passthrough = False
    body = _minified_script(etag)
    response.status_code = 200
    response.headers.pop("Content-Range", None)
    response.set_data(body)
    if etag:
        etag = f"{etag}-min"
        response.set_etag(etag, bool(weak))
    if request.accept_encodings["gzip"] and "Range" not in request.headers:
        return _gzip(response, etag, weak, body)
    try:
        response.make_conditional(request.environ, accept_ranges=True, complete_length=len(body))
    except RequestedRangeNotSatisfiable as exc:  # inside the file on disk, past the minified one
        return current_app.make_response(current_app.handle_http_exception(exc))
    return response


def _gzip(response: Response, etag: str | None, weak: bool | None, body: bytes) -> Response:
    response.set_data(_compressed.get(etag, lambda: gzip.compress(body, LEVEL, mtime=0)))
    response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(f"{etag}-gzip", bool(weak))
    response.make_conditional(request.environ)  # a 304 for the compressed body's own ETag
    return response


def _minified_script(etag: str | None) -> bytes:
    """The script the static view serves, minified (``/*!`` comments, licences, are kept)."""
    return _minified.get(etag, lambda: rjsmin.jsmin(_static_file().read_bytes(),
                                                    keep_bang_comments=True))


def _static_file() -> Path:
    """The file the static view just served."""
    assert current_app.static_folder is not None and request.view_args is not None  # it served
    found = safe_join(current_app.static_folder, request.view_args["filename"])
    assert found is not None  # the static view found it there
    return Path(found)


def _close(opened: object) -> None:
    close = getattr(opened, "close", None)
    if close is not None:
        close()
