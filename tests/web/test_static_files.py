"""The player's files reach a page gzip-compressed when the browser takes it, unchanged
otherwise; a browser's conditional request for either is a 304."""

from __future__ import annotations

import gzip

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tts_service.web.app import static_dir


def fetch(app: Flask, path: str, **headers: str) -> TestResponse:
    """The whole answer, its file closed (as the server closes it after sending)."""
    with app.test_client().get(path, headers={k.replace("_", "-"): v for k, v in headers.items()}) as got:
        got.get_data()
        return got


@pytest.mark.parametrize("name", ["player.js", "player-words.js", "player.css"])
def test_a_script_or_stylesheet_is_compressed_for_a_browser_that_takes_gzip(app: Flask,
                                                                            name: str) -> None:
    served = fetch(app, f"/static/{name}", Accept_Encoding="gzip, br")
    on_disk = (static_dir() / name).read_bytes()
    assert served.status_code == 200 and served.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(served.data) == on_disk
    assert int(served.headers["Content-Length"]) == len(served.data) < 0.6 * len(on_disk)
    assert "Accept-Encoding" in served.headers["Vary"]
    again = fetch(app, f"/static/{name}", Accept_Encoding="gzip",
                  If_None_Match=served.headers["ETag"])
    assert again.status_code == 304 and not again.data


def test_without_gzip_the_file_is_sent_as_it_is(app: Flask) -> None:
    served = fetch(app, "/static/player.js", Accept_Encoding="identity")
    assert served.status_code == 200 and "Content-Encoding" not in served.headers
    assert served.data == (static_dir() / "player.js").read_bytes()
    assert "Accept-Encoding" in served.headers["Vary"]
    again = fetch(app, "/static/player.js", If_None_Match=served.headers["ETag"])
    assert again.status_code == 304


def test_a_picture_is_not_compressed_again(app: Flask) -> None:
    served = fetch(app, "/static/podcast-cover.png", Accept_Encoding="gzip")
    assert served.status_code == 200 and "Content-Encoding" not in served.headers
    assert served.data == (static_dir() / "podcast-cover.png").read_bytes()


def test_a_range_of_a_script_is_sent_uncompressed(app: Flask) -> None:
    served = fetch(app, "/static/player.js", Accept_Encoding="gzip", Range="bytes=0-99")
    assert served.status_code == 206 and "Content-Encoding" not in served.headers
    assert served.data == (static_dir() / "player.js").read_bytes()[:100]
