"""Numbers as a US newsreader says them, with num2words doing the spelling.

num2words writes British English ("one thousand, five hundred and two"); US news style drops the
"and" and the commas ("one thousand five hundred two"). Anything too big or odd for words is read
digit by digit rather than failing.
"""

from __future__ import annotations

import functools

from num2words import num2words

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MAX_WORDS_DIGITS = 15  # up to hundreds of trillions; longer numbers are read digit by digit
MAX_GROUPED_DIGITS = 21  # but a number written in groups of three ("124,444,...") is words to quintillions
FRACTION_NAMES = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def _us(words: str) -> str:
    return words.replace(",", "").replace(" and ", " ").replace("-", " ")


@functools.lru_cache(maxsize=4096)  # news repeats its numbers; num2words is slow
def cardinal(number: int, most_digits: int = MAX_WORDS_DIGITS) -> str:
    """1500 -> "one thousand five hundred"; huge numbers -> their digits one by one."""
    if len(str(abs(number))) > most_digits:
        return ("minus " if number < 0 else "") + digits(str(abs(number)))
    return _us(num2words(number))


@functools.lru_cache(maxsize=4096)
def ordinal(number: int) -> str:
    """103 -> "one hundred third"."""
    if len(str(abs(number))) > MAX_WORDS_DIGITS:
        return digits(str(number))
    return _us(num2words(number, to="ordinal"))


@functools.lru_cache(maxsize=4096)
def year(number: int) -> str:
    """1990 -> "nineteen ninety", 2005 -> "two thousand five", 2024 -> "twenty twenty four"."""
    if not 0 < number < 10000:
        return cardinal(number)
    if 2000 <= number <= 2009:
        return cardinal(number)
    return _us(num2words(number, to="year"))


def digits(text: str) -> str:
    """Each digit by name: "0143" -> "zero one four three"."""
    return " ".join(DIGITS[int(ch)] for ch in text if ch.isdigit())


def pairs(number: str) -> str:
    """A model number as the trade says it, in pairs: "737" -> "seven thirty seven", "800" ->
    "eight hundred", "321" -> "three twenty one", "130" -> "one thirty", "9" -> "nine"."""
    if len(number) <= 2 or number.endswith("00") or len(number) > 4:
        return cardinal(int(number))
    head, tail = number[:-2], number[-2:]
    return f"{cardinal(int(head))} {'oh ' + DIGITS[int(tail[1])] if tail[0] == '0' else cardinal(int(tail))}"


def decimal(text: str) -> str:
    """A written number with an optional sign, thousands commas and decimals: "-1,234.05" ->
    "minus one thousand two hundred thirty four point zero five"."""
    sign = ""
    if text[:1] in "-−":
        sign, text = "minus ", text[1:]
    elif text[:1] == "+":
        sign, text = "plus ", text[1:]
    whole, _, fraction = text.replace(",", "").partition(".")
    spoken = cardinal(int(whole), MAX_GROUPED_DIGITS if "," in text else MAX_WORDS_DIGITS) if whole else ""
    if fraction:
        spoken = (spoken + " point " + digits(fraction)).strip()
    return sign + spoken


def fraction(numerator: int, denominator: int) -> str:
    """3/4 -> "three quarters", 1/2 -> "one half", 2/3 -> "two thirds"."""
    if denominator in FRACTION_NAMES:
        one, many = FRACTION_NAMES[denominator]
    elif denominator > 2 and len(str(denominator)) <= 3:
        one = ordinal(denominator)
        many = one + "s"
    else:
        return f"{cardinal(numerator)} over {cardinal(denominator)}"
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"


def decade(number: int) -> str:
    """1990 -> "nineteen nineties", 2000 -> "two thousands", 1900 -> "nineteen hundreds"."""
    spoken = year(number)
    last = spoken.rsplit(" ", 1)[-1]
    plural = last[:-1] + "ies" if last.endswith("y") else last + "s"
    return spoken[: len(spoken) - len(last)] + plural
