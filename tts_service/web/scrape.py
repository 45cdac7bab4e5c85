"""``GET /metrics``: what Prometheus scrapes, and who may read it (``TTS_METRICS``).

``key`` (the default): only a request with a publisher's key, so a service on the open internet
tells strangers nothing about its traffic; ``open``: anyone, for a server on a private network or
behind a proxy that keeps /metrics to itself; ``off``: no route (404).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from ..ops import metrics
from . import access
from .services import service_of

bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def scrape() -> Response:
    if service_of(current_app).settings.metrics != "open":
        access.require_key()
    body, content_type = metrics.exposition()
    response = Response(body, content_type=content_type)
    response.headers["Cache-Control"] = "no-store"
    return response
