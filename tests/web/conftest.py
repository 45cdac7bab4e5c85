"""Fixtures for the web layer: the app on a temporary cache, with an instrumented real voice."""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tts_service.articles import ArticleService
from tts_service.backends.base import AudioClip, Backend
from tts_service.config import Settings
from tts_service.errors import BackendError
from tts_service.web import create_app, service_of


class GatedBackend:
    """The real voice, recording each call; texts in ``gates`` wait for their event first,
    texts in ``failing`` raise a BackendError as a failing voice would."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.id, self.max_chars = inner.id, inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options
        self.calls: list[str] = []
        self.gates: dict[str, threading.Event] = {}
        self.failing: set[str] = set()
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioClip:
        with self._lock:
            self.calls.append(text)
        gate = self.gates.get(text)
        if gate is not None and not gate.wait(timeout=60):
            raise BackendError("gate never opened", text)
        if text in self.failing:
            raise BackendError("the voice failed on purpose", text, retryable=True)
        return self.inner.synthesize(text)


@pytest.fixture
def app(settings: Settings) -> Flask:
    app = create_app({"SETTINGS": settings, "TESTING": True})
    yield app
    service_of(app).shutdown()


@pytest.fixture
def service(app: Flask) -> ArticleService:
    return service_of(app)


@pytest.fixture
def gated(service: ArticleService, piper: Backend) -> GatedBackend:
    backend = GatedBackend(piper)
    service.use_backend(backend)
    return backend


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
