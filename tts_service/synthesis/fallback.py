"""Falling back from an online voice to the offline one, for a whole article.

When the online voice is unavailable for an article (unreachable, timing out, failing on its
side, or still rate-limiting after its retries), the offline voice makes all of the article under
the id the client was given, and its manifest says so. One article is never spoken by two voices.
A failure that would come back on every try (Google refusing the request, no audio for the
language) is not covered up: the article fails and says why. So does an article in a language the
offline voice does not speak, and every article of a publisher that turned fallback off
(``TTS_FALLBACK``, or ``"fallback": false`` in a request).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import BackendError, TTSError

REASON = "the online voice was unavailable"  # generic: the details go to the log only


@dataclass(frozen=True)
class Fallback:
    """Why an article is spoken by another voice than the one it was asked for."""

    from_backend: str  # the id of the voice that failed
    reason: str = REASON

    def to_dict(self) -> dict[str, str]:
        return {"from": self.from_backend, "reason": self.reason}

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> Fallback:
        return cls(str(stored["from"]), str(stored.get("reason", REASON)))


def falls_back(error: TTSError, *, online: bool, allowed: bool) -> bool:
    """Whether ``error`` from an article's voice sends the article to the offline voice: only
    when fallback is ``allowed``, the voice is ``online``, and trying later may help."""
    return allowed and online and isinstance(error, BackendError) and error.retryable
