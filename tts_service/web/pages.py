"""The demo news page and the health endpoints."""

from __future__ import annotations

import uuid
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template

from ..errors import TTSError
from ..store.redis_link import RedisLink, Unreachable
from . import openapi_page
from .services import service_of

bp = Blueprint("pages", __name__, template_folder="templates")

DEMO_ARTICLE = Path(__file__).parent / "demo_article.html"


@bp.get("/")
def demo() -> str:
    return render_template("demo.html", article_html=DEMO_ARTICLE.read_text("utf-8"))


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    service = service_of(current_app)
    checks = {"voice": False, "cache": False}
    try:
        checks["voice"] = bool(service.speaker().backend.id)
    except TTSError:
        checks["voice"] = False
    probe = f"locks/.ready-{uuid.uuid4().hex}"
    try:  # through the store, so an S3 bucket is checked too
        service.cache.store.put(probe, b"ok")
        service.cache.store.delete(probe)
        checks["cache"] = True
    except TTSError:
        checks["cache"] = False
    ready = all(checks.values())
    status = "ready" if ready else "not ready"
    redis = service.cache.redis
    if redis is not None:  # without it the node still serves and makes audio: degraded, not down
        checks["redis"] = _answers(redis)
        if ready and not checks["redis"]:
            status = "degraded"
    return jsonify({"status": status, "checks": checks}), (200 if ready else 503)


def _answers(redis: RedisLink) -> bool:
    try:
        return bool(redis.attempt(lambda client: client.ping()))
    except Unreachable:
        return False


@bp.get("/openapi.json")
def openapi() -> Response:
    """This service's OpenAPI 3.1 document (see openapi_doc)."""
    return jsonify(current_app.extensions["tts_openapi"])


@bp.get("/docs")
def docs() -> str:
    """The same document as a page to read, drawn here: no script, nothing from other sites."""
    document = current_app.extensions["tts_openapi"]
    return render_template("docs.html", info=document["info"], openapi=document["openapi"],
                           operations=openapi_page.operations(document),
                           schemas=openapi_page.schemas(document))
