"""Telephone numbers and IP addresses, said digit by digit in every language of ``tables.py``:
"+49 1234-1234" is "plus neunundvierzig eins zwei drei vier eins zwei drei vier"; a country
code of one or two digits is said as a number, of three digit by digit ("+593": "más cinco nueve
tres"); an extension ("ext. 12") by its word. The words per language are data here; one rule
(``rule``) serves all. Year ranges ("1914-1918") and amounts ("100-1000 km") are no numbers to
dial."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    plus: str
    point: str  # between the parts of an IP address
    extension: str
    code_by_digit: bool = False  # "+55": "mais cinco cinco" (else a number: "más cincuenta y ocho")
    pairs: bool = False  # a number written in pairs said in pairs: "06 12 34 56 78": "zéro six douze ..."


WORDS = {
    "de": Words("plus", "Punkt", "Durchwahl"),
    "fr": Words("plus", "point", "poste", pairs=True),
    "es": Words("más", "punto", "extensión"),
    "it": Words("più", "punto", "interno"),
    "pt": Words("mais", "ponto", "extensão", code_by_digit=True),
    "nl": Words("plus", "punt", "toestel"),
}

_GROUP = r"\d{2,5}"


def _extension(index: int) -> str:
    """ "ext. 12" (or "-12" after a whole number): groups e{index} (named) and d{index} (dashed)."""
    return rf"(?:\s?ext\.?\s?(?P<e{index}>\d{{1,5}})|-(?P<d{index}>\d{{1,4}})(?!\d))?"


PATTERN = (
    # "+49 1234-1234", "+1 (123) 123-5678", "+54 911 1234-5678", "+1-123-123-5678"
    rf"\+(?P<cc>\d{{1,3}})(?P<rest>(?:[\s-]\(?\d{{2,5}}\)?)(?:[\s-]\d{{2,8}})+|\s\d{{6,12}}){_extension(1)}(?![\d-])|"
    # "(0411) 1234-1234", "(11) 99999-8888"
    rf"(?P<area>\(\d{{2,5}}\))\s?(?P<local>{_GROUP}[\s-]{_GROUP}){_extension(2)}(?![\d-])|"
    # "01 23 45 67 89", "01.23.45.67.89"; groups of two to four digits apart that are no number grouped
    # in thousands ("91 123 45 67", "99 12 32 30 30"; not "12 345 678")
    r"(?<![\d.,/-])(?P<pairs>0[1-9](?:[\s.]\d\d){4}|\d{2,3}(?:\s\d{2,4}){2,4})(?![\d]|[.,]\d)|"
    # "123-123-5678", "555-1234", "11 3333-4444", "1234-5678"; after an area code's zero: "030 1234567",
    # "020 123 4567", "0171/1234567", "06-12345678"
    rf"(?<![\d.,/-])(?P<bare>(?:0\d{{1,4}}\s|\d{{2}}\s)?\d{{3,5}}-\d{{3,4}}(?:-\d{{3,4}})?|"
    rf"0\d{{1,5}}(?:\s\d{{3,8}}|[/-]\d{{5,8}})(?:\s\d{{2,5}}){{0,2}})(?:\s?ext\.?\s?(?P<e3>\d{{1,5}}))?(?![\d,/-]|\.\d)|"
    # "192.168.1.1"
    r"(?<![\d.,])(?P<ip>\d{1,3}(?:\.\d{1,3}){3})(?![\d]|\.\d)"
)
_YEARS = re.compile(r"(?:1[0-9]|20)\d\d-(?:1[0-9]|20)\d\d$|\d{4}-\d{2}$")


def _a_range(bare: str, after: str, amount_after: re.Pattern[str]) -> bool:
    """ "1914-1918", "2500-3000 Menschen", "100-120", "100-1000 km": amounts, not a number to dial
    (one has seven digits or more, and its groups do not all end in 0)."""
    groups = re.split(r"[\s-]", bare)
    digits = sum(len(group) for group in groups)
    return bool(_YEARS.match(bare) or amount_after.match(after) or digits < 7
                or all(group.endswith("0") for group in groups))


def rule(code: str, number: Callable[[int], str],
         amount_after: re.Pattern[str]) -> Callable[[re.Match[str]], str | None]:
    """The rule's speech for language ``code``; ``number`` says a whole number in it; after
    ``amount_after`` (a unit, a currency) a bare "100-1000" is a range of amounts."""
    words = WORDS[code]

    def digits(text: str) -> str:
        return " ".join(number(int(char)) for char in text if char.isdigit())

    def groups(text: str) -> str:
        return " ".join(digits(part) for part in re.split(r"[\s()/-]+", text) if part)

    def pair(text: str) -> str:  # "06": "zéro six", "45": "quarante-cinq"
        return digits(text) if text.startswith("0") or len(text) != 2 else number(int(text))

    def speak(m: re.Match[str]) -> str | None:
        if m["pairs"]:
            parts = re.split(r"[\s.]", m["pairs"])
            if not m["pairs"].startswith("0") and (all(len(part) == 3 for part in parts[1:])
                                                   or not 8 <= sum(map(len, parts)) <= 12):
                return None  # "12 345 678": a number grouped in thousands
            return " ".join(map(pair, parts)) if words.pairs else groups(m["pairs"].replace(".", " "))
        if m["ip"]:
            parts = m["ip"].split(".")
            if all(len(part) == 3 for part in parts[1:]):
                return None  # "123.456.789.012": a number grouped in thousands
            return f" {words.point} ".join(digits(part) for part in parts)
        named = m["e1"] or m["e2"] or m["e3"]
        if m["bare"] and not named and _a_range(m["bare"], m.string[m.end():], amount_after):
            return None
        extension = named or m["d1"] or m["d2"]
        rest = m["rest"] or ""
        tail = re.search(r"(?<=\d{4})-(\d{1,2})$", rest)  # "+58 (123) 123-5678-12": extension 12
        if m["cc"] and tail and not extension:
            rest, extension = rest[:tail.start()], tail[1]
        if m["cc"]:
            code_said = digits(m["cc"]) if len(m["cc"]) == 3 or words.code_by_digit else number(int(m["cc"]))
            said = f"{words.plus} {code_said} {groups(rest)}"
        elif m["area"]:
            said = f"{groups(m['area'])} {groups(m['local'])}"
        else:
            said = groups(m["bare"])
        return f"{said} {words.extension} {digits(extension)}" if extension else said

    return speak
