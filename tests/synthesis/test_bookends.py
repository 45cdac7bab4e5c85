"""The intro and outro: made once, joined without a gap (measured on decoded audio), accounted
for by the manifest and captions, and never a reason to synthesize an article again."""

from __future__ import annotations

import dataclasses
import subprocess
import threading
import wave
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from support import OWN_PAGE, SHORT_ARTICLE, publisher_client, reader

from tts_service import audio
from tts_service.articles import ArticleRequest, ArticleService
from tts_service.audio.bookends import SILENCE_FLOOR
from tts_service.audio.captions import webvtt, with_bookends
from tts_service.audio.chapters import chapters
from tts_service.audio.clip import AudioClip
from tts_service.cli import main
from tts_service.config import Settings
from tts_service.errors import ConfigError
from tts_service.store.names import manifest_segment_keys
from tts_service.voice.base import Backend
from tts_service.web.app import create_app
from tts_service.web.services import service_of

INTRO = "You're listening to The Millbrook Ledger."
RATE = 22050
FRAME = 576  # samples in an MP3 frame at 22,050 Hz


class RecordingBackend:
    """The real voice, keeping every clip it made (to know the silence the voice itself leaves)."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.id, self.max_chars = inner.id, inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options
        self.clips: dict[str, AudioClip] = {}
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioClip:
        clip = self.inner.synthesize(text)
        with self._lock:
            self.clips[text] = clip
        return clip


def tone_file(path: Path, seconds: float = 0.4, rate: int = 44100) -> Path:
    """A WAV of a 440 Hz tone with no silence at its ends: a publisher's jingle."""
    samples = (np.sin(np.arange(int(seconds * rate)) * 2 * np.pi * 440 / rate) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return path


def decoded(mp3: bytes) -> np.ndarray:
    """The MP3 decoded by ffmpeg (an independent decoder), no error allowed."""
    done = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "mp3", "-i",
                           "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(RATE), "pipe:1"],
                          input=mp3, capture_output=True, check=False, timeout=120)
    assert done.stderr == b""
    return np.abs(np.frombuffer(done.stdout, dtype="<i2").astype(np.int32))


def loud(samples: np.ndarray) -> np.ndarray:
    return np.flatnonzero(samples >= SILENCE_FLOOR)


def voice_silence(backend: RecordingBackend, text: str, fmt: audio.Mp3Format) -> tuple[int, int]:
    """The silence the voice left before and after ``text``'s sound, as it was encoded."""
    pcm = audio.level_pcm(audio.clip_to_pcm(backend.clips[text], RATE), RATE, fmt.loudness)
    samples = np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32))
    sound = loud(samples)
    return int(sound[0]), int(len(samples) - 1 - sound[-1])


@pytest.fixture
def bookended(settings: Settings, tmp_path: Path) -> Settings:
    return dataclasses.replace(settings, intro=INTRO,
                               outro="file:" + str(tone_file(tmp_path / "jingle.wav")))


def test_joins_are_the_paragraph_pause_within_one_frame(bookended: Settings, piper: Backend) -> None:
    service = ArticleService(bookended)
    voice = RecordingBackend(piper)
    speaker = service.use_backend(voice)
    result = service.make(ArticleRequest(SHORT_ARTICLE))
    manifest = result.manifest
    samples = decoded(result.mp3_path.read_bytes())
    pause = round(bookended.paragraph_pause_ms * RATE / 1000)
    segments = manifest["segments"]
    first, last = segments[0], segments[-1]

    body = round(first["start"] * RATE)
    intro_end = loud(samples[:body])[-1]
    article_start = body + loud(samples[body:])[0]
    lead, _ = voice_silence(voice, first["text"], speaker.fmt)
    intro_gap = int(article_start - intro_end) - pause - lead

    outro = round(manifest["outro"]["start"] * RATE)
    article_end = loud(samples[:outro])[-1]
    outro_start = outro + loud(samples[outro:])[0]
    _, trail = voice_silence(voice, last["text"], speaker.fmt)
    outro_gap = int(outro_start - article_end) - pause - trail

    assert abs(intro_gap) <= FRAME, intro_gap
    assert abs(outro_gap) <= FRAME, outro_gap
    assert abs(len(samples) / RATE - manifest["duration"]) <= FRAME / RATE
    service.shutdown()


def test_the_manifest_and_captions_account_for_them(bookended: Settings, piper: Backend) -> None:
    service = ArticleService(bookended)
    service.use_backend(piper)
    result = service.make(ArticleRequest(SHORT_ARTICLE))
    manifest = result.manifest
    intro, outro, segments = manifest["intro"], manifest["outro"], manifest["segments"]
    assert intro["start"] == 0 and intro["text"] == INTRO and intro["byte_start"] == 0
    assert segments[0]["start"] == intro["end"] and segments[0]["byte_start"] == intro["byte_end"]
    assert all(word["start"] >= intro["end"] for word in segments[0]["words"])
    assert [word["word"] for word in intro["words"]] == INTRO.split()
    assert outro["start"] == segments[-1]["end"] and outro["byte_start"] == segments[-1]["byte_end"]
    assert outro["file"] == "jingle.wav"
    assert manifest["duration"] == outro["end"]
    assert manifest["bytes"] == outro["byte_end"] == result.mp3_path.stat().st_size
    # Eviction keeps what an article uses: its bookends too.
    assert {intro["key"], outro["key"]} <= set(manifest_segment_keys(manifest))
    captions = webvtt(with_bookends(manifest))
    assert captions.split("\n\n")[1].splitlines()[-1] == INTRO
    # The download's chapters: the intro comes before the first heading's.
    marks = chapters(manifest)
    assert marks[0].start == 0 and marks[0].end == segments[0]["start"] == marks[1].start
    assert marks[-1].end == manifest["duration"]
    service.shutdown()


def test_they_are_made_once_and_never_resynthesize_an_article(settings: Settings,
                                                              piper: Backend) -> None:
    plain = ArticleService(settings)
    voice = RecordingBackend(piper)
    plain.use_backend(voice)
    made = plain.make(ArticleRequest(SHORT_ARTICLE)).article
    before = len(voice.clips)
    with_intro = plain.make(ArticleRequest(SHORT_ARTICLE, intro=INTRO, outro="Thanks for listening."))
    assert with_intro.article.keys == made.keys  # the article's own segments are the same ones
    assert with_intro.article.id != made.id
    assert with_intro.synthesized == 0 and with_intro.reused == len(made.keys)
    assert len(voice.clips) == before + 2  # the intro and the outro, once each
    other = plain.make(ArticleRequest("The ferry runs again.", intro=INTRO))
    assert set(voice.clips) == {*(s.text for s in made.segments), INTRO, "Thanks for listening.",
                                *(s.text for s in other.article.segments)}
    again = plain.make(ArticleRequest(SHORT_ARTICLE, intro="A new intro.", outro=""))
    assert again.synthesized == 0 and "outro" not in again.manifest
    plain.shutdown()


@pytest.mark.parametrize("value, message", [
    ("file:/nonexistent/intro.mp3", "cannot read the intro file"),
    ("file:{tmp}/not-audio.mp3", "holds no audio"),
])
def test_a_bad_file_is_a_clear_error_at_start_up(settings: Settings, tmp_path: Path, value: str,
                                                 message: str) -> None:
    (tmp_path / "not-audio.mp3").write_text("this is not audio")
    with pytest.raises(ConfigError, match=message) as raised:
        ArticleService(dataclasses.replace(settings, intro=value.format(tmp=tmp_path)))
    assert raised.value.message.startswith("TTS_INTRO: ")


def test_the_cli_says_so_and_exits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TTS_OUTRO", "file:/nonexistent/outro.wav")
    source = tmp_path / "a.txt"
    source.write_text(SHORT_ARTICLE)
    assert main(["speak", str(source), "-o", str(tmp_path / "a.mp3"), "-q"]) != 0
    assert "TTS_OUTRO: cannot read the outro file" in capsys.readouterr().err


def test_the_cli_takes_an_audio_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTS_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "a.txt"
    source.write_text("The ferry runs again.")
    jingle = tone_file(tmp_path / "jingle.wav")
    assert main(["speak", str(source), "-o", str(tmp_path / "a.mp3"), "--manifest",
                 str(tmp_path / "a.json"), "-q", "--intro", f"file:{jingle}"]) == 0
    assert '"file": "jingle.wav"' in (tmp_path / "a.json").read_text()


def test_the_api_takes_text_but_not_a_file(settings: Settings) -> None:
    app = create_app({"SETTINGS": settings, "TESTING": True})
    client = publisher_client(app)
    refused = client.post("/api/articles", json={"text": "The ferry runs.", "intro": "file:/etc/passwd"})
    assert refused.status_code == 400 and "not a file" in refused.get_json()["error"]
    own = client.post("/api/articles", json={"text": "The ferry runs.", "intro": INTRO}).get_json()
    keyless = reader(app).post("/api/articles", headers=OWN_PAGE,
                               json={"text": "The ferry runs.", "intro": INTRO})
    plain = client.post("/api/articles", json={"text": "The ferry runs."}).get_json()
    assert keyless.status_code == 403  # a reader cannot choose one
    assert "intro" in keyless.get_json()["error"]
    assert plain["id"] != own["id"]
    service_of(app).shutdown()
