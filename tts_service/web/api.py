"""JSON API: submit articles, read their manifests, list what the cache holds."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from gunicorn.http.errors import ParseException as ServerParseError

from ..articles import ArticleRequest
from ..errors import InputError, TooLarge
from ..publish.feed_entries import FeedEntries
from . import access, feed, media
from .recent import RecentBodies
from .services import service_of

log = logging.getLogger(__name__)

bp = Blueprint("api", __name__, url_prefix="/api")


def recent() -> RecentBodies:
    """This app's recent status bodies (see ``create_app``)."""
    bodies: RecentBodies = current_app.extensions["tts_recent"]
    return bodies


@bp.after_request
def allow_embedding_origins(response: Response) -> Response:
    """CORS for the pages that embed the player (TTS_EMBED_ORIGINS); no other site is answered."""
    response.headers.add("Vary", "Origin")
    origin = request.headers.get("Origin")
    if origin and access.origin_allowed(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "86400"
        response.headers["Access-Control-Expose-Headers"] = "X-Article-Id, X-Manifest-Url"
    return response


def _links(article_id: str) -> dict[str, str]:
    return {
        "audio_url": url_for("media.mp3", article_id=article_id),
        "manifest_url": url_for("api.get_article", article_id=article_id),
        "captions_url": url_for("media.vtt", article_id=article_id),
        "text_url": url_for("api.get_article_text", article_id=article_id),
    }


@bp.post("/articles")
def post_article() -> tuple[Response, int]:
    log.debug("path received %s at %.4f", request.query_string.decode("latin-1") or "-", time.time())
    caller = access.caller()
    body = json_body()
    if body is None:
        raise InputError("the request body must be JSON",
                         'send Content-Type: application/json and {"text": "..."}')
    service = service_of(current_app)
    if not caller.keyed:
        access.check_keyless_submission(body)
        _check_keyless_size(body, service.settings.anon_max_chars)
    prepare, with_manifest = _flag("prepare", "first"), _flag("manifest", "1")
    listen = _flag("stream", "1")
    if prepare:  # the player in view: the first segment only, nothing registered
        article = service.prepare_first(ArticleRequest.from_json(body, service.settings),
                                        caller=caller)
        log.debug("path prepared %s at %.4f", article.id, time.time())
        return jsonify({"status": service.state(article), "article": article.id}), 202  # not registered
    in_feed = feed.feed_choice(body)  # a publisher's only: a keyless "feed" is refused above
    article, created = service.submit(ArticleRequest.from_json(body, service.settings),
                                      caller=caller)
    if in_feed is not None:
        FeedEntries(service.cache.store).choose(article.id, in_feed)
    if caller.keyed:
        recent().forget(article.id)  # its title, author or date may have changed
    if listen:  # one round trip: the article submitted, its audio in the answer
        log.debug("path submitted %s at %.4f", article.id, time.time())
        audio = media.article_audio(article.id)
        audio.headers.update({"X-Article-Id": article.id,
                              "X-Manifest-Url": url_for("api.get_article", article_id=article.id)})
        return audio, audio.status_code
    payload: dict[str, Any] = {"id": article.id, "status": service.state(article),
                               **_links(article.id)}
    if with_manifest:  # the player's click: no second request for it
        payload = {**service.status(article.id), **_links(article.id)}
    return jsonify(payload), 201 if created else 200


def _flag(name: str, value: str) -> bool:
    """Whether the query asks for ``name=value``; any other value of ``name`` is a 400."""
    given = request.args.getlist(name)
    if given and given != [value]:
        raise InputError(f"the query parameter {name!r} may only be {value!r}",
                         f"send ?{name}={value} or leave it out")
    return bool(given)


def json_body() -> Any:
    """The request's JSON body; None when it is not JSON. A body that cannot be read is a 400."""
    try:
        request.get_data(cache=True)  # the body is read here: a broken one fails here
        return request.get_json(silent=True)
    except (OSError, ValueError, ServerParseError) as exc:  # a broken chunked body, a cut upload
        raise InputError("the request body could not be read", type(exc).__name__) from exc
    except RecursionError as exc:
        raise InputError("the JSON is nested too deeply", "send a flat object") from exc


HTML_PER_TEXT_CHAR = 20  # markup a keyless page may carry per character of article text


def _check_keyless_size(body: object, max_chars: int) -> None:
    """Refuse an oversized keyless input before reading it: text over the limit, or markup
    over HTML_PER_TEXT_CHAR times it. A body that is not an object is left to from_json (400)."""
    if not isinstance(body, dict):
        return
    for name, limit in (("text", max_chars), ("html", HTML_PER_TEXT_CHAR * max_chars),
                        ("ssml", HTML_PER_TEXT_CHAR * max_chars)):
        value = body.get(name)
        if isinstance(value, str) and len(value) > limit:
            raise TooLarge(f"field {name!r} has {len(value):,} characters; requests without a "
                           f"key may send {limit:,}", "the publisher can send more with an API key")


@bp.get("/articles/<article_id>")
def get_article(article_id: str) -> Response:
    """The status or manifest. Hundreds of players poll a breaking story each second: the body
    is kept until a job of this process makes a segment, or for a second (RecentBodies)."""
    if "format" in request.args:  # ?format=jsonld: the schema.org AudioObject
        return feed.manifest_in_format(article_id, request.args["format"])
    service = service_of(current_app)
    version = service.jobs.generation
    body = recent().get(article_id, version)
    if body is None:
        status = service.status(article_id)
        body = current_app.json.dumps({**status, **_links(status["id"])}).encode("utf-8")
        recent().put(article_id, version, body)
    return Response(body, mimetype="application/json")


@bp.delete("/articles/<article_id>")
def delete_article(article_id: str) -> Response:
    """Forget an article: its audio, its segments no other article uses, its feed entry.
    Publishers only (a CMS calls it when a post is unpublished or deleted)."""
    access.require_key()
    service = service_of(current_app)
    forgotten = service.forget(article_id)
    FeedEntries(service.cache.store).choose(article_id, False)
    recent().forget(article_id)
    return jsonify({"id": article_id, "status": "forgotten", "segments": forgotten.segments,
                    "bytes": forgotten.freed})


@bp.get("/articles/<article_id>/text")
def get_article_text(article_id: str) -> Response:
    """The plain text the segments' char_start/char_end index (for HTML: the article read from
    it), so a client can highlight a pre-generated article."""
    article, _ = service_of(current_app).find(article_id)
    return Response(article.text, mimetype="text/plain")


@bp.get("/feed")
def feed_articles() -> Response:
    """The podcast feed's articles, newest added first, as ids and titles (the player's up next)."""
    return feed.latest()


@bp.get("/articles")
def list_articles() -> Response:
    """Complete articles in the cache, paged: ``?page=1&per_page=50``. Publishers only."""
    access.require_key()
    try:
        page = int(request.args.get("page", "1"))
        per_page = int(request.args.get("per_page", "50"))
    except ValueError:
        raise InputError("page and per_page must be whole numbers") from None
    if page < 1 or not 1 <= per_page <= 500:
        raise InputError("page must be >= 1 and per_page between 1 and 500")
    cache = service_of(current_app).cache
    ids = cache.article_ids()
    items = []
    for article_id in ids[(page - 1) * per_page: page * per_page]:
        manifest = cache.get_manifest(article_id) or {}
        items.append({"id": article_id, "status": "ready", "duration": manifest.get("duration"),
                      "backend": manifest.get("backend"), **_links(article_id)})
    return jsonify({"page": page, "per_page": per_page, "total": len(ids), "articles": items})
