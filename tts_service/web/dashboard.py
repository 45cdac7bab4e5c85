"""``/analytics``: the publisher's page of listening analytics, charts drawn here as SVG.

Signing in takes a publisher's key (a form POST); the page then keeps an HttpOnly,
SameSite=Strict cookie for ``/analytics`` only: ``<expiry>.<session>.<signature>``, a random
session name signed with HMAC-SHA256 by the configured key digest (``TTS_API_KEYS``) the key
matched, so every node accepts it and removing a key ends its sessions. Signing out (a form POST)
clears the cookie and revokes the session in the service's store (``sessions/revoked/<session>``,
the folder or bucket every node reads), so a copy of the cookie is refused everywhere; a
revocation is deleted once its session would have expired anyway. The page runs no script and
loads nothing from other sites.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from html import escape
from typing import Any

from flask import Blueprint, Response, current_app, redirect, request
from werkzeug.wrappers import Response as ResponseBase

from ..errors import TTSError
from ..store.objects import Store, read_json, write_json
from . import access, charts
from .analytics_report import dashboard_report, date_range, hourly
from .listening import counts_of
from .services import service_of

log = logging.getLogger(__name__)

bp = Blueprint("dashboard", __name__)

COOKIE = "tts_analytics"
SESSION_SECONDS = 8 * 3600
TOP = 10
POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
          "frame-ancestors 'none'; base-uri 'none'")
STYLE = ("body{font:15px/1.4 system-ui,sans-serif;margin:2em auto;max-width:680px;color:#222}"
         "h2{font-size:1.05em;margin-top:1.6em}table{border-collapse:collapse}"
         "td,th{padding:2px 10px;text-align:right}")


def _digests() -> list[str]:
    return access.keys().digests


REVOKED = "sessions/revoked"
TOKEN = re.compile(r"(\d{1,12})\.([0-9a-f]{32})\.([0-9a-f]{64})")


def _sign(digest: str, expires: int, session: str) -> str:
    return hmac.new(digest.encode(), f"analytics:{expires}:{session}".encode(),
                    hashlib.sha256).hexdigest()


def _store() -> Store:
    return service_of(current_app).cache.store


def new_session(key: str, now: float | None = None) -> str | None:
    """A session token for ``key``, or None when it is not a publisher's key."""
    if not access.keys().matches(key):
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    expires, session = int((now or time.time()) + SESSION_SECONDS), secrets.token_hex(16)
    return f"{expires}.{session}.{_sign(digest, expires, session)}"


def _session(token: str | None, now: float | None) -> tuple[int, str] | None:
    """(expiry, session name) of a token made by ``new_session`` with a key still configured,
    not expired; None for anything else (revoked or not)."""
    found = TOKEN.fullmatch(token or "")
    if found is None or int(found[1]) < (now or time.time()):
        return None
    expires, session, signature = int(found[1]), found[2], found[3]
    if not sum(hmac.compare_digest(signature, _sign(digest, expires, session)) for digest in _digests()):
        return None
    return expires, session


def signed_in(token: str | None, now: float | None = None) -> bool:
    """True for a valid session (``_session``) that was not signed out, on any node."""
    found = _session(token, now)
    return found is not None and _store().stat(f"{REVOKED}/{found[1]}.json") is None


def revoke(token: str | None, now: float | None = None) -> None:
    """Sign the token's session out on every node (nothing for an invalid token); and delete the
    revocations whose sessions have expired anyway."""
    now = now or time.time()
    found = _session(token, now)
    store = _store()
    if found is not None:
        write_json(store, f"{REVOKED}/{found[1]}.json", {"until": found[0]})
    for name in [f"{REVOKED}/{name}" for name in store.names(REVOKED)]:
        try:
            if float((read_json(store, name) or {}).get("until", 0)) < now:
                store.delete(name)
        except (TTSError, TypeError, ValueError) as exc:  # removed meanwhile, or not ours
            log.warning("skipped the revoked session %s: %s", name, exc)


def _page(body: str, status: int = 200) -> Response:
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Listening analytics'
            f'</title><link rel="icon" href="data:,"><style>{STYLE}</style></head><body>'
            f"<h1>Listening analytics</h1>{body}</body></html>")
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


SIGN_IN = ('<form method="post" action="/analytics"><label>Publisher key <input name="key" '
           'type="password" autocomplete="current-password" required></label> '
           '<button>Sign in</button></form>')
SIGN_OUT = ('<form method="post" action="/analytics/sign-out"><button>Sign out</button></form>')


@bp.get("/analytics")
def dashboard() -> Response:
    first, last = date_range(request.args.get("from"), request.args.get("to"))  # 400 before all
    if not signed_in(request.cookies.get(COOKIE)):
        return _page(SIGN_IN)
    counts = counts_of()
    result = dashboard_report(counts.summarize_days(first, last), first, last, TOP)
    hours = hourly(counts.summarize_hours())
    return _page(SIGN_OUT + render(result, _titles(result["articles"][:TOP]), hours))


@bp.post("/analytics")
def sign_in() -> ResponseBase:
    origin = request.headers.get("Origin")
    if origin is not None and not access.same_site(origin):
        return _page("<p>Sign in from this service's own page.</p>" + SIGN_IN, 403)
    token = new_session(request.form.get("key", ""))
    if token is None:
        return _page("<p>That key is not a publisher's key.</p>" + SIGN_IN, 401)
    response = redirect("/analytics", code=303)
    response.set_cookie(COOKIE, token, max_age=SESSION_SECONDS, path="/analytics", httponly=True,
                        samesite="Strict", secure=request.is_secure)
    return response


@bp.post("/analytics/sign-out")
def sign_out() -> ResponseBase:
    origin = request.headers.get("Origin")
    if origin is not None and not access.same_site(origin):
        return _page("<p>Sign out from this service's own page.</p>", 403)
    revoke(request.cookies.get(COOKIE))
    response = redirect("/analytics", code=303)
    response.delete_cookie(COOKIE, path="/analytics", httponly=True, samesite="Strict",
                           secure=request.is_secure)
    return response


def _titles(rows: list[dict[str, Any]]) -> dict[str, str]:
    cache = service_of(current_app).cache
    titles = {}
    for row in rows:
        try:
            titles[row["article"]] = str((cache.get_manifest(row["article"]) or {}).get("title") or "")
        except TTSError:
            titles[row["article"]] = ""
    return titles


def render(result: dict[str, Any], titles: dict[str, str],
           hours: list[dict[str, Any]] | None = None) -> str:
    """The dashboard's body for a ``dashboard_report`` (or a ``report``: the same page): totals,
    then the charts (the last 48 hours' with ``hours``, from ``hourly``)."""
    totals = result["totals"]
    plays = totals["plays"] or 1
    through = [("start", 1.0 if totals["plays"] else 0.0)] + [
        (f"{p}%", totals[f"p{p}"] / plays) for p in (25, 50, 75, 100)]
    top = [(titles.get(row["article"]) or row["article"], row["plays"])
           for row in result["articles"][:TOP]]
    speeds = sorted(totals["speeds"].items(), key=lambda item: float(item[0]))
    return "".join([
        f"<p>{escape(result['from'])} to {escape(result['to'])}: {totals['plays']} plays, "
        f"{totals['seconds'] / 60:.0f} minutes listened, {totals['listen_through']:.0%} heard to "
        f"the end.</p>",
        "<h2>Listens per day</h2>", charts.columns("Plays per day",
                                                   [(day["day"], day["plays"]) for day in result["days"]]),
        *(["<h2>The last 48 hours</h2>", charts.columns(
            "Plays per hour, the last 48 hours (UTC)",
            [(hour["hour"].replace("T", " ") + ":00", hour["plays"]) for hour in hours])] if hours else []),
        "<h2>Listen-through</h2>", charts.curve("Share of plays heard to each point", through),
        "<h2>Top articles</h2>", charts.rows("Plays of the most played articles", top),
        "<h2>Speed used</h2>", charts.rows("Times each speed was chosen",
                                           [(f"{rate}x", n) for rate, n in speeds]),
    ])
