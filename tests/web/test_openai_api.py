"""OpenAI-compatible speech as its users reach it: the official ``openai`` client against
`tts-service serve` (gunicorn, gevent) on a free port, keys configured."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import wave
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import imageio_ffmpeg
import openai
import pytest
import requests
from support import PUBLISHER_HEADERS, PUBLISHER_KEY, serving
from waiting import HTTP_TIMEOUT, article_status, wait_ready, wait_until

EXE = Path(sys.executable).with_name("tts-service")
RATE = 22050
TEXT = ("The harbor bridge reopened on Monday after two years of repairs. "
        "Traffic was heavy by seven, and the first ferry ran empty.")
# How ffmpeg reads each format, and how each file must begin.
DEMUXERS = {"mp3": ["-f", "mp3"], "opus": ["-f", "ogg"], "aac": ["-f", "aac"], "flac": ["-f", "flac"],
            "wav": ["-f", "wav"], "pcm": ["-f", "s16le", "-ar", str(RATE), "-ac", "1"]}
MAGIC = {"mp3": b"\xff", "opus": b"OggS", "aac": b"\xff", "flac": b"fLaC", "wav": b"RIFF"}
LOG = {"path": Path()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    LOG["path"] = tmp_path_factory.mktemp("log") / "server.log"
    with serving(EXE, tmp_path_factory.mktemp("cache"), LOG["path"]) as base:
        yield base


@pytest.fixture(scope="module")
def client(server: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server}/v1", api_key=PUBLISHER_KEY, max_retries=0, timeout=300)


def decoded_seconds(data: bytes, fmt: str) -> float:
    """Decode with ffmpeg (an independent decoder); fails on any decoding error."""
    proc = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", *DEMUXERS[fmt],
                           "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", str(RATE), "pipe:1"],
                          input=data, capture_output=True, check=False, timeout=120)
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr.decode(errors="replace")
    return len(proc.stdout) / 2 / RATE


def speech(client: openai.OpenAI, **options: Any) -> bytes:
    asked = {"model": "tts-1", "voice": "alloy", "input": TEXT, **options}
    return client.audio.speech.create(**asked).content


@pytest.fixture(scope="module")
def mp3_seconds(client: openai.OpenAI) -> float:
    """The speech's length in the service's own format (made once; later requests hit the cache)."""
    return decoded_seconds(speech(client), "mp3")


@pytest.mark.parametrize("fmt", ["mp3", "opus", "aac", "flac", "wav", "pcm"])
def test_every_format_downloads_as_valid_audio_of_the_speech(client: openai.OpenAI, fmt: str,
                                                             mp3_seconds: float) -> None:
    data = speech(client, response_format=fmt)
    assert data.startswith(MAGIC.get(fmt, b""))
    assert 4.0 < mp3_seconds < 15.0  # two sentences of speech
    assert decoded_seconds(data, fmt) == pytest.approx(mp3_seconds, abs=0.15)


def test_wav_is_a_complete_riff_file_at_the_voice_rate(client: openai.OpenAI, mp3_seconds: float) -> None:
    data = speech(client, response_format="wav")
    with wave.open(BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        assert 44 + 2 * wav.getnframes() == len(data)
        assert wav.getnframes() / RATE == pytest.approx(mp3_seconds, abs=0.15)


def test_the_readme_example_writes_a_wav_file(client: openai.OpenAI, tmp_path: Path,
                                              mp3_seconds: float) -> None:
    with client.audio.speech.with_streaming_response.create(
            model="tts-1", voice="alloy", input=TEXT, response_format="wav") as response:
        response.stream_to_file(tmp_path / "speech.wav")
    assert decoded_seconds((tmp_path / "speech.wav").read_bytes(), "wav") == pytest.approx(mp3_seconds, abs=0.15)


def test_pcm_is_raw_16_bit_mono_at_the_rate_its_header_states(server: str, mp3_seconds: float) -> None:
    response = requests.post(f"{server}/v1/audio/speech", headers=PUBLISHER_HEADERS, timeout=120,
                             json={"model": "tts-1", "voice": "alloy", "input": TEXT,
                                   "response_format": "pcm"})
    assert response.status_code == 200 and response.headers["Content-Type"] == "audio/pcm"
    assert response.headers["X-Sample-Rate"] == str(RATE)
    assert len(response.content) % 2 == 0
    assert len(response.content) / 2 / RATE == pytest.approx(mp3_seconds, abs=0.15)


@pytest.mark.parametrize("speed", [0.5, 2.0, 4.0])
def test_speed_changes_the_length_not_the_voice_rate(client: openai.OpenAI, speed: float,
                                                     mp3_seconds: float) -> None:
    data = speech(client, response_format="wav", speed=speed)
    with wave.open(BytesIO(data)) as wav:
        assert wav.getframerate() == RATE
        assert wav.getnframes() / RATE == pytest.approx(mp3_seconds / speed, rel=0.05)


def test_a_long_input_streams_audio_as_it_is_made(client: openai.OpenAI, server: str) -> None:
    text = " ".join(f"Sentence number {n} of the council's long report was read aloud." for n in range(12))
    chunks = []
    with client.audio.speech.with_streaming_response.create(
            model="tts-1", voice="nova", input=text, response_format="pcm") as response:
        article_id = response.headers["x-article-id"]
        for chunk in response.iter_bytes():
            if not chunks:  # the first audio arrives while the rest is still being made
                assert article_status(server, article_id)["status"] in ("pending", "partial")
            chunks.append(chunk)
    assert len(chunks) > 1
    pcm = b"".join(chunks)
    manifest = wait_ready(server, article_id)  # its manifest is written just after the last byte
    assert len(manifest["segments"]) >= 12
    assert len(pcm) / 2 / RATE == pytest.approx(manifest["duration"], abs=0.15)


def conversions() -> list[str]:
    """The ffmpeg processes converting speech for this test run's servers (by the arguments only
    they use, below this process: other runs on the machine may convert speech at the same time)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"ffmpeg" in command and b"-probesize\x0032\x00" in command and descends_from_us(pid):
            found.append(pid)
    return found


def descends_from_us(pid: str) -> bool:
    """Whether process ``pid`` is a child, grandchild... of this one."""
    while pid not in ("0", "1"):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = stat.rsplit(")", 1)[1].split()[1]  # the parent's id, after the (command name)
        if pid == str(os.getpid()):
            return True
    return False


def test_a_client_that_leaves_stops_its_conversion(server: str) -> None:
    text = " ".join(f"Paragraph {n} of the long budget story was read on the radio." for n in range(20))
    with requests.post(f"{server}/v1/audio/speech", headers=PUBLISHER_HEADERS, stream=True, timeout=HTTP_TIMEOUT,
                       json={"model": "tts-1", "voice": "alloy", "input": text,
                             "response_format": "opus", "speed": 1.25}) as response:
        assert response.status_code == 200
        next(response.iter_content(1024))
        assert conversions()
    wait_until(lambda: not conversions(), "ffmpeg to stop converting for the client that left")


def test_sse_sends_base64_deltas_then_done_with_the_articles_bytes(client: openai.OpenAI,
                                                                    server: str) -> None:
    text = "Server-sent events carry this speech. Each delta holds a piece of the MP3."
    with client.audio.speech.with_streaming_response.create(
            model="gpt-4o-mini-tts", voice="coral", input=text, stream_format="sse") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        article_id = response.headers["x-article-id"]
        events = [json.loads(line.removeprefix("data: ")) for line in response.iter_lines()
                  if line.startswith("data: ")]
    deltas, done = events[:-1], events[-1]
    assert deltas and all(event["type"] == "speech.audio.delta" for event in deltas)
    audio = b"".join(base64.b64decode(event["audio"]) for event in deltas)
    assert done == {"type": "speech.audio.done",
                    "usage": {"input_tokens": len(text), "output_tokens": len(audio),
                              "total_tokens": len(text) + len(audio)}}
    wait_ready(server, article_id)
    assert audio == requests.get(f"{server}/audio/{article_id}.mp3", timeout=HTTP_TIMEOUT).content


@pytest.mark.parametrize(("options", "param", "code"), [
    ({"input": ""}, "input", "invalid_value"),
    ({"input": "x" * 200_001}, "input", "string_above_max_length"),
    ({"input": "...!"}, "input", "bad_input"),  # nothing to speak
    ({"model": "whisper-1"}, "model", "model_not_found"),
    ({"voice": "bob"}, "voice", "voice_not_found"),
    ({"voice": "../../etc/passwd.onnx"}, "voice", "voice_not_found"),
    ({"response_format": "ogg"}, "response_format", "invalid_value"),
    ({"speed": 9}, "speed", "invalid_value"),
    ({"speed": 0.1}, "speed", "invalid_value"),
    ({"extra_body": {"speed": "fast"}}, "speed", "invalid_value"),
    ({"stream_format": "chunks"}, "stream_format", "invalid_value"),
    ({"extra_body": {"language": "en"}}, "language", "unknown_parameter"),
])
def test_bad_input_raises_bad_request_naming_the_parameter(client: openai.OpenAI, options: dict[str, Any],
                                                           param: str, code: str) -> None:
    asked = {"model": "tts-1", "voice": "alloy", "input": TEXT, **options}
    with pytest.raises(openai.BadRequestError) as caught:
        client.audio.speech.create(**asked)
    error = caught.value
    assert error.status_code == 400 and error.type == "invalid_request_error"
    assert error.param == param and error.code == code
    assert isinstance(error.body, dict) and error.body["message"]


def test_the_input_that_says_nothing_is_a_400_on_input(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.audio.speech.create(model="tts-1", voice="alloy", input="...!")
    assert "nothing to speak" in caught.value.message


@pytest.mark.parametrize(("body", "headers"), [
    (b"{", {"Content-Type": "application/json"}),
    (b'{"model": "tts-1", "input": "Hi.", "voice": "alloy"}', {"Content-Type": "text/plain"}),
    (b"[1, 2]", {"Content-Type": "application/json"}),
    (b"[" * 100_000, {"Content-Type": "application/json"}),
    (b'{"model": "tts-1", "input": "\\ud800", "voice": "alloy"}', {"Content-Type": "application/json"}),
    *((b'{"model": "tts-1", "input": "Hi.", "voice": "alloy", "speed": ' + number + b"}",
       {"Content-Type": "application/json"}) for number in (b"1" + b"0" * 400, b"1e400", b"NaN", b"-Infinity")),
])
def test_malformed_bodies_get_openai_error_objects(server: str, body: bytes, headers: dict[str, str]) -> None:
    response = requests.post(f"{server}/v1/audio/speech", data=body, timeout=HTTP_TIMEOUT,
                             headers={**PUBLISHER_HEADERS, **headers})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"]
    assert set(error) == {"message", "type", "param", "code"}


def test_a_wrong_key_is_an_authentication_error(server: str) -> None:
    stranger = openai.OpenAI(base_url=f"{server}/v1", api_key="sk-not-ours", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as caught:
        stranger.audio.speech.create(model="tts-1", voice="alloy", input=TEXT)
    assert "not valid" in caught.value.message
    with pytest.raises(openai.AuthenticationError):
        stranger.models.list()


def test_without_a_key_nothing_is_made_where_keys_are_configured(server: str) -> None:
    response = requests.post(f"{server}/v1/audio/speech", timeout=HTTP_TIMEOUT,
                             json={"model": "tts-1", "voice": "alloy", "input": "A new sentence."})
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("this needs an API key")


def test_models_and_voices_list_what_maps_onto_our_voices(client: openai.OpenAI, server: str) -> None:
    models = {model.id: model for model in client.models.list()}
    assert {"tts-1", "tts-1-hd", "gpt-4o-mini-tts", "piper", "gtts"} <= set(models)
    assert models["tts-1"].owned_by == "tts-service"
    assert client.models.retrieve("tts-1-hd").id == "tts-1-hd"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("dall-e-3")
    voices = requests.get(f"{server}/v1/audio/voices", headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT).json()
    by_id = {voice["id"]: voice for voice in voices["data"]}
    assert by_id["alloy"] == {"id": "alloy", "object": "voice", "backend": "piper", "default": True}
    assert by_id["en_US-joe-medium"]["backend"] == "piper"
    assert voices["voices"] == [voice["id"] for voice in voices["data"]]
    # A voice it lists is one it speaks.
    assert speech(client, voice="en_US-joe-medium", model="piper")[:1] == b"\xff"


def test_no_request_got_a_server_error_and_every_conversion_ended_cleanly(client: openai.OpenAI) -> None:
    speech(client)
    log = LOG["path"].read_text()
    statuses = re.findall(r'"(?:GET|POST) /v1/\S* HTTP/1.1" (\d{3})', log)
    assert statuses and not [status for status in statuses if status.startswith("5")]
    assert "unexpected error" not in log and "ffmpeg making" not in log
