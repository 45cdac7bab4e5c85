"""Who is asking, over HTTP: a key in ``Authorization: Bearer`` (or ``X-API-Key``) makes a
publisher; without one, a reader's browser on a page allowed to embed the player.

A keyless request may start synthesis only from the service's own pages or from an origin in
``TTS_EMBED_ORIGINS``, and CORS answers those origins only. A browser always says where a POST
comes from, so other sites cannot make their visitors' browsers submit work; scripts without a
browser are held to the same per-client budget.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request

from ..access import PUBLISHER, Caller, KeyRing
from ..config import split_list
from ..errors import NotAllowed

# page_lang: the player's page's language, below the article HTML's own; it chooses no voice.
KEYLESS_FIELDS = frozenset({"title", "author", "date", "text", "html", "ssml", "page_lang"})


def keys() -> KeyRing:
    ring: KeyRing = current_app.extensions["tts_keys"]
    return ring


def caller() -> Caller:
    """The publisher when the request holds a valid key; a keyless client otherwise.
    A key that is given but wrong is refused (401), never taken as no key."""
    key = _presented_key()
    if key is None:
        return Caller(keyed=False, client=request.remote_addr or "unknown")
    if not keys().matches(key):
        raise NotAllowed("the API key is not valid", "check the key the publisher was given",
                         status=401)
    return PUBLISHER


def require_key() -> None:
    if not caller().keyed:
        raise NotAllowed("this needs an API key",
                         "send Authorization: Bearer <key> (see `tts-service new-key`)", status=401)


def check_keyless_submission(body: object) -> None:
    """A keyless POST must come from an allowed page and ask only for the default voice."""
    origin = request.headers.get("Origin")
    if origin is None or not origin_allowed(origin, same_site_too=True):
        raise NotAllowed("audio for new articles needs an API key or an allowed page",
                         "the player works on the service's own pages and on TTS_EMBED_ORIGINS")
    if isinstance(body, dict):
        asked = sorted(set(body) - KEYLESS_FIELDS)
        if asked:
            raise NotAllowed(f"choosing {', '.join(asked)} needs an API key",
                             "requests without a key use the service's default voice")


def origin_allowed(origin: str, *, same_site_too: bool = False) -> bool:
    """True when ``origin`` is one of TTS_EMBED_ORIGINS (or, with ``same_site_too``, the
    service's own host)."""
    from .services import service_of

    return origin_allowed_for(origin, request.host, service_of(current_app).settings.embed_origins,
                              same_site_too=same_site_too)


def origin_allowed_for(origin: str, host: str, embed_origins: str, *, same_site_too: bool = False) -> bool:
    """``origin_allowed`` for a request to ``host`` (its Host header), TTS_EMBED_ORIGINS given."""
    if origin.lower() in {item.lower() for item in split_list(embed_origins)}:
        return True
    return same_site_too and same_host(origin, host)


def same_site(origin: str) -> bool:
    """True when ``origin`` is the service's own host."""
    return same_host(origin, request.host)


def same_host(origin: str, host: str) -> bool:
    return urlsplit(origin).netloc.lower() == host.lower()


def _presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key") or None
