"""A voice for every language: an article is read by a voice of its own language, never by the
English one; espeak-ng (inside the piper-tts wheel) is the offline last resort."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import ffmpeg_decode, publisher_client

from tts_service.articles import ArticleService
from tts_service.cli import main
from tts_service.config import Settings
from tts_service.errors import ConfigError
from tts_service.synthesis.request import ArticleRequest
from tts_service.voice.registry import voice_for_language
from tts_service.web import create_app, service_of

ARTICLES = {
    "de": ("Neue Brücke eröffnet\n\nDie Stadt hat am Montag die neue Brücke über den Fluss "
           "eröffnet. Tausende Menschen kamen zur Feier."),
    "fr": ("Le nouveau pont est ouvert\n\nLa ville a inauguré lundi le nouveau pont sur la "
           "rivière. Des milliers de personnes sont venues à la fête."),
}
ESPEAK_RATE = 22_050


@pytest.fixture
def service(tmp_path: Path) -> Iterator[ArticleService]:
    service = ArticleService(Settings.from_env({}, cache_dir=tmp_path / "cache",
                                               languages="en,de,fr"))
    yield service
    service.shutdown()


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_an_article_is_spoken_by_a_voice_of_its_language(service: ArticleService, lang: str) -> None:
    result = service.make(ArticleRequest(ARTICLES[lang]))

    manifest = result.manifest
    assert manifest["language"]["lang"] == lang
    assert manifest["backend"].startswith(f"espeak-ng:{lang}:")
    assert {segment["lang"] for segment in manifest["segments"]} == {lang}
    mp3 = service.cache.article_path(result.article.id).read_bytes()
    decoded = ffmpeg_decode(mp3, ESPEAK_RATE)
    assert decoded.errors == ""
    assert decoded.seconds > 3.0  # two sentences and a title said, not silence
    assert abs(decoded.seconds - manifest["duration"]) < 0.1


def test_english_stays_with_the_default_piper_voice(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path, languages="en,de,fr")
    assert voice_for_language(settings, "", "", "en") == ("piper", "")
    assert voice_for_language(settings, "piper", "", "en-GB") == ("piper", "")


@pytest.mark.parametrize("backend, lang, expected", [
    ("piper", "de", ("espeak", "de")),
    ("piper", "pt-BR", ("espeak", "pt-br")),
    ("gtts", "de", ("gtts", "de")),  # Google speaks German itself
    ("gtts", "en", ("gtts", "")),  # its configured voice
])
def test_the_voice_chosen_for_a_language(tmp_path: Path, backend: str, lang: str,
                                         expected: tuple[str, str]) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path)
    assert voice_for_language(settings, backend, "", lang) == expected


def test_an_operator_voice_wins_over_espeak(tmp_path: Path) -> None:
    entry = f"de={tmp_path / 'de_DE-x-medium.onnx'}#sha256:{'a' * 64}"
    settings = Settings.from_env({"TTS_VOICES": entry}, cache_dir=tmp_path)
    assert voice_for_language(settings, "piper", "", "de-AT") == (
        "piper", f"{tmp_path / 'de_DE-x-medium.onnx'}#sha256:{'a' * 64}")


@pytest.mark.parametrize("value", [
    "de=/voices/de.onnx",  # no digest
    "de=/voices/de.onnx#md5:74fd6a4dc39e0aa9dce145d7f5acd4f6",
    "/voices/de.onnx#sha256:" + "a" * 64,  # no language
    "de=/voices/de.txt#sha256:" + "a" * 64,
])
def test_a_bad_voices_setting_is_a_clear_error(value: str) -> None:
    with pytest.raises(ConfigError, match="TTS_VOICES") as raised:
        Settings.from_env({"TTS_VOICES": value})
    assert "sha256" in raised.value.detail



def test_the_voices_command_lists_each_voices_languages(cache_env: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["voices"]) == 0
    out = capsys.readouterr().out
    assert "  en_US-joe-medium  [en-US]" in out.splitlines()
    assert "espeak: offline last resort" in out
    assert "  de  [de]" in out.splitlines()  # gTTS's and espeak-ng's German


def test_the_openai_voices_list_gives_languages(settings: Settings) -> None:
    app = create_app({"SETTINGS": settings, "TESTING": True})
    try:
        data = publisher_client(app).get("/v1/audio/voices").get_json()["data"]
    finally:
        service_of(app).shutdown()
    by_voice = {(item["backend"], item["id"]): item.get("languages") for item in data}
    assert by_voice[("piper", "en_US-joe-medium")] == ["en-US"]
    assert by_voice[("espeak", "fr")] == ["fr"]
    assert by_voice[("gtts", "fr")] == ["fr"]


# One short article per language, written for this test; read with nothing given (detected among
# the site's languages), with the page's <html lang>, and with the request's lang.
NEWS = {
    "en": "The council voted on Tuesday to reopen the old bridge. Work starts in the spring.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke wieder zu öffnen.",
    "fr": "Le conseil municipal a décidé mardi de rouvrir le vieux pont au printemps.",
    "es": "El ayuntamiento decidió el martes reabrir el viejo puente en la primavera.",
    "it": "Il consiglio comunale ha deciso martedì di riaprire il vecchio ponte in primavera.",
    "nl": "De gemeenteraad heeft dinsdag besloten de oude brug in het voorjaar te heropenen.",
    "pt": "A câmara municipal decidiu na terça-feira reabrir a velha ponte na primavera.",
    "da": "Byrådet besluttede tirsdag at genåbne den gamle bro til foråret.",
    "ru": "Городской совет во вторник решил весной вновь открыть старый мост.",
}


def _voice_language(backend_id: str) -> str:
    """The language of the voice a backend id names: espeak-ng's voice is its language; the
    bundled Piper voice speaks English."""
    name, voice = backend_id.split(":")[:2]
    return voice.split("-")[0] if name == "espeak-ng" else "en" if "en_US" in voice else "?"


def test_no_article_is_read_by_a_voice_of_another_language(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache", languages=",".join(NEWS))
    service = ArticleService(settings)
    try:
        cases = {}
        for lang, text in NEWS.items():
            page = f'<html lang="{lang}"><body><article><p>{text}</p></article></body></html>'
            for how, request in [("detected", ArticleRequest(text)),
                                 ("page", ArticleRequest(page, html=True)),
                                 ("request", ArticleRequest(text, lang=lang))]:
                cases[(lang, how)] = _voice_language(service.prepare(request).backend_id)
    finally:
        service.shutdown()
    wrong = {case: voice for case, voice in cases.items() if voice != case[0]}
    print(f"\n{len(cases) - len(wrong)} of {len(cases)} articles read by a voice of their language")
    assert len(cases) == 27
    assert wrong == {}


def test_no_article_is_read_by_a_voice_of_another_language_after_a_fallback(
        tmp_path: Path, make_gtts: Callable[..., Any]) -> None:
    """The same 27 articles with gTTS the voice and Google unreachable: each one falls back to the
    offline voice of its own language (the English one to Piper), never to another language's."""
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache", languages=",".join(NEWS),
                                 backend="gtts")
    service = ArticleService(settings)
    try:
        rigs = {}
        for lang in NEWS:
            name, voice = voice_for_language(settings, "gtts", "", lang)
            rigs[lang] = make_gtts(["connect"] * 20, lang=lang, retries=1)
            service.use_backend(rigs[lang].backend, name=name, voice=voice)
        cases, fell_back = {}, {}
        for lang, text in NEWS.items():
            page = f'<html lang="{lang}"><body><article><p>{text}</p></article></body></html>'
            for how, request in [("detected", ArticleRequest(text)),
                                 ("page", ArticleRequest(page, html=True)),
                                 ("request", ArticleRequest(text, lang=lang))]:
                manifest = service.make(request).manifest
                cases[(lang, how)] = _voice_language(manifest["backend"])
                fell_back[(lang, how)] = manifest.get("fallback", {}).get("from")
    finally:
        service.shutdown()
    wrong = {case: voice for case, voice in cases.items() if voice != case[0]}
    print(f"\n{len(cases) - len(wrong)} of {len(cases)} fallen-back articles read by a voice of their language")
    assert len(cases) == 27
    assert fell_back == {case: rigs[case[0]].backend.id for case in cases}  # each one fell back
    # Google was tried first, in the article's language
    assert {lang: {sent.lang for sent in rig.google.sent} for lang, rig in rigs.items()} == {
        lang: {lang} for lang in NEWS}
    assert wrong == {}


def test_with_gtts_asked_a_german_article_goes_to_google_in_german(
        tmp_path: Path, make_gtts: Callable[..., Any]) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path / "cache", languages="en,de,fr",
                                 backend="gtts")
    service = ArticleService(settings)
    try:
        rig = make_gtts(["ok"] * 10, lang="de")
        service.use_backend(rig.backend, name="gtts", voice="de")  # the voice the language picks
        result = service.make(ArticleRequest(ARTICLES["de"]))
    finally:
        service.shutdown()
    assert result.manifest["backend"] == rig.backend.id
    assert rig.google.sent and {sent.lang for sent in rig.google.sent} == {"de"}


@pytest.mark.parametrize("site_voice, asked_voice", [
    ("", "en-co.uk"),  # the request names the English voice
    ("en-co.uk", ""),  # the site's voice (TTS_VOICE) is the English one
])
def test_a_named_gtts_voice_of_another_language_does_not_read_the_article(
        tmp_path: Path, make_gtts: Callable[..., Any], caplog: pytest.LogCaptureFixture,
        site_voice: str, asked_voice: str) -> None:
    settings = Settings.from_env({"TTS_VOICE": site_voice}, cache_dir=tmp_path / "cache",
                                 languages="en,de,fr", backend="gtts")
    service = ArticleService(settings)
    try:
        german = make_gtts(["ok"] * 10, lang="de")
        british = make_gtts(["ok"] * 10, lang="en", tld="co.uk")
        service.use_backend(german.backend, name="gtts", voice="de")
        service.use_backend(british.backend, name="gtts", voice=asked_voice)
        with caplog.at_level("INFO", logger="tts_service.articles"):
            result = service.make(ArticleRequest(ARTICLES["de"], backend="gtts", voice=asked_voice))
        english = service.make(ArticleRequest(NEWS["en"], backend="gtts", voice=asked_voice))
    finally:
        service.shutdown()
    manifest = result.manifest
    assert manifest["language"] == {"lang": "de", "source": "detected"}
    assert manifest["backend"] == german.backend.id
    assert {sent.lang for sent in german.google.sent} == {"de"}
    assert manifest["voice"] == {"asked": f"gtts:{asked_voice}" if asked_voice else "gtts",
                                 "chosen": german.backend.id,
                                 "why": "the voice asked for does not speak de"}
    assert any(f"is in de: read by {german.backend.id}" in r.getMessage() for r in caplog.records)
    # an English article keeps the English voice named, and says nothing of a choice
    assert english.manifest["backend"] == british.backend.id
    assert "voice" not in english.manifest
    assert {(sent.lang, sent.host) for sent in british.google.sent} == {("en", "translate.google.co.uk")}


@pytest.mark.parametrize("backend, voice, lang, expected", [
    ("gtts", "en-co.uk", "de", ("gtts", "de")),
    ("gtts", "en-co.uk", "en-GB", ("gtts", "en-co.uk")),
    ("gtts", "fr", "fr-CA", ("gtts", "fr")),
    ("espeak", "en-us", "de", ("espeak", "de")),
    ("espeak", "pt-br", "pt", ("espeak", "pt-br")),
])
def test_a_named_voice_is_kept_only_for_its_own_language(
        tmp_path: Path, backend: str, voice: str, lang: str, expected: tuple[str, str]) -> None:
    settings = Settings.from_env({}, cache_dir=tmp_path)
    assert voice_for_language(settings, backend, voice, lang) == expected


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_an_article_in_another_language_is_segmented_once(
        service: ArticleService, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    from tts_service.synthesis import plan

    segmented = []
    segment = plan.segment_text
    monkeypatch.setattr(plan, "segment_text",
                        lambda text, *args, **kwargs: segmented.append(text) or segment(text, *args, **kwargs))
    article = service.prepare(ArticleRequest(ARTICLES[lang] + " Ende."))
    assert article.language.lang == lang
    assert article.backend_id.startswith(f"espeak-ng:{lang}:")
    assert len(segmented) == 1
