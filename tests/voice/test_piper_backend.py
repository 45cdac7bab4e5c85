"""The default voice: real Piper, real audio."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tts_service.config import Settings
from tts_service.errors import BackendError, ConfigError, NotFound
from tts_service.voice import piper_backend
from tts_service.voice.base import Backend
from tts_service.voice.piper_backend import PiperBackend, PiperVoiceFiles, resolve_voice
from tts_service.voice.registry import get_backend, voice_setup


def test_default_voice_is_joe_medium_with_the_published_md5(piper: Backend) -> None:
    assert piper.id.startswith("piper:en_US-joe-medium:74fd6a4dc39e")
    assert piper.sample_rate == 22050
    assert isinstance(piper, Backend)


def test_speaks_a_short_sentence_as_pcm(piper: Backend) -> None:
    clip = piper.synthesize("The council voted on Tuesday.")
    assert clip.format == "pcm_s16le" and clip.sample_rate == 22050 and clip.channels == 1
    seconds = len(clip.data) / 2 / 22050
    assert 0.8 < seconds < 5.0
    samples = memoryview(clip.data).cast("h")
    assert max(abs(s) for s in samples) > 5000  # not silence


def test_backend_is_loaded_once_per_process() -> None:
    settings = Settings.from_env({})
    assert get_backend(settings, "piper") is get_backend(settings, "piper")


def test_settings_that_do_not_change_the_voice_share_one_load(tmp_path: Path) -> None:
    loaded = get_backend(Settings.from_env({}), "piper")
    for other in (Settings.from_env({}, log_level="DEBUG"),
                  Settings.from_env({}, cache_dir=tmp_path, sentence_pause_ms=900, mp3_bitrate=96),
                  Settings.from_env({}, backend="gtts", gtts_lang="de", synth_jobs=3)):
        assert get_backend(other, "piper") is loaded


@pytest.mark.parametrize("change", [{"length_scale": 1.2}, {"piper_threads": 1}])
def test_settings_that_change_the_voice_make_another_setup(change: dict[str, object]) -> None:
    assert voice_setup(Settings.from_env({}, **change), "piper") != voice_setup(
        Settings.from_env({}), "piper")


def test_one_voice_file_is_one_setup_however_it_is_spelled(tmp_path: Path) -> None:
    real = piper_backend.builtin_voice()
    (tmp_path / "sub").mkdir()
    (tmp_path / "my-voice.onnx").symlink_to(real.model)
    shutil.copy(real.config, tmp_path / "my-voice.onnx.json")
    settings = Settings.from_env({})
    spellings = [str(tmp_path / "my-voice.onnx"), f"{tmp_path}/./my-voice.onnx",
                 f"{tmp_path}/sub/../my-voice.onnx"]
    assert len({voice_setup(settings, "piper", voice) for voice in spellings}) == 1


def test_length_scale_changes_speed_and_options() -> None:
    slow = get_backend(Settings.from_env({}, length_scale=1.5), "piper")
    normal = get_backend(Settings.from_env({}), "piper")
    assert slow.options == {"length_scale": 1.5}
    text = "Floating solar is common in Japan."
    assert len(slow.synthesize(text).data) > 1.2 * len(normal.synthesize(text).data)


def test_empty_segment_is_a_backend_error(piper: Backend) -> None:
    with pytest.raises(BackendError):
        piper.synthesize("   ")


def test_corrupt_model_is_refused_by_md5(tmp_path: Path) -> None:
    real = piper_backend.builtin_voice()
    bad = tmp_path / "en_US-joe-medium.onnx"
    bad.write_bytes(b"not the voice")
    with pytest.raises(ConfigError, match="md5"):
        PiperBackend(PiperVoiceFiles(real.name, bad, real.config, real.expected_md5))


@pytest.mark.parametrize("voice", ["en_US-nobody-high", "missing/voice.onnx"])
def test_unknown_voice_lists_what_exists(voice: str) -> None:
    with pytest.raises(NotFound) as err:
        resolve_voice(voice, None)
    assert "en_US-joe-medium" in err.value.detail or ".onnx" in err.value.detail


def test_voice_from_a_voices_folder_and_by_path(tmp_path: Path) -> None:
    real = piper_backend.builtin_voice()
    (tmp_path / "my-voice.onnx").symlink_to(real.model)
    shutil.copy(real.config, tmp_path / "my-voice.onnx.json")
    assert "my-voice" in piper_backend.available_voices(tmp_path)
    by_name = resolve_voice("my-voice", tmp_path)
    by_path = resolve_voice(str(tmp_path / "my-voice.onnx"), None)
    assert by_name.model == by_path.model
    backend = PiperBackend(by_path)
    assert backend.id.startswith("piper:my-voice:74fd6a4dc39e")


def test_unknown_backend_lists_backends() -> None:
    with pytest.raises(NotFound, match="unknown backend") as err:
        get_backend(Settings.from_env({}), "festival")
    assert "gtts" in err.value.detail and "piper" in err.value.detail


def test_a_voice_files_digest_is_remembered_until_the_file_changes(tmp_path: Path) -> None:
    model, digests = tmp_path / "voice.onnx", tmp_path / "locks" / "voice-digests.json"
    model.write_bytes(b"a voice")
    assert piper_backend.known_md5(model, digests) == piper_backend.file_md5(model)
    assert list(json.loads(digests.read_text("utf-8")).values()) == [piper_backend.file_md5(model)]
    model.write_bytes(b"another voice, longer")  # another size: read again
    assert piper_backend.known_md5(model, digests) == piper_backend.file_md5(model)
    digests.write_text("not json", "utf-8")  # a broken record is only a cache
    assert piper_backend.known_md5(model, digests) == piper_backend.file_md5(model)
