"""Blocking work that must not stop the event loop.

``tts-service serve`` runs gevent workers: every connection is a greenlet on one thread, so a
greenlet that computes for a second stops every other connection for that second. CPU-bound work
(synthesis with an offline voice, encoding, reading an article) goes to gevent's pool of native
threads through ``run_blocking``; the greenlet waits without holding the loop. Outside gevent
(the CLI, the batch, tests, Celery) it is a plain call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")


def under_event_loop() -> bool:
    """True in a process whose sockets gevent has patched (a ``serve`` worker)."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency
        return False
    return bool(monkey.is_module_patched("socket"))


def run_blocking(work: Callable[..., T], *args: object) -> T:
    """``work(*args)`` on a native thread when under the event loop (its result or its
    exception comes back here); a plain call otherwise."""
    if not under_event_loop():
        return work(*args)
    import gevent

    result, error = gevent.get_hub().threadpool.apply(_outcome, (work, args))
    if error is not None:
        raise error
    return cast(T, result)


def _outcome(work: Callable[..., T], args: tuple[object, ...]) -> tuple[T | None, Exception | None]:
    """``work``'s result, or the exception it raised as a value: raised in gevent's pool, it
    would be printed there with its traceback (every refused article would fill the log),
    though the caller gets it anyway."""
    try:
        return work(*args), None
    except Exception as exc:  # noqa: BLE001  # raised again by run_blocking, in the caller
        return None, exc


class TooSlow(Exception):
    """``within`` gave up waiting."""


def within(seconds: float, work: Callable[..., T], *args: object) -> T:
    """``work(*args)``'s result if it comes within ``seconds``, else TooSlow; the work goes on
    in its own thread and its result is dropped (an online voice's request that hangs: under
    the event loop a greenlet, whose socket the loop handles)."""
    done = threading.Event()
    outcome: list[tuple[T | None, Exception | None]] = []

    def run() -> None:
        outcome.append(_outcome(work, args))
        done.set()

    threading.Thread(target=run, name="within", daemon=True).start()
    if not done.wait(seconds):
        raise TooSlow(f"no result within {seconds:g} s")
    result, error = outcome[0]
    if error is not None:
        raise error
    return cast(T, result)
