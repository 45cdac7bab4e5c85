"""Response bodies kept for a moment: the status of an article being made, polled by every
player that streams it."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

KEEP_SECONDS = 1.0  # another process's progress shows within this
SIZE = 256  # articles


class RecentBodies:
    """Bodies by key, valid while their version is current and for ``KEEP_SECONDS``."""

    def __init__(self, keep: float = KEEP_SECONDS, size: int = SIZE) -> None:
        self.keep = keep
        self.size = size
        self._bodies: OrderedDict[str, tuple[int, float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, version: int) -> bytes | None:
        with self._lock:
            found = self._bodies.get(key)
            if found is None or found[0] != version or time.monotonic() - found[1] > self.keep:
                return None
            return found[2]

    def put(self, key: str, version: int, body: bytes) -> None:
        with self._lock:
            self._bodies[key] = (version, time.monotonic(), body)
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)

    def forget(self, key: str) -> None:
        with self._lock:
            self._bodies.pop(key, None)
