"""Fixtures for the web layer: the app on a temporary cache, with an instrumented real voice."""

from __future__ import annotations

import pytest
from browser_support import browser, page, site  # noqa: F401  (fixtures of the browser tests)
from flask import Flask
from flask.testing import FlaskClient
from support import GatedBackend, publisher_client

from tts_service.articles import ArticleService
from tts_service.config import Settings
from tts_service.voice.base import Backend
from tts_service.web import create_app, service_of


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
    return publisher_client(app)
