"""Units after a number, as each language says them, one and many ("1 km": "un kilomètre",
"5 km": "cinq kilomètres"), beyond the few of ``tables.py`` (whose one word serves both), and
the word for "per" ("56,3 /km²": "pro Quadratkilometer"). German "Quadrat Meter" is written
apart: espeak-ng shortens the "a" of "Quadratmeter" (a Piper voice's phonemes are espeak-ng's)."""

from __future__ import annotations

import re

from .tables import Language


def _same(pairs: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {symbol: (word, word) for symbol, word in pairs.items()}


def _plural(pairs: dict[str, str], ending: str = "s") -> dict[str, tuple[str, str]]:
    """ "metro" -> ("metro", "metros"); "metro cuadrado" -> both words."""
    return {symbol: (word, " ".join(part + ending for part in word.split(" ") if part))
            for symbol, word in pairs.items()}


UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "de": {**_same({"m": "Meter", "cm": "Zentimeter", "mm": "Millimeter", "μm": "Mikrometer",
                    "km²": "Quadrat Kilometer", "m²": "Quadrat Meter", "m³": "Kubikmeter",
                    "cm³": "Kubikzentimeter",
                    "g": "Gramm", "mg": "Milligramm", "l": "Liter", "ml": "Milliliter",
                    "kwh": "Kilowattstunden", "MW": "Megawatt",
                    "kW": "Kilowatt", "mV": "Millivolt", "mv": "Millivolt", "ha": "Hektar",
                    "ft": "Fuß", "°F": "Grad Fahrenheit"}),
           "h": ("Stunde", "Stunden"), "min": ("Minute", "Minuten"), "s": ("Sekunde", "Sekunden"),
           "t": ("Tonne", "Tonnen"), "mph": ("Meile pro Stunde", "Meilen pro Stunde"),
           "kWh": ("Kilowattstunde", "Kilowattstunden")},
    "es": {**_plural({"m": "metro", "cm": "centímetro", "mm": "milímetro", "km": "kilómetro",
                      "kg": "kilogramo", "g": "gramo", "l": "litro", "ml": "mililitro", "h": "hora",
                      "min": "minuto", "s": "segundo", "seg": "segundo", "t": "tonelada",
                      "ha": "hectárea", "m²": "metro cuadrado", "km²": "kilómetro cuadrado"}),
           "m³": ("metro cúbico", "metros cúbicos"), "mph": ("milla por hora", "millas por hora"),
           "kph": ("kilómetro por hora", "kilómetros por hora"),
           "° c": ("grado centígrado", "grados centígrados"), "° k": ("grado kelvin", "grados kelvin"),
           "° F": ("grado Fahrenheit", "grados Fahrenheit"), "°F": ("grado Fahrenheit", "grados Fahrenheit"),
           "km/h": ("kilómetro por hora", "kilómetros por hora"), "m/h": ("metro por hora", "metros por hora")},
    "pt": {**_plural({"m": "metro", "cm": "centímetro", "mm": "milímetro", "kg": "quilo",
                      "g": "grama", "l": "litro", "ml": "mililitro", "h": "hora", "min": "minuto",
                      "s": "segundo", "t": "tonelada", "km": "quilómetro", "ha": "hectare"}),
           "m²": ("metro quadrado", "metros quadrados"), "°C": ("grau Celsius", "graus Celsius"),
           "mph": ("milha por hora", "milhas por hora"), "kph": ("quilómetro por hora", "quilómetros por hora"),
           "m/s": ("metro por segundo", "metros por segundo")},
    "it": {"m": ("metro", "metri"), "cm": ("centimetro", "centimetri"), "mm": ("millimetro", "millimetri"),
           "km": ("chilometro", "chilometri"), "kg": ("chilo", "chili"), "g": ("grammo", "grammi"),
           "l": ("litro", "litri"), "ml": ("millilitro", "millilitri"), "h": ("ora", "ore"),
           "min": ("minuto", "minuti"), "s": ("secondo", "secondi"), "t": ("tonnellata", "tonnellate"),
           "d": ("giorno", "giorni"),
           "km/s": ("chilometro per secondo", "chilometri per secondo"),
           "m²": ("metro quadrato", "metri quadrati"), "°C": ("grado", "gradi"), "A": ("ampere", "ampere")},
    "fr": {**_plural({"m": "mètre", "cm": "centimètre", "mm": "millimètre", "km": "kilomètre",
                      "kg": "kilogramme", "g": "gramme", "l": "litre", "ml": "millilitre", "min": "minute",
                      "s": "seconde", "t": "tonne", "°C": "degré", "°": "degré", "m²": "mètre carré",
                      "km²": "kilomètre carré", "m³": "mètre cube", "cm³": "centimètre cube",
                      "µm": "micromètre", "μm": "micromètre", "cm²": "centimètre carré"}),
           "F": ("franc", "francs")},  # the franc of news before 2002, after its number only ("F3" stays)
    "nl": {**_same({"m": "meter", "cm": "centimeter", "mm": "millimeter", "km": "kilometer",
                    "kg": "kilo", "g": "gram", "l": "liter", "ml": "milliliter", "t": "ton"}),
           "min": ("minuut", "minuten"), "s": ("seconde", "seconden")},
}
UNITS["pt_BR"] = {**UNITS["pt"], "km": ("quilômetro", "quilômetros"),
                  "kph": ("quilômetro por hora", "quilômetros por hora")}  # Brazil's spelling, its sound
PER = {"de": "pro", "es": "por", "pt": "por", "it": "al", "fr": "par", "nl": "per"}


# A unit symbol that is a school class after these words ("la 3 A", "della classe 5 A"): a letter.
NOT_AFTER: dict[str, dict[str, re.Pattern[str]]] = {
    "it": {"A": re.compile(r"(?:\b(?:la|della|alla|nella|dalla|classe|sezione)\s+)$", re.I)},
}


def names(table: Language) -> dict[str, tuple[str, str]]:
    """Every unit of ``table``'s language: symbol -> (one, many)."""
    found = {**{symbol: (word, word) for symbol, word in table.units.items()},
             **UNITS.get(table.numbers or table.code, UNITS.get(table.code, {}))}
    return {**{plain: found[square] for plain, square in PLAIN_SQUARES.items() if square in found}, **found}


# A unit after the word for "per" with no number of its own ("inwoners per km²": "per vierkante kilometer")
PER = {"nl": "per", "de": "pro", "fr": "par", "es": "por", "it": "per", "pt": "por"}
# "2000 F/mois": "deux mille francs par mois"; the nouns a slash may stand for "per" before
PER_NOUNS = {"fr": ("mois", "an", "année", "jour", "heure", "semaine", "nuit", "personne", "habitant"),
             "de": ("Monat", "Jahr", "Tag", "Stunde", "Woche", "Nacht", "Person", "Kopf"),
             "es": ("mes", "año", "día", "hora", "semana", "noche", "persona"),
             "it": ("mese", "anno", "giorno", "ora", "settimana", "notte", "persona"),
             "pt": ("mês", "ano", "dia", "hora", "semana", "noite", "pessoa"),
             "nl": ("maand", "jaar", "dag", "uur", "week", "nacht", "persoon")}
# "130 m2", "5 km2", "1108 cm3": the square and cubic units written without their superscript
PLAIN_SQUARES = {"m2": "m²", "km2": "km²", "cm2": "cm²", "m3": "m³", "cm3": "cm³"}
# Languages that read a decimal point only before a percent sign, a unit, a currency or one of
# these scale words ("46.7 millions", "l'8.10%"); elsewhere "2.3" is a section, "v 3.4" a version
POINT_ONLY_BEFORE = {"fr": ("millions", "milliards", "million", "milliard"),
                     "it": ("milioni", "miliardi", "milione", "miliardo")}
