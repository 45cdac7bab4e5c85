"""Whole numbers as each language says them, where num2words' words need mending: Brazilian
Portuguese joins its groups of thousands with "e" only before the last one, and only where that
one is below a hundred or a round hundred ("um milhão mil e um", "dois bilhões e um"); Italian
is written apart after "cento" and "mila" ("cento cinquantacinque", "tremila cinquecento", as
NeMo's Italian cases write it; espeak-ng says the parts apart) and has no "e" after its
millions. German's "einstausend", Spanish "uno mil" and Dutch "honderdéén" (for "eintausend", "un mil",
"honderdeen") are mended;
the other languages take num2words' words as they are."""

from __future__ import annotations

import re
from collections.abc import Callable

from num2words import num2words

_BR_SCALES = ((10 ** 12, "trilhão", "trilhões"), (10 ** 9, "bilhão", "bilhões"),
              (10 ** 6, "milhão", "milhões"), (10 ** 3, "mil", "mil"))


def _brazilian(value: int) -> str:
    if value < 1000 or value >= 10 ** 15:
        return str(num2words(value, lang="pt_BR")).replace(",", "")
    groups: list[tuple[int, str]] = []  # (the group's value, its words with its scale)
    rest = value
    for size, one, many in _BR_SCALES:
        count, rest = divmod(rest, size)
        if count:
            said = "" if (count, one) == (1, "mil") else _brazilian(count)
            groups.append((count, f"{said} {one if count == 1 else many}".strip()))
    if rest:
        groups.append((rest, str(num2words(rest, lang="pt_BR"))))
    last, said_last = groups[-1]
    head = [said for _, said in groups[:-1]]
    if head and (last < 100 or last % 100 == 0 and last < 1000):
        said_last = f"e {said_last}"
    return " ".join([*head, said_last])


_IT_APART = re.compile(r"(cento(?!tt|mila)|mila|mille)(?=[a-z])")  # "centotto" stays one
_IT_AFTER_MILLIONS = re.compile(r"\b(milion[ei]|miliard[oi])(?:,)? e\b")


def _italian(value: int) -> str:
    # num2words drops the "i" of "diciotto" after "cento" as if it were "otto": "centodicotto"
    said = str(num2words(value, lang="it")).replace(",", "").replace("dicotto", "diciotto")
    return _IT_APART.sub(r"\1 ", _IT_AFTER_MILLIONS.sub(r"\1", said))


def _german(value: int) -> str:
    # num2words says the "eins" of 401,460 before "tausend": "vierhunderteinstausend"
    return str(num2words(value, lang="de")).replace("einstausend", "eintausend")


_ES_BEFORE_SCALE = re.compile(r"\b(?:(veinti)uno|uno)(?= (?:mil|millones|billones)\b)")


def _spanish(value: int) -> str:
    # "uno" shortens before "mil" and the scales: "cuatrocientos un mil", "veintiún millones"
    return _ES_BEFORE_SCALE.sub(lambda m: "veintiún" if m[1] else "un", str(num2words(value, lang="es")))


def _dutch(value: int) -> str:
    # num2words ends a compound on a stressed "één": "tweehonderdéén" (written "tweehonderdeen")
    return re.sub(r"(?<=[a-z])één$", "een", str(num2words(value, lang="nl")))


SAYS: dict[str, Callable[[int], str]] = {"pt_BR": _brazilian, "it": _italian, "de": _german, "es": _spanish,
                                         "nl": _dutch}


def cardinal(language: str, value: int) -> str:
    """``value`` in words of num2words' ``language`` ("pt_BR", "de"), mended where it is listed."""
    say = SAYS.get(language)
    return say(value) if say else str(num2words(value, lang=language))


def _dutch_year(value: int) -> str:
    """ "1990": "negentiennegentig", "1900": "negentienhonderd", as CLDR's Dutch years."""
    hundreds, rest = divmod(value, 100)
    if rest == 0:
        return f"{cardinal('nl', hundreds)}honderd"
    return f"{cardinal('nl', hundreds)}{cardinal('nl', rest)}"


YEARS: dict[str, Callable[[int], str]] = {"nl": _dutch_year}

# A number that may be a year ("1126") is a count before a noun, which German writes with a
# capital ("1126 Menschen": "eintausendeinhundertsechsundzwanzig"), unless a word before it
# makes it a year ("im Jahr 1126 Kaiser ...", "seit 1990 Mitglied").
# Dutch writes its nouns small: the count nouns of news ("1375 inwoners": "duizenddriehonderdvijfenzeventig").
NOUN_AFTER = {"de": re.compile(r"\s+[A-ZÄÖÜ][a-zäöüß]"),
              "nl": re.compile(r"\s+(?:inwoners|mensen|personen|leden|deelnemers|bezoekers|toeschouwers|"
                               r"doden|slachtoffers|soldaten|stemmen|woningen|huizen|banen|studenten|"
                               r"leerlingen|kinderen|euro|dollar|meter|kilometer|hectare|ton|kilo)\b")}
YEAR_BEFORE = {"de": frozenset({"im", "jahr", "jahre", "jahres", "jahren", "seit", "von", "bis", "um", "ab",
                                "vor", "nach", "anno", "anfang", "ende", "mitte", "sommer", "winter",
                                "herbst", "frühjahr", "frühling", "in", "und", "oder", "zwischen", "januar",
                                "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
                                "oktober", "november", "dezember", "jahrgang", "saison", "wahl"}),
              "nl": frozenset({"in", "van", "tot", "sinds", "rond", "jaar", "jaren", "na", "voor", "vanaf",
                               "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                               "september", "oktober", "november", "december", "en", "of", "circa"})}
# A list written without spaces ("1,2,3"): no number has two decimal commas
LIST = r"(?<![\d,.])\d{1,3}(?:,\d{1,3}){2,}(?![\d,]|\.\d)"


def counts_before_noun(code: str, m: re.Match[str], word_before: str) -> bool:
    """Whether the number ``m`` (a year's form) counts the noun after it."""
    noun = NOUN_AFTER.get(code)
    return bool(noun and re.fullmatch(r"1[1-9]\d\d", m.group(0)) and noun.match(m.string, m.end())
                and word_before.lower() not in YEAR_BEFORE[code])


# A sum written out ("2 + 2 - 1 = 3": "dos más dos menos uno es igual a tres"): its signs' words.
# Only a whole equation is read so; "2 - 1" alone may be a score.
OPERATORS = {
    "es": {"+": "más", "-": "menos", "−": "menos", "×": "por", "=": "es igual a"},
    "pt": {"+": "mais", "-": "menos", "−": "menos", "×": "vezes", "=": "igual a"},
    "fr": {"+": "plus", "-": "moins", "−": "moins", "×": "fois", "=": "égale"},
    "it": {"+": "più", "-": "meno", "−": "meno", "×": "per", "=": "uguale a"},
    "de": {"+": "plus", "-": "minus", "−": "minus", "×": "mal", "=": "gleich"},
    "nl": {"+": "plus", "-": "min", "−": "min", "×": "keer", "=": "is"},
}


def equation(number: str) -> str:
    """A whole equation of numbers (``number``) and the signs of ``OPERATORS``."""
    return rf"(?<![\w.,=+\-−×])(?:{number})(?:\s[+\-−×]\s(?:{number}))+\s=\s(?:{number})(?![\w=+\-−×]|[.,]\d)"


# A decade of the 1900s said by its tens after these words ("les années 1990", "des années":
# "les années quatre-vingt-dix", "negli anni 1980": "negli anni ottanta", "los años", "nos anos");
# "les années 2020" stays a year.
_NO_SECOND_YEAR = r"\b(?!\s*(?:[-\u2013]|\s(?:y|e|et|a|al|à|ao)\s)\s*\d{4})"  # "los años 1960 y 1975": two years
DECADES = {"fr": rf"(?<=es années\s)19(?P<t>[1-9]0){_NO_SECOND_YEAR}",
           "it": rf"(?<=gli anni\s)19(?P<t>[1-9]0){_NO_SECOND_YEAR}",
           "es": rf"(?<=os años\s)19(?P<t>[1-9]0){_NO_SECOND_YEAR}",
           "pt": rf"(?<=os anos\s)19(?P<t>[1-9]0){_NO_SECOND_YEAR}"}
