"""Money's words beyond a currency's name (the names are in ``tables.py``): the hundredths of
each currency where they are not the language's own ("$1,50" in Spanish: "centavos"; "£2,01"
in German: "ein Penny"), the currencies (and units) said with a feminine number ("una libra",
"doscientas libras", "uma libra") and the word joining a round million to its currency
("un millón de euros")."""

from __future__ import annotations

import re

CENTS: dict[str, dict[str, tuple[str, str]]] = {  # language -> symbol -> (one, many)
    "de": {"£": ("Penny", "Pence")},
    "es": {"$": ("centavo", "centavos"), "US$": ("centavo", "centavos"), "£": ("penique", "peniques"),
           "¥": ("centavo", "centavos"), "Q": ("centavo", "centavos"), "MXN": ("centavo", "centavos"),
           "pesos": ("centavo", "centavos"), "R$": ("centavo", "centavos")},
    "pt": {"R$": ("centavo", "centavos"), "$": ("centavo", "centavos"), "US$": ("centavo", "centavos")},
    "it": {"£": ("penny", "penny"), "₽": ("copeca", "copeche")},
    "fr": {"£": ("penny", "pence"), "$": ("cent", "cents")},
}
FEMININE: dict[str, frozenset[str]] = {  # words a number before them agrees with, as feminine
    "es": frozenset({"libra", "libras", "rupia", "rupias", "corona", "coronas", "peseta", "pesetas",
                     "hora", "horas", "millas", "milla", "toneladas", "tonelada", "córdoba", "córdobas",
                     # the feminine things news counts ("1600 personas": "mil seiscientas personas")
                     "personas", "hectáreas", "ofertas", "convocatorias", "viviendas", "empresas", "plazas",
                     "víctimas", "mujeres", "familias", "páginas", "casas", "escuelas", "unidades",
                     "especies", "semanas", "veces", "calles", "plantas"}),
    "pt": frozenset({"libra", "libras", "hora", "horas", "toneladas", "tonelada",
                     "pessoas", "empresas", "casas", "vítimas", "mulheres", "famílias", "crianças", "vagas",
                     "escolas", "semanas", "unidades", "espécies", "vezes"}),
    "it": frozenset({"sterlina", "sterline", "ora", "ore", "tonnellate", "tonnellata"}),
    "de": frozenset({"Stunde", "Minute", "Sekunde", "Tonne", "Meile", "Million", "Milliarde", "Billion",
                     "million", "milliarde"}),
    "fr": frozenset({"minute", "seconde", "tonne", "livre"}),
}
# A scale's word for one ("1 Mio. €": "eine Million Euro", "1 M€": "un millón de euros")
SINGULAR = {"de": {"Millionen": "Million", "Milliarden": "Milliarde"},
            "es": {"millones de": "millón de", "billones de": "billón de"},
            "it": {"milioni di": "milione di", "miliardi di": "miliardo di"},
            "pt": {"milhões de": "milhão de", "bilhões de": "bilhão de", "trilhões de": "trilhão de"},
            "fr": {"millions": "million", "milliards": "milliard", "millions d'": "million d'",
                   "milliards d'": "milliard d'"},
            "nl": {}}
ALONE = frozenset({"mil"})  # a scale said without its one: "R$ 1 mil", "€1 mil": "mil reais", "mil euros"


def scaled(code: str, scale: str, noun: str) -> str:
    """A scale's word before a currency: French joins them ("deux millions d'euros", "de dollars")."""
    if scale.endswith("'"):  # "millions d'" written
        return scale + noun
    if code == "fr":
        return f"{scale} d'{noun}" if noun[:1] in "aeiouéèh" else f"{scale} de {noun}"
    return f"{scale} {noun}"


OF = {"es": "de", "pt": "de", "it": "di", "fr": "d'"}  # "un millón de euros"
ROUND = re.compile(r"(?:millón|millones|billón|billones|milhão|milhões|bilhão|bilhões|milione|"
                   r"milioni|miliardo|miliardi|million|millions|milliard|milliards)$")
_FEMININE = {
    "es": ((r"\bun$|\buno$|\buno(?= coma\b)", "una"), (r"veintiuno$|veintiún$", "veintiuna"), (r"ientos\b", "ientas")),
    "pt": ((r"\bum$", "uma"), (r"\bdois$", "duas"), (r"entos\b", "entas")),
    "it": ((r"\buno?$", "una"),),
    "de": ((r"\bein$", "eine"),),
    "fr": ((r"\bun$", "une"),),
}
_LAST_MILLION = re.compile(r"^.*\b(?:mill|milh|bilh|mili)\w*\s*")


def feminine(code: str, said: str) -> str:
    """A number said before a feminine noun: "doscientos uno" -> "doscientas una" (but
    "doscientos millones una": millions are masculine)."""
    rules = _FEMININE.get(code)
    if not rules:
        return said
    head = _LAST_MILLION.match(said)
    cut = head.end() if head else 0
    tail = said[cut:]
    for pattern, replacement in rules:
        tail = re.sub(pattern, replacement, tail)
    return said[:cut] + tail


def agrees(code: str, said: str, noun: str, shorten: bool = True) -> str:
    """``said`` (a number) as it agrees with ``noun`` after it: feminine ("doscientas libras"),
    or shortened right before a masculine noun ("veintiún euros", "treinta y un kilómetros")."""
    if noun.split(" ")[0] in FEMININE.get(code, ()):
        return feminine(code, said)
    for pattern, replacement in APOCOPE.get(code, (frozenset(), ()))[1] if noun and shorten else ():
        said = re.sub(pattern, replacement, said)
    return said


def of(code: str, said: str) -> str:
    """ "un millón" -> "un millón de" before a currency, "dos mil" stays."""
    return f"{said} {OF[code]}" if code in OF and ROUND.search(said) else said


# "uno" before the nouns it shortens before, alone as a scale ("1 millón": "un millón")
APOCOPE: dict[str, tuple[frozenset[str], tuple[tuple[str, str], ...]]] = {
    "es": (frozenset({"millón", "millones", "billón", "billones", "millardo", "millardos", "trillón",
                      "trillones", "cuatrillón", "cuatrillones"}),
           ((r"\buno$", "un"), (r"veintiuno$", "veintiún"))),
}


def _scales(*pairs: tuple[str, str], short: dict[str, int] | None = None) -> dict[str, tuple[str, str]]:
    """Each scale's words (one, many), written either way, and its abbreviations (``short``: the
    abbreviation -> the index of its pair)."""
    words = {word: pair for pair in pairs for word in pair}
    return {**words, **{key: pairs[index] for key, index in (short or {}).items()}}


# A scale after a number, without a currency ("2,5 Mio. Menschen": "zwei Komma fünf Millionen
# Menschen", "1 Milliarde": "eine Milliarde", "1 milione": "un milione"): what is written -> the
# scale's words, one and many. An abbreviation is said as its word; a word stays as written.
SCALES: dict[str, dict[str, tuple[str, str]]] = {
    "de": _scales(("Million", "Millionen"), ("Milliarde", "Milliarden"), ("Billion", "Billionen"),
                  ("million", "millionen"), ("milliarde", "milliarden"),
                  short={"Mio.": 0, "Mrd.": 1, "Bio.": 2}),
    "es": _scales(*((noun, noun) for noun in APOCOPE["es"][0]), ("mil millones", "mil millones")),
    "pt": _scales(("milhão", "milhões"), ("bilhão", "bilhões"), ("trilhão", "trilhões")),
    "it": _scales(("milione", "milioni"), ("miliardo", "miliardi"), short={"mln": 0, "mld": 1}),
    "fr": _scales(("million", "millions"), ("milliard", "milliards")),
    "nl": _scales(("miljoen", "miljoen"), ("miljard", "miljard"), short={"mln": 0, "mld": 1}),
}


def shortened(code: str, said: str, noun: str) -> str:
    """ "uno" -> "un" before "millón" (and what else ``APOCOPE`` lists)."""
    nouns, rules = APOCOPE.get(code, (frozenset(), ()))
    if noun in nouns:
        for pattern, replacement in rules:
            said = re.sub(pattern, replacement, said)
    return said

# The escudo written with its sign between escudos and centavos ("6.500$00", Cape Verde and the old
# Portuguese escudo): "seis mil e quinhentos escudos"
CIFRAO = {"pt": ("escudo", "escudos", "centavo", "centavos")}
