"""A range of two numbers written with a dash, said as a newsreader says it: "1914-1918" is
"1914 bis 1918", "10-12 Uhr" "10 bis 12 Uhr", "de 3-5 días" "de 3 a 5 días"; after "zwischen",
"entre", "tra" the two are joined by "und", "y", "e". Only the first number and the word are said
here: the second stays for the rules that follow (its unit, currency or "Uhr"). A range goes up
("2-1" is a score: said with the same word where the language has one, "tres a uno", "trois à
un", for two numbers of up to two digits; "2023-24" a season), stands alone (no "17-18-19"
chain, no date or telephone) and, where the language has no word both for a score and a range
(de, nl), ends before a word ("3-4 Tage"), unless both are years."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..rules import word_before

# language -> (the word of a range, {the word before -> the word instead}, a score is said so too)
WORDS: dict[str, tuple[str, dict[str, str], bool]] = {
    "de": ("bis", {"zwischen": "und"}, False),
    "fr": ("à", {"entre": "et", "du": "au"}, True),
    "es": ("a", {"entre": "y", "del": "al"}, True),
    "it": ("a", {"tra": "e", "fra": "e", "dal": "al", "dai": "ai", "dalle": "alle"}, True),
    "pt": ("a", {"entre": "e", "do": "ao", "da": "à", "dos": "aos", "das": "às"}, True),
    "nl": ("tot", {"tussen": "en"}, False),
}
_YEAR = re.compile(r"1\d{3}$|20\d\d$")


def pattern(number: str) -> str:
    """The first number (group a) and the dash of a range whose second number (group b) follows."""
    return (rf"(?<![\d.,:/\-\u2013])(?P<a>{number})\s?[-\u2013]\s?"
            rf"(?=(?P<b>{number})(?![\d.,:/\-\u2013]\d|[-\u2013]\w|\d))")


def speaker(code: str, amount: Callable[[str], str],
            integer: Callable[[str], int]) -> Callable[[re.Match[str]], str | None]:
    """The rule's speech for language ``code``; ``amount`` says a written number."""
    word, after, score_too = WORDS[code]

    def speak(m: re.Match[str]) -> str | None:
        first, second = m["a"], m["b"]
        if integer(first.partition(",")[0]) >= integer(second.partition(",")[0]):
            if score_too and len(first) <= 2 and len(second) <= 2 and "," not in first + second:
                return f"{amount(first)} {word} "  # "3-1": "tres a uno", "trois à un", a score
            return None  # "2023-24": a season; "2-1" in German, Dutch: a score said apart
        rest = m.string[m.end() + len(second):]
        years = bool(_YEAR.match(first) and _YEAR.match(second))
        if not (score_too or years or re.match(r"\s?[^\W\d_]", rest)):
            return None  # "1-2." may be a score
        joined = after.get(word_before(m).lower(), word)
        return f"{amount(first)} {joined} "

    return speak


# A score or a ratio written with a colon that is no time ("2:1", "28:25", "1:100"), by its word
# ("zwei zu eins"); "14:30" stays a time.
# Brazil writes a score with an x ("2 x 1": "dois a um"; "2 x 3 m" is a measure).
SCORE = {"de": ("zu", ":"), "pt": ("a", r"\s?[xX×]\s?")}


# Two measures of a size before their unit ("2 x 3 m": "dois por três metros"), by the word between
BY = {"pt": "por", "es": "por", "it": "per", "fr": "sur", "de": "mal", "nl": "bij"}
# Days in a chain before their month ("les 17-18-19 juin": "les dix-sept dix-huit dix-neuf juin"),
# in the languages that write them so
CHAINED_DAYS = frozenset({"fr", "es", "it", "pt", "nl"})


def day_chain(months: tuple[str, ...]) -> str:
    """Three or more days joined by dashes before a month name: group c."""
    names = "|".join(months)
    return rf"(?<![\d.,\-\u2013])(?P<c>\d{{1,2}}(?:[-\u2013]\d{{1,2}}){{2,}})(?=\s(?:de\s)?(?i:{names})\b)"


# An age bracket written with a slash ("les 15/19 ans": "les quinze à dix-neuf ans"), before the
# language's word for years
AGES = r"(?<![\d/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?=\s(?:ans|años|anni|anos|Jahre|Jahren|jaar)\b)"
# Sets of a match in a row ("11:2, 3:11, 9:11"): all scores when one of them is no clock time
SCORE_LIST = r"(?<![\d:.,])\d{1,2}:\d{1,2}(?:,\s?\d{1,2}:\d{1,2})+(?![\d:])"
# How often, with its word: "1 x pro Woche": "einmal pro Woche"
TIMES = {"de": ("mal", r"(?<![\d.,])(?P<n>\d{1,3})\s?[xX×](?=\s+(?:pro|am|im|in|täglich|wöchentlich|"
                       r"monatlich|jährlich|hintereinander)\b)")}


def score_pattern(code: str) -> str:
    """A score of ``code``'s written form: groups a and b."""
    return rf"(?<![\d:.,])(?P<a>\d{{1,3}}){SCORE[code][1]}(?P<b>\d{{1,3}})(?![\d:]|[.,]\d)" if code in SCORE else ""
