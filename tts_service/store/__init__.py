"""Where audio and its records live: the Store protocol (``objects``) over a local folder or an S3
bucket, object names, the audio cache, locks and eviction. The settings pick the store here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import ConfigError
from .local import LocalStore
from .objects import Store
from .s3 import S3Store


def store_from_settings(settings: Settings) -> Store:
    """The store ``TTS_CACHE_URL`` names (``s3://bucket/prefix``), else the ``TTS_CACHE_DIR`` folder."""
    if not settings.cache_url:
        return LocalStore(settings.cache_dir)
    url = urlsplit(settings.cache_url)
    if url.scheme != "s3" or not url.netloc or url.query or url.fragment:
        raise ConfigError(f"unsupported TTS_CACHE_URL {settings.cache_url!r}",
                          "use s3://bucket/prefix for object storage, or leave it empty to use "
                          "the TTS_CACHE_DIR folder")
    return S3Store(url.netloc, url.path, endpoint_url=settings.s3_endpoint_url)


def default_lock_dir() -> Path:
    """Where lock files go when the cache is not a local folder."""
    return Path(tempfile.gettempdir()) / "tts-service-locks"
