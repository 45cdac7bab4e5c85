"""Dates in every language of ``tables.py``, each said by its table's ``date`` form ("{d} de {m}
de {y}"): numeric dates with any of the separators ". / -" ("02.03.2003", "15-03-2024", US
"03/15/2024" where the month cannot be the second), ISO dates ("2024-03-15", "2024-03"), a
month and its year ("06/2024"), a day and month without a year where the language writes them
so ("02.03", "17.06": German and French), and written dates with the month's name or its
abbreviation, in any case ("3. Juli 2025", "2. Mär. 2003", "1 de janeiro de 2000", "30 julio
del 2020"). The month abbreviations are data here, per language; the day is said as the table
says (German ordinals, French "premier")."""

from __future__ import annotations

import re

from .tables import LANGUAGES

ABBREVIATIONS: dict[str, dict[str, int]] = {  # lower case, with their full stop
    "de": {"jan.": 1, "feb.": 2, "febr.": 2, "mär.": 3, "mrz.": 3, "apr.": 4, "jun.": 6, "jul.": 7,
           "aug.": 8, "sep.": 9, "sept.": 9, "okt.": 10, "nov.": 11, "dez.": 12},
    "fr": {"janv.": 1, "févr.": 2, "fév.": 2, "avr.": 4, "juil.": 7, "sept.": 9, "oct.": 10,
           "nov.": 11, "déc.": 12},
    "es": {"ene.": 1, "feb.": 2, "mar.": 3, "abr.": 4, "jun.": 6, "jul.": 7, "ago.": 8, "sep.": 9,
           "sept.": 9, "oct.": 10, "nov.": 11, "dic.": 12},
    "it": {"gen.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "mag.": 5, "giu.": 6, "lug.": 7, "ago.": 8,
           "set.": 9, "sett.": 9, "ott.": 10, "nov.": 11, "dic.": 12},
    "pt": {"jan.": 1, "fev.": 2, "mar.": 3, "abr.": 4, "mai.": 5, "jun.": 6, "jul.": 7, "ago.": 8,
           "set.": 9, "out.": 10, "nov.": 11, "dez.": 12},
    "nl": {"jan.": 1, "feb.": 2, "mrt.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8, "sep.": 9,
           "sept.": 9, "okt.": 10, "nov.": 11, "dec.": 12,
           # CLDR's Dutch writes them without a full stop ("3 jul 2025"); after a day only
           "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "okt": 10, "nov": 11, "dec": 12},
}
# Abbreviations written without their full stop (CLDR's medium dates: "3 jul 2025", "3 lug 2025"),
# taken only between a day and a year: "mar" is also the sea
DOTLESS: dict[str, dict[str, int]] = {
    "es": {"ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6, "jul": 7, "ago": 8, "sept": 9,
           "sep": 9, "oct": 10, "nov": 11, "dic": 12},
    "it": {"gen": 1, "feb": 2, "mar": 3, "apr": 4, "mag": 5, "giu": 6, "lug": 7, "ago": 8, "set": 9,
           "ott": 10, "nov": 11, "dic": 12},
}
# Every month's name and abbreviation of the tables, lower case: after "3. " a date, no list item.
MONTH_NAMES = frozenset([name.lower() for table in LANGUAGES.values() for name in table.months]
                        + [name for names in ABBREVIATIONS.values() for name in names if name.endswith(".")])
# Languages also written month first ("abril 30", "junio 11 2000", "abr. 22": Latin America's
# Spanish, after the US), said day first as the table's ``date`` says
MONTH_FIRST = frozenset({"es"})
# Small words after a month-first date's day that leave it a date ("abril 30 a las 10")
AFTER_MONTH_FIRST = ("a", "al", "de", "del", "en", "y", "o", "por", "para", "con", "que", "se", "hasta",
                     "desde", "el", "la", "los", "las", "fue", "es", "será")
SHORT_DATES = frozenset({"de", "fr"})
# A day and month with a slash, both of two digits ("01/01", "31/12"), where dates are day first:
# no fraction ("1/2" keeps its own rule)
SLASH_DATES = frozenset({"es", "fr", "it", "pt"})  # "02.03": a day and month (elsewhere "14.05" is a time)

_DAY = r"0?[1-9]|[12]\d|3[01]"
_MONTH = r"0?[1-9]|1[0-2]"
_YEAR = r"\d{4}"


def patterns(code: str, months: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, pattern) of the date rules of a language; groups d, mo (a number), name (a
    month's word), y, of (a written "de"/"del" before the year)."""
    names = sorted([*months, *ABBREVIATIONS.get(code, {})], key=len, reverse=True)
    words = "|".join(re.escape(name) for name in names)
    found = [
        ("date", rf"(?<![\d.,/-])(?P<d>{_DAY})[./-](?P<mo>{_MONTH})[./-](?P<y>{_YEAR})(?![\d]|[.,/-]\d)"),
        # a year of two digits from the 1930s on ("du 27/10/75": "du vingt-sept octobre soixante-quinze")
        *((f"date_two_digit_year{index}", rf"(?<![\d.,/-])(?P<d>{_DAY}){sep}(?P<mo>{_MONTH}){sep}(?P<y>[3-9]\d)"
                                           r"(?![\d]|[.,/-]\d)") for index, sep in enumerate((r"\.", "/"))),
        ("date_us", rf"(?<![\d.,/-])(?P<mo>{_MONTH})/(?P<d>1[3-9]|2\d|3[01])/(?P<y>{_YEAR})(?![\d]|[.,/-]\d)"),
        ("date_iso", rf"(?<![\d.,/-])(?P<y>{_YEAR})[./-](?P<mo>{_MONTH})(?:[./-](?P<d>{_DAY}))(?![\d]|[.,/-]\d)"),
        ("date_month", r"(?<![\d.,/-])(?P<y>(?:1[5-9]|20)\d\d)-(?P<mo>0[1-9]|1[0-2])(?![\d]|[.,/-]\d)"),
        # a month of two digits and its year ("06/2024": "Juni 2024", "junio de 2024"); "1/2000" a fraction
        ("date_month_slash", r"(?<![\d.,/-])(?P<mo>0[1-9]|1[0-2])/(?P<y>(?:1[5-9]|20)\d\d)(?![\d]|[.,/-]\d)"),
        ("date_written", rf"(?<![\d.,])(?P<d>{_DAY})\.?\s(?:de\s)?(?P<name>(?i:{words}))(?:(?<=\.)|(?!\w))"
                         rf"(?:\s(?:(?P<of>del?)\s)?(?P<y>{_YEAR})(?!\d))?"),
    ]
    if code in DOTLESS:
        bare = "|".join(sorted(DOTLESS[code], key=len, reverse=True))
        found.append(("date_dotless", rf"(?<![\d.,])(?P<d>{_DAY})\s(?:de\s)?(?P<name>(?i:{bare}))\s"
                                      rf"(?:(?P<of>del?)\s)?(?P<y>{_YEAR})(?!\d)"))
    dotted = "|".join(re.escape(name) for name in sorted(ABBREVIATIONS.get(code, {}), key=len, reverse=True)
                      if name.endswith("."))
    if dotted:  # "Jan. 2009": a month and its year
        found.append(("date_month_year", rf"(?<![\w.])(?P<name>(?i:{dotted}))\s(?P<y>{_YEAR})(?!\d)"))
    if code in MONTH_FIRST:
        # not before a counted noun: "en mayo 3 personas" is three people ("abril 30 a las", a date)
        after = "|".join(AFTER_MONTH_FIRST)
        found.append(("date_month_first", rf"(?<![\w.])(?P<name>(?i:{words}))(?:(?<=\.)|(?!\w))\s(?P<d>{_DAY})"
                                          rf"(?:,?\s(?:(?P<of>del?)\s)?(?P<y>{_YEAR})(?!\d)|"
                                          rf"(?![\d.,:/-]?\d)(?!\s?%)(?!\s+(?!(?:{after})\b)[a-zà-ÿ]))"))
    if code in SLASH_DATES:
        found.append(("date_slash", r"(?<![\d.,/-])(?P<d>0[1-9]|[12]\d|3[01])/(?P<mo>0[1-9]|1[0-2])(?![\d]|[.,/-]\d)"))
    if code in SHORT_DATES:
        found.append(("date_short", r"(?<![\d.,/-])(?P<d>0[1-9]|[12]\d|3[01])\.(?P<mo>0[1-9]|1[0-2])"
                                    r"(?![\d]|[.,/-]\d)"))
    return found


def month_of(code: str, months: tuple[str, ...], parts: dict[str, str | None]) -> int:
    """The month's number in the groups of a match of ``patterns``."""
    if parts.get("mo"):
        return int(parts["mo"] or 0)
    name = (parts.get("name") or "").lower()
    lowered = [month.lower() for month in months]
    if name in lowered:
        return lowered.index(name) + 1
    return ABBREVIATIONS[code].get(name) or DOTLESS[code][name]


def said(form: str, day: str | None, month: str, year: str | None, of: str | None) -> str:
    """``form`` ("{d} de {m} de {y}") with the parts there are: no day ("märz 2003"), no year."""
    if of:
        form = re.sub(r"\bde?l? \{y\}", f"{of} {{y}}", form)
    if day is None:
        form = form[form.index("{m}"):]
    if year is None:
        form = form[:form.index("{m}") + 3]
    return form.format(d=day, m=month, y=year)

