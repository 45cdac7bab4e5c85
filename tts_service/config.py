"""Settings read from ``TTS_*`` environment variables, with defaults that work out of the box."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_PREFIX = "TTS_"
# One TTS_VOICES entry: a language tag, the .onnx model's path, and its SHA-256.
_VOICE_ENTRY = re.compile(r"(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)=(?P<path>[^,#]+\.onnx)"
                          r"#sha256:(?P<digest>[0-9A-Fa-f]{64})")


@dataclass(frozen=True)
class Settings:
    """Every tunable of the service. Field ``foo_bar`` is read from ``TTS_FOO_BAR``."""

    cache_dir: Path = Path("audio_cache")
    cache_url: str = ""  # s3://bucket/prefix: keep the cache in object storage, not cache_dir
    s3_endpoint_url: str = ""  # an S3-compatible server (MinIO, Ceph...); empty: AWS itself
    lock_dir: Path | None = None  # local lock files for a remote cache; None: <tmp>/tts-service-locks
    redis_url: str = ""  # redis://host:6379/1: the web tier's locks, budgets and counts for all nodes
    cache_max_bytes: int = 0  # above it, least recently used on-demand articles go; 0: no limit
    backend: str = "piper"
    voice: str = ""  # empty: the backend's default voice
    voices_dir: Path | None = None  # extra Piper voices: *.onnx with *.onnx.json beside
    voices: str = ""  # a Piper voice per language: de=/path/de.onnx#sha256:HEX,fr=... (see voice_map)
    lexicon: Path | None = None  # the site's pronunciation lexicon (see text/lexicon.py)
    length_scale: float = 1.0  # Piper speaking speed: < 1 faster, > 1 slower
    piper_threads: int = 0  # ONNX threads per voice; 0 = one per core
    first_segment_chars: int = 60  # a longer first sentence is cut at an early pause: faster start
    languages: str = "en"  # the site's languages, comma-separated ("de,fr,en"): detected among these
    date_order: str = "mdy"  # how 03/07/2025 is read: "mdy" (March 7) or "dmy" (3 July)
    read_captions: bool = False  # HTML: read figure captions and photo credits
    read_bylines: bool = False  # HTML: read "By Jane Doe" lines and author boxes
    read_datelines: bool = True  # HTML: read "PORT ALDEN, Maine (Wire News) —"
    read_faq: bool = True  # HTML: read "Frequently asked questions" blocks
    sentence_pause_ms: int = 250
    paragraph_pause_ms: int = 700
    intro: str = ""  # said before every article: text, or file:PATH for an audio file; empty: none
    outro: str = ""  # said after every article, the same way
    mp3_bitrate: int = 64  # kbit/s, CBR
    mp3_quality: int = 7  # LAME algorithm quality, 2 (best) .. 7 (fastest)
    loudness: float = -16.0  # LUFS (BS.1770) every segment is leveled to; true peak under -1 dBTP
    max_article_chars: int = 200_000  # of the text read from the input (for HTML: the article)
    max_html_bytes: int = 5_000_000  # of raw HTML or SSML, before the article is read from it
    max_segments: int = 10_000  # segments per article (200,000 characters of news: about 3,300)
    max_audio_seconds: int = 6 * 3600  # estimated audio per article, checked before synthesis
    gtts_lang: str = "en"
    gtts_tld: str = "com"
    gtts_timeout: float = 10.0  # seconds per HTTP request
    gtts_min_interval: float = 0.2  # seconds between two requests, process-wide
    gtts_retries: int = 4  # attempts after the first one
    gtts_backoff: float = 0.5  # first retry delay in seconds; doubles each retry
    gtts_rate_limit_cooldown: float = 5.0  # seconds to wait after an HTTP 429
    online_first_seconds: float = 1.0  # an online voice's first segment for the web, then offline
    api_keys: str = ""  # publishers' keys, as SHA-256 hex digests, comma-separated (`tts-service new-key`)
    on_demand: bool = True  # readers' browsers may start synthesis of new articles without a key
    embed_origins: str = ""  # other sites whose pages embed the player (https://news.example, ...)
    anon_max_chars: int = 50_000  # article text a keyless request may send
    anon_chars_per_minute: int = 5_000  # new characters each keyless client may have made
    anon_burst_chars: int = 12_000  # a keyless client's bucket: at most ~7 MB of audio per 15 s
    anon_max_pending_jobs: int = 16  # new keyless articles being made at once, per process; then 503
    proxy_hops: int = 0  # trusted reverse proxies in front: client addresses from X-Forwarded-For
    # The podcast feed (/feed.xml) of the articles publishers put in it.
    feed_title: str = "Articles read aloud"
    feed_description: str = "The site's articles, read aloud."
    feed_image: str = ""  # cover art URL, a 1400-3000 px square JPEG or PNG; empty: the bundled one
    feed_category: str = "News"  # an Apple Podcasts category; "News/Daily News" with a subcategory
    feed_author: str = ""  # empty: the feed's title
    feed_explicit: bool = False
    feed_link: str = ""  # the publisher's site; empty: this service's address
    feed_language: str = "en"
    feed_email: str = ""  # the owner's address (itunes:owner), which Apple checks on submission
    feed_max_items: int = 300  # the most recently added articles the feed lists
    fallback: bool = True  # an article the online voice cannot make is made by the offline one
    synth_jobs: int = 1  # syntheses at once per process (each Piper call uses all cores)
    synth_capacity: float = 0.0  # seconds of audio made per second per process; 0: measured at start
    max_connections: int = 1000  # open connections per server process
    header_timeout: int = 5  # seconds for a client to send a whole request (and between requests)
    client_timeout: int = 60  # seconds a read or write may wait on a client before it is dropped
    max_pending_jobs: int = 64  # new articles being made or waiting, per process; then 503
    batch_nice: int = 10  # batch workers run at this niceness, so live listeners come first
    fetch_timeout: float = 15.0  # seconds per page fetched from a sitemap
    fetch_max_bytes: int = 5_000_000  # largest page fetched
    fetch_concurrency: int = 4  # pages fetched at once (politeness)
    watch_interval: float = 300.0  # seconds between two polls of the feeds by `tts-service watch`
    queue_visibility_timeout: int = 1800  # seconds before a dead worker's task runs elsewhere
    log_level: str = "INFO"
    log_format: str = "text"  # "json": one JSON object per line, with the request's id
    metrics: str = "key"  # GET /metrics: "key" (publishers' keys), "open" (anyone) or "off"
    analytics_days: int = 400  # days the listening counts per article per day are kept
    analytics_events_per_minute: int = 600  # listening events taken from one client address
    events_process: bool = True  # serve: the players' beacons answered by a process of their own

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from the environment; ``overrides`` win over both env and defaults."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            name = ENV_PREFIX + field.name.upper()
            if name in environ:
                values[field.name] = _parse(name, environ[name], field.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        settings.validate()
        settings.voice_map()  # TTS_VOICES, each entry
        return settings

    def voice_map(self) -> dict[str, tuple[Path, str]]:
        """``TTS_VOICES`` as language (lower-case: "de", "pt-br") -> (model path, its sha256)."""
        entries = {}
        for item in split_list(self.voices):
            found = _VOICE_ENTRY.fullmatch(item)
            if found is None:
                raise ConfigError(f"invalid TTS_VOICES entry {item!r}",
                                  "list LANG=PATH.onnx#sha256:DIGEST entries, comma-separated, such as "
                                  "de=/voices/de_DE-thorsten-medium.onnx#sha256:<its `sha256sum`>")
            entries[found["lang"].lower()] = (Path(found["path"]), found["digest"].lower())
        return entries

    def validate(self) -> None:
        """Raise ConfigError for values that cannot work."""
        checks = [
            (self.mp3_bitrate in (32, 40, 48, 56, 64, 80, 96, 112, 128, 160), "TTS_MP3_BITRATE",
             "use a standard MPEG-2 bit rate such as 48, 64 or 96"),
            (2 <= self.mp3_quality <= 7, "TTS_MP3_QUALITY", "use 2 (best) to 7 (fastest)"),
            (-30.0 <= self.loudness <= -10.0, "TTS_LOUDNESS",
             "use a loudness in LUFS from -30 to -10, such as -16 (podcasts) or -23 (EBU R 128)"),
            (0.25 <= self.length_scale <= 4.0, "TTS_LENGTH_SCALE", "use 0.25 to 4.0"),
            (self.sentence_pause_ms >= 0 and self.paragraph_pause_ms >= 0, "TTS_*_PAUSE_MS",
             "pauses cannot be negative"),
            (min(self.max_article_chars, self.max_html_bytes, self.max_segments,
                 self.max_audio_seconds) > 0,
             "TTS_MAX_ARTICLE_CHARS / _HTML_BYTES / _SEGMENTS / _AUDIO_SECONDS", "must be positive"),
            (_is_language_list(self.languages), "TTS_LANGUAGES", "list language codes such as de,fr,en"),
            (self.date_order in ("mdy", "dmy"), "TTS_DATE_ORDER",
             "use mdy (03/07 is March 7) or dmy (03/07 is 3 July)"),
            (self.gtts_retries >= 0 and self.gtts_timeout > 0, "TTS_GTTS_*",
             "retries >= 0 and timeout > 0"),
            (self.online_first_seconds > 0, "TTS_ONLINE_FIRST_SECONDS", "use a number of seconds above 0"),
            (min(self.gtts_min_interval, self.gtts_backoff, self.gtts_rate_limit_cooldown) >= 0,
             "TTS_GTTS_MIN_INTERVAL / _BACKOFF / _RATE_LIMIT_COOLDOWN", "cannot be negative"),
            (self.first_segment_chars == 0 or self.first_segment_chars >= 10,
             "TTS_FIRST_SEGMENT_CHARS", "use 0 (off) or at least 10"),
            (all(_is_key_hash(item) for item in split_list(self.api_keys)), "TTS_API_KEYS",
             "list SHA-256 hex digests of the keys (`tts-service new-key` makes one), not keys"),
            (all(_is_origin(item) for item in split_list(self.embed_origins)), "TTS_EMBED_ORIGINS",
             "list origins as scheme://host[:port], such as https://news.example"),
            (min(self.anon_max_chars, self.anon_chars_per_minute, self.anon_max_pending_jobs) > 0,
             "TTS_ANON_MAX_CHARS / _CHARS_PER_MINUTE / _MAX_PENDING_JOBS", "must be positive"),
            (self.anon_burst_chars > 0, "TTS_ANON_BURST_CHARS", "must be positive"),
            (self.proxy_hops >= 0, "TTS_PROXY_HOPS", "use 0 (no proxy) or the number of proxies"),
            (all(not url or _is_web_url(url) for url in (self.feed_image, self.feed_link)),
             "TTS_FEED_IMAGE / TTS_FEED_LINK", "use an http:// or https:// address, or leave it empty"),
            (re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", self.feed_language) is not None,
             "TTS_FEED_LANGUAGE", "use a language tag such as en or en-us"),
            (self.feed_max_items >= 1 and bool(self.feed_title.strip() and self.feed_category.strip()),
             "TTS_FEED_MAX_ITEMS / _TITLE / _CATEGORY", "at least 1 item; a title and a category"),
            (self.synth_capacity >= 0, "TTS_SYNTH_CAPACITY", "use 0 (measure at start) or more"),
            (min(self.max_connections, self.header_timeout, self.client_timeout) >= 1,
             "TTS_MAX_CONNECTIONS / TTS_HEADER_TIMEOUT / TTS_CLIENT_TIMEOUT", "use at least 1"),
            (self.synth_jobs >= 1 and self.max_pending_jobs >= 1,
             "TTS_SYNTH_JOBS / TTS_MAX_PENDING_JOBS", "use at least 1"),
            (_is_redis_url(self.redis_url), "TTS_REDIS_URL", "use redis://host:6379/0, or nothing"),
            (self.cache_max_bytes >= 0, "TTS_CACHE_MAX_BYTES", "use 0 (no limit) or a size in bytes"),
            (self.piper_threads >= 0, "TTS_PIPER_THREADS", "use 0 (one per core) or more"),
            (0 <= self.batch_nice <= 19, "TTS_BATCH_NICE", "use 0 to 19"),
            (self.fetch_timeout > 0 and self.fetch_max_bytes > 0 and self.fetch_concurrency >= 1,
             "TTS_FETCH_*", "timeout and size must be positive, concurrency at least 1"),
            (self.watch_interval > 0, "TTS_WATCH_INTERVAL", "use a number of seconds above 0"),
            (self.queue_visibility_timeout > 0, "TTS_QUEUE_VISIBILITY_TIMEOUT", "must be positive"),
            (self.log_level.upper() in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
             "TTS_LOG_LEVEL", "use DEBUG, INFO, WARNING, ERROR or CRITICAL"),
            (self.log_format in ("text", "json"), "TTS_LOG_FORMAT", "use text or json"),
            (self.metrics in ("key", "open", "off"), "TTS_METRICS",
             "use key (a publisher's key reads /metrics), open (anyone) or off"),
        ]
        for ok, name, hint in checks:
            if not ok:
                raise ConfigError(f"invalid setting {name}", hint)


def split_list(value: str) -> list[str]:
    """The items of a comma-separated setting, stripped, without empty ones."""
    return [item.strip() for item in value.split(",") if item.strip()]


def _is_language_list(value: str) -> bool:
    items = split_list(value)
    return bool(items) and all(re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", i) for i in items)


def _is_key_hash(value: str) -> bool:
    return re.fullmatch(r"(sha256:)?[0-9a-fA-F]{64}", value) is not None


def _is_redis_url(value: str) -> bool:
    return not value or re.fullmatch(r"(redis|rediss|unix)://\S+", value) is not None


def _is_web_url(value: str) -> bool:
    return re.fullmatch(r"https?://[^\s/]+(/\S*)?", value) is not None


def _is_origin(value: str) -> bool:
    return re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?", value) is not None


_YES = ("1", "true", "yes", "on")
_NO = ("0", "false", "no", "off", "")  # empty reads as no, as it always has


def _parse(name: str, raw: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            word = raw.strip().lower()
            if word not in _YES + _NO:
                raise ValueError(raw)
            return word in _YES
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, Path):  # empty is unset: the default
            return Path(raw) if raw.strip() else default
        if default is None:
            return Path(raw) if raw else None
        return raw
    except ValueError as exc:
        raise ConfigError(f"invalid setting {name}={raw!r}", _expected(default)) from exc


def _expected(default: Any) -> str:
    if isinstance(default, bool):
        return "expected yes or no: one of " + ", ".join(word for word in _YES + _NO if word)
    return f"expected a {type(default).__name__}"
