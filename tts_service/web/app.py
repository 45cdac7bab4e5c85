"""The app factory: the service objects built once, the blueprints, the headers every response gets."""

from __future__ import annotations

import atexit
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from ..access import KeyRing
from ..articles import ArticleService
from ..audio import loudness
from ..config import Settings
from ..errors import ConfigError
from ..ops.process import configure_logging
from ..store.local import LocalStore
from . import api, dashboard, errors, feed, lexicon_api, listening, media, observe, openai_api, openapi_doc, pages
from .recent import RecentBodies
from .static_files import compress_static

log = logging.getLogger(__name__)


def static_dir() -> Path:
    """The player's files. They live in the top-level ``static/`` folder, which the wheel carries
    inside the package (``tts_service/static``, see pyproject.toml); a source checkout or an
    editable install serves the folder itself."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "static", package.parent / "static"):
        if (folder / "player.js").is_file():
            return folder
    raise ConfigError("the player's files (static/player.js) are missing",
                      "reinstall tts-service from its wheel or source")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` may hold ``SETTINGS`` (a Settings) and Flask config keys."""
    config = dict(config or {})
    settings: Settings = config.pop("SETTINGS", None) or Settings.from_env()
    app = Flask(__name__, static_folder=str(static_dir()), static_url_path="/static")
    # JSON escaping can double a body: room for the largest HTML and the longest text.
    app.config.update(MAX_CONTENT_LENGTH=2 * max(settings.max_html_bytes,
                                                 4 * settings.max_article_chars) + 65536)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep manifests in their own order
    app.config.update(config)
    configure_logging(settings.log_level, settings.log_format)
    app.extensions["tts_openapi"] = openapi_doc.load()  # conflicting fragments fail here, at start

    service = ArticleService(settings)
    if isinstance(service.cache.store, LocalStore):  # what a killed writer left behind
        removed = service.cache.store.remove_stale_temp_files()
        if removed:
            log.info("removed %d stale temp files from %s", removed, service.cache.store)
    speaker = service.speaker()  # loads the default voice now, not on the first click
    # The first segmentation and inference of a fresh process are slow: pay for them now.
    warm_up = speaker.prepare("Ready.")
    speaker.backend.synthesize(warm_up.segments[0].text)
    loudness.warm_up(speaker.fmt.sample_rate)
    if not settings.synth_capacity:
        capacity = service.measure_capacity()
        if capacity:
            log.info("the voice makes %.1f s of audio per second here", capacity)
    app.extensions["tts"] = service
    app.extensions["tts_keys"] = KeyRing(settings.api_keys)
    app.extensions["tts_recent"] = RecentBodies()
    install_listening(app, service)
    if settings.proxy_hops:  # the client's address and scheme as the proxies saw them
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops,  # type: ignore[method-assign]
                                x_proto=settings.proxy_hops)
    resumed = service.resume_unfinished()
    if resumed:
        log.info("resuming %d articles left unfinished", resumed)
    service.evictor.sweep_if_due()  # TTS_CACHE_MAX_BYTES may have been lowered
    service.join_cluster()  # with TTS_REDIS_URL: the other nodes hear of this one's work

    errors.register(app)
    observe.install(app, settings)  # request ids, metrics and /metrics
    app.after_request(security_headers)
    app.after_request(compress_static)
    app.register_blueprint(api.bp)
    app.register_blueprint(lexicon_api.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(openai_api.bp)
    app.register_blueprint(listening.bp)
    app.register_blueprint(dashboard.bp)
    return app


def install_listening(app: Flask, service: ArticleService) -> None:
    """The listening counts and the per-client bound on events (``listening.listening_for``);
    what is counted is written out when the process ends."""
    counts, limiter = listening.listening_for(service.settings, service.cache)
    app.extensions["tts_listening"] = counts
    app.extensions["tts_listening_limiter"] = limiter
    atexit.register(counts.flush)


# The demo page's own policy: everything from this origin, inline styles (the page has some),
# audio from this origin (blob: the player's MediaSource stream), never framed.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; "
               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def security_headers(response: Response) -> Response:
    """No content sniffing anywhere; HTML pages get a content security policy and no framing."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html" and request.blueprint == "pages":
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
