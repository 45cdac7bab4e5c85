"""Ordinals as each language says them: num2words' words with its slips mended, every word
made feminine for a feminine mark ("1.ª", "21ª": "vigesimoprimera", "décima primeira"), and
the short form before a noun ("1.ᵉʳ", "1er": "primer", "tercer"). Spanish writes its ordinals
from 11 to 29 as one word ("decimotercero", "vigesimoctavo"), and 11 and 12 on their own as
"undécimo", "duodécimo"."""

from __future__ import annotations

import re

from num2words import num2words

# Words a German rank is written before ("1. FC Köln", "2. Bundesliga", "3. Liga"): a line that
# opens with the number and one of them is no list item, its number is said
# ("Erster FC Köln", "Zweite Bundesliga"), by the noun's gender: the ordinal's ending
RANKED = {**dict.fromkeys(("FC", "FSV", "SC", "SV", "FFC", "VfB", "VfL", "Weltkrieg", "Spieltag", "Platz",
                           "Advent", "Stock"), "r"),
          **dict.fromkeys(("Bundesliga", "Liga", "Klasse", "Mannschaft", "Runde", "Halbzeit", "Sinfonie",
                           "Symphonie", "Etappe"), ""),
          **dict.fromkeys(("Jahrhundert", "Jahrtausend"), "s")}

# Spanish shortens a masculine ordinal before its noun ("el 3.º puesto": "el tercer puesto"); a
# small word after it leaves it whole ("quedó 3.º en la carrera": "tercero")
WHOLE_BEFORE = {"es": frozenset({"a", "al", "de", "del", "en", "y", "e", "o", "u", "con", "por", "para", "que",
                                 "se", "tras", "el", "la", "los", "las", "lo", "su", "sus", "como", "sin"})}

SLIPS = {  # num2words' spellings mended, by language
    "es": {"cuadrigent": "cuadringent", "septigent": "septingent", "octigent": "octingent",
           "quadrag": "cuadrag"},
    "fr": {"vingtsième": "vingtième", "centsième": "centième"},  # "quatre-vingtième", "deux centième"
    "it": {"dicott": "diciott"},  # "centodiciottesimo", as the cardinal's "centodiciotto"
}
_JOINED = {"es": re.compile(r"\b(?:d[ée]cimo|vig[ée]simo)\s?(?=\w)")}  # "décimo octavo" -> one word
_PLAIN_TENS = {"décimo": "decimo", "decimo": "decimo", "vigésimo": "vigesimo", "vigesimo": "vigesimo"}
_ON_THEIR_OWN = {"es": {11: "undécimo", 12: "duodécimo"}}
_SHORT = re.compile(r"(prim|terc)ero$")


def ordinal(code: str, value: int, feminine: bool = False, short: bool = False) -> str:
    """``value`` as an ordinal of ``code``, feminine or short if asked."""
    said = _ON_THEIR_OWN.get(code, {}).get(value, "") if not short else ""
    if not said:
        said = mended(code, str(num2words(value, lang=code, to="ordinal")))
        joined = _JOINED.get(code)
        if joined and value % 100 not in (10, 20) and value % 100 < 30:
            said = joined.sub(lambda m: _PLAIN_TENS[m.group(0).strip()], said).replace("oo", "o")
    if code == "de" and value >= 100:  # "hundertste" -> "einhundertste", as the cardinal says it
        head = re.match(r"eine? ?(?=hundert|tausend|[mM]illi)", str(num2words(value, lang=code)))
        if head and not said.startswith("ein"):
            said = head.group(0).lower() + said
    if feminine:
        said = re.sub(r"o\b", "a", said)
    return shortened(said) if short else said


def mended(code: str, said: str) -> str:
    """num2words' ordinal ``said`` with its slips in ``code`` mended."""
    for slip, right in SLIPS.get(code, {}).items():
        said = said.replace(slip, right)
    return said


def shortened(said: str) -> str:
    """ "tercero" -> "tercer", "vigesimoprimero" -> "vigesimoprimer" (before a masculine noun)."""
    return _SHORT.sub(r"\1er", said)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman(numeral: str) -> int:
    """ "XXI" -> 21, "XIV" -> 14."""
    values = [_ROMAN[char] for char in numeral]
    return sum(-value if later > value else value for value, later in zip(values, [*values[1:], 0], strict=True))


# A century written in Roman numerals, by language: (its pattern, groups r or r2; said as the
# "ordinal" or the "cardinal"): "XXIe siècle": "vingt-et-unième siècle", "siglo XXI": "siglo
# veintiuno", "século XXI": "século vinte e um", "XX secolo" or "secolo XX": "ventesimo secolo".
_NUMERAL = r"[IVXLC]{1,7}"
CENTURIES = {
    "fr": (rf"(?P<r>{_NUMERAL})(?:er|e|ème|ᵉ|ᵉʳ)(?=\s+(?:(?:et|au)\s+{_NUMERAL}(?:e|ème|ᵉ)\s+)?siècles?\b)",
           "ordinal"),
    "es": (rf"(?<=[sS]iglo\s)(?P<r>{_NUMERAL})\b", "cardinal"),
    "pt": (rf"(?<=[sS]éculo\s)(?P<r>{_NUMERAL})\b", "cardinal"),
    "it": (rf"(?P<r>{_NUMERAL})(?=\s+secol[oi]\b)|(?<=[sS]ecolo\s)(?P<r2>{_NUMERAL})\b", "ordinal"),
}

# A ruler's number after the name ("Felipe VI", "Leone XIV", "Louis XIV", "François Ier"): said as
# the ordinal up to this number, past it as the cardinal ("Felipe sexto", "León catorce", "Louis
# quatorze", "Leone quattordicesimo"); feminine after these titles or names ("la reina Isabel II":
# "Isabel segunda", "la Fase II": "Fase segunda"). German and Dutch ("Karl III.": "der Dritte") are not read so.
REGNAL_ORDINAL_UP_TO = {"es": 10, "pt": 10, "it": 99, "fr": 1}
# German writes a ruler's number with its period ("Karl III."), said with its article by case
# ("Karl der Dritte", "unter Karl dem Dritten"); numbered things are no rulers ("Teil II.")
REGNAL_DATIVE = frozenset({"unter", "von", "mit", "bei", "nach", "seit", "zu", "vor", "aus", "für"})
REGNAL_NOT_NAMES = frozenset({"Teil", "Band", "Phase", "Klasse", "Kapitel", "Abschnitt", "Artikel", "Stufe",
                              "Liga", "Akt", "Buch", "Typ", "Modell", "Version", "Runde", "Staffel", "Folge",
                              "Gruppe", "Tabelle", "Anlage", "Nummer", "Absatz", "Paragraph"})
REGNAL_FEMININE = frozenset({"la", "reina", "rainha", "reine", "regina", "princesa", "princesse", "principessa",
                             "infanta", "Isabel", "Isabella", "Elisabetta", "Elizabeth", "Élisabeth",
                             "Juana", "Margarita", "Margrethe", "Cristina", "Beatriz", "Leonor", "Victoria"})
# The name and its numeral (not "X" alone: "Malcolm X", "Generación X")
REGNAL = (r"(?<![\w.])(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+)\s(?P<r>(?=[IVXL])(?!X(?![\w]))L?X{0,3}(?:IX|IV|V?I{0,3}))"
          r"(?P<er>er|ᵉʳ|re)?(?![\w])")
REGNAL_GERMAN = REGNAL.replace("(?P<er>er|ᵉʳ|re)?(?![\\w])", r"(?P<er>)\.(?=\s+[a-zäöü,])")

# "a 180º", "para 200º": a large number with the ordinal mark after a preposition of measure is
# an oven's or a turn's degrees (the mark stands in for "°"): its words, and those prepositions
DEGREES = {"pt": "graus", "es": "grados", "it": "gradi"}
DEGREES_FROM = 40
DEGREES_AFTER = {"pt": frozenset({"a", "para", "até", "aos"}), "es": frozenset({"a", "hasta", "unos"}),
                 "it": frozenset({"a", "fino", "ai", "sui"})}
