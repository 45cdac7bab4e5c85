"""The publisher's intro and outro: spoken text or an audio file around every article.

A bookend is made once per voice and audio format and cached like a segment (under its own
content-addressed key); an article's own segment keys never include it, so setting or changing
one gives the article a new id but synthesizes nothing of it again. ``TTS_INTRO`` and ``TTS_OUTRO``
hold the text, or ``file:PATH`` for an audio file, which is checked when the service starts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .. import audio
from ..audio import bookends as joins
from ..config import Settings
from ..errors import AudioError, ConfigError, InputError
from ..store.names import content_key
from ..voice import word_timing
from ..voice.base import Backend
from ..voice.word_timing import WordTimes

Role = Literal["intro", "outro"]
FILE_PREFIX = "file:"
MAX_TEXT_CHARS = 500
VERSION = 1  # bump when a bookend's audio changes for the same input


@dataclass(frozen=True)
class Bookend:
    """An intro or outro: the text the article's voice says, or an audio file (and its digest)."""

    role: Role
    text: str = ""
    path: Path | None = None
    digest: str = ""  # SHA-256 of the file's bytes: a new file is a new bookend

    @classmethod
    def parse(cls, role: Role, value: str | None) -> Bookend | None:
        """The bookend a setting or request names ("" or None: none). InputError when it cannot be one."""
        value = (value or "").strip()
        if not value:
            return None
        if not value.startswith(FILE_PREFIX):
            if len(value) > MAX_TEXT_CHARS:
                raise InputError(f"the {role} is too long: {len(value):,} characters",
                                 f"an {role} says at most {MAX_TEXT_CHARS} characters")
            return cls(role, text=value)
        path = Path(value[len(FILE_PREFIX):]).expanduser()
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise InputError(f"cannot read the {role} file {path}: {exc.strerror or exc}",
                             "give an audio file that exists, as file:/path/to/file.mp3") from exc
        return cls(role, path=path, digest=digest)

    def key(self, segment_key: str, fmt: audio.Mp3Format, pause: int) -> str:
        """Its cache key: what it says (``segment_key``: its text's, in the article's voice) or
        its file's digest, the audio format and the pause at its join."""
        said = {"file": self.digest, "audio": fmt.to_dict()} if self.path else {"segment": segment_key}
        return content_key({"bookend": self.role, **said, "pause": pause, "version": VERSION})


def from_settings(settings: Settings) -> tuple[Bookend | None, Bookend | None]:
    """``TTS_INTRO`` and ``TTS_OUTRO``, an audio file decoded once to prove it plays: a
    ConfigError at start-up rather than an error for every article."""
    found = []
    for role, value in (("intro", settings.intro), ("outro", settings.outro)):
        try:
            bookend = Bookend.parse(role, value)  # type: ignore[arg-type]
            if bookend is not None and bookend.path is not None:
                joins.decode_file(bookend.path, 22050)
        except (InputError, AudioError) as exc:
            raise ConfigError(f"TTS_{role.upper()}: {exc.message}", exc.detail) from exc
        found.append(bookend)
    return found[0], found[1]


def pause_samples(settings: Settings, sample_rate: int) -> int:
    """The pause at a bookend's join: a paragraph's (``TTS_PARAGRAPH_PAUSE_MS``)."""
    return round(settings.paragraph_pause_ms * sample_rate / 1000)


def render(bookend: Bookend, backend: Backend, fmt: audio.Mp3Format,
           pause: int) -> tuple[bytes, WordTimes]:
    """The bookend's MP3 and its word times: spoken by ``backend`` or decoded from its file,
    leveled like every segment, its silent ends trimmed and its join's pause built in."""
    words = WordTimes("estimated", (), ())
    if bookend.path is not None:
        pcm = joins.decode_file(bookend.path, fmt.sample_rate)
    else:
        clip = backend.synthesize(bookend.text)
        pcm = audio.clip_to_pcm(clip, fmt.sample_rate)
        words = word_timing.for_clip(bookend.text, clip, pcm, fmt.sample_rate,
                                     str(backend.options.get("lang", "en")))
    if fmt.loudness is not None:
        pcm = audio.level_pcm(pcm, fmt.sample_rate, fmt.loudness)
    sound, cut = joins.trimmed(pcm)
    if bookend.role == "intro":
        return joins.intro_mp3(sound, fmt, pause), words.shifted(audio.ENCODER_DELAY - cut)
    lead = joins.outro_lead(pause)
    return joins.outro_mp3(sound, fmt, pause), words.shifted(audio.ENCODER_DELAY + lead - cut)
