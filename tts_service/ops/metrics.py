"""Prometheus metrics: the metric objects, and the few calls the pipeline makes to them.

Under ``tts-service serve`` every worker process writes its values to files in one folder
(prometheus_client's multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``, which the server sets up
before its workers start, see ``web.server_metrics``), and ``exposition`` adds them up: /metrics
answers for the whole server whichever worker reads it. Anywhere else (the CLI, tests) the values
live in the process. Labels are bounded: routes are URL rules, never paths; backends are kinds.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

# prometheus_client chose where values live when it was imported, by this same variable.
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ

REQUESTS = Counter("tts_http_requests", "HTTP requests answered, by route (the URL rule), method "
                   "and status", ["route", "method", "status"])
RESPONSE_BYTES = Counter("tts_http_response_bytes", "Response body bytes sent, by route", ["route"])
REFUSED = Counter("tts_http_refused_requests", "Requests refused, by reason", ["reason"])
FIRST_AUDIO_BYTE = Histogram(
    "tts_audio_first_byte_seconds", "From a request's arrival to its first audio byte handed to "
    "the server, by delivery: file (made before) or stream (made while it plays)", ["delivery"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))
SYNTHESIS_SECONDS = Counter("tts_synthesis_seconds", "Wall seconds spent making segments' audio "
                            "(voice and MP3 encoding), by backend", ["backend"])
AUDIO_SECONDS = Counter("tts_synthesized_audio_seconds", "Seconds of audio made, by backend",
                        ["backend"])
CACHE_LOOKUPS = Counter("tts_cache_lookups", "Segments found made (hit) or synthesized (miss); "
                        "articles' audio served finished (hit) or streamed while made (miss)",
                        ["kind", "result"])
JOBS_QUEUED = Gauge("tts_jobs_queued", "Segment syntheses waiting for their turn at the voice",
                    multiprocess_mode="livesum")
JOBS_RUNNING = Gauge("tts_jobs_running", "Segment syntheses at the voice now",
                     multiprocess_mode="livesum")
REDIS_UP = Gauge("tts_redis_up", "1 while the cluster's Redis (TTS_REDIS_URL) answers, 0 while "
                 "this node works with local locks, budgets and counts", multiprocess_mode="livemin")
REDIS_ERRORS = Counter("tts_redis_errors", "Calls to the cluster's Redis that failed or timed out")
LISTENING_EVENTS = Counter("tts_listening_events", "Players' listening events counted (POST "
                           "/api/events), by type", ["type"])
LISTENING_DROPPED = Counter("tts_listening_events_dropped", "Players' listening events not "
                            "counted, by reason: flood (over a client's budget) or invalid",
                            ["reason"])

# Responses that refuse a request, by status: what the client was told (503: only with Retry-After).
REFUSALS = {400: "bad_input", 401: "unauthorized", 403: "forbidden", 413: "too_large",
            429: "rate_limited", 503: "busy"}

for _kind in ("segment", "article"):
    for _result in ("hit", "miss"):
        CACHE_LOOKUPS.labels(_kind, _result)
for _reason in REFUSALS.values():
    REFUSED.labels(_reason)
for _reason in ("flood", "invalid"):
    LISTENING_DROPPED.labels(_reason)


def cache_lookup(kind: str, hit: bool) -> None:
    """A segment or an article was looked for in the cache."""
    CACHE_LOOKUPS.labels(kind, "hit" if hit else "miss").inc()


def synthesized(backend_id: str, seconds: float, audio_seconds: float) -> None:
    """A segment was made: ``seconds`` of work for ``audio_seconds`` of audio."""
    kind = backend_id.split(":", 1)[0]  # "piper:en_US-joe-medium:74fd...": the kind, bounded
    SYNTHESIS_SECONDS.labels(kind).inc(seconds)
    AUDIO_SECONDS.labels(kind).inc(audio_seconds)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    registry = REGISTRY
    if MULTIPROCESS:  # every worker's files, read now
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry), CONTENT_TYPE_LATEST
