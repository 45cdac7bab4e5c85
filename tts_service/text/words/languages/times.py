"""Times beyond hours and minutes (those are each table's ``time``): seconds ("14:30:05":
"catorze horas e trinta minutos e cinco segundos"), Spanish a.m. and p.m. ("de la tarde"), a time
zone after a time, spelled ("5:02 est": "cinco y dos e s t", "gmt-3": "g m t menos tres"), the
feminine hours of Spanish and Portuguese ("una", "vinte e uma horas") and Portugal's and
Brazil's afternoon hours said on a twelve-hour clock ("15h da tarde": "três horas da tarde").
The words are data here, per language."""

from __future__ import annotations

import re

# hours, minutes and seconds: {h} {hours} {m} {min} {s} {sec}, the nouns one or many from units
WITH_SECONDS = {
    "de": "{h} Uhr {m} {min} {s} {sec}",
    "es": "{h} {hours} {m} {min} y {s} {sec}",
    "pt": "{h} {hours} e {m} {min} e {s} {sec}",
    "it": "{h} e {m} {min} e {s} {sec}",
    "fr": "{h} heures {m} {min} {s} {sec}",
    "nl": "{h} uur {m} {min} {s} {sec}",
}
# Languages that say a time with zero seconds as the clock time ("12:00:00": "doce", "12h02m00s":
# "doce y dos"); others say its zeros ("nove horas e zero minutos e zero segundos", as NeMo's Portuguese)
ROUND_WITHOUT_ZEROS = frozenset({"es"})
# A duration in hours, minutes and seconds ("2 h 30 min"): the word before its last part
DURATION_AND = {"es": "y", "pt": "e", "it": "e", "fr": "", "de": "", "nl": ""}
DURATION = (r"(?<![\d,.])(?:(?P<h>\d{1,3})\s?h\s?(?P<m>[0-5]?\d)\s?min(?:\s?(?P<s>[0-5]?\d)\s?(?:s|seg|sek)\b)?|"
            r"(?P<m2>\d{1,3})\s?min\s?(?P<s2>[0-5]?\d)\s?(?:s|seg|sek)\b)(?![\w])")
FEMININE_HOURS = frozenset({"es", "pt", "it", "fr"})  # "una", "vinte e uma", "l'una", "vingt et une heures"
# An hour written so -> (the time's form, the hour as said): "0 h 17": "minuit dix-sept"
NAMED_HOURS = {"fr": {"0": ("{h} {m}", "minuit")}}
ONE_HOUR = {"fr": ("heures", "heure"), "pt": ("horas", "hora")}  # "1:20": "une heure vingt", "uma hora e vinte"
# a.m. and p.m. by the hour said: (up to this hour, words), the first that holds
MERIDIEM: dict[str, dict[str, tuple[tuple[int, str], ...]]] = {
    "es": {"a": ((11, "de la mañana"), (12, "de la noche")),
           "p": ((7, "de la tarde"), (11, "de la noche"), (12, "del mediodía"))},
}
# "15h da tarde": three o'clock; the hours each part of the day takes on a twelve-hour clock
AFTERNOON = {"pt": (re.compile(r"\s+d[ae] (?P<part>tarde|noite)\b"), {"tarde": (13, 18), "noite": (19, 23)})}
MINUTES = {"es": {15: "cuarto", 30: "media"}}  # "13.30": "trece y media"
# Where a point may be a decimal one ("1.33": "uno punto treinta y tres"), hours and minutes
# written with a point are a time only on the clock's round minutes ("12.15", "14.05"), after
# one of these words ("a las 1.33", "às 10.37") or before one of these ("10.37 h", "da tarde").
CLOCK_BEFORE = {"es": frozenset({"la", "las"}), "pt": frozenset({"à", "às", "as", "das", "pelas"})}
CLOCK_AFTER = {"es": re.compile(r"\s*(?:h|hrs?|horas?|de la (?:mañana|tarde|noche)|del mediodía)\b"),
               "pt": re.compile(r"\s*(?:h|horas?|d[ae] (?:manhã|tarde|noite|madrugada))(?![\w])")}
# A time after these articles on a twelve-hour clock, said as people say it ("às 11:30": "às
# onze e trinta", "à 1:30": "à uma e trinta"), noon and midnight by name ("ao 12:30": "ao meio-dia
# e meia", "à 0:15": "à meia-noite e quinze"): language -> (the form, the articles, the named
# hours by their article, the minutes said otherwise after a named hour)
ARTICLE_CLOCK: dict[str, tuple[str, frozenset[str], dict[tuple[str, int], str], dict[int, str]]] = {
    "pt": ("{h} e {m}", frozenset({"à", "às", "ao"}), {("ao", 12): "meio-dia", ("à", 0): "meia-noite"},
           {30: "meia"}),
}
ZONES = ("utc", "gmt", "cet", "cest", "est", "edt", "pst", "pdt", "cst", "cdt", "mst", "mdt",
         "mez", "mesz", "wet", "west", "eet", "eest", "bst")


# Words of a language that spell a zone, taken for the word in small letters ("3 h est fermée": "is")
ZONE_WORDS = {"fr": ("est",), "nl": ("west",)}


def suffix(code: str) -> str:
    """What may follow a time in ``code``: a.m./p.m. (group ap), a zone (zone) and its offset
    (sign, off)."""
    meridiem = r"(?:\s?(?P<ap>[aApP])\.?\s?[mM]\b\.?)?" if code in MERIDIEM else ""
    zones = "|".join(ZONES)
    words = "".join(rf"(?!{word}(?![\w]))" for word in ZONE_WORDS.get(code, ()))
    return (rf"{meridiem}(?:\s{words}(?P<zone>(?i:{zones}))(?![\w])"
            r"(?:\s?(?P<sign>[+\-\u2212])(?P<off>\d{1,2}(?::[0-5]\d)?))?)?")


def meridiem(code: str, mark: str, hour: int) -> str:
    for up_to, words in MERIDIEM[code][mark.lower()]:
        if hour <= up_to:
            return words
    return ""


def spelled(zone: str) -> str:
    """ "gmt" -> "g m t"."""
    return " ".join(zone.lower())
