"""The one Redis that coordinates the web tier of several machines (``TTS_REDIS_URL``).

Redis is a help, never a dependency of listening: every call through ``RedisLink.attempt`` fails
fast (short socket timeouts), and a failure marks the link down for ``RETRY_SECONDS``, during
which callers use their local stand-ins at once instead of waiting on a dead server. The link
comes back by itself at the first call that succeeds after that. Its state is logged when it
changes and shown in ``/metrics`` (``tts_redis_up``) and ``/readyz``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import redis

from ..ops import metrics

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS = 2.0  # after a failure, callers go local this long before Redis is tried again
SOCKET_TIMEOUT = 1.0  # seconds: a slow Redis is a missing one
PREFIX = "tts:"  # every key and channel of ours


class Unreachable(Exception):
    """Redis did not answer (or is marked down): use the local stand-in."""


class RedisLink:
    """A client for ``url`` and whether Redis answers now."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = redis.Redis.from_url(url, socket_timeout=SOCKET_TIMEOUT,
                                           socket_connect_timeout=SOCKET_TIMEOUT,
                                           health_check_interval=10)
        self._down_until = 0.0
        self._up = True
        self._lock = threading.Lock()
        metrics.REDIS_UP.set(1)

    def __repr__(self) -> str:
        return f"RedisLink({self.url})"

    @property
    def up(self) -> bool:
        """False while the link is marked down after a failure."""
        return self._up

    def attempt(self, operation: Callable[[redis.Redis], T]) -> T:
        """``operation(client)``'s result, or Unreachable when Redis fails or was just down."""
        if time.monotonic() < self._down_until:
            raise Unreachable(self.url)
        try:
            result = operation(self.client)
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self.failed(exc)
            raise Unreachable(self.url) from exc
        self._mark(up=True)
        return result

    def failed(self, exc: BaseException) -> None:
        """Mark the link down: Redis failed in a way the caller saw itself."""
        self._down_until = time.monotonic() + RETRY_SECONDS
        metrics.REDIS_ERRORS.inc()
        if self._mark(up=False):
            log.warning("Redis at %s is unreachable (%s): this node goes on with local locks, "
                        "budgets and counts until it answers again", self.url, type(exc).__name__)

    def _mark(self, *, up: bool) -> bool:
        """Set the state; True when it changed."""
        with self._lock:
            if self._up == up:
                return False
            self._up = up
        metrics.REDIS_UP.set(1 if up else 0)
        if up:
            log.info("Redis at %s answers again: this node coordinates with the others", self.url)
        return True

    def close(self) -> None:
        self.client.close()


def key(*parts: str) -> str:
    """Our name for a Redis key or channel."""
    return PREFIX + ":".join(parts)


def link_from_url(url: str) -> RedisLink | None:
    """The link for ``TTS_REDIS_URL``, or None when it is empty (one machine: files and flock)."""
    return RedisLink(url) if url else None

