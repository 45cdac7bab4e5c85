"""Each keyless client's share of synthesis: a token bucket of characters per client.

A client may have ``burst`` characters made at once and earns ``per_minute`` more each minute.
Only new work is charged: an article already made or being made costs nothing. Without Redis,
buckets are small files under the local lock folder, each changed under its lock, so every
worker process on the machine draws from the same bucket; ``sweep`` deletes the buckets that
have filled up again (a full bucket is what a new client gets anyway). With the cluster's Redis
(``TTS_REDIS_URL``), a bucket is one Redis hash changed by one script, so a client has one budget
whichever node it reaches; the hash expires once it is full again. While Redis is unreachable
the node charges its local buckets.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

from ..errors import RateLimited
from ..store.locks import LockFolder
from ..store.names import content_key, lock_name
from ..store.objects import atomic_write
from ..store.redis_link import RedisLink, Unreachable, key

# KEYS[1]: the bucket; ARGV: cost, into debt (0/1), per second, burst, now (or "" for the
# server's clock). Refills, then takes the cost or refuses; returns {taken, tokens}. The hash
# lives until the bucket would be full again.
_TAKE = """
local now = tonumber(ARGV[5])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1e6
end
local cost, debt = tonumber(ARGV[1]), ARGV[2] == '1'
local rate, burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if state[1] then
  tokens = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate)
end
if cost > tokens and not debt then
  return {0, tostring(tokens)}
end
tokens = tokens - cost
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1)
return {1, tostring(tokens)}
"""


class ClientBudgets:
    """Token buckets of characters, one per client, shared by the processes of one machine, or
    by every node of the cluster with ``redis``."""

    def __init__(self, folder: Path, per_minute: int, burst: int,
                 redis: RedisLink | None = None) -> None:
        self.locks = LockFolder(folder)
        self.per_second = per_minute / 60
        self.burst = burst
        self.redis = redis
        self._script = redis.client.register_script(_TAKE) if redis else None

    def charge(self, client: str, chars: int, now: float | None = None) -> None:
        """Take ``chars`` from the client's bucket, or raise RateLimited saying when it will
        hold them (nothing is taken then)."""
        self._take(client, chars, now, into_debt=False)

    def spend(self, client: str, chars: int, now: float | None = None) -> None:
        """Take ``chars`` even beyond what the bucket holds (the client then waits until it is
        refilled): the cost of work already done for a request that was refused."""
        self._take(client, chars, now, into_debt=True)

    def _take(self, client: str, chars: int, now: float | None, *, into_debt: bool) -> None:
        bucket = content_key(["budget", client])
        try:
            taken, tokens = self._take_shared(bucket, chars, now, into_debt)
        except Unreachable:
            taken, tokens = self._take_local(bucket, chars, now, into_debt)
        if not taken:
            wait = math.ceil((chars - tokens) / self.per_second)
            raise RateLimited("this client has had its share of new audio for now",
                              f"try again in {wait} s, or ask the publisher for an API key",
                              retry_after=max(1, wait))

    def _take_shared(self, bucket: str, chars: int, now: float | None,
                     into_debt: bool) -> tuple[bool, float]:
        if self.redis is None or self._script is None:
            raise Unreachable("no Redis")
        script = self._script
        taken, tokens = self.redis.attempt(lambda _client: script(
            keys=[key("budget", bucket)],
            args=[chars, int(into_debt), self.per_second, self.burst, "" if now is None else now]))
        return bool(taken), float(tokens)

    def _take_local(self, bucket: str, chars: int, now: float | None,
                    into_debt: bool) -> tuple[bool, float]:
        now = time.time() if now is None else now
        path = self.locks.folder / f"{bucket}.bucket"
        with self.locks.hold(bucket):
            tokens = self._tokens(path, now)
            if chars > tokens and not into_debt:
                return False, tokens
            atomic_write(path, json.dumps({"tokens": tokens - chars, "at": now}).encode())
            return True, tokens - chars

    def _tokens(self, path: Path, now: float) -> float:
        try:
            state = json.loads(path.read_text())
            tokens, then = float(state["tokens"]), float(state["at"])
        except (OSError, ValueError, KeyError, TypeError):
            return float(self.burst)  # a new client, or a bucket a crash left unreadable
        return min(float(self.burst), tokens + max(0.0, now - then) * self.per_second)

    def sweep(self, now: float | None = None) -> int:
        """Delete the local buckets that are full again (and their lock files): returns how many."""
        now = time.time() if now is None else now
        removed = 0
        for path in self.locks.folder.glob("*.bucket"):
            bucket = path.stem
            with self.locks.try_hold(bucket) as mine:
                if mine and self._tokens(path, now) >= self.burst:
                    path.unlink(missing_ok=True)
                    # Its lock file too: a process that opened it just now may charge the
                    # client once beside another, which the budget can bear.
                    (self.locks.folder / lock_name(bucket)).unlink(missing_ok=True)
                    removed += 1
        return removed
