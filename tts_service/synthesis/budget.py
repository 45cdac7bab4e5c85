"""Each keyless client's share of synthesis: a token bucket of characters per client.

A client may have ``burst`` characters made at once and earns ``per_minute`` more each minute.
An article worth more than a full bucket (a long read) is made when the client's bucket is full,
and the client then owes the rest: its bucket stays below zero until the refill has paid it, so a
long article is never refused while the rate a client draws stays ``per_minute``; only an article
worth more than ``most`` (the keyless text limit, ``TTS_ANON_MAX_CHARS``) is a 413.
Only new work is charged: an article already made or being made costs nothing. What is charged
is the audio an article makes, counted in characters of speech (``cost``): its segments' text,
every repeat included, and its pauses beyond the share a news article's pauses come to, so that
a text of thousands of tiny paragraphs ("Go." again and again: few characters, an hour of
pauses) costs what its audio is worth. Without Redis,
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

from ..errors import RateLimited, TooLarge
from ..store.locks import LockFolder
from ..store.names import content_key, lock_name
from ..store.objects import atomic_write
from ..store.redis_link import RedisLink, Unreachable, key
from .plan import Article

SPEECH_CHARS_PER_SECOND = 16.0  # what a second of news speech says (Piper: 0.062 s a character)
PAUSE_SHARE = 0.1  # pauses up to this share of the text's characters are free (news: about 0.07)
MIN_SEGMENT_CHARS = 8  # a segment costs at least this: "Go." still takes half a second to say


def cost(article: Article, *, paid: int = 0) -> int:
    """The article's audio in characters of speech: its segments' characters (at least
    ``MIN_SEGMENT_CHARS`` each), and its pauses beyond ``PAUSE_SHARE`` of them. ``paid``: how
    many of its first segments were paid for already (made ahead when the player came into view)."""
    chars = sum(max(MIN_SEGMENT_CHARS, len(segment.text)) for segment in article.segments[paid:])
    pauses = sum(article.pauses_ms) / 1000 * SPEECH_CHARS_PER_SECOND
    return chars + max(0, round(pauses - PAUSE_SHARE * chars))

# One token bucket in Redis, for every budget of the cluster (the listening events' too).
# KEYS[1]: the bucket; ARGV: cost, need (what the bucket must hold to take the cost), per
# second, burst, now (or "" for the server's clock). Refills, then takes the cost or refuses;
# returns {taken, tokens}. The hash lives until the bucket would be full again.
BUCKET_SCRIPT = """
local now = tonumber(ARGV[5])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1e6
end
local cost, need = tonumber(ARGV[1]), tonumber(ARGV[2])
local rate, burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if state[1] then
  tokens = math.min(burst, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate)
end
if need > tokens then
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
                 redis: RedisLink | None = None, *, most: int = 0) -> None:
        self.locks = LockFolder(folder)
        self.per_second = per_minute / 60
        self.burst = burst
        self.most = max(burst, most)
        self.redis = redis
        self._script = redis.client.register_script(BUCKET_SCRIPT) if redis else None

    def charge(self, client: str, chars: int, now: float | None = None) -> None:
        """Take ``chars`` from the client's bucket, or raise RateLimited saying when it will
        hold them (nothing is taken then), or TooLarge when they are more than ``most``. More
        than a full bucket is taken from a full bucket, which then stays below zero a while."""
        if chars > self.most:
            raise TooLarge(f"the article would make about {chars / SPEECH_CHARS_PER_SECOND / 60:.0f} "
                           "minutes of audio, more than a request without a key may make",
                           f"its audio counts as {chars:,} characters (pauses too); the limit is "
                           f"{self.most:,} (TTS_ANON_MAX_CHARS); the publisher can make it "
                           "with an API key")
        self._take(client, chars, now, need=min(chars, self.burst))

    def spend(self, client: str, chars: int, now: float | None = None) -> None:
        """Take ``chars`` even beyond what the bucket holds (the client then waits until it is
        refilled): the cost of work already done for a request that was refused."""
        self._take(client, chars, now, need=0)

    def _take(self, client: str, chars: int, now: float | None, *, need: int) -> None:
        bucket = content_key(["budget", client])
        try:
            taken, tokens = self._take_shared(bucket, chars, now, need)
        except Unreachable:
            taken, tokens = self._take_local(bucket, chars, now, need)
        if not taken:
            wait = math.ceil((need - tokens) / self.per_second)
            raise RateLimited("this client has had its share of new audio for now",
                              f"try again in {wait} s, or ask the publisher for an API key",
                              retry_after=max(1, wait))

    def _take_shared(self, bucket: str, chars: int, now: float | None,
                     need: int) -> tuple[bool, float]:
        if self.redis is None or self._script is None:
            raise Unreachable("no Redis")
        script = self._script
        taken, tokens = self.redis.attempt(lambda _client: script(
            keys=[key("budget", bucket)],
            args=[chars, need, self.per_second, self.burst, "" if now is None else now]))
        return bool(taken), float(tokens)

    def _take_local(self, bucket: str, chars: int, now: float | None,
                    need: int) -> tuple[bool, float]:
        now = time.time() if now is None else now
        path = self.locks.folder / f"{bucket}.bucket"
        with self.locks.hold(bucket):
            tokens = self._tokens(path, now)
            if need > tokens:
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
