"""The command line: speak, segments, voices, and clear errors instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from support import PUBLISHER_ENV, ffmpeg_decode, publisher_client
from waiting import DEADLINE

from tts_service.cli import main
from tts_service.config import Settings
from tts_service.web import create_app, service_of

TEXT = "Millbrook votes to float a solar farm\n\nThe council voted 6 to 1 on Tuesday.\n"


pytestmark = pytest.mark.usefixtures("cache_env")  # the CLI sees no TTS_* but its cache


def test_speak_writes_mp3_and_manifest(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(TEXT)
    out, manifest = tmp_path / "story.mp3", tmp_path / "story.json"
    assert main(["speak", str(src), "-o", str(out), "--manifest", str(manifest), "-q"]) == 0
    data = json.loads(manifest.read_text())
    decoded = ffmpeg_decode(out.read_bytes(), 22050)
    assert decoded.errors == ""
    assert abs(decoded.seconds - data["duration"]) < 0.03
    assert [s["text"] for s in data["segments"]] == [
        "Millbrook votes to float a solar farm", "The council voted six to one on Tuesday."]


def test_speak_html_file_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    page = tmp_path / "page.html"
    page.write_text("<h1>Title</h1><script>alert(1)</script><p>Body text here.</p>")
    out = tmp_path / "page.mp3"
    assert main(["speak", str(page), "-o", str(out), "-q"]) == 0
    assert out.stat().st_size > 1000
    stdin = io.TextIOWrapper(io.BytesIO(TEXT.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["speak", "-", "-o", str(tmp_path / "stdin.mp3"), "-q"]) == 0
    assert (tmp_path / "stdin.mp3").read_bytes()[:2] == b"\xff\xf3"


def test_segments_prints_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "story.md"
    src.write_text(TEXT)
    assert main(["segments", str(src)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["sentence"] for r in rows] == [0, 1]
    assert set(rows[0]) >= {"text", "source", "char_start", "char_end", "paragraph", "sentence"}


def test_segments_of_an_ssml_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "story.ssml"
    src.write_text('<speak><p>The <sub alias="World Health Organization">WHO</sub> met.</p></speak>')
    assert main(["segments", str(src)]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["text"], row["source"]) == ("The World Health Organization met.", "The WHO met.")


def test_segments_loads_no_voice(tmp_path: Path) -> None:
    """Printing segments needs the backend's limits only, not its 140 MB voice."""
    src = tmp_path / "story.txt"
    src.write_text(TEXT)
    probe = ("import sys; from tts_service.cli import main; code = main(['segments', sys.argv[1]]); "
             "loaded = sorted(m for m in ('piper', 'onnxruntime') if m in sys.modules); "
             "print('loaded:', loaded, file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, str(src)], capture_output=True, text=True,
                          timeout=DEADLINE, check=False)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
    assert "loaded: []" in done.stderr


def test_a_cached_article_is_spoken_without_a_voice_or_another_backend(tmp_path: Path) -> None:
    """A warm ``speak`` of an article the cache holds is start-up only: no voice is loaded, and
    the backend it does not use (gTTS, which pulls in requests and ssl) is not even imported."""
    src, out = tmp_path / "story.txt", tmp_path / "story.mp3"
    src.write_text(TEXT)
    assert main(["speak", str(src), "-o", str(out), "-q"]) == 0
    made = out.read_bytes()
    out.unlink()
    probe = ("import sys; from tts_service.cli import main; "
             "code = main(['speak', sys.argv[1], '-o', sys.argv[2], '-q']); "
             "loaded = sorted(m for m in ('piper', 'onnxruntime', 'gtts', 'requests') "
             "if m in sys.modules); print('loaded:', loaded, file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, str(src), str(out)], capture_output=True,
                          text=True, timeout=DEADLINE, check=False)
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stderr
    assert out.read_bytes() == made


@pytest.fixture
def web(cache_env: Path) -> Iterator[FlaskClient]:
    """The web service on the cache the CLI writes to."""
    app = create_app({"SETTINGS": Settings.from_env(PUBLISHER_ENV, cache_dir=cache_env), "TESTING": True})
    yield publisher_client(app)
    service_of(app).shutdown()


def test_an_article_spoken_from_the_cli_is_served_by_the_web(tmp_path: Path, cache_env: Path,
                                                             web: FlaskClient) -> None:
    src = tmp_path / "story.txt"
    src.write_text(TEXT)
    out = tmp_path / "story.mp3"
    assert main(["speak", str(src), "-o", str(out), "-q"]) == 0
    (listed,) = web.get("/api/articles").get_json()["articles"]
    check_served(web, listed, out.read_bytes())
    again = web.post("/api/articles", json={"text": TEXT})  # the same article through the API
    assert again.status_code == 200 and again.get_json()["id"] == listed["id"]


def test_an_article_without_its_request_is_served_from_its_manifest(
        tmp_path: Path, cache_env: Path, web: FlaskClient) -> None:
    src = tmp_path / "story.txt"
    src.write_text(TEXT)
    out = tmp_path / "story.mp3"
    assert main(["speak", str(src), "-o", str(out), "-q"]) == 0
    (request,) = (cache_env / "articles").glob("*.request.json")
    request.unlink()  # e.g. a cache copied without its sidecars
    (listed,) = web.get("/api/articles").get_json()["articles"]
    check_served(web, listed, out.read_bytes())


def check_served(web: FlaskClient, listed: dict[str, Any], mp3: bytes) -> None:
    """The article's audio, manifest and captions answer as for any article made by the web."""
    with web.get(listed["audio_url"]) as audio:
        assert audio.status_code == 200 and audio.data == mp3
        assert audio.headers["ETag"].strip('"') == listed["id"]
    manifest = web.get(listed["manifest_url"])
    assert manifest.status_code == 200
    assert manifest.get_json()["status"] == "ready" and manifest.get_json()["id"] == listed["id"]
    captions = web.get(listed["captions_url"])
    assert captions.status_code == 200 and captions.mimetype == "text/vtt"
    assert "The council voted 6 to 1 on Tuesday." in captions.get_data(as_text=True)


def test_voices_lists_backends_and_the_default_voice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices"]) == 0
    out = capsys.readouterr().out
    assert "piper (default)" in out and "en_US-joe-medium" in out and "gtts" in out


@pytest.mark.parametrize("content,message", [
    (b"", "empty"),
    (b"  \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9", "UTF-8"),
])
def test_bad_input_exits_non_zero_with_a_message(tmp_path: Path, cache_env: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 content: bytes, message: str) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    out = tmp_path / "bad.mp3"
    assert main(["speak", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()
    assert list(cache_env.rglob("*.mp3")) == []


def test_missing_file_and_unknown_voice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["speak", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.mp3")]) == 2
    assert "no such file" in capsys.readouterr().err
    src = tmp_path / "ok.txt"
    src.write_text(TEXT)
    assert main(["speak", str(src), "-o", str(tmp_path / "x.mp3"), "--voice", "nobody"]) == 1
    assert "en_US-joe-medium" in capsys.readouterr().err


def test_too_long_article_respects_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TTS_MAX_ARTICLE_CHARS", "20")
    src = tmp_path / "long.txt"
    src.write_text(TEXT)
    assert main(["speak", str(src), "-o", str(tmp_path / "x.mp3")]) == 2
    assert "too long" in capsys.readouterr().err


def test_bad_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TTS_MP3_BITRATE", "fast")
    assert main(["voices"]) == 1
    assert "TTS_MP3_BITRATE" in capsys.readouterr().err


def test_a_yes_no_setting_that_is_neither_is_a_clear_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TTS_FALLBACK", "2")  # a typo must not quietly turn the fallback off
    assert main(["voices"]) == 1
    err = capsys.readouterr().err
    assert "TTS_FALLBACK" in err and "yes or no" in err and "Traceback" not in err


@pytest.mark.parametrize("raw,expected", [("yes", True), ("ON", True), (" 1 ", True),
                                          ("no", False), ("off", False), ("", False)])
def test_yes_no_settings_read_the_usual_words(raw: str, expected: bool) -> None:
    assert Settings.from_env({"TTS_FALLBACK": raw}).fallback is expected


def test_an_empty_cache_dir_is_the_default_not_a_crash() -> None:
    assert Settings.from_env({"TTS_CACHE_DIR": ""}).cache_dir == Settings().cache_dir
    assert Settings.from_env({"TTS_CACHE_DIR": " "}).cache_dir == Settings().cache_dir


def test_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(TEXT)
    exe = Path(sys.executable).with_name("tts-service")
    ok = subprocess.run([str(exe), "speak", str(src), "-o", str(tmp_path / "a.mp3")],
                        capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "2 segments (2 synthesized" in ok.stderr
    again = subprocess.run([str(exe), "speak", str(src), "-o", str(tmp_path / "b.mp3")],
                           capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert "0 synthesized" in again.stderr
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    bad = subprocess.run([str(exe), "speak", "/nonexistent", "-o", str(tmp_path / "c.mp3")],
                         capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


MISSING_VOICE = "de=/nonexistent/de_DE-x-medium.onnx#sha256:" + "0" * 64


def test_serve_with_a_voice_that_is_not_there_says_so_once_and_starts_nothing(
        tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("tts-service")
    env = {**_plain_env(tmp_path), "TTS_VOICES": MISSING_VOICE}
    run = subprocess.run([str(exe), "serve", "--port", "0"], capture_output=True, text=True,
                         timeout=DEADLINE, check=False, env=env)
    assert run.returncode == 1
    assert "TTS_VOICES" in run.stderr and "/nonexistent/de_DE-x-medium.onnx" in run.stderr
    assert "Traceback" not in run.stderr and "gunicorn" not in run.stderr.lower()


def test_a_worker_that_cannot_start_stops_the_server_with_the_reason_not_a_traceback(
        tmp_path: Path) -> None:
    env = {**_plain_env(tmp_path), "TTS_VOICES": MISSING_VOICE}
    run = subprocess.run([sys.executable, "-m", "tts_service.serve", "127.0.0.1", "0", "1"],
                         capture_output=True, text=True, timeout=DEADLINE, check=False, env=env)
    assert run.returncode == 3  # gunicorn's "worker failed to boot": it does not restart it
    assert "cannot start: TTS_VOICES" in run.stderr and "de_DE-x-medium.onnx" in run.stderr
    assert "Traceback" not in run.stderr


def _plain_env(tmp_path: Path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("TTS_")}
    return {**env, "TTS_CACHE_DIR": str(tmp_path / "cache")}
