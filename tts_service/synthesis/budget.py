"""Each keyless client's share of synthesis: a token bucket of characters per client.

A client may have ``burst`` characters made at once and earns ``per_minute`` more each minute.
Only new work is charged: an article already made or being made costs nothing. Buckets are small
files under the local lock folder, each changed under its lock, so every worker process on the
machine draws from the same bucket.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from ..errors import RateLimited
from ..store.locks import LockFolder
from ..store.names import content_key
from ..store.objects import atomic_write


class ClientBudgets:
    """Token buckets of characters, one per client, shared by the processes of one machine."""

    def __init__(self, folder: Path, per_minute: int, burst: int) -> None:
        self.locks = LockFolder(folder)
        self.per_second = per_minute / 60
        self.burst = burst

    def charge(self, client: str, chars: int, now: float | None = None) -> None:
        """Take ``chars`` from the client's bucket, or raise RateLimited saying when it will
        hold them (nothing is taken then)."""
        self._take(client, chars, now, into_debt=False)

    def spend(self, client: str, chars: int, now: float | None = None) -> None:
        """Take ``chars`` even beyond what the bucket holds (the client then waits until it is
        refilled): the cost of work already done for a request that was refused."""
        self._take(client, chars, now, into_debt=True)

    def _take(self, client: str, chars: int, now: float | None, *, into_debt: bool) -> None:
        now = time.time() if now is None else now
        key = content_key(["budget", client])
        path = self.locks.folder / f"{key}.bucket"
        with self.locks.hold(key):
            tokens = self._tokens(path, now)
            if chars > tokens and not into_debt:
                wait = math.ceil((chars - tokens) / self.per_second)
                raise RateLimited("this client has had its share of new audio for now",
                                  f"try again in {wait} s, or ask the publisher for an API key",
                                  retry_after=max(1, wait))
            atomic_write(path, json.dumps({"tokens": tokens - chars, "at": now}).encode())

    def _tokens(self, path: Path, now: float) -> float:
        try:
            state = json.loads(path.read_text())
            tokens, then = float(state["tokens"]), float(state["at"])
        except (OSError, ValueError, KeyError, TypeError):
            return float(self.burst)  # a new client, or a bucket a crash left unreadable
        return min(float(self.burst), tokens + max(0.0, now - then) * self.per_second)
