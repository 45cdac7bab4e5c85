"""Small rules that say written tokens the way a newsreader would: money, dates, times, units,
abbreviations, roman numerals, web addresses and symbols.

Each rule is a regular expression over the source (unnamed groups only) and a function that gets
the match and returns the spoken words, or None to let the next rule try. Rules are tried in the
order of ``RULES`` at each place; what no rule takes is spoken as written. Data lives in
``readings``; number words come from ``number_words``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import numbers as nw
from .addresses import (
    DIRECTION,
    DIRECTIONS,
    HOUSE_NUMBER,
    QUADRANT,
    ZIP_CODE,
    house_number,
    say_direction,
    say_house_number,
    say_zip_code,
)
from .lexicon import NO_LEXICON, Lexicon
from .tables import (
    ABBREVIATIONS,
    ACRONYMS,
    AIRCRAFT_MAKERS,
    AMOUNT_NOUNS,
    BARE_ABBREVIATIONS,
    CURRENCIES,
    CURRENCY_CODES,
    DATELINE_WORDS,
    DAYS_IN_MONTH,
    FRACTION_UNITS,
    JET_FAMILIES,
    K_RESOLUTIONS,
    KELVIN_WORDS,
    MILITARY_CODES,
    MONTH_NAMES,
    MONTHS,
    NEEDS_NUMBER,
    NOT_NAMES,
    PARTIES,
    PER_UNITS,
    PHONE_BEFORE,
    PLACES_IN_CAPITALS,
    PLANE_WORDS,
    RACE_WORDS,
    REGNAL_NAMES,
    ROAD_WORDS,
    ROMAN_CARDINAL_BEFORE,
    SAID_AS_WORDS,
    SAID_NUMBERS,
    SCALES,
    SCORE_AFTER,
    SCORE_BEFORE,
    SCORE_NOT_AFTER,
    SCORE_SENTENCE,
    SERVICE_NUMBERS,
    SPACED_LETTER_UNITS,
    STATE_NAME_WORDS,
    STATES,
    SYMBOL_WORDS,
    TEAM_NUMBERS,
    TIME_ZONES,
    TITLES,
    TOLL_FREE,
    UNITS,
    URL_WORDS,
    VULGAR_FRACTIONS,
    WEEKDAYS,
    WORDLIKE_UNITS,
)


@dataclass(frozen=True)
class Options:
    """Choices a site (or an article) makes about reading."""

    date_order: str = "mdy"  # 03/07/2025: "mdy" March 7, "dmy" 3 July
    lexicon: Lexicon = NO_LEXICON  # words said the site's way, before any rule
    says: tuple[tuple[int, int, str], ...] = ()  # (start, end, spoken) of the publisher's markup
    lang: str = ""  # the article's language ("en-GB"): its region decides ambiguous dates
    decimal_comma: bool = False  # the article writes "1.500" for 1,500 and "3,5" for 3.5
    conventions_known: bool = False  # date_order and decimal_comma are the article's own (conventions)


Speak = Callable[[re.Match[str], Options], str | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    speak: Speak


# -- helpers ---------------------------------------------------------------------------------------
_WORD_BEFORE = re.compile(r"([\w.'’-]+)[\s\u00a0]+$")
_WORD_AFTER = re.compile(r"[\s\u00a0]+([\w'’-]+)")
_AT_END = re.compile(r"[\"'”’)\]}»]*\s*$")


def word_before(m: re.Match[str]) -> str:
    """The word before the match (separated by white space), or ""."""
    found = _WORD_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
    return found.group(1) if found else ""


def word_after(m: re.Match[str]) -> str:
    found = _WORD_AFTER.match(m.string, m.end())
    return found.group(1) if found else ""


def ends_source(m: re.Match[str]) -> bool:
    """Only closing quotes, brackets or space follow the match: it ends the sentence."""
    return bool(_AT_END.match(m.string, m.end()))


def _alt(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def _is_one(text: str) -> bool:
    return text.replace(",", "") in ("1", "1.0", "1.00")


NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"


_LETTER_RUN = re.compile(r"(?<![\w'-])[A-Za-z](?: [A-Za-z](?![\w'-]))+(?='?s\b|(?![\w'-]))")
_LONE_A = re.compile(r"(?<![\w'-])A(?![\w'-])")


def letters_for_voice(spoken: str) -> str:
    """Letters said one by one, joined by hyphens ("a m" -> "a-m", "U S" -> "U-S"), and a letter A
    as "A-" where a word or a letter follows it ("C-I-A- said", "N-A- A- C-P", a lone "A-"): the
    voice hears an "A" joined to the next word or letter, or after a hyphen, as the article ("uh")."""
    if " " not in spoken:
        return "A-" if spoken == "A" else spoken
    return _LONE_A.sub("A-", _LETTER_RUN.sub(_joined_letters, spoken))


_INNER_A = re.compile(r"(?<=-)A-")


def spelled(letters: str) -> str:
    """Capitals said one by one, joined as the voice says them: "NYAG" -> "N-Y-A- G"."""
    return _INNER_A.sub("A- ", "-".join(letters))


def _joined_letters(m: re.Match[str]) -> str:
    run = _INNER_A.sub("A- ", m.group(0).replace(" ", "-"))
    if run.endswith("-A") and m.string[m.end():m.end() + 1] not in (".", "'", "’", "s"):
        run += "-"  # "the C-I-A- said"; "U-S-A." and "C-I-A's" say it themselves
    return run


# -- web ---------------------------------------------------------------------------------------------
def say_address(m: re.Match[str], options: Options) -> str:
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group(0), flags=re.I).rstrip("/")
    spoken = []
    parts = re.split(r"([./:\-_@?=&#~+%])", text)
    country = _country_domain(parts)
    host_end = parts.index("/") if "/" in parts else len(parts)  # a path's words are left as written
    for index, part in enumerate(parts):
        if index == country:
            spoken.append(" " + " ".join(part.upper()) + " ")  # ".de", ".io": letters
        elif part in URL_WORDS:
            spoken.append(URL_WORDS[part])
        elif part.isdigit() and len(part) == 4 and 1900 <= int(part) <= 2099:
            spoken.append(" " + nw.year(int(part)) + " ")  # a year in a path
        elif part.isdigit():
            spoken.append(" " + nw.digits(part) + " ")
        elif re.search(r"\d", part) and re.search(r"[^\W\d_]", part):  # "asdf123", "a1b2"
            spoken += [" " + (_address_digits(run) if run.isdigit() else _address_word(run, m.string)) + " "
                       for run in re.findall(r"\d+|\D+", part)]
        elif part:
            spoken.append(" " + (_address_word(part, m.string) if index < host_end else part) + " ")
    return " ".join("".join(spoken).split())


def _address_word(run: str, text: str) -> str:
    """A name in an address: letters if the text writes it in capitals elsewhere ("AICE 2022 ...
    www.aice2022.com"); two dictionary words if it is two glued together ("bostontop"); else as is."""
    if run.isalpha() and run.islower() and 2 <= len(run) <= 6 and re.search(rf"\b{run.upper()}\b", text):
        return " ".join(run.upper())
    if run.isalpha() and run.islower() and len(run) >= 7 and not _word_or_plural(run):
        splits = [(min(i, len(run) - i), i) for i in range(3, len(run) - 2)
                  if is_english_word(run[:i]) and _word_or_plural(run[i:])]
        if splits:
            at = max(splits)[1]
            return f"{run[:at]} {run[at:]}"
    return run


def _word_or_plural(word: str) -> bool:
    return is_english_word(word) or len(word) > 5 and word.endswith("s") and is_english_word(word[:-1])  # "services"


def _address_digits(run: str) -> str:
    """Digits in an address are said one by one ("news24"), but a year is a year ("aice2022")."""
    return nw.year(int(run)) if len(run) == 4 and 1900 <= int(run) <= 2099 else nw.digits(run)


def _country_domain(parts: list[str]) -> int:
    """Where the last label of the host is, if it has two letters (a country's domain, said as
    letters: "dot D-E"), else -1."""
    end = parts.index("/") if "/" in parts else len(parts)
    if end >= 3 and parts[end - 2] == "." and re.fullmatch(r"[A-Za-z]{2}", parts[end - 1]):
        return end - 1
    return -1


def say_handle(m: re.Match[str], options: Options) -> str:
    mark, name = m.group(1), m.group(2)
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|_", name) or [name]  # "TagLine": "Tag Line"
    parts = ["underscore" if part == "_" else _handle_part(part) for part in parts]
    tag = "at " if mark == "@" else "hashtag "
    if mark == "#" and word_before(m).lower() == "hashtag":
        tag = ""  # "the hashtag #Vote2024" says "hashtag" once
    return tag + " ".join(parts)


def _handle_part(part: str) -> str:
    """Digits in a name: a year ("aice2022"), a small number ("top10"), else one by one ("keizi666")."""
    if part.isdigit():
        if len(part) == 4 and 1900 <= int(part) <= 2099:
            return nw.year(int(part))
        return nw.cardinal(int(part)) if len(part) <= 2 and part[0] != "0" else nw.digits(part)
    return part


def say_phone(m: re.Match[str], options: Options) -> str:
    groups = re.findall(r"\d+", m.group(0))
    if groups[0] == "1" and len(groups) > 2 and groups[1] in TOLL_FREE:  # "one eight hundred"
        return ", ".join([f"one {TOLL_FREE[groups[1]]}", *(nw.digits(group) for group in groups[2:])])
    if len(groups) > 2 and groups[0] in TOLL_FREE:
        return ", ".join([TOLL_FREE[groups[0]], *(nw.digits(group) for group in groups[1:])])
    spoken = ", ".join(nw.digits(group) for group in groups)
    return ("plus " if m.group(0).lstrip().startswith("+") else "") + spoken


# -- money --------------------------------------------------------------------------------------------
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "its", "his", "her", "their", "our", "my",
                          "your", "each", "every", "one", "another"})
_NOT_NOUNS = frozenset({
    "away", "long", "wide", "high", "deep", "tall", "old", "north", "south", "east", "west",
    "apart", "ahead", "behind", "later", "ago", "earlier", "above", "below", "higher", "lower",
    "of", "in", "to", "for", "per", "a", "an", "the", "and", "or", "from", "on", "at", "by", "with",
    "each", "apiece", "is", "was", "are", "were", "will", "would", "a-year", "this", "that", "than",
    "last", "next", "more", "less", "over", "under", "into", "after", "before", "as", "while",
    "when", "since", "but", "so", "because", "if", "up", "down", "off", "out", "back", "it",
})


def used_as_adjective(m: re.Match[str]) -> bool:
    """"a $75 fee", "the 5 km race": an amount between a determiner and a noun takes a singular
    unit."""
    after = word_after(m)
    if after in AMOUNT_NOUNS:  # "faces $250,000 fines", "won the 100m sprint"
        return True
    return (word_before(m).lower() in _DETERMINERS and after.isalpha() and after.islower()
            and after not in _NOT_NOUNS)


_TIME_WORDS = frozenset({"which", "who", "whose", "where", "between", "within", "without", "around",
                         "across", "through", "among", "against", "along", "beyond", "near", "toward",
                         "towards", "until", "via", "yesterday", "today", "tonight", "tomorrow", "overall",
                         "total", "apiece",
                         "instead", "too", "alone", "now", "then", "there", "here", "already", "still",
                         "yet", "faster", "slower", "further", "farther", "heavier", "lighter", "longer",
                         "shorter", "larger", "smaller", "bigger", "wider", "taller", "deeper"})


_VERBS = frozenset({"is", "was", "has", "had", "can", "could", "will", "would", "should", "may", "might",
                    "must", "do", "does", "did", "are", "were"})
_AMOUNT_OF_UNITS = frozenset({"tsp", "tbsp", "Tbsp", "oz", "fl oz", "lb", "lbs", "g", "kg", "mg", "ml", "mL",
                              "l", "L", "cl", "gal", "OZ", "LBS", "KG", "Kg", "kgs", "ML"})


_SHARED_NOUN = re.compile(r"\s(?:and|or|to)\s[\d.,]+\s?[A-Za-z]{1,4}\s([a-z]+)\b")


def unit_as_adjective(m: re.Match[str], unit: str) -> bool:
    """"an 82 kWh battery", "11 kW onboard charging", "64GB Wi-Fi": a unit before a word that it
    describes is singular; not before a verb, an adverb or a preposition ("8GB of memory", "5 km
    south")."""
    if used_as_adjective(m):
        return True
    shared = _SHARED_NOUN.match(m.string, m.end())  # "a 512GB and 1TB model": both describe "model"
    if shared and word_before(m).lower() in _DETERMINERS:
        word = shared.group(1)
        return word not in _NOT_NOUNS and word not in _VERBS and word not in _TIME_WORDS and not word.endswith("ly")
    if unit in _AMOUNT_OF_UNITS:  # "2 tsp. salt": an amount of what follows
        return False
    after = word_after(m)
    if not after or not after[0].isalpha() or not re.match(r"[\s\u00a0]+\w", m.string[m.end():]):
        return False
    word = after.lower()
    if (word in _NOT_NOUNS or word in _TIME_WORDS or word in WEEKDAYS or word in MONTHS
            or word.endswith("ly") or word.endswith("ed") and "-" not in word):
        return False
    return after[0].isupper() or after.islower() and word not in _VERBS


def say_money(m: re.Match[str], options: Options) -> str | None:
    """"$7.5 million", "$23-million centre" (a hyphen makes it an adjective), "$7.9 million dollars"
    (said once), "$35 USD" (U-S dollars), "$1 million-plus" (more than one million dollars)."""
    sign, mark, amount, scale = m.group(1) or "", m.group(2), m.group(3), m.group(4) or m.group(5)
    mark = mark.strip()
    if mark not in CURRENCIES:
        return None
    if m.group(6) and m.group(6).strip() == "USD" and mark == "$":
        mark = "US$"
    per = m.string.startswith("-a-", m.end())  # "a $35-a-night motel": thirty-five dollar-a-night
    spoken = _money(sign, mark, amount, scale, m, adjective=bool(m.group(5)) or per)
    if m.group(7):  # "a $1 million-plus deal": one million dollar-plus; "sold for $1 million-plus"
        return f"{spoken}-plus" if m.group(5) or used_as_adjective(m) else f"more than {spoken}"
    return spoken


def say_money_range(m: re.Match[str], options: Options) -> str | None:
    """"$40-50 billion": forty to fifty billion dollars."""
    mark = m.group(1).strip()
    if mark not in CURRENCIES:
        return None
    one, many = CURRENCIES[mark][:2]
    unit = one if used_as_adjective(m) else many
    if not m.group(4):  # "$5-10": five to ten dollars; "$1.50-2.50": each with its cents
        if "." in m.group(2) + m.group(3):
            return f"{_money('', mark, m.group(2), None, m)} to {_money('', mark, m.group(3), None, m)}"
        return f"{nw.decimal(m.group(2))} to {nw.decimal(m.group(3))} {unit}"
    return f"{nw.decimal(m.group(2))} to {nw.decimal(m.group(3))} {SCALES[m.group(4)]} {unit}"


def say_money_code(m: re.Match[str], options: Options) -> str | None:
    amount, scale, code = m.group(1), m.group(2), m.group(3)
    return _money("", CURRENCY_CODES[code], amount, scale, m)


def _money(sign: str, mark: str, amount: str, scale: str | None, m: re.Match[str],
           adjective: bool = False) -> str:
    one, many, minor_one, minor_many = CURRENCIES[mark]
    minus = "minus " if sign else ""
    adjective = adjective or used_as_adjective(m)
    if scale:
        unit = one if adjective else many
        return f"{minus}{nw.decimal(amount)} {SCALES[scale]} {unit}"
    whole, _, cents = amount.replace(",", "").partition(".")
    if len(cents) == 1 and int(whole or 0) == 0:  # "$0.5/hr": fifty cents ("$1.5" stays 1.5)
        cents += "0"
    if len(cents) == 2 and minor_one and not adjective:
        major = int(whole or 0)
        minor = int(cents)
        parts = []
        if major:
            parts.append(f"{nw.cardinal(major)} {one if major == 1 else many}")
        if minor or not major:
            parts.append(f"{nw.cardinal(minor)} {minor_one if minor == 1 else minor_many}")
        return minus + " ".join(parts)  # "seven dollars fifty cents", as the TN suites say it
    if len(cents) == 2 and minor_one and int(whole or 0) and int(cents):  # "a $69.99 fee"
        return f"{minus}{nw.cardinal(int(whole))} {nw.cardinal(int(cents))}"
    if len(cents) == 2 and minor_one and int(cents):  # "the $0.06/kWh benchmark": the six cent...
        return f"{minus}{nw.cardinal(int(cents))} {minor_one}"
    unit = one if adjective or _is_one(amount) else many
    return f"{minus}{nw.decimal(amount)} {unit}"


# -- numbers with words around them ------------------------------------------------------------------
def say_percent(m: re.Match[str], options: Options) -> str:
    return nw.decimal(m.group(1)) + " percent"


def say_percent_range(m: re.Match[str], options: Options) -> str:
    return f"{nw.decimal(m.group(1))} to {nw.decimal(m.group(2))} percent"


def say_ordinal(m: re.Match[str], options: Options) -> str:
    return nw.ordinal(int(m.group(1).replace(",", "")))


def _valid_date(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= DAYS_IN_MONTH[month - 1]


def _date(month: int, day: int, year: str | None) -> str:
    spoken = f"{MONTH_NAMES[month - 1]} {nw.ordinal(day)}"
    return spoken + (f", {nw.year(int(year))}" if year else "")


def say_iso_date(m: re.Match[str], options: Options) -> str | None:
    year, month, day = (int(x) for x in m.groups())
    return _date(month, day, str(year)) if _valid_date(month, day) else None


def say_numeric_date(m: re.Match[str], options: Options) -> str | None:
    first, second, year = int(m.group(1)), int(m.group(2)), m.group(3)
    month, day = (second, first) if options.date_order == "dmy" else (first, second)
    if not _valid_date(month, day):
        return None
    if len(year) == 2:
        year = f"20{year}" if int(year) < 50 else f"19{year}"
    return _date(month, day, year)


def say_month_day(m: re.Match[str], options: Options) -> str | None:
    weekday, month, day, year = m.group(1), MONTHS[m.group(2).lower()], int(m.group(3)), m.group(5)
    number = MONTH_NAMES.index(month) + 1
    if not _valid_date(number, day):
        return None
    if m.group(4):  # "Nov. 3-5"
        last = int(m.group(4))
        if not (_valid_date(number, last) and last > day):
            return None
        spoken = f"{month} {nw.ordinal(day)} to {nw.ordinal(last)}" + (f", {nw.year(int(year))}" if year else "")
    else:
        spoken = _date(number, day, year)
    return (WEEKDAYS.get(weekday.lower(), weekday) + ", " if weekday else "") + spoken


def say_day_month(m: re.Match[str], options: Options) -> str | None:
    day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], m.group(3)
    if m.group(4):  # "14 Oct. 15)": a two-digit year after the month's stop
        year = str((2000 if int(m.group(4)) < 50 else 1900) + int(m.group(4)))
    number = MONTH_NAMES.index(month) + 1
    if not _valid_date(number, day):
        return None
    if word_before(m).lower() == "the":  # "the 4th March": "the fourth of March"
        return f"{nw.ordinal(day)} of {month}" + (f", {nw.year(int(year))}" if year else "")
    return _date(number, day, year)


def say_dotted_date(m: re.Match[str], options: Options) -> str | None:
    """04.03.2021: day first, as where dots are written (Europe), unless it cannot be."""
    first, second, year = int(m.group(1)), int(m.group(3)), m.group(4)
    month, day = (first, second) if options.date_order == "mdy" and m.group(2) == "/" else (second, first)
    if not _valid_date(month, day):
        month, day = day, month
    return _date(month, day, year) if _valid_date(month, day) else None


def say_slashed_iso_date(m: re.Match[str], options: Options) -> str | None:
    year, month, day = (int(x) for x in m.groups())
    return _date(month, day, str(year)) if _valid_date(month, day) else None


def say_weekday_range(m: re.Match[str], options: Options) -> str:
    joint = "and" if m.group(2).strip() in ("&", "and") else "to"
    return f"{WEEKDAYS[m.group(1).lower()]} {joint} {WEEKDAYS[m.group(3).lower()]}"


def say_quarter(m: re.Match[str], options: Options) -> str:
    """"Q3 2024", "3Q24": the third quarter (of a year)."""
    number, year = m.group(1) or m.group(3), m.group(2) or m.group(4)
    spoken = f"{nw.ordinal(int(number))} quarter"
    if year:
        spoken += " of " + nw.year(int(year) if len(year) == 4 else 2000 + int(year))
    return _with_the(m, spoken)


_PREPOSITIONS = frozenset({"in", "for", "during", "of", "by", "from", "since", "through", "until",
                           "over", "after", "before", "into", "to", "on", "In", "For", "During", "By",
                           "From", "Since", "Through", "Until", "Over", "After", "Before", "On"})


def _with_the(m: re.Match[str], spoken: str) -> str:
    """"in Q3", "in H1 2025": a period said after a preposition takes "the"."""
    return "the " + spoken if word_before(m) in _PREPOSITIONS else spoken


def say_half_year(m: re.Match[str], options: Options) -> str:
    """"H1 2025": the first half of twenty twenty-five."""
    half = "first" if m.group(1) == "1" else "second"
    return _with_the(m, f"{half} half of {nw.year(int(m.group(2)))}")


def say_fiscal_year(m: re.Match[str], options: Options) -> str:
    """"FY2024-25": fiscal year twenty twenty-four to twenty-five; "FY24": fiscal year twenty-four."""
    first, last = m.group(1), m.group(2)
    spoken = "fiscal year " + _fiscal_year(first)
    return spoken + (" to " + _fiscal_year(last) if last else "")


def _fiscal_year(digits: str) -> str:
    return nw.year(int(digits)) if len(digits) == 4 else _two_digit_year(digits)


def say_iso_timestamp(m: re.Match[str], options: Options) -> str | None:
    """"2024-03-05T14:30:00Z": March fifth, twenty twenty-four, fourteen thirty U-T-C (a date and a
    24-hour time; seconds said only when not zero, an offset from UTC as hours and minutes)."""
    year, month, day, hour, minute = (int(part) for part in m.groups()[:5])
    seconds, zone = m.group(6), m.group(7)
    if not _valid_date(month, day):
        return None
    spoken = f"{_date(month, day, str(year))}, {_clock_words(hour, minute)}"
    if seconds and int(seconds):
        spoken += f" and {nw.cardinal(int(seconds))} {'second' if int(seconds) == 1 else 'seconds'}"
    if zone:
        spoken += " " + TIME_ZONES["UTC"]
        hours, minutes = int(zone[1:3] or 0), int(zone[-2:]) if len(zone) > 3 else 0
        if hours or minutes:
            spoken += (" plus " if zone[0] == "+" else " minus ") + nw.cardinal(hours)
            spoken += f" {nw.cardinal(minutes)}" if minutes else ""
    return spoken


def _clock_words(hour: int, minute: int) -> str:
    """A 24-hour time: "fourteen thirty", "nine oh five", "fifteen hundred", "midnight"."""
    if minute == 0:
        return "midnight" if hour == 0 else nw.cardinal(hour) + (" hundred" if hour > 12 else " o'clock")
    return nw.cardinal(hour) + (" oh " if minute < 10 else " ") + nw.cardinal(minute)


def say_aircraft(m: re.Match[str], options: Options) -> str:
    """Boeing 737-800, Airbus A321neo, 787-9: model numbers in pairs, as the industry says them."""
    letter, number, variant, suffix = m.group(1), m.group(2), m.group(3), m.group(4)
    spoken = (letters_for_voice(letter) + " " if letter else "") + nw.pairs(number)
    if variant:
        spoken += " " + nw.pairs(variant)
    return spoken + (" " + suffix if suffix else "")


def say_military_code(m: re.Match[str], options: Options) -> str:
    """C-130, KC-135, F-117: the letters, then the number in pairs."""
    return f"{' '.join(m.group(1))} {nw.pairs(m.group(2))}"


def say_letter_a(m: re.Match[str], options: Options) -> str:
    return "A-"


def say_comma_decimal_percent(m: re.Match[str], options: Options) -> str:
    return f"{nw.decimal(m.group(1) + '.' + m.group(2))} percent"


def say_unit_range(m: re.Match[str], options: Options) -> str | None:
    if m.group(3) in WORDLIKE_UNITS and m.group(0)[-len(m.group(3)) - 1].isspace():
        return None  # "2-6 in the AFC": a record, not inches
    one, many = UNITS[m.group(3)]
    return f"{nw.decimal(m.group(1))} to {nw.decimal(m.group(2))} {one if unit_as_adjective(m, m.group(3)) else many}"


def say_era_year(m: re.Match[str], options: Options) -> str:
    """"1066 AD" ten sixty-six A-D, "500 BC", "AD 79": a year with its era (four digits as a year,
    fewer as a number: "A.D. 192" one hundred ninety-two)."""
    if m.group(3):
        return f"{' '.join(m.group(3).replace('.', ''))} {_era_number(m.group(4))}"
    era = " ".join(m.group(2).replace(".", ""))
    return f"{_era_number(m.group(1))} {era}" + ("." if m.group(2).endswith(".") and ends_source(m) else "")


def _era_number(digits: str) -> str:
    return nw.year(int(digits)) if len(digits) == 4 else nw.cardinal(int(digits))


def say_month_abbreviation(m: re.Match[str], options: Options) -> str:
    return MONTHS[m.group(1).lower()] + ("." if ends_source(m) else "")  # "by end-Jun." keeps its stop


def say_year_range(m: re.Match[str], options: Options) -> str | None:
    first, second = int(m.group(1)), m.group(2)
    if len(second) == 1:  # "1846-8": to forty-eight
        second = str(first)[2] + second
    if len(second) == 2:
        end = first // 100 * 100 + int(second)
        if end <= first:
            end += 100
    else:
        end = int(second)
    if not first < end <= first + 100:
        return None
    if len(second) == 2 and end // 100 == first // 100 and not (first < 2010 <= end < 2100):
        # "1991-95": "... to ninety five"; but "2006-18" is "... to twenty eighteen"
        return f"{nw.year(first)} to {_two_digit_year(second)}"
    return f"{nw.year(first)} to {nw.year(end)}"


def _two_digit_year(digits: str) -> str:
    """"95" ninety five, "05" oh five, "10" ten: the end of a year range as it is written."""
    return "oh " + nw.cardinal(int(digits)) if digits[0] == "0" else nw.cardinal(int(digits))


def say_decade(m: re.Match[str], options: Options) -> str:
    return nw.decade(int(m.group(1)))


def say_short_decade(m: re.Match[str], options: Options) -> str:
    tens = int(m.group(1))
    return "two thousands" if tens == 0 else nw.decade(1900 + 10 * tens).split(" ", 1)[1]


def say_age_decade(m: re.Match[str], options: Options) -> str:
    return nw.decade(1900 + 10 * int(m.group(1))).split(" ", 1)[1]


def say_clock(m: re.Match[str], options: Options) -> str | None:
    hour, minute, meridiem, zone = int(m.group(1)), m.group(2), m.group(3), m.group(4)
    if minute is not None and int(minute) > 59:
        return None
    if meridiem and not 1 <= hour <= 12:
        return None
    if not meridiem and hour > 23:
        return None
    spoken = nw.cardinal(hour)
    if minute is not None:
        minutes = int(minute)
        if minutes == 0:
            if not meridiem and hour == 0:
                return "midnight" + (" " + TIME_ZONES[zone] if zone else "")
            spoken += "" if meridiem else (" hundred" if hour > 12 else " o'clock")
        elif minutes < 10:
            spoken += " oh " + nw.cardinal(minutes)
        else:
            spoken += " " + nw.cardinal(minutes)
    if meridiem:
        spoken += " a m" if meridiem.lower().startswith("a") else " p m"
    if zone:
        spoken += " " + TIME_ZONES[zone]
    if meridiem and meridiem.endswith(".") and ends_source(m):
        spoken += "."
    return spoken


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def say_formula(m: re.Match[str], options: Options) -> str:
    """"CO₂" C O two, "H₂O" H two O, "CH₄" C H four: a chemical formula, letter by letter."""
    parts = re.findall(r"[A-Z][a-z]?|\d+", m.group(0).translate(_SUBSCRIPTS))
    return " ".join(nw.cardinal(int(part)) if part.isdigit() else " ".join(part.upper()) for part in parts)


def say_race_time(m: re.Match[str], options: Options) -> str:
    """"a 1:59.5 mile": one fifty-nine point five; "1:05.3" one oh five point three; "1:00.2" one
    minute zero point two."""
    minutes, seconds, tenths = int(m.group(1)), m.group(2), nw.digits(m.group(3))
    if seconds == "00":
        return f"{nw.cardinal(minutes)} {'minute' if minutes == 1 else 'minutes'} zero point {tenths}"
    return f"{nw.cardinal(minutes)} {'oh ' if seconds[0] == '0' else ''}{nw.cardinal(int(seconds))} point {tenths}"


def say_duration(m: re.Match[str], options: Options) -> str:
    """"1:01:01", "14:10:30": hours, minutes and seconds (a race time, a clock with seconds)."""
    hours, minutes, seconds = (int(part) for part in m.groups())
    said = [f"{nw.cardinal(n)} {unit if n == 1 else unit + 's'}"
            for n, unit in ((hours, "hour"), (minutes, "minute"), (seconds, "second"))]
    return f"{said[0]} {said[1]} and {said[2]}"


def say_fraction(m: re.Match[str], options: Options) -> str | None:
    numerator, denominator = int(m.group(1)), int(m.group(2))
    if denominator == 0 or numerator == 0:
        return None
    if numerator > denominator >= 40 and not m.group(0)[-1].isalpha():  # "120/80": one twenty over eighty
        return f"{nw.pairs(m.group(1))} over {nw.cardinal(denominator)}"
    date_like = (numerator > denominator > 1 or numerator <= 12 < denominator <= 31 and denominator != 16
                 or word_before(m).lower() in _DATE_BEFORE and word_after(m) != "of")  # "on 10/11"
    if date_like and not m.group(0)[-1].isalpha():  # "10/7", "12/25": dates, not ten sevenths
        month, day = (denominator, numerator) if options.date_order == "dmy" else (numerator, denominator)
        if _valid_date(month, day):
            return _date(month, day, None)
    return nw.fraction(numerator, denominator)


_DATE_BEFORE = frozenset({"on", "since", "until", "till", "dated"})


def say_mixed_fraction(m: re.Match[str], options: Options) -> str | None:
    whole, numerator, denominator = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (0 < numerator and 1 < denominator):  # "3 5/2": three and five halves
        return None
    part = "a half" if (numerator, denominator) == (1, 2) else nw.fraction(numerator, denominator)
    return f"{nw.cardinal(whole)} and {part}"


def say_vulgar_fraction(m: re.Match[str], options: Options) -> str:
    numerator, denominator = VULGAR_FRACTIONS[m.group(2)]
    if m.group(1):
        part = "a half" if (numerator, denominator) == (1, 2) else nw.fraction(numerator, denominator)
        return f"{nw.cardinal(int(m.group(1)))} and {part}"
    return nw.fraction(numerator, denominator)


def say_day_range_month(m: re.Match[str], options: Options) -> str | None:
    """"18-24 November": November eighteenth to twenty-fourth."""
    first, last, month = int(m.group(1)), int(m.group(2)), MONTHS[m.group(3).lower()]
    if not 1 <= first < last <= 31:
        return None
    return f"{month} {nw.ordinal(first)} to {nw.ordinal(last)}"


def say_zone_clock(m: re.Match[str], options: Options) -> str:
    """"0100 GMT" oh one hundred, "1451 GMT" fourteen fifty-one: a 24-hour time before its zone."""
    hours, minutes = m.group(1), int(m.group(2))
    spoken = ("oh " if hours[0] == "0" else "") + nw.cardinal(int(hours))
    return spoken + (" hundred" if minutes == 0 else (" oh " if minutes < 10 else " ") + nw.cardinal(minutes))


def say_fraction_of_unit(m: re.Match[str], options: Options) -> str | None:
    """"3/4 inch": three quarters of an inch."""
    numerator, denominator = int(m.group(1)), int(m.group(2))
    if numerator >= denominator:
        return None
    unit = m.group(3)
    part = "half" if (numerator, denominator) == (1, 2) else nw.fraction(numerator, denominator)
    return f"{part} of {'an' if unit[0] in 'aeiou' else 'a'} {unit}"


def say_thousands_point(m: re.Match[str], options: Options) -> str | None:
    """"1.000 led lights", "25.000 fans": a point before three zeros and a counted noun is a
    thousands point even where the article shows no European convention (nobody counts lights to
    three decimals); "1.500 visitors" is the conventions' to decide, "1.000 meters" a decimal."""
    if word_after(m).lower() in _MEASURED:
        return None
    return nw.cardinal(int(m.group(1) + m.group(2)))


_MEASURED = frozenset({"meters", "metres", "miles", "kilometers", "kilometres", "inches", "feet", "pounds",
                       "grams", "kilograms", "liters", "litres", "points", "seconds", "degrees", "times",
                       "dollars", "euros", "goals", "runs", "hours", "minutes", "yards", "percentage"})


def say_feet_inches(m: re.Match[str], options: Options) -> str:
    """"6 ft 2 in": six feet two inches (a height or a length in both units)."""
    feet, inches = int(m.group(1)), int(m.group(2))
    spoken = (f"{nw.cardinal(feet)} {'foot' if feet == 1 else 'feet'} "
              f"{nw.cardinal(inches)} {'inch' if inches == 1 else 'inches'}")
    return spoken + "." if m.group(3) and ends_source(m) else spoken


def say_hours_minutes(m: re.Match[str], options: Options) -> str:
    """"1h45" (a running time): one hour forty-five."""
    hours, minutes = int(m.group(1)), int(m.group(2))
    spoken = f"{nw.cardinal(hours)} {'hour' if hours == 1 else 'hours'} {nw.cardinal(minutes)}"
    return spoken + (f" {'minute' if minutes == 1 else 'minutes'}" if m.group(0).endswith(("m", "min")) else "")


def say_range(m: re.Match[str], options: Options) -> str:
    return f"{nw.decimal(m.group(1))} to {nw.decimal(m.group(2))}"


def say_ratio(m: re.Match[str], options: Options) -> str:
    return f"{nw.cardinal(int(m.group(1)))} to {nw.cardinal(int(m.group(2)))}"


def say_slashed_numbers(m: re.Match[str], options: Options) -> str:
    return " slash ".join(nw.decimal(part) for part in m.group(0).split("/"))


def say_unit(m: re.Match[str], options: Options) -> str | None:
    amount, scale, space, unit = m.group(1), m.group(2), m.group(3), m.group(4)
    if unit in WORDLIKE_UNITS and space and not m.group(5) and not _spaced_unit(m, unit):
        return None  # "5 in a row", "Gate 4 C": not a unit
    one, many = UNITS[unit]
    number = nw.decimal(amount) + (" " + SCALES[scale] if scale else "")
    singular = (_is_one(amount) and not scale) or space == "-" or unit_as_adjective(m, unit)  # "an 8-oz cup"
    spoken = f"{number} {one if singular else many}"
    if m.group(5) and ends_source(m):
        spoken += "."
    return spoken


_NAME_OR_NUMBER_AFTER = re.compile(r"\s*[A-Z0-9&]")


def _spaced_unit(m: re.Match[str], unit: str) -> bool:
    """"a 1500 V line", "60 W": a unit letter after a number and a space, where neither a name
    or number follows ("60 W 57th St": West) nor a road's word comes before ("Route 60 W")."""
    return (unit in SPACED_LETTER_UNITS and not _NAME_OR_NUMBER_AFTER.match(m.string, m.end())
            and word_before(m).rstrip(".") not in ROAD_WORDS)


def say_dimensions(m: re.Match[str], options: Options) -> str | None:
    """"2x3 mm", "1.6 x 2 x 0.5 cm": each side, "by", then the unit (plural unless it describes)."""
    *sides, space, unit = m.groups()
    if unit in WORDLIKE_UNITS and space:  # "4x4 in the yard"
        return None
    one, many = UNITS[unit]
    spoken = " by ".join(nw.decimal(side) for side in sides if side)
    return f"{spoken} {one if unit_as_adjective(m, unit) else many}"


def say_time_signature(m: re.Match[str], options: Options) -> str:
    """"a 6/8 feel", "in 3/4 time": a time signature is said as its two numbers, "six-eight"."""
    return f"{nw.cardinal(int(m.group(1)))}-{nw.cardinal(int(m.group(2)))}"


def say_model_suffix(m: re.Match[str], options: Options) -> str | None:
    """"Radeon Pro 5500M", "i7 4790k": a model number in pairs and its letter; "1440p", "1080i": a
    video resolution the same way. A bare number with a letter after a plain word is left alone."""
    number, letter = m.group(1).replace(",", ""), m.group(2)
    before = word_before(m)
    plain_before = not before or before.isalpha() and before.islower() or before in _TITLE_WORDS
    if letter not in "pi" and (len(number) < 4 or plain_before):
        return None
    return f"{house_number(number)} {letter.upper()}"


_TITLE_WORDS = frozenset({"The", "A", "An", "In", "On", "At", "By", "For", "From", "Since", "Until"})


def say_road_direction(m: re.Match[str], options: Options) -> str:
    """"County Road 600S": six hundred South (grid roads are named by their distance and side);
    "Route 311N", "Highway 101 S", "I-95 N": the road's number and its direction."""
    number, direction = m.group(2), DIRECTIONS[m.group(3)]
    spoken = f"I {nw.pairs(number)} {direction}" if m.group(1) else f"{house_number(number)} {direction}"
    return spoken + "." if m.group(4) and (ends_source(m) or _CAPITAL_AFTER.match(m.string, m.end())) else spoken


_CAPITAL_AFTER = re.compile(r"\s+[\"“]?[A-Z]")
_ROAD_BEFORE = ("Road ", "Rd. ", "Rd ", "CR ", *(word + " " for word in sorted(ROAD_WORDS)), "State Route ")


_WIRE_DASH = re.compile(r"[^\n]{0,80}?(?:\s[—–-]{1,2}\s|—|\((?:AP|Reuters|AFP|UPI|Bloomberg)\))")


def say_dateline(m: re.Match[str], options: Options) -> str | None:
    """"SANTA FE, N.M. (AP) —", "NEW YORK (Reuters) -": a dateline's place in capitals is its name
    ("Santa Fe"), not letters; only at the start of a paragraph, before the wire's dash or name."""
    if not _WIRE_DASH.match(m.string, m.end()):
        return None
    return " ".join(DATELINE_WORDS.get(word, word.title()) for word in m.group(0).split(" "))


def say_times(m: re.Match[str], options: Options) -> str:
    """"4.4x" four point four x, "a 10x zoom"; "2x8" two by eight."""
    if m.group(2):
        return f"{nw.decimal(m.group(1))} by {nw.decimal(m.group(2))}"
    if word_after(m).lower() in _TIMES_BEFORE:  # "20x slower", "3x more"
        return f"{nw.decimal(m.group(1))} times"
    return f"{nw.decimal(m.group(1))} x"


_TIMES_BEFORE = frozenset({"slower", "faster", "more", "less", "larger", "smaller", "bigger", "higher",
                           "lower", "better", "worse", "cheaper", "as", "the", "longer", "greater"})


def say_unit_per_unit(m: re.Match[str], options: Options) -> str | None:
    """"12kg/kg", "3 cc/s": the amount in the first unit, per one of the second."""
    amount, space, unit, per = m.group(1), m.group(2), m.group(3), m.group(4)
    if unit in WORDLIKE_UNITS and space and unit != "cc":  # "5 in/out": not a unit
        return None
    one, many = UNITS[unit]
    per_word = "second" if per == "s" else UNITS[per][0]  # "2 GB/s"
    return f"{nw.decimal(amount)} {one if _is_one(amount) else many} per {per_word}"


def say_retirement_plan(m: re.Match[str], options: Options) -> str:
    """"401(k)" four oh one K, "403(b)": the plans' names as they are said."""
    return f"{nw.pairs(m.group(1))} {m.group(2).upper()}"


def say_toll_free_words(m: re.Match[str], options: Options) -> str:
    """"1-800-FLOWERS", "1-800-GO-U-HAUL", "a 1-800 number": one eight hundred, then the words."""
    spoken = [f"one {TOLL_FREE[m.group(1)]}"]
    for part in (m.group(2) or "").split("-"):
        if part.isdigit():
            spoken.append(nw.digits(part))
        elif part:
            word = part.lower()
            known = is_english_word(word) or word.endswith("s") and is_english_word(word[:-1])
            spoken.append(word if len(part) > 1 and known else " ".join(part))
    return " ".join(spoken)


def say_glued_thousand(m: re.Match[str], options: Options) -> str:
    """"10K followers": ten thousand; "4K video", "a 10K run", "ran a 10K.": the letter K;
    "cooled to 77K": kelvin."""
    amount, after = m.group(1), word_after(m).lower()
    near = set(re.findall(r"[a-z]+", m.string[max(0, m.start() - 60):m.end() + 30].lower()))
    if near & KELVIN_WORDS:
        return f"{nw.decimal(amount)} kelvin"
    race = word_before(m).lower() in ("a", "the") and (ends_source(m) or after in _NOT_NOUNS
                                                      or bool(re.match(r"[.,;:!?]", m.string[m.end():])))
    if amount in K_RESOLUTIONS or after in RACE_WORDS or race:
        return f"{nw.decimal(amount)} K"
    return f"{nw.decimal(amount)} thousand"


def say_standard_number(m: re.Match[str], options: Options) -> str:
    """"ISBN 978-0-306-40615-7", "ISSN 0891-1851": the letters, then the digits group by group."""
    groups = re.findall(r"[\dXx]+", m.group(2))
    return " ".join(m.group(1)) + " " + ", ".join(
        " ".join("X" if ch in "Xx" else nw.digits(ch) for ch in group) for group in groups)


def say_ip_address(m: re.Match[str], options: Options) -> str:
    """"192.168.0.1": one nine two dot one six eight dot zero dot one (four groups of digits are
    read so even where one is past 255: "987.987.0.40" is no number either)."""
    return " dot ".join(nw.digits(part) for part in m.group(0).split("."))


def say_local_phone(m: re.Match[str], options: Options) -> str | None:
    """"call 555-1234", "020 7946 0958": a phone number said digit by digit, in its groups."""
    if not m.group(0).startswith("0") and word_before(m).lower().rstrip(":") not in PHONE_BEFORE:
        return None
    return ", ".join(nw.digits(group) for group in re.findall(r"\d+", m.group(0)))


def say_service_number(m: re.Match[str], options: Options) -> str | None:
    """911, 988, 999: a help line is said digit by digit, but not "999 people"."""
    if m.group(0) not in ("911", "988") and not _SERVICE_AFTER.match(m.string, m.end()) \
            and word_before(m).lower() not in _SERVICE_BEFORE:
        return None
    return nw.digits(m.group(0))


_SERVICE_AFTER = re.compile(r"\s*(?:line\b|hotline\b|operators?\b|calls?\b|dispatchers?\b)")
_SERVICE_BEFORE = frozenset({"call", "calls", "dial", "dialed", "dialled", "ring", "text", "called",
                             "dialing", "calling"})


def say_rate_spoken(m: re.Match[str], options: Options) -> str | None:
    amount = m.group(1)
    mark = re.match(rf"{_CURRENCY_MARKS}", amount)
    number = amount[mark.end():] if mark and mark.end() else amount
    if mark and mark.end():
        spoken = _money("", mark.group(0).strip(), number, None, m)
    else:
        spoken = nw.decimal(number)
    per = PER_UNITS.get(m.group(2)) or PER_UNITS.get(m.group(2).lower())  # "$5/Month"
    if not per and mark and mark.end() and m.group(2) in UNITS:  # a price per unit: "$0.06/kWh", "$0.23/W"
        per = UNITS[m.group(2)][0]
    return f"{spoken} per {per}" if per else None


def say_temperature_pair(m: re.Match[str], options: Options) -> str:
    """"200C/400F", "180°C / 350°F": a temperature in both scales, said as one or the other."""
    said = [f"{nw.decimal(amount)} {UNITS[unit][0 if _is_one(amount) else 1]}"
            for amount, unit in ((m.group(1), m.group(2)), (m.group(3), m.group(4)))]
    return " or ".join(said)


_ENDING_IN = re.compile(r"\b(?:ending|ends)\s(?:in|with)\s$", re.I)


def say_number(m: re.Match[str], options: Options) -> str:
    text = m.group(0)
    plain = text.lstrip("+-−")
    if plain.isdigit() and (len(plain) > 1 and plain[0] == "0"
                            or _ENDING_IN.search(m.string, max(0, m.start() - 12), m.start())
                            and not (len(plain) == 4 and 1900 <= int(plain) <= 2099)):
        return nw.digits(plain)  # "004", "a card ending in 8876": a code, digit by digit
    if len(plain) == 4 and plain.isdigit() and 1000 <= int(plain) <= 2099 and plain == text:
        return nw.year(int(plain))
    return nw.decimal(text)


# -- words ------------------------------------------------------------------------------------------
def say_party(m: re.Match[str], options: Options) -> str | None:
    state = m.group(2).rstrip(".")
    if state not in STATES and not state.isalpha():
        return None
    spoken = f"{PARTIES[m.group(1)]} of {STATES.get(state, state)}"
    return f"({spoken})" if m.group(0).startswith("(") else spoken


_CREDENTIAL_AFTER = re.compile(r",\s(?:[A-Z][A-Za-z]{1,4}\b|Ph\.?D)")
_NAME_WITH_INITIAL = re.compile(r"\b[A-Z]\.\s[A-Z][a-z]+,\s$")


def say_state(m: re.Match[str], options: Options) -> str | None:
    """"Peoria, Ill.", "Austin, TX": a state after a place name, AP or postal style; not a
    degree after a person's name ("Jaya K. Rao, MD, MHS")."""
    state = m.group(1)
    if state not in STATES:
        return None
    if state in ("MD", "PA", "DO") and (_CREDENTIAL_AFTER.match(m.string, m.end())
                                        or _NAME_WITH_INITIAL.search(m.string, 0, m.start())):
        return None
    spoken = STATES[state]
    return spoken + "." if m.group(0).endswith(".") and ends_source(m) else spoken


def say_score(m: re.Match[str], options: Options) -> str | None:
    """"won 6-4, 3-6", "a 2-0 win": numbers of a score are said one after the other."""
    pairs = re.findall(r"(\d{1,3})[-–](\d{1,3})", m.group(0))
    before, after = word_before(m).lower(), word_after(m).lower()
    recent = set(m.string[max(0, m.start() - 30):m.start()].lower().split()[-3:])
    if not (len(pairs) > 1 or recent & SCORE_BEFORE or after in SCORE_AFTER
            or (before in ("a", "the") and after in SCORE_AFTER) or _among_scores(m, after)):
        return None
    return ", ".join(f"{nw.cardinal(int(a))} {nw.cardinal(int(b))}" for a, b in pairs)


_TIEBREAK = re.compile(r"\s\(\d{1,2}\)")
_EARLIER_SCORE = re.compile(r"(?<![\w.,/-])\d{1,2}[-–]\d{1,2}(?:\s\(\d{1,2}\))?,?\s")


def _among_scores(m: re.Match[str], after: str) -> bool:
    """A pair in a sentence about a game: a tiebreak follows ("7-6 (5)"), a score came just before
    ("7-6 (5), 7-6 (7)"), or the sentence tells of a result ("got past Chile 3-0 in Group C, with
    Pella beating Jarry"); not a span of time or an amount ("24-48 hours")."""
    if after in SCORE_NOT_AFTER:
        return False
    if _TIEBREAK.match(m.string, m.end()) or _EARLIER_SCORE.search(m.string, max(0, m.start() - 16), m.start()):
        return True
    return bool(set(re.findall(r"[a-z]+", m.string.lower())) & SCORE_SENTENCE)


def say_title(m: re.Match[str], options: Options) -> str:
    return TITLES[m.group(1)]


def say_saint_or_street(m: re.Match[str], options: Options) -> str:
    """"St. Louis", "a st Louis list", "st Michael's": Saint; "Elm St.", "1st st", "York st # 4",
    "Elm St. It was": Street."""
    after = word_after(m)
    name_after = after[:1].isupper() and after not in NOT_NAMES and after not in DIRECTIONS  # "Elm St. NE"
    if name_after:
        return "Saint"
    if m.group(0).endswith(".") and (ends_source(m) or after in NOT_NAMES):
        return "Street."
    return "Street"


def say_bare_abbreviation(m: re.Match[str], options: Options) -> str | None:
    spoken, where = BARE_ABBREVIATIONS[m.group(1)]
    before, after = word_before(m), word_after(m)
    if where == "after_name" and not ((before[:1].isupper() or before[:1].isdigit()) and before not in NOT_NAMES):
        return None
    if where == "before_name" and not (after[:1].isupper() and after not in NOT_NAMES):
        return None
    if where == "before_number" and not re.match(r"\s?\d", m.string[m.end():]):
        return None
    return spoken + "." if m.group(0).endswith(".") and ends_source(m) else spoken


def say_abbreviation(m: re.Match[str], options: Options) -> str | None:
    word = m.group(1)
    if word in NEEDS_NUMBER and not m.group(2) and not re.match(r"\s?\d", m.string[m.end():]):
        return None
    spoken = ABBREVIATIONS[word]
    if m.group(2):  # glued to its number: "p.130", page one hundred thirty
        return f"{spoken} {nw.cardinal(int(m.group(2)))}"
    if m.string[m.end():m.end() + 1].isdigit():
        spoken += " "  # glued to a number read by its own rule: "p.3.5"
    return spoken + "." if ends_source(m) else spoken


def say_initialism(m: re.Match[str], options: Options) -> str:
    """"U.S." U-S; four or more dotted capitals that spell a word ("L.E.A.N. Ads") are the word."""
    found = re.findall(r"[A-Za-z]", m.group(0))
    word = "".join(found)
    if len(word) >= 4 and word.isupper() and _VOWELS & set(word) and is_english_word(word.lower()):
        return word.lower() + "." if ends_source(m) else word.lower()
    letters = " ".join(found)
    return letters + "." if ends_source(m) else letters


def say_initial(m: re.Match[str], options: Options) -> str:
    """A lone initial: its period would end the sentence for the voice."""
    return m.group(1)


def say_acronym(m: re.Match[str], options: Options) -> str:
    return ACRONYMS[m.group(0)]


_VOWELS = set("AEIOUY")


def say_place_in_capitals(m: re.Match[str], options: Options) -> str:
    """"flights to LAGOS", "in NEW YORK": a known place written in capitals is its name."""
    return " ".join(DATELINE_WORDS.get(word, word.title()) for word in m.group(0).split(" "))


def say_capitals(m: re.Match[str], options: Options) -> str | None:
    """An unknown abbreviation in capitals that cannot be read as a word is spelled out."""
    word, possessive = m.group(0), ""
    if word[-2:] in ("'s", "’s"):
        word, possessive = word[:-2], "'s"
    if word in ACRONYMS:
        return ACRONYMS[word] + possessive
    if possessive:  # the voice drops the possessive of a word in capitals ("NASA's" is "nasa's")
        if (len(word) <= 3 or not set("AEIOU") & set(word) or re.search(r"[^AEIOU]{3}", word)
                or not (word in SAID_AS_WORDS or is_english_word(word.lower()))):  # "NYAG's": letters
            return spelled(word) + possessive
        return word.lower() + possessive
    letters = word.rstrip("s")
    singular = word[:-1] if word.endswith("S") else word  # "FALLS"
    if len(word) > 3 and re.search(r"[^AEIOUY]{3}", word) and (is_english_word(word.lower())
                                                                or is_english_word(singular.lower())):
        return word.lower()  # WORLD: the voice would spell its consonants
    known = len(letters) < 3 or letters in SAID_AS_WORDS or is_english_word(letters.lower())
    if known and _VOWELS & set(letters) and not re.search(r"[^AEIOUY]{3}", letters):
        return None  # a word the voice reads (MIX, MAC, YOU); two letters it spells itself
    if word.endswith("s") and letters != word:
        return spelled(letters) + "'s"  # "PMAs": the voice says the plural of the last letter
    return " ".join(letters)


@functools.cache
def _english_words() -> frozenset[str]:
    from english_words import get_english_words_set  # ~0.2 s: loaded on the first capital word

    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def is_english_word(word: str) -> bool:
    """Whether ``word`` (lowercase) is in the GCIDE dictionary: an unknown word in capitals that
    is not (MAAC, IAAF, ESOL) is letters; one that is (MIX, WORLD) is read as a word."""
    return word in _english_words()


def say_code(m: re.Match[str], options: Options) -> str:
    """MI5, G7, F-35, COVID-19, GPT-4o, ID.4, PM2.5: the letters as the voice says them, then the
    number (and a letter after it)."""
    letters, number, point, after = m.group(1), m.group(2), m.group(3), m.group(4)
    spoken = ACRONYMS.get(letters, letters if len(letters) > 3 and _VOWELS & set(letters)
                          else " ".join(letters))
    if point:  # "PM2.5", "GPT-3.5"
        said = nw.decimal(number + point)
    elif letters == "I" or letters in ("SR", "US") and len(number) == 3:  # "I-405", "SR 101": roads, in pairs
        said = nw.pairs(number)
    elif len(number) == 4 and 1950 <= int(number) <= 2099:  # "FY2024", "COP2025": a year
        said = nw.year(int(number))
    else:
        said = nw.cardinal(int(number))
    return f"{spoken} {said}" + (f" {after.upper()}" if after else "")


def say_road_number(m: re.Match[str], options: Options) -> str | None:
    """"Highway 101", "Route 405": road numbers in pairs (one oh one, four oh five)."""
    return nw.pairs(m.group(0)) if word_before(m).rstrip(".") in ROAD_WORDS else None


def say_letter_digit_code(m: re.Match[str], options: Options) -> str:
    """"H5N1", "B2B": each letter, then its number."""
    return " ".join(nw.cardinal(int(part)) if part.isdigit() else part
                    for part in re.findall(r"\d+|[A-Z]", m.group(0)))


def say_round_plural(m: re.Match[str], options: Options) -> str:
    """"1,000s of people": thousands; "100s": hundreds; "10,000s": tens of thousands."""
    return {"100": "hundreds", "1000": "thousands", "10000": "tens of thousands",
            "100000": "hundreds of thousands", "1000000": "millions"}[m.group(1).replace(",", "")]


def say_number_plural(m: re.Match[str], options: Options) -> str:
    """"HTTP 500s" five hundreds, "RTX 3080s" thirty eighties, "Boeing 747s" seven forty-sevens:
    the plural of a number (a model's in pairs)."""
    number = m.group(1)
    spoken = nw.pairs(number) if len(number) == 4 or word_before(m) in AIRCRAFT_MAKERS else nw.cardinal(int(number))
    head, _, last = spoken.rpartition(" ")
    plural = last[:-1] + "ies" if last.endswith("y") else last + ("es" if last.endswith("x") else "s")
    return f"{head} {plural}".strip()


def say_network_generation(m: re.Match[str], options: Options) -> str | None:
    """"5G", "3D", "Wi-Fi 6E", "iPhone 5C", "seat 30C": the number and the letter; but "reached 30C",
    "lows of 5C" are temperatures (the unit rule says them)."""
    number, letter, before = m.group(1), m.group(2), word_before(m).lower()
    if letter in "CF" and before not in _SEAT_WORDS and (len(number) == 2 or before in _TEMPERATURE_BEFORE):
        return None
    return f"{nw.cardinal(int(number))} {letter}"


_SEAT_WORDS = frozenset({"seat", "seats", "row", "gate", "room", "apt", "apartment", "unit", "flat", "suite",
                         "platform", "bay", "pier", "terminal", "iphone", "galaxy", "model", "version", "no"})
_TEMPERATURE_BEFORE = frozenset({"minus", "to", "of", "reached", "hit", "at", "around", "about", "above",
                                 "below", "than", "near", "highs", "lows", "high", "low", "was", "is"})


def say_pence(m: re.Match[str], options: Options) -> str | None:
    """"a 50p coin", "99p a litre", "from £1 to 80p": pence where the text is about pounds or a
    coin; "24p film" (a frame rate) is not."""
    if "£" not in m.string and word_after(m).lower() not in _PENCE_AFTER:
        return None
    return "one penny" if m.group(1) == "1" else f"{nw.cardinal(int(m.group(1)))} pence"


_PENCE_AFTER = frozenset({"coin", "coins", "piece", "pieces", "a", "per", "each", "off", "charge", "levy",
                          "rise", "cut", "increase", "tax", "bag", "bags", "stamp", "stamps"})


def say_roman(m: re.Match[str], options: Options) -> str | None:
    numeral = m.group(1)
    value = _roman_value(numeral)
    before = word_before(m)
    if value is None or not before:
        return None
    if numeral in ("C", "D", "L", "M") and before.lower() != "bowl" or numeral == "X" and before.lower() == "series":
        return None  # "Type C", "Class C felony", "Series D funding", "Xbox Series X": letters ("Super Bowl L": 50)
    if before.lower().rstrip(".") in ROMAN_CARDINAL_BEFORE:
        return nw.cardinal(value)
    regnal = (before[:1].isupper() and before.isalpha() and before not in NOT_NAMES
              and value <= 40 and (len(numeral) > 1 or before in REGNAL_NAMES))
    if regnal:
        return "the " + nw.ordinal(value).title()
    return None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def _roman_value(numeral: str) -> int | None:
    if not numeral or not _ROMAN.match(numeral):
        return None
    total = 0
    for here, after in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after != " " and _ROMAN_VALUES[after] > value else value
    return total


def say_symbol(m: re.Match[str], options: Options) -> str:
    return f" {SYMBOL_WORDS[m.group(0)]} " if SYMBOL_WORDS[m.group(0)] else " "


def say_hash_number(m: re.Match[str], options: Options) -> str:
    return "number " + nw.decimal(m.group(1))


def say_word_dash(m: re.Match[str], options: Options) -> str:
    return ", "


def say_slash_words(m: re.Match[str], options: Options) -> str | None:
    """"barrels/day" barrels per day; between two words in small letters, glued or spaced, a choice:
    "his/her" his or her, "prams / pushchairs" prams or pushchairs ("and/or" and or); names and
    letters glued are the two words ("AC/DC"), spaced they are left as written ("CBC / Radio")."""
    spaced = m.string[m.end():m.end() + 1] == " "
    after = word_after_slash(m, m.end() + spaced)
    if after in _PER_TIME and not spaced:
        return " per "
    before = re.search(r"[A-Za-z]+(?= ?$)", m.string[max(0, m.start() - 30):m.start()])
    first = before.group(0) if before else ""
    if len(first) > 1 and len(after) > 1 and first.islower() and after.islower() \
            and (spaced or not _in_path(m)):
        return " " if {first, after} & {"and", "or"} else " or "
    return None if spaced else " "


_PATH = re.compile(r"[/~.]|.*\.[a-z]{1,4}(?!\w)")


def _in_path(m: re.Match[str]) -> bool:
    """"/tmp/myapp", "stuff/bigstuff.py": the slash of a path, not a choice."""
    start = max(m.string.rfind(" ", 0, m.start()), m.string.rfind("\n", 0, m.start())) + 1
    end = m.string.find(" ", m.end())
    return _PATH.match(m.string[start:end if end >= 0 else len(m.string)].strip("\"'“”‘’()[]")) is not None


_PER_TIME = frozenset({"day", "week", "month", "year", "hour", "night", "person", "head", "capita"})


def word_after_slash(m: re.Match[str], start: int | None = None) -> str:
    found = re.match(r"[A-Za-z]+", m.string[m.end() if start is None else start:])
    return found.group(0) if found else ""


def say_scaled_count(m: re.Match[str], options: Options) -> str | None:
    """"1.5bn people", "2.4m barrels": a count with its scale glued on. "m" is million only
    before a plural that is not a race ("100m hurdles"); otherwise the unit rule reads meters."""
    amount, scale, after = m.group(1), m.group(2), word_after(m)
    if scale in ("m", "M", "B") and not (after.islower() and after.endswith("s") and after not in AMOUNT_NOUNS
                             and after not in RACE_WORDS and after not in _NOT_PLURALS):
        return None
    return f"{nw.decimal(amount)} {SCALES[scale]}"


_NOT_PLURALS = frozenset({"is", "was", "has", "its", "this", "across", "less", "plus", "always", "perhaps"})


def say_height(m: re.Match[str], options: Options) -> str:
    """"5'11\"": five foot eleven."""
    return f"{nw.cardinal(int(m.group(1)))} foot {nw.cardinal(int(m.group(2)))}"


def say_month_year(m: re.Match[str], options: Options) -> str:
    """"Aug 2024", "Sept. 2025": the month's name and the year."""
    return f"{MONTHS[m.group(1).lower()]} {nw.year(int(m.group(2)))}"


# -- the rules, in the order they are tried ----------------------------------------------------------
_CURRENCY_MARKS = r"US\$|CA?\$|AU?\$|NZ\$|HK\$|S\$|\$|£|€|¥|₹|₩|₽|₺|₦|CHF\s?|Rs\.?\s?"
_SCALE = _alt(set(SCALES))
_UNIT = _alt(set(UNITS))
_MONTH = _alt({name for name in MONTHS if len(name) > 3} | {name.title() for name in MONTHS}
              | {name.upper() for name in MONTHS if len(name) > 3})
_MONTH_SHORT = _alt({name.title() for name in MONTHS if len(name) <= 4 and name != "may"}
                    | {name.upper() for name in MONTHS if len(name) <= 4 and name != "may"})
_WEEKDAY_SHORT = _alt({name.title() for name in WEEKDAYS})
_MONTH_LOWER = _alt({name for name in MONTHS if len(name) <= 4 and name != "may"})
_FULL_WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_TZ = _alt(set(TIME_ZONES))
_MERIDIEM = r"a\.m\.|p\.m\.|A\.M\.|P\.M\.|am\b|pm\b|AM\b|PM\b|a\.m\b|p\.m\b"
_ROMAN_TOKEN = r"(?=[MDCLXVI])(M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"

# What ends a time before a dash that means "to" ("9am-5pm", "9 a.m. - 5 p.m.").
_MERIDIEM_ENDS: tuple[str, ...] = (r"\d[AaPp][Mm]", r"\d [AaPp][Mm]", r"[AaPp]\.[Mm]\.")
_MERIDIEM_ENDS += tuple(end + " " for end in _MERIDIEM_ENDS)

RULES: tuple[Rule, ...] = (
    Rule("dateline", r"(?<![^\n])[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}(?=,\s|\s\()", say_dateline),
    Rule("url", r"(?:https?://|www\.)[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]", say_address),
    Rule("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:/[\w./-]*[\w/])?(?<![.-])", say_address),
    Rule("domain", r"(?<![\w@./-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|"
         r"co\.uk|uk|ai|app|news|info|biz|us|ca|de|fr)(?:/[\w./-]*[\w/])?(?![\w@])", say_address),
    Rule("mercury", r"(?<=\d )mm ?Hg\b", lambda m, o: "millimeters of mercury"),  # "120/80 mmHg"
    Rule("dot_word", r"(?<![\w./])\.(com|org|gov|net|edu)\b(?![\w.]*\w)",  # "the .com bubble"
         lambda m, o: f"dot {m.group(1)}"),
    Rule("subreddit", r"(?<![\w/])([ru])/(?=[A-Za-z]\w{2,})", lambda m, o: f"{m.group(1)} slash "),  # "r/news"
    Rule("handle", r"(?<![\w@#&])([@#])([A-Za-z_]\w{0,38})", say_handle),
    Rule("standard_number", r"\b(ISBN|ISSN)(?:-1[03])?:?\s?(\d[\d-]{7,15}[\dXx])(?![\w-])", say_standard_number),
    Rule("ip_address", r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.]*\d)", say_ip_address),
    Rule("local_phone", r"(?<![\w.+-])(?:\d{3}-\d{4}|0\d{2,4}\s\d{3,4}\s\d{3,4})(?![\w.-]*\d)", say_local_phone),
    Rule("phone", r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)[\s-]?|\d{3}[.-])\d{3}[.-]\d{4}(?:-\d{4})?(?!\d)",
         say_phone),  # "-1111": an extension
    Rule("toll_free_words", rf"(?<![\w+-])1-({_alt(set(TOLL_FREE))})(?:-([A-Z0-9]+(?:-[A-Z0-9]+)*))?(?![\w-])",
         say_toll_free_words),
    Rule("id_number", r"(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]*\d)", say_phone),
    Rule("calling_code", r"(?<![\w+])\+(\d{3})(?=\s[A-Z][a-z])", lambda m, o: "plus " + nw.digits(m.group(1))),
    Rule("phone_intl", r"(?<![\w+])\+\d{1,3}(?:[\s.-]\d{1,4}){2,5}(?![\d])", say_phone),
    Rule("party", r"\(([RDI])-([A-Z][A-Za-z.]{1,12})\)", say_party),
    Rule("party_after_name", r"(?<=, )([RDI])-([A-Z]\.[A-Z][a-z]\.|[A-Z][A-Za-z]{1,5}\.?|[A-Z]\.[A-Z]\.)(?=[\s,;:)]|$)",
         say_party),
    Rule("party_alone", r"(?<=[a-z] )\(([RDI])\)", lambda m, o: f"({PARTIES[m.group(1)]})"),
    Rule("state_ap", rf"(?<=[A-Za-z], )({_alt({s for s in STATES if not s.isupper() or '.' in s})})\.(?=\W|$)",
         say_state),
    Rule("state_in_name", rf"(?<![\w.])(?<!, )({_alt({s for s in STATES if not s.isupper() or '.' in s})})\."
         rf"(?=\s(?:{_alt(STATE_NAME_WORDS)})\b)", lambda m, o: STATES[m.group(1)]),  # "Mass. General"
    Rule("state_postal", rf"(?<=[a-z], )({_alt({s for s in STATES if s.isupper()})})\b(?![\w'’.-])",
         say_state),
    Rule("minus", rf"(?<![\w.,/-])({NUMBER})\s?[-–−]\s?({NUMBER})(?=\s?=)",  # "1-2=5": one minus two
         lambda m, o: f"{nw.decimal(m.group(1))} minus {nw.decimal(m.group(2))}"),
    Rule("temperature_pair", rf"(?<![\w.])({NUMBER})\s?([°º]?[CF])\s?/\s?({NUMBER})\s?([°º]?[CF])\b",
         say_temperature_pair),
    Rule("score", r"(?<![\w.,/-])\d{1,2}[-–]\d{1,2}(?:,\s\d{1,2}[-–]\d{1,2})*(?![\w.%/-]*\d)(?!\s?(?:%|percent))",
         say_score),
    Rule("rate", rf"((?<![\w.])(?:{_CURRENCY_MARKS})?(?:{NUMBER}))/(sq ft|[A-Za-z]{{1,6}})\b",
         say_rate_spoken),
    Rule("money_dash", r"(?<=\d)\s?[-–—]\s?(?=(?:US)?[$£€¥]\d)", lambda m, o: " to "),
    Rule("money_range", rf"(?<![\w$£€¥₹])({_CURRENCY_MARKS})({NUMBER})\s?[-–]\s?({NUMBER})(?:\s?({_SCALE})\b"
         r"|(?![\w.,/%-]*\d)(?![\w%]))",
         say_money_range),
    Rule("money_something", rf"(?<![\w$£€¥₹])({_CURRENCY_MARKS})(\d{{1,3}})-(something|odd)\b",  # "$16-something"
         lambda m, o: f"{nw.cardinal(int(m.group(2)))}-{m.group(3)} {CURRENCIES[m.group(1).strip()][1]}"
         if m.group(1).strip() in CURRENCIES else None),
    Rule("money", rf"(?<![\w$£€¥₹])([-−])?({_CURRENCY_MARKS})({NUMBER})"
         rf"(?:\s?({_SCALE})\b|-(million|billion|trillion)\b)?"
         r"(\s(?:dollars|USD)\b)?(-plus\b)?", say_money),
    Rule("money_code", rf"(?<![\w.])({NUMBER})(?:\s?({_SCALE}))?\s({_alt(set(CURRENCY_CODES))})\b",
         say_money_code),
    Rule("cents", rf"(?<![\w.])({NUMBER})\s?¢", lambda m, o: f"{nw.decimal(m.group(1))} "
         + ("cent" if _is_one(m.group(1)) else "cents")),  # "99¢"
    Rule("pence", r"(?<![\w.£$€])([1-9]\d?)p\b(?![\w'’-])", say_pence),
    Rule("comma_decimal_percent", r"(?<![\w.,])(\d{1,3}),(\d{1,2})\s?%", say_comma_decimal_percent),
    Rule("percent_dash", r"(?:(?<=%)[-–—]|(?<=%\s)[-–—]\s)(?=\d[\d.,]*\s?%)", lambda m, o: " to "),  # "4.25%-4.5%"
    Rule("percent_range", rf"(?<![\w.])({NUMBER})\s?[-–—]\s?({NUMBER})\s?%", say_percent_range),
    Rule("percent", rf"(?<![\w.])([-+−]?(?:{NUMBER}))\s?(?:%|per ?cent\b|pct\b)", say_percent),
    Rule("road_direction", r"(?:\b(I)-|" + "|".join(f"(?<={before})" for before in _ROAD_BEFORE) + ")"
         r"(\d{1,4})\s?([NSEW])(\.)?(?![\w'’-]|\.\w)", say_road_direction),
    Rule("house_number", HOUSE_NUMBER, say_house_number),
    Rule("zip_code", ZIP_CODE, say_zip_code),
    Rule("retirement_plan", r"\b(401|403|457)\(([kKbB])\)", say_retirement_plan),
    Rule("college_plan", r"\b529(?=\s(?:plans?|accounts?|savings)\b)", lambda m, o: nw.pairs("529")),
    Rule("iso_timestamp", r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})[T\s]([01]\d|2[0-3]):([0-5]\d)"
         r"(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?![\w:])", say_iso_timestamp),
    Rule("iso_date", r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])", say_iso_date),
    Rule("numeric_date", r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])", say_numeric_date),
    Rule("dotted_date", r"(?<![\d.-])(\d{1,2})([./-])(\d{1,2})[./-](\d{4})(?![\d.-]\d)",
         say_dotted_date),
    Rule("slashed_iso_date", r"(?<![\d/])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])", say_slashed_iso_date),
    Rule("quarter", r"\bQ([1-4])(?:\s(20\d\d)\b)?|\b([1-4])Q(\d{2})\b", say_quarter),
    Rule("month_day", rf"\b(?:({_FULL_WEEKDAY}|{_WEEKDAY_SHORT})\.?,?\s)?"
         rf"({_MONTH}|{_MONTH_SHORT}|{_MONTH_LOWER})(?:\.?\s|-)"
         r"(\d{1,2})(?:st|nd|rd|th)?\b(?:\s?[-–]\s?(\d{1,2})(?:st|nd|rd|th)?\b)?(?:(?:,?\s|-)(\d{4})\b)?",
         say_month_day),
    Rule("day_range_month", rf"(?<![\w.,-])(\d{{1,2}})[-–](\d{{1,2}})\s({_MONTH})\b", say_day_range_month),
    Rule("day_month", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?"
         rf"({_MONTH}|{_MONTH_SHORT}|{_MONTH_LOWER}|may(?=\s\d{{4}}\b))\b\.?"  # "17 may 2010"
         r"(?:,?\s(\d{4})\b|(?<=\.)\s(\d{2})(?=[)\],;]))?", say_day_month),
    Rule("month_year", rf"\b({_MONTH_SHORT})\.?\s(\d{{4}})\b", say_month_year),
    Rule("dashed_day_month", rf"(?<![\w-])(\d{{1,2}})-({_MONTH_SHORT})-(\d{{4}})(?![\w-])",  # "15-Oct-2024"
         lambda m, o: _date(MONTH_NAMES.index(MONTHS[m.group(2).lower()]) + 1, int(m.group(1)), m.group(3))
         if _valid_date(MONTH_NAMES.index(MONTHS[m.group(2).lower()]) + 1, int(m.group(1))) else None),
    Rule("month_abbreviation", rf"\b({_MONTH_SHORT})\.(?=\s|$)", say_month_abbreviation),
    Rule("weekday_range", rf"\b({_WEEKDAY_SHORT})\.?(\s?[-–—&]\s?|\s(?:to|and|through)\s)({_WEEKDAY_SHORT})\b\.?",
         say_weekday_range),
    Rule("weekday_abbreviation", rf"\b({_WEEKDAY_SHORT})\.(?=,?\s)|\b({_WEEKDAY_SHORT})(?=,?\s\d)"
         r"|\b(Tue|Tues|Thu|Thur|Thurs|Fri)\.?(?=[)\]]?$)",  # "10 a.m. Tue.": no word says these
         lambda m, o: WEEKDAYS[(m.group(1) or m.group(2) or m.group(3)).lower()]),
    Rule("formula", r"\b(?:[A-Z][a-z]?[₀-₉]*)*[A-Z][a-z]?[₀-₉]+(?:[A-Z][a-z]?[₀-₉]*)*(?![\w₀-₉])", say_formula),
    Rule("race_time", r"(?<![\w:.,])(\d{1,2}):([0-5]\d)\.(\d{1,2})(?![\w:.]*\d)", say_race_time),
    Rule("clock_seconds", r"(?<![\w:.,])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\w:])", say_duration),
    Rule("zone_clock", rf"(?<![\w.,:])([01]\d|2[0-3])([0-5]\d)(?=\s(?:{_TZ})\b)", say_zone_clock),
    Rule("clock", rf"(?<![\w:.,])(\d{{1,2}}):(\d{{2}})(?:\s?({_MERIDIEM}))?(?:\s({_TZ})\b)?(?![\w]|:\d)",
         say_clock),
    Rule("clock_meridiem", rf"(?<![\w:.,])(\d{{1,2}})(?:\.(\d{{2}}))?\s?({_MERIDIEM})(?:\s({_TZ})\b)?",
         say_clock),
    Rule("clock_dash", r"(?:(?<=\d:[0-5]\d)|(?<=\d:[0-5]\d\s))[-–—]\s?(?=\d{1,2}(?::[0-5]\d)?(?![\d.,]\d|:\d\d:))",
         lambda m, o: " to "),  # "7:30-9 p.m.", "8:30 - 10"
    Rule("clock_range_start", r"(?<![\w:.,/-])(\d{1,2})\s?[-–—]\s?(?=\d{1,2}:[0-5]\d(?![\d:]))",  # "9-10:30 a.m."
         lambda m, o: f"{nw.cardinal(int(m.group(1)))} to " if int(m.group(1)) <= 24 else None),
    Rule("noon_dash", r"(?:(?<=\bnoon)|(?<=\bmidnight))\s?[-–—]\s?(?=\d)", lambda m, o: " to "),  # "noon-2 p.m."
    Rule("date_dash", rf"(?<=\d)[-–—](?=(?:{_MONTH}|{_MONTH_SHORT})\.?\s\d)"  # "Dec. 31-Jan. 2"
         rf"|(?<=day)[-–—](?=(?:{_FULL_WEEKDAY})\b)", lambda m, o: " to "),  # "Monday-Friday"
    Rule("meridiem_dash", "(?:" + "|".join(f"(?<={before})" for before in _MERIDIEM_ENDS) + ")"
         r"\s?[-–—]\s?(?=\d|noon\b|midnight\b)", lambda m, o: " to "),
    Rule("year_range", r"(?<![\w$£€.,-])(1[1-9]\d\d|20\d\d)\s?[-–—/]\s?(\d{1,2}|1[1-9]\d\d|20\d\d)"
         r"(?![\d%-]|[.,]\d|[a-z])", say_year_range),
    Rule("decade_dash", r"(?<=\d0s)[-–](?=(?:1[1-9]|20)?\d0s\b)", lambda m, o: " to "),
    Rule("decade", r"(?<![\w'’])(1[1-9]\d0|20\d0)(?:['’]?s|\ss(?=\s|$))\b", say_decade),  # "1980 s" too
    Rule("short_decade", r"(?<![\w])['’](\d)0s\b", say_short_decade),
    Rule("age_decade", r"(?<![\w.,])([2-9])0s\b", say_age_decade),
    Rule("ordinal_range", r"(?<![\w.])(\d{1,3})(?:st|nd|rd|th)\s?[-–]\s?(\d{1,3})(?:st|nd|rd|th)\b",  # "3rd-5th"
         lambda m, o: f"{nw.ordinal(int(m.group(1)))} to {nw.ordinal(int(m.group(2)))}"),
    Rule("era_year", r"(?<![\w.,$£€])(\d{1,4})\s?(AD|BC|BCE|CE|A\.D\.|B\.C\.|B\.C\.E\.)(?![\w.]*\w)"
         r"|\b(AD|A\.D\.)\s(\d{1,4})\b(?![.,]\d)", say_era_year),
    Rule("ordinal", r"(?<![\w.])(\d{1,3}(?:,\d{3})*|\d+)(?:st|nd|rd|th)\b", say_ordinal),
    Rule("edition", r"(?<=\d(?:st|nd|rd|th) )ed\.", lambda m, o: "edition"),
    Rule("mixed_fraction", r"(?<![\w./])(\d+)[\s-](\d)/(\d{1,2})(?![\w/])", say_mixed_fraction),
    Rule("vulgar_fraction", rf"(?<![\w.])(\d+)?([{''.join(VULGAR_FRACTIONS)}])", say_vulgar_fraction),
    Rule("service_number", rf"(?<![\w.,$£€-])(?:{_alt(SERVICE_NUMBERS)})(?![\w.,-]?\d)(?!\s?(?:%|{_UNIT}\b))",
         say_service_number),
    Rule("footnote", r"(?<=[A-Za-z][a-z][.?!:])\d{1,3}(?=\s+[\"“‘']?[A-Z]|\s*$)",  # "combined.4 And": not read
         lambda m, o: ""),
    Rule("dotted_numbers", r"(?<![\w.])\d+(?:\.\d+){2,}(?![\w.]*\d)",
         lambda m, o: " point ".join(nw.cardinal(int(part)) for part in m.group(0).split("."))),
    Rule("twenty_four_seven", r"(?<![\w/])24/7(?![\w/])", lambda m, o: "twenty four seven"),
    Rule("said_numbers", r"(?<![\w./])(9/11|50/50|20/20|7-Eleven)(?![\w/])",
         lambda m, o: SAID_NUMBERS[m.group(1)]),
    Rule("half_a", r"(?<![\w./])1/2(?=\san?\s)", lambda m, o: "half"),
    Rule("time_signature", r"(?<![\w./])([2-9]|1[12])/(2|4|8|16)(?=\s(?:feel|time|meter|metre|signature|"
         r"groove|rhythm|waltz|shuffle)\b)", say_time_signature),
    Rule("fraction_of_unit", rf"(?<![\w./])([1-9])/([2-9]|1[0-6])\s({_alt(set(FRACTION_UNITS))})\b",
         say_fraction_of_unit),
    Rule("fraction", r"(?<![\w./])(\d{1,3})/(\d{1,3})(?:st|nd|rd|th|ST|ND|RD|TH)?(?![\w/])", say_fraction),
    Rule("slashed_numbers", r"(?<![\w./])\d+(?:/\d+)+(?![\w/])", say_slashed_numbers),
    Rule("unit_range", rf"(?<![\w.,/-])({NUMBER})\s?[-–]\s?({NUMBER})\s?({_UNIT})(?![\w/²³%])", say_unit_range),
    Rule("aircraft", "(?:" + "|".join(f"(?<={maker} )" for maker in AIRCRAFT_MAKERS) + r")([A-Z])?(\d{3})"
         r"(?:-(\d{1,2}00|\d{1,2})(?!\d|\.\d))?(neo|XLR|LR|MAX|Max|X)?\b", say_aircraft),
    Rule("airbus_family", r"(?<![\w-])(A)(3[0-8]\d)(?:-(\d{1,2}00|\d{1,2})(?!\d|\.\d))?(neo|XLR|LR)?\b", say_aircraft),
    Rule("jet_family", rf"(?<![\w.,$£€-])()?({_alt(set(JET_FAMILIES))})(?=-\d|\s?(?:{_alt(set(PLANE_WORDS))})\b)"
         r"(?:-(\d{1,2}00|\d{1,2})(?!\d|\.\d))?(MAX|Max|X)?\b", say_aircraft),
    Rule("military_code", rf"\b({_alt(MILITARY_CODES)})-(\d{{3}})\b(?!-\d)", say_military_code),
    Rule("feet_inches", r"(?<![\w.])(\d)\s?(?:ft|feet|foot)\.?\s(\d{1,2})\s?in\b(\.)?", say_feet_inches),
    Rule("dimensions", rf"(?<![\w.])({NUMBER})\s?[x×]\s?({NUMBER})(?:\s?[x×]\s?({NUMBER}))?(\s?)({_UNIT})"
         r"(?![\w/²³%])", say_dimensions),
    Rule("times", rf"(?<![\w.])({NUMBER})[x×](?:({NUMBER}))?(?![\w.])", say_times),
    Rule("unit_per_unit", rf"(?<![\w.])({NUMBER})(\s?)({_UNIT})/({_UNIT}|s)\b(?![/²³])", say_unit_per_unit),
    Rule("team_number", r"(?<![\w.])(49|76)ers\b", lambda m, o: TEAM_NUMBERS[m.group(1)]),
    Rule("half_year", r"\bH([12])\s(20\d\d)\b", say_half_year),
    Rule("fiscal_year", r"(?<![\w.])FY\s?(\d{4}|\d{2})(?:[-–/](\d{4}|\d{2}))?(?![\w.,/-]*\d)(?!\w)",
         say_fiscal_year),
    Rule("scaled_count_capital", r"(?<![\w.$£€¥])(\d+(?:\.\d+)?)([MB])\b(?=\s[a-z]+s\b)", say_scaled_count),
    Rule("network_generation", r"(?<![\w.])(\d{1,2})([A-JL-UX-Z])(?![\w'’-])", say_network_generation),
    Rule("road_number", r"(?<![\w.])\d{3}(?![\w.,]*\d)", say_road_number),
    Rule("model_pairs", r"(?<=\b[A-Z]{3} )([2-9]\d)([1-9]0)\b(?![\w,.-]*\d)",  # "RTX 3070": thirty seventy
         lambda m, o: f"{nw.cardinal(int(m.group(1)))} {nw.cardinal(int(m.group(2)))}"),
    Rule("scaled_count", r"(?<![\w.$£€¥])(\d+(?:\.\d+)?)(bn|tn|mn|m)\b(?=\s[a-z])", say_scaled_count),
    Rule("height", r"(?<![\w'’])([4-7])['’]\s?(\d|1[01])(?:\"|”|''|(?=\s))", say_height),
    Rule("round_plural", r"(?<![\w.,])(100|1,?000|10,?000|100,?000|1,000,000)s\b", say_round_plural),
    Rule("number_plural", r"(?<![\w.,$£€¥#-])([1-9]\d{2,3})s\b(?![\w'’-])", say_number_plural),
    Rule("resolutions_or", r"(?<=\d[pi])/(?=[1-9]\d{2,3}[pi]\b)", lambda m, o: " or "),  # "1080p/1440p"
    Rule("model_suffix", r"(?<![\w.,$£€¥#-])(?<!\d/)([1-9]\d{2,3}|[1-9],\d{3}(?=[pi]))([A-Z]|[kpi])(?![\w'’-])",
         say_model_suffix),  # "1,440p" too
    Rule("glued_thousand", rf"(?<![\w.])({NUMBER})[Kk]\b(?![-'’]\w)", say_glued_thousand),
    Rule("unit", rf"(?<![\w.])([-−]?(?:{NUMBER}))(?:\s(thousand|million|billion))?(\s?|-(?=[a-z]))({_UNIT})"
         r"(\.(?=\s|$))?(?![\w/²³%])", say_unit),
    Rule("thousands_point", r"(?<![\w.,])([1-9]\d{0,2})\.(000)(?![\w.,]*\d)(?=\s(?:[a-z]+\s)?[a-z]+s\b)",
         say_thousands_point),
    Rule("wifi_standard", r"\b802\.11([a-z]{1,2})\b",
         lambda m, o: "eight oh two dot eleven " + " ".join(m.group(1).upper())),
    Rule("video_codec", r"\bH\.(26[1-6])\b(?![.,]\d)", lambda m, o: "H " + nw.pairs(m.group(1))),  # "H.264"
    Rule("hours_minutes", r"(?<![\w.])(\d{1,2})h\s?([0-5]?\d)(?:m|min)?\b", say_hours_minutes),  # "1h45", "2h 30m"
    Rule("range", rf"(?<![\w.,/-])({NUMBER})\s?[-–—]\s?({NUMBER})(?![\w.,/-]*\d)(?!(?:st|nd|rd|th)\b)", say_range),
    Rule("ratio", r"(?<![\w:.])(\d{1,3}):(\d{1,3})(?![\w:])", say_ratio),
    Rule("baseball_average", r"(?<![\w.,])\.(\d{3})(?=\s(?:hitter|average|record|batting|winning|mark|clip|season|"
         r"career|lifetime|percentage|or\sbetter|with)\b)|(?:(?<=\bhit )|(?<=\bhitting )|(?<=\bbatting )|(?<=\bbatted )"
         r"|(?<=\bbats ))\.(\d{3})\b", lambda m, o: nw.cardinal(int(m.group(1) or m.group(2)))),  # ".300 hitter"
    Rule("hash_number", rf"(?<![\w#])#({NUMBER})", say_hash_number),
    Rule("number", rf"(?<![\w.])[-+−]?(?:{NUMBER})(?![\w])(?![.,]\d)", say_number),  # not "1" of "1.14Tb"
    Rule("saint_or_street", r"(?<![\w.'’-])(?:St|st)(?:\.(?=\s|$)|(?=[\s,;:]|$))", say_saint_or_street),
    Rule("bare_abbreviation", rf"(?<![\w.'’-])({_alt(set(BARE_ABBREVIATIONS))})(?:\.(?=\s|$)|(?=[\s,;:)]|$))",
         say_bare_abbreviation),
    Rule("title", rf"\b({_alt(set(TITLES))})\.(?=\s)", say_title),
    Rule("abbreviation", rf"(?<![\w.])({_alt(set(ABBREVIATIONS))})\.(?:(\d{{1,5}})(?![\w.,/:-]*\d))?",
         say_abbreviation),
    Rule("initialism", r"(?<![\w.])(?:[A-Za-z]\.){2,}(?![\w])", say_initialism),
    Rule("direction", DIRECTION, say_direction),
    Rule("quadrant", QUADRANT, say_direction),
    Rule("initial", r"\b([A-Z])\.(?=\s+\S)", say_initial),
    Rule("letter_a", r"(?<=[\w,] )A(?=[\s,;:!?)]|\.?$)", say_letter_a),
    Rule("place_in_capitals", rf"\b(?:{_alt(PLACES_IN_CAPITALS)})\b(?![\w'’-])", say_place_in_capitals),
    Rule("roman", rf"\b{_ROMAN_TOKEN}\b", say_roman),
    Rule("code", r"\b([A-Z]{1,6})(?:-|\.(?=\d{1,2}\b))?(\d{1,4})(\.\d{1,2}(?![\w.]*\d))?(?:([a-z])(?![\w-]))?\b",
         say_code),
    Rule("lowercase_code", r"(?<![\w.@/#-])([a-z]{2,4})(\d{3,8})(?![\w.@/-])",  # "your code is ab9453"
         lambda m, o: f"{m.group(1)} {_address_digits(m.group(2))}"),
    Rule("letter_digit_code", r"\b[A-Z]\d{1,2}[A-Z]\d{1,2}\b", say_letter_digit_code),
    Rule("letters_and_letters", r"\b([A-Z]{1,3})\s?&\s?([A-Z]{1,3})\b(?![\w-]|\.\w)",  # "AT&T", "S&P", "Q&A"
         lambda m, o: f"{' '.join(m.group(1))} and {' '.join(m.group(2))}"),
    Rule("acronym", rf"\b(?:{_alt(set(ACRONYMS))})\b", say_acronym),
    Rule("capitals", r"\b[A-Z]{2,5}s?(?:['’]s)?\b", say_capitals),
    Rule("word_dash", r"(?:(?<=[\w\"'),.])|(?<=[\w\"'),.]\s))(?:[—–]+|(?<=\s)-{1,2}(?=\s))\s*(?=[\"'(]?\w)",
         say_word_dash),
    Rule("edge_dash", r"[—–]+", lambda m, o: " "),
    Rule("slash_words", r"(?<=[A-Za-z])/(?=[A-Za-z])|(?<=[A-Za-z] )/(?= [A-Za-z])", say_slash_words),
    Rule("title_brackets", r"<(?=[A-Z‘'\"“])|(?<=[\w.!?'’\"”])>", lambda m, o: " "),  # "<The Palace>"
    Rule("symbol", rf"[{re.escape(''.join(SYMBOL_WORDS))}]", say_symbol),
    Rule("emoji", "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+", lambda m, o: " "),
)
