"""Street addresses as a newsreader says them: "1101 W. McKinley Ave." is "eleven oh one West
McKinley Avenue", "708 N 1st St" is "seven oh eight North First Street", and a ZIP code after a
state ("Austin, TX 78701") is said digit by digit.

A house number is read only where a street name and a street word follow it, so "300 Main St"
is an address and "300 Main Street residents" too, while "300 people" stays a count.
"""

from __future__ import annotations

import re

from . import numbers as nw

STREET_WORDS = (
    "Street", "St", "Avenue", "Ave", "Boulevard", "Blvd", "Road", "Rd", "Drive", "Dr", "Lane", "Ln",
    "Court", "Ct", "Way", "Place", "Pl", "Parkway", "Pkwy", "Highway", "Hwy", "Expressway", "Expy",
    "Terrace", "Circle", "Square", "Sq", "Plaza", "Pike", "Trail",
)
DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West",
              "NE": "Northeast", "NW": "Northwest", "SE": "Southeast", "SW": "Southwest"}

_STREET = "|".join(sorted(STREET_WORDS + tuple(w.lower() for w in STREET_WORDS), key=len, reverse=True))
_DIRECTION = "|".join(sorted(DIRECTIONS, key=len, reverse=True))
# What follows a house number: an optional direction, one to three capitalized words or
# ordinals ("McKinley", "1st", "San Tomas"), and a street word.
_STREET_AFTER = rf"\s(?:(?:{_DIRECTION})\.?\s)?(?:[A-Z0-9][\w'’.-]*\s){{1,3}}(?:{_STREET})\b"

HOUSE_NUMBER = rf"(?<![\w.,$£€#/:-])(\d{{3,5}})([A-Z])?(?={_STREET_AFTER})"  # "221B Baker Street" too
DIRECTION = rf"(?<=\d )({_DIRECTION})\.?(?=\s(?:[A-Z0-9][\w'’.-]*\s){{0,2}}(?:{_STREET})\b)"
# A city quadrant after the street word: "1600 Pennsylvania Ave. NW" (Washington's addresses).
QUADRANT = ("(?:" + "|".join(f"(?<={word}{stop} )" for word in STREET_WORDS for stop in ("", r"\."))
            + r")(NW|NE|SW|SE)\b(?![\w'’.-])")
ZIP_CODE = r"(?:(?<=, [A-Z]{2} )|(?<=, [A-Z]{2}, ))(\d{5})(?:-(\d{4}))?(?![\w-])"


def house_number(number: str) -> str:
    """In pairs, as addresses are said: "1101" eleven oh one, "708" seven oh eight, "1600"
    sixteen hundred, "2000" two thousand; five digits one by one."""
    if len(number) == 5:
        return nw.digits(number)
    if len(number) == 4 and number.endswith("00") and not number.endswith("000"):
        return f"{nw.cardinal(int(number[:2]))} hundred"
    return nw.pairs(number)


def say_house_number(m: re.Match[str], options: object) -> str:
    return house_number(m.group(1)) + (f" {m.group(2)}" if m.group(2) else "")


def say_direction(m: re.Match[str], options: object) -> str:
    return DIRECTIONS[m.group(1)]


def say_zip_code(m: re.Match[str], options: object) -> str:
    spoken = nw.digits(m.group(1))
    return f"{spoken} {nw.digits(m.group(2))}" if m.group(2) else spoken
