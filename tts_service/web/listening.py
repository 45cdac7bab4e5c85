"""``POST /api/events``: the players' listening events, counted and forgotten; and
``GET /api/analytics``, the counts for the publisher.

Keyless, from the service's own pages and ``TTS_EMBED_ORIGINS`` only (by ``Origin``, which a
browser always sends with a POST). A batch is checked whole (a bad event refuses the batch, 400)
and turned into counts per article (``store.analytics``); nothing about the reader is kept. Each
client address may send ``TTS_ANALYTICS_EVENTS_PER_MINUTE`` events (a bucket that refills): the
rest are dropped and counted in ``tts_listening_events_dropped``, never stored. With the cluster's
Redis (``TTS_REDIS_URL``) an address has one bucket whichever process or node it reaches (one
Redis hash changed by one script, named by a digest of the address, expiring once full again);
without Redis, or while it is unreachable, each process keeps its own buckets in memory.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from ..config import Settings
from ..errors import ConfigError, InputError, NotAllowed, RateLimited, TooLarge
from ..ops import metrics
from ..store.analytics import Counts, ListeningCounts
from ..store.cache import AudioCache
from ..store.names import KEY_PATTERN
from ..store.redis_link import RedisLink, Unreachable, key
from ..synthesis.budget import BUCKET_SCRIPT
from . import access
from .analytics_report import as_csv, date_range, hourly, report
from .services import service_of

bp = Blueprint("listening", __name__, url_prefix="/api")

MAX_EVENTS = 100  # per batch
MAX_BODY_BYTES = 16_384
MAX_SECONDS = 600.0  # listened, in one event: a player sends them every few seconds
PROGRESS = (25, 50, 75, 100)
SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
PLAIN = ("shown", "play", "seek", "download", "error")
TYPES = (*PLAIN, "progress", "seconds", "speed")
MAX_CLIENTS = 50_000  # buckets kept; past it they start again full


def listening_for(settings: Settings, cache: AudioCache) -> tuple[ListeningCounts, ClientLimiter | ClusterLimiter]:
    """The listening counts (beside the locks: the cache folder, or TTS_LOCK_DIR with S3) and the
    per-client bound on events, of a process."""
    if min(settings.analytics_days, settings.analytics_events_per_minute) < 1:  # validate() is full
        raise ConfigError("TTS_ANALYTICS_DAYS and TTS_ANALYTICS_EVENTS_PER_MINUTE must be positive",
                          "use 1 or more")
    counts = ListeningCounts(cache.locks.folder.parent / "analytics", settings.analytics_days, cache.redis)
    return counts, limiter_for(settings.analytics_events_per_minute, cache.redis)


def counts_of() -> ListeningCounts:
    counts: ListeningCounts = current_app.extensions["tts_listening"]
    return counts


class ClientLimiter:
    """A bucket of ``per_minute`` events per client address, refilled continuously."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, client: str, n: int, now: float | None = None) -> bool:
        """True (and the tokens taken) when ``client`` may send ``n`` events now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._buckets) >= MAX_CLIENTS and client not in self._buckets:
                self._buckets.clear()
            tokens, when = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - when) * self.rate)
            allowed = tokens >= n
            self._buckets[client] = (tokens - n if allowed else tokens, now)
            return allowed


class ClusterLimiter:
    """The per-address buckets of every node, in Redis; this process's own while it is unreachable."""

    def __init__(self, per_minute: int, redis: RedisLink) -> None:
        self.local = ClientLimiter(per_minute)
        self.redis = redis
        self._script = redis.client.register_script(BUCKET_SCRIPT)  # cost = need = the events

    def take(self, client: str, n: int) -> bool:
        """True (and the tokens taken) when ``client`` may send ``n`` events now."""
        bucket = key("events", hashlib.sha256(client.encode()).hexdigest()[:32])
        args: list[int | float | str] = [n, n, self.local.rate, self.local.capacity, ""]  # "": its clock
        try:
            taken, _tokens = self.redis.attempt(lambda _client: self._script(keys=[bucket], args=args))
            return bool(taken)
        except Unreachable:
            return self.local.take(client, n)


def limiter_for(per_minute: int, redis: RedisLink | None) -> ClientLimiter | ClusterLimiter:
    """One bucket per address across the cluster with Redis, else per process."""
    return ClusterLimiter(per_minute, redis) if redis else ClientLimiter(per_minute)


def parse_events(body: Any) -> tuple[Counts, Counter[str]]:
    """The counts a batch adds and its events by type; InputError for anything else."""
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise InputError("the body must be a JSON object with a list of events",
                         'send {"events": [{"article": "<id>", "type": "play"}, ...]}')
    events = body["events"]
    if not 1 <= len(events) <= MAX_EVENTS:
        raise InputError(f"a batch holds 1 to {MAX_EVENTS} events", f"this one has {len(events)}")
    counts: Counts = Counter()
    types: Counter[str] = Counter()
    for number, event in enumerate(events):
        article, field, n = _event(event, number)
        counts[(article, field)] += n
        types[event["type"]] += 1
    return counts, types


def _event(event: Any, number: int) -> tuple[str, str, int]:
    """One event as (article, field, amount)."""
    where = f"event {number}"
    if not isinstance(event, dict) or set(event) - {"article", "type", "value"}:
        raise InputError(f"{where} is not an event", 'an event is {"article", "type", "value"}')
    article, kind, value = event.get("article"), event.get("type"), event.get("value")
    if not isinstance(article, str) or not KEY_PATTERN.fullmatch(article):
        raise InputError(f"{where} has no article id", "article ids are 32 lowercase hex digits")
    if kind not in TYPES:
        raise InputError(f"{where} has an unknown type", "types: " + ", ".join(TYPES))
    if kind in PLAIN:
        if "value" in event:
            raise InputError(f"{where}: a {kind} event has no value", "leave out value")
        return article, kind, 1
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InputError(f"{where}: a {kind} event needs a number as its value", "")
    if kind == "progress" and value in PROGRESS:
        return article, f"p{int(value)}", 1
    if kind == "seconds" and 0 < value <= MAX_SECONDS:
        return article, "ms", round(value * 1000)
    if kind == "speed" and value in SPEEDS:
        return article, f"speed:{value:g}", 1
    allowed = {"progress": PROGRESS, "seconds": f"above 0 up to {MAX_SECONDS:g}", "speed": SPEEDS}
    raise InputError(f"{where}: {value!r} is not a {kind} value", f"use {allowed[kind]}")


@dataclass(frozen=True)
class Beacon:
    """One ``POST /api/events`` as it arrived: what ``take`` needs of it."""

    origin: str | None
    host: str  # the Host it was sent to
    client: str  # the client's address (as the trusted proxies saw it)
    length: int  # Content-Length
    body: bytes


def take(beacon: Beacon, embed_origins: str, limiter: ClientLimiter | ClusterLimiter,
         counts: ListeningCounts) -> tuple[dict[str, Any], dict[str, str]]:
    """Count a batch of events: the answer's body and headers (202), or a TTSError. The same
    whether the app's worker or the events' own process (``events_process``) took the request."""
    origin = beacon.origin
    if origin is None or not access.origin_allowed_for(origin, beacon.host, embed_origins,
                                                       same_site_too=True):
        raise NotAllowed("listening events come from the player's pages only",
                         "the service's own pages and TTS_EMBED_ORIGINS send them")
    if beacon.length > MAX_BODY_BYTES:
        raise TooLarge(f"a batch of events is at most {MAX_BODY_BYTES} bytes", "send smaller batches")
    try:
        body = json.loads(beacon.body)  # sendBeacon sends text/plain
    except ValueError:
        body = None
    try:
        found, types = parse_events(body)
    except InputError:
        metrics.LISTENING_DROPPED.labels("invalid").inc()
        raise
    if not limiter.take(beacon.client, sum(types.values())):
        metrics.LISTENING_DROPPED.labels("flood").inc(sum(types.values()))
        raise RateLimited("too many listening events from this address",
                          "the events were dropped; send fewer", retry_after=60)
    counts.add(found)
    for kind, n in types.items():
        metrics.LISTENING_EVENTS.labels(kind).inc(n)
    headers = {"Vary": "Origin"}
    if access.origin_allowed_for(origin, beacon.host, embed_origins):
        headers["Access-Control-Allow-Origin"] = origin  # an embedding site's page may read it
    return {"counted": sum(types.values())}, headers


@bp.post("/events")
def post_events() -> tuple[Response, int]:
    """Events the app's worker takes itself: under ``tts-service serve`` only those the events'
    own process could not (see ``events_process``)."""
    length = request.content_length or 0
    beacon = Beacon(request.headers.get("Origin"), request.host, request.remote_addr or "unknown",
                    length, b"" if length > MAX_BODY_BYTES else request.get_data(cache=False))
    body, headers = take(beacon, service_of(current_app).settings.embed_origins,
                         current_app.extensions["tts_listening_limiter"], counts_of())
    response = jsonify(body)
    response.headers.update(headers)
    return response, 202


def refuse_cross_site() -> None:
    """Analytics are read by the publisher's own tools or pages: never by another site's page."""
    origin = request.headers.get("Origin")
    cross = request.headers.get("Sec-Fetch-Site") == "cross-site"
    if cross or (origin is not None and not access.same_site(origin)):
        raise NotAllowed("analytics are not shown to other sites",
                         "read them with the publisher's key, from a script or the /analytics page")


@bp.get("/analytics")
def get_analytics() -> Response:
    refuse_cross_site()
    access.require_key()
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise InputError("format is json or csv", f"not {fmt!r}")
    first, last = date_range(request.args.get("from"), request.args.get("to"))
    counts = counts_of()
    result = report(counts.read_days(first, last), first, last)
    if fmt == "csv":
        name = f"analytics-{result['from']}-{result['to']}.csv"
        return Response(as_csv(result), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "no-store"})
    result["hours"] = hourly(counts.summarize_hours())
    response = jsonify(result)
    response.headers["Cache-Control"] = "no-store"
    return response
