"""Fallback, per article: when the online voice is unavailable, the offline voice makes all of the
article under the id the client was given. Google is the fake transport; Piper is the real voice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support import CountingBackend, ffmpeg_decode
from waiting import DEADLINE

from tts_service import audio
from tts_service.articles import ArticleService
from tts_service.audio.clip import AudioClip
from tts_service.config import Settings
from tts_service.errors import BackendError, InputError
from tts_service.synthesis.fallback import REASON
from tts_service.synthesis.request import ArticleRequest
from tts_service.voice.base import Backend
from tts_service.voice.registry import offline_backend

MakeRig = Callable[..., Any]  # google_support's make_gtts

ARTICLE = ("Harbor Bridge reopens\n\n"
           "The bridge reopened on Monday after two years of repairs. Traffic was heavy.")
REQUEST = ArticleRequest(ARTICLE, backend="gtts")
PIPER_RATE = 22_050  # Google's MP3 is 24 kHz: a frame at that rate would be Google's voice


@pytest.fixture
def service(settings: Settings) -> Iterator[ArticleService]:
    service = ArticleService(settings)
    yield service
    service.shutdown()


@pytest.fixture
def offline(service: ArticleService, piper: Backend) -> CountingBackend:
    """The offline voice, the real one, counting what it is asked to say."""
    counting = CountingBackend(piper)
    service.use_backend(counting, name="piper")
    return counting


def google(service: ArticleService, make_gtts: MakeRig, script: list[Any]) -> Any:
    """The service's gTTS voice answers from ``script``; one retry after the first try."""
    rig = make_gtts(script, retries=1)
    service.use_backend(rig.backend, name="gtts")
    return rig


def article_mp3(service: ArticleService, article_id: str) -> bytes:
    return service.cache.article_path(article_id).read_bytes()


@pytest.mark.parametrize("failure", [
    "connect",  # unreachable
    "timeout",
    429,  # rate-limited beyond the retries
    503,  # failing on Google's side
])
def test_an_unavailable_online_voice_makes_the_whole_article_offline(
        service: ArticleService, offline: CountingBackend, make_gtts: MakeRig,
        failure: Any) -> None:
    rig = google(service, make_gtts, [failure, failure])
    asked = service.prepare(REQUEST)

    result = service.make(REQUEST)

    manifest = result.manifest
    assert manifest["id"] == result.article.id == asked.id  # the id the client was given
    assert manifest["backend"] == offline.id
    assert manifest["fallback"] == {"from": rig.backend.id, "reason": REASON}
    assert len(rig.google.sent) == 2  # Google was tried, and retried, first
    assert offline.calls == [segment["text"] for segment in manifest["segments"]]
    mp3 = article_mp3(service, asked.id)
    decoded = ffmpeg_decode(mp3, PIPER_RATE)
    assert decoded.errors == ""
    assert abs(decoded.seconds - manifest["duration"]) <= service.speaker("piper").fmt.frame_seconds
    assert manifest["bytes"] == len(mp3)
    status = service.status(asked.id)
    assert (status["status"], status["backend"], status["fallback"]) == (
        "ready", offline.id, manifest["fallback"])


def test_segments_google_made_before_it_failed_are_kept_but_not_mixed_in(
        service: ArticleService, offline: CountingBackend, make_gtts: MakeRig) -> None:
    google(service, make_gtts, ["ok", "connect", "connect"])
    asked = service.prepare(REQUEST)

    result = service.make(REQUEST)

    assert service.cache.get_segment(asked.keys[0]) is not None  # Google's first segment
    mp3 = article_mp3(service, asked.id)
    assert {frame.sample_rate for frame in audio.iter_frames(mp3)} == {PIPER_RATE}
    assert offline.calls == [segment.text for segment in result.article.segments]
    assert result.manifest["backend"] == offline.id


@pytest.mark.parametrize("failure, error", [
    (400, "refused the request"),  # Google refuses it: it would refuse it again
    ("no_audio", "without audio"),  # no audio for the language
])
def test_a_failure_that_would_recur_fails_the_article(
        service: ArticleService, offline: CountingBackend, make_gtts: MakeRig,
        failure: Any, error: str) -> None:
    google(service, make_gtts, [failure])

    with pytest.raises(BackendError, match=error):
        service.make(REQUEST)

    assert offline.calls == []
    assert not service.cache.has_article(service.prepare(REQUEST).id)


def test_the_fallback_keeps_the_language_of_the_online_voice(
        service: ArticleService, offline: CountingBackend, make_gtts: MakeRig) -> None:
    rig = make_gtts(["connect", "connect"], lang="fr", retries=1)
    service.use_backend(rig.backend, name="gtts")  # French; the bundled Piper voice is English

    result = service.make(ArticleRequest("Le pont a rouvert lundi.", backend="gtts"))

    assert offline.calls == []  # not the English voice
    assert result.manifest["backend"].startswith("espeak-ng:fr:")
    assert result.manifest["fallback"]["from"] == rig.backend.id
    decoded = ffmpeg_decode(article_mp3(service, result.article.id), PIPER_RATE)
    assert decoded.errors == ""
    assert decoded.seconds > 0.5


@pytest.mark.parametrize("environ, request_", [
    ({"TTS_FALLBACK": "0"}, REQUEST),
    ({}, replace(REQUEST, fallback=False)),
], ids=["TTS_FALLBACK=0", "fallback: false"])
def test_with_fallback_off_the_article_fails(
        tmp_path: Path, piper: Backend, make_gtts: MakeRig, environ: dict[str, str],
        request_: ArticleRequest) -> None:
    service = ArticleService(Settings.from_env(environ, cache_dir=tmp_path / "cache"))
    try:
        counting = CountingBackend(piper)
        service.use_backend(counting, name="piper")
        google(service, make_gtts, ["connect", "connect"])

        with pytest.raises(BackendError, match="could not be reached") as failed:
            service.make(request_)

        assert failed.value.retryable
        assert counting.calls == []
        assert not service.cache.has_article(service.prepare(request_).id)
    finally:
        service.shutdown()


class Unavailable:
    """An offline voice that fails as an unavailable online one would."""

    def __init__(self, inner: Backend) -> None:
        self.id, self.max_chars = inner.id, inner.max_chars
        self.sample_rate, self.options = inner.sample_rate, inner.options

    def synthesize(self, text: str) -> AudioClip:
        raise BackendError("the voice is unavailable", "on purpose", retryable=True)


def test_an_offline_voice_never_falls_back(service: ArticleService, piper: Backend) -> None:
    service.use_backend(Unavailable(piper), name="piper")
    with pytest.raises(BackendError, match="unavailable"):
        service.make(ArticleRequest(ARTICLE, backend="piper"))


def test_a_fallen_back_article_is_finished_offline_by_another_process(
        settings: Settings, service: ArticleService, piper: Backend, make_gtts: MakeRig) -> None:
    google(service, make_gtts, ["connect", "connect"])
    service.use_backend(Unavailable(piper), name="piper")  # it falls back, then fails too
    with pytest.raises(BackendError, match="unavailable"):
        service.make(REQUEST)
    article_id = service.prepare(REQUEST).id

    restarted = ArticleService(settings)  # a worker that never saw it, or the next start
    try:
        rig = google(restarted, make_gtts, [])  # any request to Google would fail the test
        status = restarted.status(article_id)
        assert (status["backend"], status["fallback"]["from"]) == (piper.id, rig.backend.id)
        assert [s["text"] for s in status["segments"]] == [
            s.text for s in restarted.speaker("piper").prepare(ARTICLE).segments]
        restarted.jobs.start(article_id).result(timeout=DEADLINE)  # what a resumed job does
        finished = restarted.status(article_id)
        assert (finished["status"], finished["backend"]) == ("ready", piper.id)
        assert rig.google.sent == []
    finally:
        restarted.shutdown()


def test_with_an_offline_default_the_fallback_is_the_default_voice(
        service: ArticleService) -> None:
    assert service.speaker(offline_backend(service.settings)) is service.speaker()


@pytest.mark.parametrize("default_backend, offline_voice", [
    ("piper", "piper"),  # the default backend is offline: it is the fallback, with TTS_VOICE
    ("gtts", "piper"),  # the default is online: the first offline backend, its default voice
])
def test_the_offline_voice(default_backend: str, offline_voice: str) -> None:
    assert offline_backend(Settings.from_env({}, backend=default_backend)) == offline_voice


# -- the request's field -------------------------------------------------------------------------

@pytest.mark.parametrize("body, allowed", [
    ({"text": ARTICLE}, True),
    ({"text": ARTICLE, "fallback": True}, True),
    ({"text": ARTICLE, "fallback": False}, False),
])
def test_the_fallback_field_is_stored_with_the_request_and_not_part_of_the_id(
        service: ArticleService, body: dict[str, Any], allowed: bool) -> None:
    request = ArticleRequest.from_json({**body, "backend": "gtts"}, service.settings)
    assert request.fallback is allowed
    assert ArticleRequest.from_dict(request.to_dict()).fallback is allowed
    assert service.prepare(request).id == service.prepare(REQUEST).id


def test_a_request_stored_before_the_field_existed_may_fall_back() -> None:
    assert ArticleRequest.from_dict({"text": ARTICLE, "backend": "gtts"}).fallback is True


@pytest.mark.parametrize("value", ["false", 0, 1, None, [], {}])
def test_the_fallback_field_must_be_true_or_false(settings: Settings, value: object) -> None:
    with pytest.raises(InputError, match="'fallback' must be true or false"):
        ArticleRequest.from_json({"text": ARTICLE, "fallback": value}, settings)
