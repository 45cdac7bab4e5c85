"""The article's MP3 in the formats speech clients ask for, at the speed they ask for.

MP3 at speed 1 is the article's own frames, passed on untouched. Anything else goes through one
ffmpeg process per response (the binary in the imageio-ffmpeg wheel): the MP3 is written to it as
it is made and its output read as it comes, so a stream stays a stream. Speed changes the tempo
and keeps the pitch (ffmpeg's ``atempo``), applied to the cached audio: one synthesis serves every
speed and format. WAV states its length in its header, so it is sent once the audio is whole.
Under the event loop the pipes are gevent's, so a waiting response holds no thread.
"""

from __future__ import annotations

import logging
import struct
import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..errors import AudioError

log = logging.getLogger(__name__)

MIN_SPEED, MAX_SPEED = 0.25, 4.0
READ_BYTES = 65536


@dataclass(frozen=True)
class OutputFormat:
    """One format a client may ask for: its media type and ffmpeg's output arguments."""

    name: str
    mimetype: str
    ffmpeg: tuple[str, ...]
    whole: bool = False  # sent only once complete (its header states the length)


FORMATS: dict[str, OutputFormat] = {fmt.name: fmt for fmt in (
    OutputFormat("mp3", "audio/mpeg", ("-c:a", "libmp3lame", "-b:a", "64k", "-id3v2_version", "0",
                                        "-write_xing", "0", "-f", "mp3")),
    # Opus runs at 48, 24, 16, 12 or 8 kHz: the voice's 22,050 Hz is resampled to 24 kHz.
    OutputFormat("opus", "audio/ogg", ("-c:a", "libopus", "-b:a", "32k", "-ar", "24000", "-f", "ogg")),
    OutputFormat("aac", "audio/aac", ("-c:a", "aac", "-b:a", "64k", "-f", "adts")),
    OutputFormat("flac", "audio/flac", ("-c:a", "flac", "-f", "flac")),
    OutputFormat("wav", "audio/wav", ("-c:a", "pcm_s16le", "-f", "s16le"), whole=True),
    OutputFormat("pcm", "audio/pcm", ("-c:a", "pcm_s16le", "-f", "s16le")),
)}


def tempo_filter(speed: float) -> str:
    """ffmpeg's filter for ``speed``: a chain of ``atempo`` steps, each within 0.5 to 2."""
    steps = []
    while speed > 2.0:
        steps.append(2.0)
        speed /= 2.0
    while speed < 0.5:
        steps.append(0.5)
        speed /= 0.5
    steps.append(speed)
    return ",".join(f"atempo={step:.6g}" for step in steps)


def wav_header(pcm_bytes: int, sample_rate: int) -> bytes:
    """The 44-byte RIFF header of 16-bit mono PCM of ``pcm_bytes`` bytes."""
    return (b"RIFF" + struct.pack("<I", 36 + pcm_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, 2 * sample_rate, 2, 16)
            + b"data" + struct.pack("<I", pcm_bytes))


def convert(mp3: Iterable[bytes], fmt: OutputFormat, sample_rate: int,
            speed: float = 1.0) -> Iterator[bytes]:
    """``mp3`` (mono, at ``sample_rate``) as ``fmt`` at ``speed``, chunk by chunk as it comes.
    ``mp3`` is closed (if it can be) when the output ends or its reader stops."""
    if fmt.name == "mp3" and speed == 1.0:
        return _passed_on(mp3)
    converted = _ffmpeg(mp3, fmt, speed)
    if fmt.whole:
        return _whole_wav(converted, sample_rate)
    return converted


def _passed_on(mp3: Iterable[bytes]) -> Iterator[bytes]:
    try:
        yield from mp3
    finally:
        _close(mp3)


def _whole_wav(pcm: Iterator[bytes], sample_rate: int) -> Iterator[bytes]:
    data = b"".join(pcm)
    yield wav_header(len(data), sample_rate) + data


def _ffmpeg(mp3: Iterable[bytes], fmt: OutputFormat,
            speed: float) -> Iterator[bytes]:
    import imageio_ffmpeg

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error",
               # Decode as soon as the first frame arrives: no probing ahead of a live stream.
               "-probesize", "32", "-analyzeduration", "0", "-fflags", "+nobuffer",
               "-f", "mp3", "-i", "pipe:0", "-ac", "1"]
    if speed != 1.0:
        command += ["-af", tempo_filter(speed)]
    command += [*fmt.ffmpeg, "-flush_packets", "1", "pipe:1"]
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, bufsize=0)
    except OSError as exc:
        _close(mp3)
        raise AudioError(f"ffmpeg could not start: {exc}", "check the imageio-ffmpeg install") from exc
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    feeder = threading.Thread(target=_feed, args=(mp3, proc.stdin), daemon=True)
    feeder.start()
    errors: list[bytes] = []
    drainer = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drainer.start()
    finished = False
    try:
        while chunk := proc.stdout.read(READ_BYTES):
            yield chunk
        finished = True
    finally:
        if not finished:  # the reader left: stop converting
            proc.kill()
        proc.stdout.close()
        code = proc.wait()
        drainer.join(timeout=5)
        proc.stderr.close()
        if code and finished:
            log.warning("ffmpeg making %s ended with %d: %s", fmt.name, code,
                        b"".join(errors).decode(errors="replace").strip()[-500:])


def _feed(mp3: Iterable[bytes], sink: object) -> None:
    """Write ``mp3`` into ffmpeg's input as it comes; stop when ffmpeg stops reading."""
    try:
        for chunk in mp3:
            view = memoryview(chunk)
            while view:  # an unbuffered pipe may take part of a chunk
                view = view[sink.write(view):]  # type: ignore[attr-defined]
    except (BrokenPipeError, OSError, ValueError):
        pass  # ffmpeg was stopped: its reader left
    finally:
        _close(mp3)
        try:
            sink.close()  # type: ignore[attr-defined]
        except OSError:
            pass


def _close(source: Iterable[bytes]) -> None:
    close = getattr(source, "close", None)
    if callable(close):
        close()
