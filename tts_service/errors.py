"""The exception tree of tts-service.

TTSError                 base of everything we raise on purpose
├── InputError           the caller's text or request is unusable (HTTP 400)
│   └── TooLarge         the input is over a size limit (HTTP 413)
├── NotAllowed           no key, a wrong key, or an origin not embedding us (HTTP 401/403)
├── NotFound             an unknown article, backend or voice (HTTP 404)
├── NotReady             the article is known but its audio is not finished yet (HTTP 409)
├── BackendError         a voice failed to make audio (HTTP 502, or 503 when ``retryable``)
├── Busy                 too much synthesis is pending; try again later (HTTP 503, Retry-After)
│   └── RateLimited      this client used its share of synthesis (HTTP 429, Retry-After)
├── AudioError           audio could not be decoded, converted or encoded
├── CacheError           the cache could not be read or written
│   └── StorageFull      no space left to write it (HTTP 507)
└── ConfigError          a setting is invalid; raised at start-up

Every message says what happened, the likely cause and what to do about it.
"""

from __future__ import annotations


class TTSError(Exception):
    """Base of every error tts-service raises on purpose."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def to_dict(self) -> dict[str, str]:
        return {"error": self.message, "detail": self.detail}

    def one_line(self) -> str:
        """``message (detail)``: how logs, the CLI and batch reports show an error."""
        return f"{self.message} ({self.detail})" if self.detail else self.message


class InputError(TTSError):
    """The text or request given to us cannot be spoken."""

    status = 400
    code = "bad_input"


class TooLarge(InputError):
    """The input is larger than the service accepts."""

    status = 413
    code = "too_large"


class NotAllowed(TTSError):
    """The caller may not do this: 401 when a key is missing or wrong, 403 otherwise."""

    status = 403
    code = "not_allowed"

    def __init__(self, message: str, detail: str = "", *, status: int = 403) -> None:
        super().__init__(message, detail)
        self.status = status


class NotFound(TTSError):
    """An article, backend or voice that does not exist."""

    status = 404
    code = "not_found"


class NotReady(TTSError):
    """What is asked needs the finished article (its download, its schema.org markup)."""

    status = 409
    code = "not_ready"


class BackendError(TTSError):
    """A TTS backend failed; ``retryable`` says whether trying later may help."""

    code = "backend_error"

    def __init__(self, message: str, detail: str = "", *, retryable: bool = False) -> None:
        super().__init__(message, detail)
        self.retryable = retryable

    @property
    def status(self) -> int:  # type: ignore[override]
        return 503 if self.retryable else 502


class Busy(TTSError):
    """Too many articles are being made already; ``retry_after`` seconds is a fair wait."""

    status = 503
    code = "busy"

    def __init__(self, message: str, detail: str = "", *, retry_after: int = 5) -> None:
        super().__init__(message, detail)
        self.retry_after = retry_after


class RateLimited(Busy):
    """This client's budget of synthesized characters is spent for now."""

    status = 429
    code = "rate_limited"


class AudioError(TTSError):
    """Audio could not be decoded, converted or encoded."""

    code = "audio_error"


class CacheError(TTSError):
    """The audio cache could not be read or written."""

    code = "cache_error"


class StorageFull(CacheError):
    """The cache's disk is full."""

    status = 507
    code = "storage_full"


class ConfigError(TTSError):
    """A configuration value is invalid."""

    code = "config_error"
