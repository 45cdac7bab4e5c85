"""Intro and outro (issue 22): what they cost a made article, and the gap at their joins.

    .venv/bin/python bench/bench_bookends.py [--quick] [--articles 3] [--results bench/RESULTS.md]

Each article is made without bookends, then again with a spoken ``TTS_INTRO`` and an audio-file
``TTS_OUTRO`` (a 0.4 s tone), counting the voice's synthesis calls: the articles' segments are
all found in the cache, and the only synthesis is the intro's, once for all of them. Each joined
article is decoded by ffmpeg, and at each join the silence between the last sound before it and
the first after it is measured, less the paragraph pause and the silence the voice itself left
there (from the PCM it gave): the gap the stitching adds. The same is measured at the article's own
paragraph breaks, which are plain concatenations of separately encoded segments with a whole
number of frames of silence between: the baseline. Target: no synthesis added, |gap| <= 1 frame.
"""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import article as corpus_article  # noqa: E402

from tts_service import audio  # noqa: E402
from tts_service.articles import ArticleRequest, ArticleService  # noqa: E402
from tts_service.audio.bookends import SILENCE_FLOOR  # noqa: E402
from tts_service.audio.clip import AudioClip  # noqa: E402
from tts_service.config import Settings  # noqa: E402
from tts_service.voice.base import Backend  # noqa: E402
from tts_service.voice.registry import get_backend  # noqa: E402

TITLE = "bench_bookends.py: intro and outro (issue 22)"
INTRO = "You're listening to The Millbrook Ledger."
RATE = 22050
FRAME = 576


class Recording:
    """The real voice, counting its calls and keeping each clip."""

    def __init__(self, inner: Backend) -> None:
        self.inner = inner
        self.id, self.max_chars = inner.id, inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options
        self.clips: dict[str, AudioClip] = {}
        self.calls = 0
        self._lock = threading.Lock()

    def synthesize(self, text: str) -> AudioClip:
        clip = self.inner.synthesize(text)
        with self._lock:
            self.calls += 1
            self.clips[text] = clip
        return clip


def tone(path: Path) -> Path:
    samples = (np.sin(np.arange(17640) * 2 * np.pi * 440 / 44100) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(44100)
        out.writeframes(samples.tobytes())
    return path


def decoded(mp3: bytes) -> np.ndarray:
    done = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "mp3", "-i",
                           "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(RATE), "pipe:1"],
                          input=mp3, capture_output=True, check=True, timeout=300)
    if done.stderr:
        raise harness.BenchError(f"ffmpeg: {done.stderr.decode()[:300]}")
    return np.abs(np.frombuffer(done.stdout, dtype="<i2").astype(np.int32))


def loud(samples: np.ndarray) -> np.ndarray:
    return np.flatnonzero(samples >= SILENCE_FLOOR)


def own_silence(voice: Recording, text: str, loudness: float) -> tuple[int, int]:
    pcm = audio.level_pcm(audio.clip_to_pcm(voice.clips[text], RATE), RATE, loudness)
    samples = np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32))
    sound = loud(samples)
    return int(sound[0]), int(len(samples) - 1 - sound[-1])


def gap(samples: np.ndarray, at: float, pause: int, before: int, after: int) -> int:
    """The silence around ``at`` (seconds) less the pause and the voice's own silence there."""
    cut = round(at * RATE)
    return int(cut + loud(samples[cut:])[0] - loud(samples[:cut])[-1]) - pause - before - after


def joins(manifest: dict[str, Any], samples: np.ndarray, voice: Recording,
          settings: Settings) -> tuple[list[int], list[int]]:
    """Gaps at the bookend joins, and at the article's own paragraph breaks."""
    pause = round(settings.paragraph_pause_ms * RATE / 1000)
    segments = manifest["segments"]
    lead = own_silence(voice, segments[0]["text"], settings.loudness)[0]
    trail = own_silence(voice, segments[-1]["text"], settings.loudness)[1]
    ends = [gap(samples, segments[0]["start"], pause, 0, lead),
            gap(samples, manifest["outro"]["start"], pause, trail, 0)]
    breaks = []
    for here, after in zip(segments, segments[1:], strict=False):
        if after["paragraph"] != here["paragraph"]:
            breaks.append(gap(samples, after["start"], pause,
                              own_silence(voice, here["text"], settings.loudness)[1],
                              own_silence(voice, after["text"], settings.loudness)[0]))
    return ends, breaks


def main() -> None:
    parser = harness.arguments(__doc__)
    parser.add_argument("--articles", type=int, default=3)
    args = harness.parse(parser, {"articles": 1})
    with tempfile.TemporaryDirectory() as folder:
        plain = Settings.from_env({}, cache_dir=Path(folder) / "cache")
        branded = dataclasses.replace(plain, intro=INTRO,
                                      outro="file:" + str(tone(Path(folder) / "outro.wav")))
        voice = Recording(get_backend(plain, "piper"))
        used: set[str] = set()
        texts = [corpus_article(index, 1500, used) for index in range(args.articles)]
        first = ArticleService(plain)
        first.use_backend(voice)
        started = time.perf_counter()
        for text in texts:
            first.make(ArticleRequest(text))
        cold, cold_calls = time.perf_counter() - started, voice.calls
        first.shutdown()
        second = ArticleService(branded)
        speaker = second.use_backend(voice)
        started = time.perf_counter()
        results = [second.make(ArticleRequest(text)) for text in texts]
        warm, added = time.perf_counter() - started, voice.calls - cold_calls
        ends: list[int] = []
        breaks: list[int] = []
        for result in results:
            if result.mp3_path is None:
                raise harness.BenchError("the bench needs a local cache")
            found = joins(result.manifest, decoded(result.mp3_path.read_bytes()), voice, branded)
            ends += found[0]
            breaks += found[1]
        second.shutdown()
    segments = sum(len(result.article.segments) for result in results)
    frames = [abs(g) / FRAME for g in ends]
    base = [abs(g) / FRAME for g in breaks]
    body = "\n".join([
        "| run | articles | segments | synthesis calls | wall s |",
        "|---|---|---|---|---|",
        f"| made without bookends (cold) | {len(texts)} | {segments} | {cold_calls} | {cold:.2f} |",
        f"| made again with intro and outro | {len(texts)} | {segments} | {added} | {warm:.2f} |",
        "",
        f"- synthesis the bookends added: **{added}** call(s) for {len(texts)} made articles "
        f"(the spoken intro, once; the outro is a file), **0** of the articles' {segments} "
        "segments; target: none added to a made article",
        f"- with bookends / cold: **{warm / cold:.3f}** of the time",
        f"- gap at the intro and outro joins: max **{max(frames):.2f}** frames, median "
        f"{statistics.median(frames):.2f} ({len(frames)} joins, decoded by ffmpeg; "
        f"{FRAME} samples a frame); target <= 1",
        f"- baseline, the articles' own paragraph breaks: max {max(base, default=0):.2f}, median "
        f"{statistics.median(base) if base else 0:.2f} frames ({len(base)} breaks): the "
        "encoder's delay and padding, which the bookends' joins take out",
        f"- voice `{speaker.backend.id}`, articles of ~1,500 characters from `bench/corpus.py`",
    ])
    harness.report(TITLE, body, args.results)


if __name__ == "__main__":
    main()
