"""A real HTTP server on 127.0.0.1 serving scripted pages (sitemaps and articles for the batch), and
any such server answering on a thread of its own for a ``with`` block."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer

STOP_WITHIN = 60.0  # seconds for the serving thread to end once the server is shut


@dataclass
class Page:
    body: bytes
    status: int = 200
    delay: float = 0.0
    content_type: str = "text/html; charset=utf-8"
    location: str = ""  # a redirect's target


class PageServer:
    """Serves ``pages`` by path; records every path requested."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requested: list[str] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def page_server() -> Iterator[PageServer]:
    site = PageServer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            site.requested.append(self.path)
            page = site.pages.get(self.path, Page(b"not found", 404, content_type="text/plain"))
            if page.delay:
                time.sleep(page.delay)
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            if page.location:
                self.send_header("Location", page.location)
            self.end_headers()
            try:
                self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    with served_in_thread(server):
        yield site


@contextmanager
def served_in_thread(server: HTTPServer) -> Iterator[HTTPServer]:
    """``server`` answering on a thread of its own for the ``with`` block; shut, closed and its
    thread ended after it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(STOP_WITHIN)
