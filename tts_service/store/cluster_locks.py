"""Segment locks for every node of a cluster: a Redis lock with a lease, over the local flock.

One machine's processes first queue on the local lock (``locks.LockFolder``), so only one of them
at a time asks Redis. The Redis lock is redis-py's own (a token set with ``SET NX PX`` and
released by a script that checks the token); its lease is renewed while the holder works, so a
long synthesis keeps it, and it expires ``LEASE_SECONDS`` after the holder dies (``kill -9``, a
machine lost), when a waiting node takes the work over. While Redis is unreachable the local
lock alone is held: two machines may then make the same segment, which is harmless, since a key
names its content.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator

from redis.exceptions import LockError
from redis.lock import Lock

from .locks import LockFolder
from .redis_link import RedisLink, Unreachable, key

log = logging.getLogger(__name__)

LEASE_SECONDS = 15.0  # a dead holder's lock is free after this long
POLL_SECONDS = 0.05  # a waiter asks again this often
WAIT_STEP = 1.0  # a blocking wait is made of steps this long, so Redis trouble is noticed


class ClusterLocks:
    """``hold`` and ``try_hold`` as ``LockFolder`` has them, for the whole cluster."""

    def __init__(self, link: RedisLink, local: LockFolder, lease: float = LEASE_SECONDS) -> None:
        self.link = link
        self.local = local
        self.folder = local.folder
        self.lease = lease
        self._held: set[Lock] = set()
        self._held_lock = threading.Lock()
        self._renewer: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"ClusterLocks({self.link.url}, {self.folder})"

    @contextlib.contextmanager
    def hold(self, name: str) -> Iterator[None]:
        """Hold the cluster's lock ``name`` until the block ends (waits while another node holds it)."""
        with self.local.hold(name):
            lock = self._acquire(name, blocking=True)
            try:
                yield
            finally:
                self._release(lock)

    @contextlib.contextmanager
    def try_hold(self, name: str) -> Iterator[bool]:
        """Hold the lock if no process of any node holds it: yields True, or False at once."""
        with self.local.try_hold(name) as free:
            lock = self._acquire(name, blocking=False) if free else False
            if lock is False:
                yield False
                return
            try:
                yield True
            finally:
                self._release(lock)

    def _acquire(self, name: str, *, blocking: bool) -> Lock | None | bool:
        """The Redis lock, now held; False if ``blocking`` is off and another node holds it;
        None while Redis is unreachable (the local lock alone is held then)."""
        lock = Lock(self.link.client, key("lock", name), timeout=self.lease, sleep=POLL_SECONDS,
                    thread_local=False)
        try:
            while not self.link.attempt(lambda _client: lock.acquire(
                    blocking=blocking, blocking_timeout=WAIT_STEP if blocking else None)):
                if not blocking:
                    return False
        except Unreachable:
            return None
        with self._held_lock:
            self._held.add(lock)
            if self._renewer is None or not self._renewer.is_alive():
                self._renewer = threading.Thread(target=self._renew, name="lock-lease",
                                                 daemon=True)
                self._renewer.start()
        return lock

    def _release(self, lock: Lock | None | bool) -> None:
        if not isinstance(lock, Lock):
            return
        with self._held_lock:
            self._held.discard(lock)
        try:
            self.link.attempt(lambda _client: lock.release())
        except Unreachable:
            pass  # the lease ends by itself
        except LockError:
            log.warning("the lease of lock %s ran out before it was released", lock.name)

    def _renew(self) -> None:
        """Extend every lease this process holds, until it holds none."""
        stop = threading.Event()
        while not stop.wait(self.lease / 3):
            with self._held_lock:
                held = list(self._held)
                if not held:
                    self._renewer = None
                    return
            for lock in held:
                try:
                    self.link.attempt(_reacquire(lock))
                except Unreachable:
                    break
                except LockError:
                    log.warning("lost the lease of lock %s: another node may make it too", lock.name)
                    with self._held_lock:
                        self._held.discard(lock)


def _reacquire(lock: Lock) -> Callable[[object], bool]:
    """The call that restarts ``lock``'s lease."""
    return lambda _client: bool(lock.reacquire())
