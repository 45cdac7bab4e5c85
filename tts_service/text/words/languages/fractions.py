"""Fractions in other languages ("1/2", "3 2/3", "-1/22"): how each language names a denominator
(data per language) and the one rule that says a written fraction with it. German says "ein
Drittel" (the ordinal's stem and "-tel"), French "un tiers", "deux neuvièmes" (the ordinal),
Spanish "un onceavo" up to 99 ("-avo") and "uno sobre ciento uno" past what it names, Portuguese
"três onze avos"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from num2words import num2words

from ..rules import word_before
from .ordinals import ordinal
from .tables import Language


@dataclass(frozen=True)
class Fractions:
    named: dict[int, tuple[str, str]]  # denominator -> (one, many): 2 -> ("demi", "demis")
    style: str  # other denominators: "ordinal" (its ordinal), "tel" (German), "avo" (es, pt)
    plural: str = "s"  # the ordinal's ending for a numerator over one ("s"; "i": it, o -> i)
    joiner: str = ""  # between the whole and the fraction: "1 1/2" -> "un et demi"
    ordinal_up_to: int = 10  # "avo" styles: the ordinal up to here (and round hundreds, thousands)
    over: str = ""  # past what the language names: "uno sobre ciento uno"
    one: str = ""  # the numerator 1 ("ein", "un"); empty: the table's
    bare_half: bool = False  # a half after a whole without its "one": "uno y medio" (else "um e um meio")


# A number and a year after a name ("Ley 10/2024", "Lei 8/2021", "Legge 190/2012"): a law's or a
# case's number, said with the language's "of" ("diez de dos mil veinticuatro")
NUMBER_OF_YEAR = {"es": "de", "pt": "de", "it": "del"}
FRACTIONS = {
    "de": Fractions({2: ("halb", "halbe")}, "tel", plural="", one="ein"),
    "fr": Fractions({2: ("demi", "demis"), 3: ("tiers", "tiers"), 4: ("quart", "quarts")},
                    "ordinal", joiner="et"),
    "es": Fractions({2: ("medio", "medios"), 3: ("tercio", "tercios"), 4: ("cuarto", "cuartos")},
                    "avo", joiner="y", over="sobre", bare_half=True),
    "pt": Fractions({2: ("meio", "meios"), 3: ("terço", "terços")}, "avo", joiner="e"),
    "it": Fractions({2: ("mezzo", "mezzi")}, "ordinal", plural="i", joiner="e", bare_half=True),
    "nl": Fractions({2: ("half", "halve"), 4: ("kwart", "kwart")}, "ordinal", plural="",
                    joiner="en", one="een"),
}


def pattern(number: str) -> str:
    """A fraction, maybe after a whole number and a sign: groups sign, w, n, d."""
    return (rf"(?P<sign>[-\u2212])?(?:(?P<w>\d+)\s)?(?<![\d/.,])(?P<n>\d+)/(?P<d>{number})"
            r"(?![\d/]|,\d)")


def speaker(table: Language, cardinal: Callable[[str], str]) -> Callable[[re.Match[str]], str | None]:
    """The rule's speech for ``table``'s language; ``cardinal`` says a written whole number."""
    rules = FRACTIONS.get(table.code)

    def speak(m: re.Match[str]) -> str | None:
        numerator, denominator = int(m["n"]), int(re.sub(r"\D", "", m["d"]))
        if rules is None or 1000 <= numerator < 3000 and len(m["d"]) <= 2:
            return None  # "2023/24": a season, not a fraction
        if m["sign"] and m.start() > 0 and not m.string[m.start() - 1].isspace():
            return None  # a range
        if re.match(rf"\s+(?:{'|'.join(table.months)})\b", m.string[m.end():], re.IGNORECASE):
            return None  # "les 17/18 juin": two days
        of = NUMBER_OF_YEAR.get(table.code)
        if of and re.fullmatch(r"(?:19|20)\d\d", m["d"]) and not m["w"] and word_before(m)[:1].isupper():
            return f"{cardinal(m['n'])} {of} {cardinal(m['d'])}"  # "Ley 10/2024": "Ley diez de dos mil veinticuatro"
        said = _fraction(table, rules, numerator, denominator, cardinal)
        if m["w"]:
            if (rules.joiner == "et" or rules.bare_half) and (numerator, denominator) == (1, 2):
                said = rules.named[2][0]  # "un et demi", "uno y medio"
            whole = rules.one if m["w"] == "1" and rules.one else cardinal(m["w"])
            said = " ".join(part for part in (whole, rules.joiner, said) if part)
        return f"{table.minus} {said}" if m["sign"] else said
    return speak


def _fraction(table: Language, rules: Fractions, numerator: int, denominator: int,
              cardinal: Callable[[str], str]) -> str:
    many = numerator != 1
    name = _denominator(table.code, rules, denominator, many)
    if name is None:
        return f"{cardinal(str(numerator))} {rules.over} {cardinal(str(denominator))}"
    said = cardinal(str(numerator)) if many else rules.one or table.one or cardinal("1")
    return f"{said} {name}"


def _denominator(code: str, rules: Fractions, value: int, many: bool) -> str | None:
    """The word for ``value`` as a denominator, or None where the language says "over"."""
    if value in rules.named:
        return rules.named[value][many]
    if rules.style == "tel":  # "dritte" -> "Drittel", "zwanzigste" -> "Zwanzigstel"
        return ordinal(code, value)[:-1] + "el"
    round_value = value <= rules.ordinal_up_to or (value % 100 == 0 and value < 1000) or (
        value % 1000 == 0 and len(str(value).rstrip("0")) <= 2)
    if rules.style == "ordinal" or round_value:
        said = ordinal(code, value)
        if " " in said and rules.over:
            return None
        return _plural(said, rules.plural) if many else said
    if code == "pt":  # "onze avos"
        return num2words(value, lang=code) + (" avos" if many else " avo")
    if value >= 100:
        return None
    stem = _plain(num2words(value, lang=code)).replace(" y ", "i")
    stem = re.sub(r"uno$", "un", stem)
    stem = stem[:-1] if stem.endswith("a") else stem  # "treinta" -> "treintavo"
    return stem + ("avos" if many else "avo")


def _plural(said: str, ending: str) -> str:
    if ending == "i":
        return re.sub(r"o$", "i", said)
    return said + ending if ending and not said.endswith(ending) else said


def _plain(word: str) -> str:
    """Spanish "dieciséis" -> "dieciseis" (its accent goes before "-avo")."""
    return "".join(char for char in unicodedata.normalize("NFD", word)
                   if unicodedata.category(char) != "Mn")




@dataclass(frozen=True)
class BeforeUnit:
    of: str  # "tres quintos de milla"
    half: tuple[str, str]  # alone before the unit, masculine and feminine: "medio", "media"
    whole_first: bool = False  # "deux kilos et demi" (else "uno y medio metro", as NeMo's Spanish)
    whole_first_past_one: bool = False  # past one, so: "dos metros y medio", "dos horas y media"


# How a fraction is said before a unit ("3/5 mph"): "of" and the unit's one form ("tres quintos
# de milla por hora", "trois quarts de kilomètre"; a half: "medio milímetro", "un demi kilo"), or,
# without a row here, the fraction and the unit's many form ("ein halb Fuß", "drie kwart kilometer").
BEFORE_UNITS = {
    "es": BeforeUnit("de", ("medio", "media"), whole_first_past_one=True),
    "fr": BeforeUnit("de", ("un demi", "une demi"), whole_first=True),
    "it": BeforeUnit("di", ("mezzo", "mezza"), whole_first=True),
    "pt": BeforeUnit("de", ("meio", "meia"), whole_first=True),
}


def with_unit(code: str, fraction: str, whole: str, half: bool, unit: tuple[str, str],
              feminine: bool, past_one: bool = False) -> str:
    """A fraction's words (``fraction``, without its whole; ``whole`` said as it agrees with the
    unit, or "", ``past_one`` when it is more than one) before a unit (one, many)."""
    one, many = unit
    row, joiner = BEFORE_UNITS.get(code), FRACTIONS[code].joiner
    if row is None:
        return " ".join(part for part in (whole, joiner if whole else "", fraction, many) if part)
    if half:
        said = row.half[feminine]
        if whole and row.whole_first_past_one and past_one and " " in one:  # "tres y medio metros por hora"
            return f"{whole} {joiner} {said} {many}"
        if whole and (row.whole_first or row.whole_first_past_one and past_one):
            return f"{whole} {many} {joiner} {said.split(' ')[-1]}"
        return f"{whole} {joiner} {said} {one}" if whole else f"{said} {one}"
    return f"{whole} {joiner} {fraction} {row.of} {one}" if whole else f"{fraction} {row.of} {one}"
