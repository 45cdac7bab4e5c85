"""The command line in other languages: --lang, the language found, and lingua loaded only when
the site has more than one language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from waiting import DEADLINE

from tts_service.cli import main

GERMAN = ("Der Stadtrat hat am Dienstagabend beschlossen, die alte Brücke wieder zu öffnen.\n\n"
          "Die Bauarbeiten sollen im Frühjahr beginnen.\n")
ENGLISH = "The council met on Tuesday night.\n\nIt voted to reopen the bridge.\n"


pytestmark = pytest.mark.usefixtures("cache_env")  # the CLI sees no TTS_* but its cache


def _segments(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["segments", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_segments_give_the_detected_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "artikel.txt"
    src.write_text(GERMAN)
    monkeypatch.setenv("TTS_LANGUAGES", "en,de,fr")
    assert {row["lang"] for row in _segments(capsys, str(src), "--backend", "gtts")} == {"de"}


def test_segments_take_the_page_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text('<html lang="de"><body><article><p>Die Brücke ist offen.</p></article></body></html>')
    assert [row["lang"] for row in _segments(capsys, str(page), "--backend", "gtts")] == ["de"]


def test_lang_option_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "artikel.txt"
    src.write_text(GERMAN)
    monkeypatch.setenv("TTS_LANGUAGES", "en,de,fr")
    rows = _segments(capsys, str(src), "--backend", "gtts", "--lang", "fr")
    assert {row["lang"] for row in rows} == {"fr"}


def test_a_bad_lang_option_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "story.txt"
    src.write_text(ENGLISH)
    with pytest.raises(SystemExit) as exited:
        main(["segments", str(src), "--lang", "not a tag"])
    assert exited.value.code == 2
    assert "not a language tag" in capsys.readouterr().err


def test_the_manifest_says_the_language_and_how_it_was_found(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(ENGLISH)
    out, manifest = tmp_path / "story.mp3", tmp_path / "story.json"
    assert main(["speak", str(src), "-o", str(out), "--manifest", str(manifest), "-q",
                 "--lang", "en-GB"]) == 0
    data = json.loads(manifest.read_text())
    assert data["language"] == {"lang": "en-GB", "source": "request"}
    assert {segment["lang"] for segment in data["segments"]} == {"en-GB"}


def test_pregenerate_takes_lang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "story.txt").write_text(ENGLISH)
    assert main(["pregenerate", str(folder), "--dry-run", "--lang", "en-GB", "-q"]) == 0
    capsys.readouterr()
    assert main(["pregenerate", str(folder), "--dry-run", "--lang", "de", "-q"]) == 0  # espeak-ng's
    capsys.readouterr()
    assert main(["pregenerate", str(folder), "--dry-run", "--lang", "zu", "-q"]) != 0  # no voice
    assert "espeak-ng speaks no language 'zu'" in capsys.readouterr().err


def test_an_english_site_never_loads_lingua(tmp_path: Path) -> None:
    src = tmp_path / "story.txt"
    src.write_text(ENGLISH)
    probe = ("import sys; from tts_service.cli import main; code = main(['segments', sys.argv[1]]); "
             "print('lingua' in sys.modules, file=sys.stderr); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, str(src)], capture_output=True, text=True,
                          timeout=DEADLINE, check=False, env={**os.environ, "TTS_LANGUAGES": "en"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "False"
