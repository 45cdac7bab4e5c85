"""The player's files as they reach a page: every script minified (the files in static/ stay as
written), scripts and styles gzip-compressed when the browser takes it; a browser's conditional
request for any of them is a 304, and a range of a script is a range of the minified script."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
import rjsmin
from flask import Flask
from werkzeug.test import TestResponse

from tts_service.web import static_files
from tts_service.web.app import static_dir

SCRIPTS = ["player.js", "player-words.js", "player-next.js", "lang/fr.js"]


def fetch(app: Flask, path: str, **headers: str) -> TestResponse:
    """The whole answer, its file closed (as the server closes it after sending)."""
    with app.test_client().get(path, headers={k.replace("_", "-"): v for k, v in headers.items()}) as got:
        got.get_data()
        return got


def minified(name: str) -> bytes:
    return rjsmin.jsmin((static_dir() / name).read_bytes(), keep_bang_comments=True)


@pytest.mark.parametrize("name", SCRIPTS)
def test_a_script_is_sent_minified_and_gzipped_to_a_browser_that_takes_gzip(app: Flask,
                                                                            name: str) -> None:
    served = fetch(app, f"/static/{name}", Accept_Encoding="gzip, br")
    on_disk = (static_dir() / name).read_bytes()
    assert served.status_code == 200 and served.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(served.data) == minified(name)
    assert len(minified(name)) < 0.95 * len(on_disk)  # comments and indentation left out
    assert int(served.headers["Content-Length"]) == len(served.data) < 0.6 * len(on_disk)
    assert "Accept-Encoding" in served.headers["Vary"]
    assert served.headers["ETag"].endswith('-min-gzip"')
    again = fetch(app, f"/static/{name}", Accept_Encoding="gzip",
                  If_None_Match=served.headers["ETag"])
    assert again.status_code == 304 and not again.data


@pytest.mark.parametrize("name", SCRIPTS)
def test_without_gzip_a_script_is_sent_minified(app: Flask, name: str) -> None:
    served = fetch(app, f"/static/{name}", Accept_Encoding="identity")
    assert served.status_code == 200 and "Content-Encoding" not in served.headers
    assert served.data == minified(name)
    assert int(served.headers["Content-Length"]) == len(served.data)
    assert "Accept-Encoding" in served.headers["Vary"]
    assert served.headers["ETag"].endswith('-min"')
    again = fetch(app, f"/static/{name}", If_None_Match=served.headers["ETag"])
    assert again.status_code == 304 and not again.data
    gzipped = fetch(app, f"/static/{name}", Accept_Encoding="gzip")
    assert gzipped.headers["ETag"] != served.headers["ETag"]  # two bodies, two ETags


def test_a_stylesheet_is_compressed_for_a_browser_that_takes_gzip_and_not_minified(app: Flask) -> None:
    served = fetch(app, "/static/player.css", Accept_Encoding="gzip, br")
    on_disk = (static_dir() / "player.css").read_bytes()
    assert served.status_code == 200 and served.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(served.data) == on_disk
    assert int(served.headers["Content-Length"]) == len(served.data) < 0.6 * len(on_disk)
    assert "Accept-Encoding" in served.headers["Vary"]
    again = fetch(app, "/static/player.css", Accept_Encoding="gzip",
                  If_None_Match=served.headers["ETag"])
    assert again.status_code == 304 and not again.data
    plain = fetch(app, "/static/player.css", Accept_Encoding="identity")
    assert plain.status_code == 200 and plain.data == on_disk


def test_a_picture_is_not_compressed_again(app: Flask) -> None:
    served = fetch(app, "/static/podcast-cover.png", Accept_Encoding="gzip")
    assert served.status_code == 200 and "Content-Encoding" not in served.headers
    assert served.data == (static_dir() / "podcast-cover.png").read_bytes()


def test_a_range_of_a_script_is_a_range_of_the_minified_script_uncompressed(app: Flask) -> None:
    whole = minified("player.js")
    served = fetch(app, "/static/player.js", Accept_Encoding="gzip", Range="bytes=100-199")
    assert served.status_code == 206 and "Content-Encoding" not in served.headers
    assert served.data == whole[100:200]
    assert served.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert served.headers["Content-Length"] == "100"
    tail = fetch(app, "/static/player.js", Range="bytes=-50")
    assert tail.status_code == 206 and tail.data == whole[-50:]


def test_if_range_is_checked_against_the_minified_scripts_etag(app: Flask) -> None:
    whole = minified("player.js")
    etag = fetch(app, "/static/player.js").headers["ETag"]  # "...-min"
    same = fetch(app, "/static/player.js", Range="bytes=0-9", If_Range=etag)
    assert same.status_code == 206 and same.data == whole[:10]
    files_own = etag.removesuffix('-min"') + '"'  # the file on disk's ETag: not what was sent
    stale = fetch(app, "/static/player.js", Range="bytes=0-9", If_Range=files_own)
    assert stale.status_code == 200 and stale.data == whole


def test_a_range_past_the_minified_script_is_not_satisfiable(app: Flask) -> None:
    length = len(minified("player.js"))
    assert length + 10 < len((static_dir() / "player.js").read_bytes())  # inside the file itself
    served = fetch(app, "/static/player.js", Range=f"bytes={length + 10}-")
    assert served.status_code == 416 and served.headers["Content-Range"] == f"bytes */{length}"
    assert served.get_json()["error"] == "requested range not satisfiable"


def test_a_missing_script_is_a_404(app: Flask) -> None:
    served = fetch(app, "/static/no-such-add-on.js", Accept_Encoding="gzip")
    assert served.status_code == 404 and served.get_json()["error"] == "not found"


def test_a_range_past_the_file_on_disk_says_how_long_the_minified_script_is(app: Flask) -> None:
    served = fetch(app, "/static/player.js", Range="bytes=99999999-")
    assert served.status_code == 416
    assert served.headers["Content-Range"] == f"bytes */{len(minified('player.js'))}"


def test_a_script_is_minified_once_per_version_of_the_file(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[bytes] = []
    real = rjsmin.jsmin

    def counted(script: bytes, keep_bang_comments: bool = False) -> bytes:
        made.append(script)
        return real(script, keep_bang_comments=keep_bang_comments)

    monkeypatch.setattr(static_files.rjsmin, "jsmin", counted)
    app = Flask(__name__, static_folder=str(tmp_path), static_url_path="/static")
    app.after_request(static_files.compress_static)
    script = tmp_path / "add-on.js"
    script.write_text("/* what it does */\nconst answer = 42;  // the answer\n")
    first = [fetch(app, "/static/add-on.js", Accept_Encoding=accepted) for accepted in
             ("gzip", "identity", "gzip")]
    assert [got.status_code for got in first] == [200, 200, 200] and len(made) == 1
    assert first[1].data == b"const answer=42;" == gzip.decompress(first[2].data)
    script.write_text("/* what it does now */\nconst answer = 43;\n")
    os.utime(script, (1_900_000_000, 1_900_000_000))  # a new version: a new ETag
    changed = fetch(app, "/static/add-on.js", Accept_Encoding="identity")
    assert changed.data == b"const answer=43;" and len(made) == 2
    assert changed.headers["ETag"] != first[1].headers["ETag"]
