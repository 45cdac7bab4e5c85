"""An operator's Piper voice for a language (TTS_VOICES), tried with a real model file: the
bundled en_US-joe-medium copied to a folder of its own and named as the site's German voice, with
its real SHA-256. (It speaks German text with English phonemes; what is checked here is the path:
loaded, chosen for German over espeak-ng, real MP3 out, a wrong file refused.)"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support import ffmpeg_decode, publisher_client
from waiting import wait_ready

from tts_service.cli import main
from tts_service.config import Settings
from tts_service.errors import ConfigError
from tts_service.voice.piper_backend import builtin_voice
from tts_service.voice.registry import voice_for_language
from tts_service.web import create_app, service_of

GERMAN = ("Neue Brücke eröffnet\n\nDie Stadt hat am Montag die neue Brücke über den Fluss "
          "eröffnet. Tausende Menschen kamen zur Feier.")
NAME = "de_DE-joe-medium"
WRONG = "0" * 64


@pytest.fixture(scope="module")
def german_voice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The model and its config copied as an operator would download them; (model, sha256)."""
    folder = tmp_path_factory.mktemp("voices")
    files = builtin_voice()
    model = folder / f"{NAME}.onnx"
    shutil.copyfile(files.model, model)
    shutil.copyfile(files.config, folder / f"{NAME}.onnx.json")
    with model.open("rb") as handle:
        return model, hashlib.file_digest(handle, "sha256").hexdigest()


def _entry(model: Path, digest: str) -> str:
    return f"de={model}#sha256:{digest}"


def test_the_cli_speaks_a_german_article_with_the_operators_voice(
        german_voice: tuple[Path, str], cache_env: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTS_VOICES", _entry(*german_voice))
    monkeypatch.setenv("TTS_LANGUAGES", "en,de")
    article = tmp_path / "brücke.txt"
    article.write_text(GERMAN, "utf-8")

    assert main(["speak", str(article), "-o", str(tmp_path / "de.mp3"),
                 "--manifest", str(tmp_path / "de.json"), "-q"]) == 0

    manifest = json.loads((tmp_path / "de.json").read_text("utf-8"))
    assert manifest["language"]["lang"] == "de"  # detected: no language was given
    assert manifest["backend"].startswith(f"piper:{NAME}:")  # not espeak-ng's German
    assert {segment["lang"] for segment in manifest["segments"]} == {"de"}
    decoded = ffmpeg_decode((tmp_path / "de.mp3").read_bytes(), 22_050)
    assert decoded.errors == ""
    assert decoded.seconds > 3.0
    assert abs(decoded.seconds - manifest["duration"]) < 0.1


def test_the_service_reads_german_articles_with_it_and_english_with_the_default(
        german_voice: tuple[Path, str], settings: Settings) -> None:
    settings = replace(settings, voices=_entry(*german_voice), languages="en,de")
    app = create_app({"SETTINGS": settings, "TESTING": True})
    client = publisher_client(app)
    try:
        made = {}
        for lang, text in [("de", GERMAN), ("en", "The council reopened the old bridge.")]:
            article_id = client.post("/api/articles", json={"text": text}).get_json()["id"]
            manifest = wait_ready(client, article_id)
            with client.get(f"/audio/{article_id}.mp3") as audio:
                assert audio.status_code == 200
                decoded = ffmpeg_decode(audio.data, 22_050)
            assert decoded.errors == ""
            assert abs(decoded.seconds - manifest["duration"]) < 0.1
            made[lang] = (manifest["language"]["lang"], manifest["backend"].split(":")[1])
    finally:
        service_of(app).shutdown()
    assert made == {"de": ("de", NAME), "en": ("en", "en_US-joe-medium")}


def test_a_wrong_digest_stops_the_cli_with_a_clear_message(
        german_voice: tuple[Path, str], cache_env: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    model, digest = german_voice
    monkeypatch.setenv("TTS_VOICES", _entry(model, WRONG))
    article = tmp_path / "brücke.txt"
    article.write_text(GERMAN, "utf-8")

    assert main(["speak", str(article), "--lang", "de", "-o", str(tmp_path / "de.mp3")]) == 1

    err = capsys.readouterr().err
    assert err.startswith("tts-service: error: Piper voice ")
    assert f"the file's is {digest}" in err and "sha256sum" in err
    assert "Traceback" not in err
    assert not (tmp_path / "de.mp3").exists()


@pytest.mark.parametrize("entry, message", [
    (lambda model: _entry(model, WRONG), "does not have the SHA-256"),
    (lambda model: _entry(model.with_name("missing.onnx"), WRONG), "voice files not found"),
])
def test_the_service_refuses_to_start_with_a_wrong_voice(german_voice: tuple[Path, str],
                                                         tmp_path: Path, entry, message: str) -> None:
    settings = Settings.from_env({"TTS_VOICES": entry(german_voice[0])}, cache_dir=tmp_path)
    with pytest.raises(ConfigError, match=message) as raised:
        create_app({"SETTINGS": settings, "TESTING": True})
    assert "TTS_VOICES" in raised.value.message + raised.value.detail


@pytest.fixture(scope="module")
def voices_dir(german_voice: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TTS_VOICES_DIR holding the model as a German voice: its .onnx.json says de_DE."""
    folder = tmp_path_factory.mktemp("voices_dir")
    model = german_voice[0]
    os.link(model, folder / model.name)
    config = json.loads(model.with_name(model.name + ".json").read_text("utf-8"))
    config["language"]["code"] = "de_DE"
    (folder / f"{model.name}.json").write_text(json.dumps(config), "utf-8")
    return folder


@pytest.mark.parametrize("site_voice, asked, lang, expected", [
    ("", NAME, "de", ("piper", NAME)),  # a Piper voice named for its own language reads it
    ("", NAME, "de-AT", ("piper", NAME)),
    ("", NAME, "en", ("piper", "en_US-joe-medium")),  # not an English article
    ("", NAME, "fr", ("espeak", "fr")),
    (NAME, "", "de", ("piper", "")),  # the site's voice (TTS_VOICE) speaks German
    (NAME, "", "en", ("piper", "en_US-joe-medium")),  # ...not English: the bundled voice does
])
def test_a_named_piper_voice_reads_its_own_language_only(
        voices_dir: Path, tmp_path: Path, site_voice: str, asked: str, lang: str,
        expected: tuple[str, str]) -> None:
    settings = Settings.from_env({"TTS_VOICES_DIR": str(voices_dir), "TTS_VOICE": site_voice},
                                 cache_dir=tmp_path)
    assert voice_for_language(settings, "piper", asked, lang) == expected
