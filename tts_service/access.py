"""Who is asking: a publisher holding an API key, or a reader's browser without one.

Keys are configured as SHA-256 digests (``TTS_API_KEYS``), so the service never stores or logs a
key itself; ``tts-service new-key`` makes a key and its digest.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from .config import split_list


@dataclass(frozen=True)
class Caller:
    """A publisher (``keyed``) may do anything; a keyless reader's requests are bounded and paid
    for from the budget of ``client``, its address."""

    keyed: bool
    client: str = ""


PUBLISHER = Caller(keyed=True)  # the CLI, pre-generation and the queue act for the publisher


def hash_key(key: str) -> str:
    """The digest to put in ``TTS_API_KEYS`` for ``key``."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh random key (256 bits, URL-safe)."""
    return "tts_" + secrets.token_urlsafe(32)


class KeyRing:
    """The configured digests; a key matches when its digest is one of them."""

    def __init__(self, digests: str) -> None:
        self._digests = [item.lower().removeprefix("sha256:") for item in split_list(digests)]

    def __bool__(self) -> bool:
        return bool(self._digests)

    @property
    def digests(self) -> list[str]:
        return list(self._digests)

    def matches(self, key: str) -> bool:
        digest = hash_key(key)
        # Compare with every digest, in constant time each, so timing tells nothing.
        return sum(hmac.compare_digest(digest, known) for known in self._digests) > 0
