"""Shared fixtures: settings on a temporary cache, the real Piper voice, a fake Google, a decoder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from google_support import google_mp3, make_google, make_gtts  # noqa: F401  (fixtures)
from support import IDLE_CAPACITY, PUBLISHER_KEY, CountingBackend

from tts_service.access import hash_key
from tts_service.config import Settings
from tts_service.store.cache import AudioCache
from tts_service.synthesis.speaker import Speaker
from tts_service.voice.base import Backend
from tts_service.voice.registry import get_backend


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Defaults, ignoring the developer's TTS_* variables, with a cache of the test's own (and
    the voice's capacity fixed, batch workers not niced: see support.STEADY_ENV)."""
    return Settings.from_env({}, cache_dir=tmp_path / "cache", api_keys=hash_key(PUBLISHER_KEY),
                             synth_capacity=IDLE_CAPACITY, batch_nice=0)


@pytest.fixture(scope="session")
def piper() -> Backend:
    """The real default voice, loaded once for the whole run."""
    return get_backend(Settings.from_env({}), "piper")


@pytest.fixture
def counting(piper: Backend) -> CountingBackend:
    return CountingBackend(piper)


@pytest.fixture
def speaker(settings: Settings, counting: CountingBackend) -> Speaker:
    return Speaker(counting, AudioCache(settings.cache_dir), settings)


@pytest.fixture
def cache_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment of a user who set nothing but a cache folder: no TTS_* setting of this
    machine reaches the test. The folder is returned."""
    for name in [n for n in os.environ if n.startswith("TTS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TTS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"
