"""The long-lived objects the app factory keeps on ``app.extensions``, as the blueprints find them."""

from __future__ import annotations

from flask import Flask

from ..articles import ArticleService


def service_of(app: Flask) -> ArticleService:
    service: ArticleService = app.extensions["tts"]
    return service
