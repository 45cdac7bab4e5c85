"""Build Dutch's public development set (``tests/text/languages/cldr/nl.txt``) from the Unicode
CLDR (Unicode License v3): the written forms are CLDR's Dutch formats (numbers grouped
"1.250,5", "€ 1.250,50", "3,5%", dates "3 juli 2025", "03-07-2025", "3 jul 2025", times
"14:30") as Babel gives them, and the spoken numbers are CLDR's Dutch spell-out rules as ICU runs
them (cardinal, ordinal, year: "duizendtweehonderdvijftig", "derde", "negentienhonderdnegentig").
NeMo has no Dutch; CLDR's rules are a source of their own, not num2words (which we speak with).

How the pieces are put together is ours, written here: "€ 1.250,50" is the amount's words, "euro"
and the cents' ("… euro en vijftig cent", or "… euro vijftig"); a date is its day (a cardinal or
an ordinal), its month's name and its year; "14:30" is "veertien uur dertig"; "1" before a noun
is "één", and so is a digit 1 read alone after "komma". A line may give several spoken forms; any is right.

Run once by hand (needs ``pip install pyicu babel`` in a scratch environment, not the project's):
  python bench/make_dutch_cases.py
"""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

import babel.dates  # type: ignore[import-not-found]
import babel.numbers  # type: ignore[import-not-found]
import icu  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "tests" / "text" / "languages" / "cldr" / "nl.txt"
_SPELL = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale("nl"))


def spell(value: float, rules: str = "%spellout-numbering") -> str:
    return str(_SPELL.format(value, rules)).replace("\u00ad", "")  # soft hyphens out


def counted(value: int) -> list[str]:
    """A whole number before a noun: "één" for 1."""
    return ["één", "een"] if value == 1 else [spell(value)]


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def cases(seed: int = 24) -> list[str]:
    rng = random.Random(seed)
    rows: list[tuple[str, str, list[str]]] = []
    for value in [0, 7, 13, 21, 99, 100, 101, 250, 999, 1000, 1001, 1250, 2024, 10000, 12345,
                  100000, 250000, 1000000, 2500000, 1000000000, *rng.sample(range(2, 1000000), 10)]:
        rows.append(("cardinal", babel.numbers.format_decimal(value, locale="nl"), [spell(value)]))
    for value in [0.5, 1.5, 3.25, 12.75, 99.9, 1250.5, *[rng.randrange(1, 100000) / 100 for _ in range(8)]]:
        said = spell(value)  # ICU writes a digit 1 "een"; said alone it is stressed, "één"
        rows.append(("decimal", babel.numbers.format_decimal(value, locale="nl"),
                     [said, re.sub(r"\been\b", "één", said)]))
    for value in [1, 2, 3, 4, 8, 10, 12, 19, 20, 21, 30, 100, 101, 1000]:
        rows.append(("ordinal", f"de {value}e", ["de " + spell(value, "%spellout-ordinal")]))
    for value in [1.0, 2.5, 12.05, 19.99, 100.0, 1250.5, 2000000.0,
                  *[rng.randrange(100, 1000000) / 100 for _ in range(7)]]:
        whole, cents = int(value), round(value * 100) % 100
        said = [f"{words} euro" for words in counted(whole)]
        if cents:
            said = [f"{head} en {cent} cent" for head in said for cent in counted(cents)] + \
                   [f"{head} {spell(cents)}" for head in said]
        rows.append(("money", plain(babel.numbers.format_currency(value, "EUR", locale="nl")), said))
    for value in [0.035, 0.5, 0.12, 0.075, 1.0]:
        written = babel.numbers.format_percent(value, locale="nl", format="#,##0.#%")
        rows.append(("percent", written, [f"{spell(round(value * 100, 1))} procent"]))
    days = [datetime.date(2025, 7, 3), datetime.date(1990, 1, 1), datetime.date(2024, 12, 31),
            *[datetime.date(rng.randrange(1950, 2030), rng.randrange(1, 13), rng.randrange(1, 29))
              for _ in range(7)]]
    for day in days:
        month = babel.dates.format_date(day, "MMMM", locale="nl")
        year = spell(day.year, "%spellout-numbering-year")
        said = [f"{words} {month} {year}" for words in
                [*counted(day.day), spell(day.day, "%spellout-ordinal")]]
        for form in ("long", "short", "medium"):
            rows.append(("date", plain(babel.dates.format_date(day, form, locale="nl")), said))
    for hour, minute in [(14, 30), (9, 5), (0, 0), (12, 0), (23, 45), (7, 15), (18, 1), (21, 10)]:
        written = babel.dates.format_time(datetime.time(hour, minute), "short", locale="nl")
        said = [f"{spell(hour)} uur" + (f" {spell(minute)}" if minute else "")]
        rows.append(("time", written, said))
    return [" | ".join([kind, written, *dict.fromkeys(said)]) for kind, written, said in rows]


def main() -> None:
    found = list(dict.fromkeys(cases()))
    header = [f"# Dutch numbers, money, dates and times from the Unicode CLDR (Unicode License v3): written "
              f"by CLDR's nl formats (Babel {babel.__version__}), numbers spoken by CLDR's nl spell-out "
              f"rules (ICU {icu.ICU_VERSION}); put together as bench/make_dutch_cases.py says.",
              "# Made by bench/make_dutch_cases.py. class | written | spoken (any is right);",
              "# a line marked ~ is a known miss (bench/bench_languages_heard.py --mark rewrites the marks)."]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(header + found) + "\n", "utf-8")
    print(f"nl: {len(found)} cases")


if __name__ == "__main__":
    main()
