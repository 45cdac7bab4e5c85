"""The site's pronunciation lexicon (TTS_LEXICON) and an article's own entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts_service.errors import ConfigError, InputError
from tts_service.text import Options, segment_text
from tts_service.text.words.lexicon import Lexicon, load_lexicon
from tts_service.text.words.normalizing import normalize
from tts_service.voice.base import Backend

SITE = """\
# Pronunciations for the Millbrook Ledger
Nguyen = win
Kyiv = [[kˈiːv]]          # raw phonemes for Piper
Sen. Joe Manchin = Senator Joe Manchin
Joe = Joseph
Hollis = Hollace
"""


@pytest.fixture
def site_lexicon(tmp_path: Path) -> Lexicon:
    path = tmp_path / "lexicon.txt"
    path.write_text(SITE, "utf-8")
    return load_lexicon(path)


@pytest.mark.parametrize(("written", "spoken"), [
    ("Mayor Nguyen spoke.", "Mayor win spoke."),
    ("mayor NGUYEN spoke", "mayor win spoke"),  # case does not matter
    ("Nguyens", "Nguyens"),  # whole words only
    ("Sen. Joe Manchin voted.", "Senator Joe Manchin voted."),  # the longer phrase wins
    ("Sen. Joe\nManchin", "Senator Joe Manchin"),  # across a line break
    ("Joe Smith", "Joseph Smith"),
    ("Kyiv, 2024", "[[kˈiːv]], twenty twenty four"),  # before the rules, and with them
    ("Hollis St. at 9 a.m.", "Hollace Street at nine a-m."),
])
def test_entries_are_said_the_sites_way(site_lexicon: Lexicon, written: str, spoken: str) -> None:
    assert normalize(written, Options(lexicon=site_lexicon)) == spoken


def test_an_articles_entries_win_over_the_sites(site_lexicon: Lexicon) -> None:
    article = Lexicon.from_mapping({"Nguyen": "nwin", "Ledger": "Ledjer"})
    options = Options(lexicon=site_lexicon.merged(article))
    assert normalize("Nguyen of the Ledger", options) == "nwin of the Ledjer"


def test_words_keep_their_place_in_the_source(site_lexicon: Lexicon) -> None:
    (segment,) = segment_text("Ask Nguyen now.", 400, Options(lexicon=site_lexicon))
    assert [(w.word, segment.source[w.start:w.end]) for w in segment.words] == [
        ("Ask", "Ask"), ("win", "Nguyen"), ("now", "now.")]


def test_raw_phonemes_reach_the_voice_as_phonemes(piper: Backend, site_lexicon: Lexicon) -> None:
    voice = piper.piper_voice  # type: ignore[attr-defined]
    spoken = normalize("Kyiv", Options(lexicon=site_lexicon))
    assert "".join(voice.phonemize(spoken)[0]).strip() == "kˈiːv"


@pytest.mark.parametrize(("line", "message"), [
    ("Nguyen win", "expected 'word = how to say it'"),
    ("= win", "needs a word"),
    ("Nguyen =", "needs a word"),
    ("Kyiv = [[kiv]] or so", "malformed phonemes"),
])
def test_a_bad_lexicon_file_is_a_config_error_naming_the_line(tmp_path: Path, line: str,
                                                              message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(f"# fine\nHollis = Hollace\n{line}\n", "utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_lexicon(path)
    assert "bad.txt" in caught.value.message


def test_a_missing_lexicon_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the lexicon"):
        load_lexicon(tmp_path / "nope.txt")


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.txt"
    path.write_text("Hollis = Hollace\n", "utf-8")
    assert normalize("Hollis", Options(lexicon=load_lexicon(path))) == "Hollace"
    path.write_text("Hollis = Hollus\n", "utf-8")
    import os

    os.utime(path, ns=(1, 10**18))  # a new modification time, whatever the clock's resolution
    assert normalize("Hollis", Options(lexicon=load_lexicon(path))) == "Hollus"


@pytest.mark.parametrize("value", [["Nguyen", "win"], {"Nguyen": 3}, {"": "x"}, {"x": "y" * 300}])
def test_bad_article_entries_are_input_errors(value: object) -> None:
    with pytest.raises(InputError):
        Lexicon.from_mapping(value)
