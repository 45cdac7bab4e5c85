"""Build a held-out set per language (``tests/text/languages/cldr/{de,es,fr,it,pt}.txt``) from the
Unicode CLDR (Unicode License v3), as ``bench/make_dutch_cases.py`` does for Dutch: the written
forms are CLDR's formats for the language as Babel gives them (numbers "1.250" / "1 250", decimals,
"1.250,50 €" / "R$ 1.250,50", "3,5 %", dates long and medium and short where the year has four
digits, "14:30", ordinals "3." / "3.º" / "3e" / "3º" as ICU writes them), the spoken numbers are
CLDR's spell-out rules for the language as ICU runs them (cardinal, masculine and feminine,
ordinal, year). NeMo's cases are a source of their own; neither is num2words (which we speak with).

How the pieces are put together is ours, written in ``SAY`` below: an amount is its whole
number (the masculine cardinal: "un euro", "veintiún euros"), the currency's name and its cents
("… euros cincuenta céntimos", "… euros con cincuenta"), a round million joined by "de"/"d'"/"di";
a date is its day (German: an ordinal; elsewhere a cardinal, the first an ordinal, in Spanish
either), the month's name (Babel's) and the year (CLDR's year rule, or its plain number); a time
is its hour (feminine: "una", "vinte e uma", "vingt et une"; Italian's, but for "una", as counted:
"ventuno") and its minutes in the forms the language uses ("catorce y media", "quattordici e
trenta minuti"); an ordinal stands in a phrase ("der 3. Platz"). Decimals are said as ICU says
them (digit by digit) or, in es/fr/it/pt, with the decimals as one number ("tres coma
veinticinco"). Italian numbers are also accepted written apart after "cento"/"mila", as NeMo
writes them. A line may give several spoken forms; any of them is right.

Run once by hand (needs ``pip install pyicu babel`` in a scratch environment, not the project's):
  python bench/make_cldr_cases.py
"""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

import babel  # type: ignore[import-not-found]
import babel.dates  # type: ignore[import-not-found]
import babel.numbers  # type: ignore[import-not-found]
import icu  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parents[1] / "tests" / "text" / "languages" / "cldr"

# Per language: currency code, its name (one, many), cents' name (one, many), how cents join
# ({w} the whole with its currency, {c} the cents' number, {n} the cents' name), the word joining
# a round million to the currency, percent's word, the decimal's word, a time ({h} {m}), a time on
# the hour, an ordinal in a phrase (written {o}, said {s}) and its ICU rule, a date's form.
SAY: dict[str, dict] = {
    "de": {"currency": "EUR", "name": ("Euro", "Euro"), "cents": ("Cent", "Cent"),
           "join": ["{w} {c} {n}", "{w} {c}", "{w} und {c} {n}"], "of": "", "percent": "Prozent",
           "time": ["{h} Uhr {m}"], "hour": ["{h} Uhr"], "hour_rule": "%spellout-cardinal-masculine",
           "ordinal": ("der {o} Platz", "der {s} Platz", "%spellout-ordinal"),
           "date": "{d} {m} {y}"},
    "es": {"currency": "EUR", "name": ("euro", "euros"), "cents": ("céntimo", "céntimos"),
           "join": ["{w} {c} {n}", "{w} con {c} {n}", "{w} con {c}", "{w} y {c} {n}"], "of": "de ",
           "percent": "por ciento", "time": ["{h} y {m}", "{h} {m}"], "hour": ["{h}", "{h} en punto"],
           "hour_rule": "%spellout-cardinal-feminine",
           "ordinal": ("el {o} puesto", "el {s} puesto", "%spellout-ordinal-masculine-adjective"),
           "date": "{d} de {m} de {y}", "minutes": {15: "cuarto", 30: "media"}},
    "fr": {"currency": "EUR", "name": ("euro", "euros"), "cents": ("centime", "centimes"),
           "join": ["{w} {c} {n}", "{w} et {c} {n}", "{w} {c}"], "of": "d'", "percent": "pour cent",
           "time": ["{h} heures {m}"], "hour": ["{h} heures"], "hour_rule": "%spellout-cardinal-feminine",
           "ordinal": ("le {o} rang", "le {s} rang", "%spellout-ordinal-masculine"),
           "date": "{d} {m} {y}"},
    "it": {"currency": "EUR", "name": ("euro", "euro"), "cents": ("centesimo", "centesimi"),
           "join": ["{w} {c} {n}", "{w} e {c} {n}", "{w} e {c}"], "of": "di ", "percent": "per cento",
           "time": ["{h} e {m}", "{h} e {m} minuti"], "hour": ["{h}"], "hour_rule": "%spellout-cardinal-feminine",
           "ordinal": ("il {o} posto", "il {s} posto", "%spellout-ordinal-masculine"),
           "date": "{d} {m} {y}"},
    "pt": {"currency": "BRL", "name": ("real", "reais"), "cents": ("centavo", "centavos"),
           "join": ["{w} e {c} {n}", "{w} {c} {n}"], "of": "de ", "percent": "por cento",
           "time": ["{h} horas e {m}", "{h} e {m}", "{h} horas e {m} minutos"], "hour": ["{h} horas", "{h}"],
           "hour_rule": "%spellout-cardinal-feminine",
           "ordinal": ("o {o} lugar", "o {s} lugar", "%spellout-ordinal-masculine"),
           "date": "{d} de {m} de {y}"},
}
_ROUND = re.compile(r"(?:millón|millones|million|millions|milione|milioni|milhão|milhões|"
                    r"milliard|milliards|miliardo|miliardi|bilhão|bilhões)$")
_IT_APART = re.compile(r"(cento(?!tt|mila)|mila|mille)(?=[a-z])")


class Speller:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rules = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale(lang))
        self.ordinals = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.ORDINAL, icu.Locale(lang))

    def __call__(self, value: float, rules: str = "%spellout-numbering") -> str:
        return str(self.rules.format(value, rules)).replace("\u00ad", "")  # soft hyphens out

    def forms(self, said: list[str]) -> list[str]:
        """Italian also written apart (NeMo's way): espeak-ng says a long joined word otherwise."""
        if self.lang != "it":
            return said
        return [*said, *(_IT_APART.sub(r"\1 ", form) for form in said)]

    def written_ordinal(self, value: int) -> str:
        return str(self.ordinals.format(value))


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def decimals(spell: Speller, value: float, word: str) -> list[str]:
    said = [spell(value)]
    whole, _, fraction = repr(value).partition(".")
    if spell.lang != "de" and fraction and not fraction.startswith("0"):
        said.append(f"{spell(int(whole))} {word} {spell(int(fraction))}")
    return said


def cases(lang: str, seed: int = 24) -> list[str]:
    say, spell = SAY[lang], Speller(lang)
    rng = random.Random(seed)
    rows: list[tuple[str, str, list[str]]] = []
    for value in [0, 7, 13, 21, 99, 100, 101, 250, 999, 1000, 1001, 1250, 2024, 10000, 12345,
                  100000, 250000, 1000000, 2500000, 1000000000, *rng.sample(range(2, 1000000), 10)]:
        rows.append(("cardinal", babel.numbers.format_decimal(value, locale=lang), [spell(value)]))
    word = spell(0.5).split()[1]  # "Komma", "coma", "virgule", "virgola", "vírgula"
    for value in [0.5, 1.5, 3.25, 12.75, 99.9, 1250.5, *[rng.randrange(1, 100000) / 100 for _ in range(8)]]:
        rows.append(("decimal", babel.numbers.format_decimal(value, locale=lang), decimals(spell, value, word)))
    phrase, spoken, rule = say["ordinal"]
    for value in [1, 2, 3, 4, 8, 10, 12, 19, 20, 21, 30, 100]:
        rows.append(("ordinal", phrase.format(o=spell.written_ordinal(value)),
                     [spoken.format(s=spell(value, rule))]))
    one, many = say["name"]
    for value in [1.0, 2.5, 12.05, 19.99, 21.0, 100.0, 1250.5, 2000000.0,
                  *[rng.randrange(100, 1000000) / 100 for _ in range(7)]]:
        whole, cents = int(value), round(value * 100) % 100
        said_whole = spell(whole, "%spellout-cardinal-masculine")
        joined = say["of"] if _ROUND.search(said_whole) else ""
        head = f"{said_whole} {joined}{one if whole == 1 else many}".replace("' ", "'")
        said = [head]
        if cents:
            cent = say["cents"][cents != 1]
            said = [form.format(w=head, c=spell(cents, "%spellout-cardinal-masculine"), n=cent)
                    for form in say["join"]]
        written = plain(babel.numbers.format_currency(value, say["currency"], locale=lang))
        rows.append(("money", written, said))
    for value in [0.035, 0.5, 0.12, 0.075, 1.0]:
        written = plain(babel.numbers.format_percent(value, locale=lang, format="#,##0.#%"))
        rows.append(("percent", written, [f"{form} {say['percent']}"
                                          for form in decimals(spell, round(value * 100, 1), word)]))
    days = [datetime.date(2025, 7, 3), datetime.date(1990, 1, 1), datetime.date(2024, 12, 31),
            *[datetime.date(rng.randrange(1950, 2030), rng.randrange(1, 13), rng.randrange(1, 29))
              for _ in range(7)]]
    for day in days:
        month = babel.dates.format_date(day, "MMMM", locale=lang)
        years = dict.fromkeys([spell(day.year, "%spellout-numbering-year"), spell(day.year)])
        if lang == "de":
            day_words = [spell(day.day, "%spellout-ordinal-r"), spell(day.day, "%spellout-ordinal-n")]
        elif day.day == 1:  # the first: "premier", "primo", "primeiro"; Spanish also "uno"
            day_words = [spell(1, "%spellout-ordinal-masculine"), *([spell(1)] if lang == "es" else [])]
        else:
            day_words = [spell(day.day)]
        said = [say["date"].format(d=d, m=month, y=y) for d in dict.fromkeys(day_words) for y in years]
        for form in ("long", "medium", "short"):
            written = plain(babel.dates.format_date(day, form, locale=lang))
            if re.search(r"\d{4}", written):
                rows.append(("date", written, said))
    for hour, minute in [(14, 30), (9, 5), (0, 0), (12, 0), (23, 45), (7, 15), (18, 1), (21, 10), (1, 20)]:
        written = babel.dates.format_time(datetime.time(hour, minute), "short", locale=lang)
        hours = spell(hour, say["hour_rule"])
        if lang == "it" and hour != 1:  # "le ventuno e dieci"; "l'una"
            hours = spell(hour)
        if lang == "fr" and hour == 1:
            said = [form.format(h="une", m=spell(minute)).replace("heures", "heure")
                    for form in (say["time"] if minute else say["hour"])]
        elif minute:
            minutes = [spell(minute), *([say["minutes"][minute]] if minute in say.get("minutes", {}) else [])]
            said = [form.format(h=hours, m=m) for form in say["time"] for m in minutes]
        else:
            said = [form.format(h=hours) for form in say["hour"]]
        if lang == "pt" and hour == 1:
            said = [form.replace("horas", "hora") for form in said]
        rows.append(("time", written, said))
    return [" | ".join([kind, written, *dict.fromkeys(spell.forms(said))]) for kind, written, said in rows]


def main() -> None:
    for lang in SAY:
        found = list(dict.fromkeys(cases(lang)))
        header = [f"# {lang} numbers, money, dates and times from the Unicode CLDR (Unicode License v3): "
                  f"written by CLDR's {lang} formats (Babel {babel.__version__}), numbers spoken by CLDR's "
                  f"{lang} spell-out rules (ICU {icu.ICU_VERSION}); put together as bench/make_cldr_cases.py says.",
                  "# Made by bench/make_cldr_cases.py. class | written | spoken (any is right);",
                  "# a line marked ~ is a known miss (bench/bench_languages_heard.py --mark rewrites the marks)."]
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{lang}.txt").write_text("\n".join(header + found) + "\n", "utf-8")
        print(f"{lang}: {len(found)} cases")


if __name__ == "__main__":
    main()
