"""One engine for every language of ``tables.py``: each table becomes the same rules (money,
percentages, times, dates, ordinals, units, numbers, abbreviations), each said with num2words in
that language. The normalizer tries them in order where one may start, as it does the English
rules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from num2words import num2words

from ..rules import Options, Rule, word_before
from . import cardinals, dates, fractions, money, ordinals, ranges, telephones, times, units
from .tables import Language

Say = Callable[[re.Match[str]], str | None]
_ORDINAL_ARTICLES = {"der": "", "die": "", "das": "", "den": "n", "dem": "n", "des": "n", "am": "n",
                     "im": "n", "zum": "n", "zur": "n", "vom": "n", "beim": "n", "ab": "n", "bis": "n"}
_ORDINAL_ARTICLES.update({"jedem": "n", "jeden": "n", "jeder": "", "jede": "", "jedes": ""})
_CASE_PAST = re.compile(r"(?i)(?:^|\s)(\w+)\s+(?:(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?"
                        r"|\d{1,3}\.(?:\s*,|\s+und|\s+oder|\s+bis))\s*$")
_OPENERS = " \t\n\"'„“»«‚‘("
MAY_END = {"etc.", "usw.", "enz.", "ecc.", "bzw.", "etcétera"}
_SENTENCE_AFTER = re.compile(r"\s*(?:$|[\"'»”)]*\s+[A-ZÀ-Ý])")
_CONJUNCTIONS = {"y", "e", "und", "en", "et"}


def _alternatives(words: Iterable[str]) -> str:
    """One pattern for these literal words, the longest first; a space matches any or none."""
    keys = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(key).replace(r"\ ", r"\s?") for key in keys)


class Speaker:
    """How one language says numbers: the pieces every rule is made of."""

    def __init__(self, table: Language) -> None:
        self.table = table
        group = re.escape(table.group)
        fraction = r",\d{3}(?:[ \u00a0\u202f]\d{1,3})+(?!\d)|,\d+" if table.decimal_groups else r",\d+"
        fraction += r"|,[-\u2013]{1,2}(?![\w-])"  # "399,- Euro": a round amount
        self.number = rf"\d{{1,3}}(?:[{group}]\d{{3}})+(?:{fraction})?(?!\d)|\d+(?:{fraction})?(?!\d)"

    def words(self, value: int, to: str = "cardinal") -> str:
        language = self.table.numbers or self.table.code
        try:
            if to == "cardinal":
                return cardinals.cardinal(language, value)
            if to == "year" and language in cardinals.YEARS:
                return cardinals.YEARS[language](value)
            said = str(num2words(value, lang=language, to=to))
            return ordinals.mended(language, said) if to == "ordinal" else said
        except OverflowError:  # past num2words' largest scale: digit by digit
            return " ".join(self.words(int(digit)) for digit in str(value))

    def integer(self, raw: str) -> int:
        return int(re.sub(r"\D", "", raw))

    def amount(self, raw: str) -> str:
        """A written number ("1.250,50", "399,-") as said."""
        whole, _, fraction = re.sub(r",[-\u2013]+$", "", raw).partition(",")
        value = self.integer(whole)
        if not fraction and self.table.year_form and len(whole) == 4 and 1100 <= value < 2000:
            return self.words(value, "year")
        said = self.words(value)
        if not fraction:
            return said
        if not fraction.isdigit():  # "60,240 0": grouped decimals, digit by digit
            return f"{said} {self.table.decimal} " + " ".join(self.words(int(digit)) for digit in fraction
                                                              if digit.isdigit())
        if self.table.decimal_pairs and (len(fraction) > 3 or fraction.startswith("0") and len(fraction) > 2):
            tail = " ".join(self._pair(fraction[index:index + 2]) for index in range(0, len(fraction), 2))
        elif self.table.decimal_pairs and not fraction.startswith("0"):
            tail = self.words(int(fraction))
        elif self.table.decimals_by_digit or fraction.startswith("0") or len(fraction) > 2:
            tail = " ".join(self.words(int(digit)) for digit in fraction)
        else:
            tail = self.words(int(fraction))
        return f"{said} {self.table.decimal} {tail}"

    def _pair(self, digits: str) -> str:
        """Two digits of a long decimal: "14" as a number, "05" digit by digit."""
        if digits.startswith("0"):
            return " ".join(self.words(int(digit)) for digit in digits)
        return self.words(int(digits))

    def pointed(self, whole: str, fraction: str) -> str:
        """A decimal written with a point ("1.33", "4.8", ".22"): the digits after it as a number
        of up to two ("treinta y tres", "cero cinco"), or one by one where no whole precedes
        ("punto dos dos")."""
        if whole and not fraction.startswith("0"):
            tail = self.words(int(fraction))
        else:
            tail = " ".join(self.words(int(digit)) for digit in fraction)
        return " ".join(part for part in (self.amount(whole) if whole else "", self.table.point, tail) if part)

    def counted(self, raw: str) -> str:
        """A number before a noun: "1" is "ein", not "eins"."""
        return self.table.one if raw == "1" and self.table.one else self.amount(raw)


def rules(table: Language) -> tuple[Rule, ...]:
    """The rules of one language, in the order they are tried."""
    say = Speaker(table)
    made: list[tuple[str, str, Say]] = [
        ("abbreviation", _alternatives(table.abbreviations), lambda m: _abbreviation(m, table)),
        ("ending", rf"(?P<stem>[^\W\d_]{{2,}}?)(?P<end>{_alternatives(table.word_endings)})(?!\w)"
         if table.word_endings else "", lambda m: _ending(m, table)),
        _century(say),
        _regnal(say),
        ("decade", cardinals.DECADES.get(table.code, ""), lambda m: say.words(int(m["t"]))),
        ("equation", cardinals.equation(say.number), lambda m: " ".join(
            cardinals.OPERATORS[table.code].get(part) or say.amount(part) for part in m.group(0).split())),
        ("telephone", telephones.PATTERN, telephones.rule(table.code, say.words, _amount_after(table))),
        ("score_list", ranges.SCORE_LIST if table.code in ranges.SCORE and ":" in ranges.SCORE[table.code][1]
         else "", _score_list(say)),
        ("times", ranges.TIMES.get(table.code, ("", ""))[1],
         lambda m: say.counted(m["n"]) + ranges.TIMES[table.code][0]),
        ("day_chain", ranges.day_chain(table.months) if table.code in ranges.CHAINED_DAYS else "",
         lambda m: _chain(say, m)),
        ("cifrao", rf"(?P<n>{say.number})\$(?P<c>\d\d)(?!\d)" if table.code in money.CIFRAO else "",
         lambda m: _cifrao(say, m)),
        *_money(say), *_time(say), *_dates(say), *_ordinals(say),
        _point(say),
        _by(say),
        ("score", ranges.score_pattern(table.code), _score(say)),
        ("range", ranges.pattern(say.number), ranges.speaker(table.code, say.amount, say.integer)),
        ("ages", ranges.AGES, lambda m: f"{say.amount(m['a'])} {ranges.WORDS[table.code][0]} {say.amount(m['b'])}"
         if 5 <= int(m["a"]) < int(m["b"]) else None),
        _fraction_unit(say),
        ("fraction", fractions.pattern(say.number), fractions.speaker(table, say.amount)),
        ("percent", rf"(?P<n>{say.number})\s?%", lambda m: f"{say.amount(m['n'])} {table.percent}"),
        _unit(say), _per_unit(say), _agreeing(say), _scaled(say),
        ("per_noun", rf"(?<=[^\W_]|[€$£%])/(?=(?:{'|'.join(units.PER_NOUNS.get(table.code, ()))})(?![\w]))"
         if table.code in units.PER_NOUNS else "", lambda m: f" {units.PER[table.code]} "),
        ("negative", rf"[-\u2212](?P<n>{say.number})", _negative(say)),
        ("positive", r"(?<![\w+])\+(?=\d)", lambda m: telephones.WORDS[table.code].plus + " "),  # "+1,1 %"
        ("thousands", r"(?<![\d.,])(?P<n>\d{1,3})mila(?![\w])" if table.code == "it" else "",
         lambda m: say.words(int(m["n"]) * 1000)),  # "20mila euro": "ventimila euro"
        ("list", cardinals.LIST, lambda m: ", ".join(say.amount(part) for part in m.group(0).split(","))),
        ("number", say.number, lambda m: say.words(say.integer(m.group(0)))
         if cardinals.counts_before_noun(table.code, m, word_before(m)) else say.amount(m.group(0))),
    ]
    return tuple(Rule(f"{table.code}_{name}", pattern, _bound(speak)) for name, pattern, speak in made
                 if pattern)


def _amount_after(table: Language) -> re.Pattern[str]:
    """What makes the numbers before it amounts: "%", a currency, a unit or a scale word."""
    names = {word for pair in table.currencies.values() for word in pair}
    words = _alternatives([*table.currencies, *names, *units.names(table), *table.scales])
    return re.compile(rf"\s?(?:%|(?:{words})(?![\w]))")


def _bound(say: Say) -> Callable[[re.Match[str], Options], str | None]:
    return lambda match, _options: _apart(match, say(match))


def _apart(m: re.Match[str], said: str | None) -> str | None:
    """Words said for digits right after a letter, apart from it ("G7": "G sieben", "A380": "A
    dreihundertachtzig"), so the voice says the letter and the number, not one word."""
    if said and m.start() > 0 and m.string[m.start() - 1].isalpha() and m.group(0)[:1].isdigit():
        return " " + said
    return said


def _abbreviation(m: re.Match[str], table: Language) -> str | None:
    if m.start() > 0 and m.string[m.start() - 1].isalpha():
        return None  # inside a word
    if m.group(0)[-1].isalpha() and m.end() < len(m.string) and m.string[m.end()].isalnum():
        return None
    key = re.sub(r"\s+", " ", m.group(0))
    said = table.abbreviations.get(key) or table.abbreviations.get(key.replace(" ", ""))
    if said and key in MAY_END and _SENTENCE_AFTER.match(m.string, m.end()):
        said += "."  # "..., usw. Dann": its full stop also ends the sentence
    return said


def _ending(m: re.Match[str], table: Language) -> str:
    """"Hauptstr." -> "Hauptstraße"; its full stop kept where it ends the text."""
    said = m["stem"] + table.word_endings[m["end"]]
    return said + "." if m["end"].endswith(".") and not m.string[m.end():].strip() else said


def _century(say: Speaker) -> tuple[str, str, Say]:
    """A century in Roman numerals ("XXIe siècle", "siglo XXI"), said as the language says it."""
    code = say.table.code
    pattern, form = ordinals.CENTURIES.get(code, ("", ""))

    def speak(m: re.Match[str]) -> str | None:
        value = ordinals.roman(m["r"] or m.groupdict().get("r2") or "")
        if not 0 < value < 40:
            return None
        if form == "cardinal":
            return say.words(value)
        return "premier" if code == "fr" and value == 1 else ordinals.ordinal(code, value)
    return ("century", pattern, speak)


def _regnal(say: Speaker) -> tuple[str, str, Say]:
    """A ruler's number after the name ("Felipe VI": "Felipe sexto", "Louis XIV": "Louis quatorze")."""
    code = say.table.code

    def speak(m: re.Match[str]) -> str | None:
        value = ordinals.roman(m["r"])
        if code == "de":
            if not 0 < value < 40 or m["name"] in ordinals.REGNAL_NOT_NAMES:
                return None
            dative = word_before(m).lower() in ordinals.REGNAL_DATIVE
            said = ordinals.ordinal("de", value)
            return f"{m['name']} {'dem' if dative else 'der'} {said.capitalize()}{'n' if dative else ''}"
        if not 0 < value < 40 or m["er"] and (code != "fr" or value != 1):
            return None
        feminine = bool({m["name"], word_before(m).lower()} & ordinals.REGNAL_FEMININE)
        if value > ordinals.REGNAL_ORDINAL_UP_TO[code]:
            said = say.words(value)
        elif code == "fr":
            said = "première" if feminine else "premier"
        else:
            said = ordinals.ordinal(code, value, feminine)
        return f"{m['name']} {said}"
    pattern = ordinals.REGNAL_GERMAN if code == "de" else ordinals.REGNAL
    return ("regnal", pattern if code in ordinals.REGNAL_ORDINAL_UP_TO or code == "de" else "", speak)


def _score(say: Speaker) -> Say:
    """ "2:1": "zwei zu eins", "2 x 1": "dois a um"; before a unit, a measure ("2 x 3 m")."""
    amount_after = _amount_after(say.table)

    def speak(m: re.Match[str]) -> str | None:
        if amount_after.match(m.string, m.end()):
            return None
        return f"{say.amount(m['a'])} {ranges.SCORE[say.table.code][0]} {say.amount(m['b'])}"
    return speak


def _chain(say: Speaker, m: re.Match[str]) -> str:
    """ "17-18-19 juin": "dix-sept dix-huit dix-neuf juin" ("1-2-3 de mayo": "primero dos tres de mayo")."""
    days = re.split(r"[-\u2013]", m["c"])
    said = [say.words(1, "ordinal") if day == "1" and say.table.day == "first" else say.words(int(day))
            for day in days]
    return " ".join(said)  # "dix-huit dix-neuf", said in one breath


def _cifrao(say: Speaker, m: re.Match[str]) -> str:
    """ "6.500$00": "seis mil e quinhentos escudos", "2$50": "dois escudos e cinquenta centavos"."""
    one, many, cent, cents = money.CIFRAO[say.table.code]
    value, hundredths = say.integer(m["n"]), int(m["c"])
    said = f"{say.counted(m['n']) if value == 1 else say.amount(m['n'])} {one if value == 1 else many}"
    if hundredths:
        count = say.counted(m["c"].lstrip("0")) if hundredths == 1 else say.words(hundredths)
        said += f" e {count} {cent if hundredths == 1 else cents}"
    return said


def _by(say: Speaker) -> tuple[str, str, Say]:
    """A size ("2 x 3 m", "21 × 29,7 cm"): the first measure and the word; the second stays for
    its unit's rule."""
    unit = _alternatives(units.names(say.table))
    pattern = (rf"(?<![\d.,])(?P<a>{say.number})\s?[xX×]\s?"
               rf"(?=(?:{say.number})\s?(?:{unit})(?![\w'’]))")
    return ("by", pattern, lambda m: f"{say.amount(m['a'])} {ranges.BY[say.table.code]} ")


def _score_list(say: Speaker) -> Say:
    """ "11:2, 3:11, 9:11": "elf zu zwei, drei zu elf, neun zu elf", when one of them is no time."""
    def speak(m: re.Match[str]) -> str | None:
        pairs = [pair.strip().split(":") for pair in m.group(0).split(",")]
        if all(len(b) == 2 and int(a) <= 24 and int(b) < 60 for a, b in pairs):
            return None
        word = ranges.SCORE[say.table.code][0]
        return ", ".join(f"{say.amount(a)} {word} {say.amount(b)}" for a, b in pairs)
    return speak


def _point(say: Speaker) -> tuple[str, str, Say]:
    """A decimal written with a point, with the percent sign, unit or currency after it ("12.5%":
    "doce punto cinco por ciento", "1.75 m": "uno punto setenta y cinco metros")."""
    table, names = say.table, units.names(say.table)
    after = _alternatives([*names, *table.currencies])
    scales = units.POINT_ONLY_BEFORE.get(table.code)
    unit = rf"(?:\s?(?P<u>%|{after})(?![\w]|[.,]\d)|(?=\s(?:{'|'.join(scales)})\b))" if scales else \
        rf"(?:\s?(?P<u>%|{after}))?(?![\w]|[.,]\d)"
    pattern = rf"(?<![\w.,])(?P<w>\d+)?\.(?P<f>\d{{1,2}}){unit}"

    def speak(m: re.Match[str]) -> str:
        said = say.pointed(m["w"] or "", m["f"])
        if not m["u"]:
            return said
        word = table.percent if m["u"] == "%" else (names.get(m["u"]) or table.currencies[m["u"]])[1]
        return f"{said} {word}"
    return ("point", pattern if table.point else "", speak)


def _fraction_unit(say: Speaker) -> tuple[str, str, Say]:
    """ "1/2 ft": "ein halb Fuß"; "3/5 mph": "tres quintos de milla por hora"."""
    table, names = say.table, units.names(say.table)
    if table.code not in fractions.FRACTIONS:
        return ("fraction_unit", "", lambda m: None)
    speak_fraction = fractions.speaker(table, say.amount)
    pattern = rf"(?P<f>(?:[-\u2212])?(?:\d+\s)?\d+/\d{{1,3}})\s?(?P<u>{_alternatives(names)})(?![\w'’])"

    def speak(m: re.Match[str]) -> str | None:
        inner = re.fullmatch(fractions.pattern(say.number), m["f"])
        if inner is None:
            return None
        one, many = names[m["u"]]
        half = (int(inner["n"]), int(inner["d"])) == (1, 2)
        said_whole = (say.amount if table.code in fractions.BEFORE_UNITS else say.counted)(inner["w"] or "0")
        whole = money.agrees(table.code, said_whole, one, shorten=False) if inner["w"] else ""
        only = re.fullmatch(fractions.pattern(say.number), f"{inner['n']}/{inner['d']}")
        fraction = speak_fraction(only) if only else None
        if fraction is None:
            return None
        feminine = one.split(" ")[0] in money.FEMININE.get(table.code, ())
        said = fractions.with_unit(table.code, fraction, whole, half, (one, many), feminine,
                                   past_one=bool(inner["w"]) and int(inner["w"]) > 1)
        return f"{table.minus} {said}" if inner["sign"] else said
    return ("fraction_unit", pattern, speak)


def _agreeing(say: Speaker) -> tuple[str, str, Say]:
    """A number before a feminine noun ("21 libras": "veintiuna libras"), and a round million before
    a noun joined by its "de" ("21.000.000 personas": "veintiún millones de personas")."""
    code = say.table.code
    nouns = _alternatives(money.FEMININE.get(code, ()))
    pattern = (r"(?P<m>\d{1,3}(?:\.000){2,})(?=\s(?!de\b|di\b)[a-záéíóúâêôãõàç]{3,}\b)|"
               rf"(?P<n>{say.number})(?=\s(?P<s>{nouns})\b)")

    def speak(m: re.Match[str]) -> str:
        if m["m"]:
            return money.of(code, say.amount(m["m"]))
        return money.agrees(code, say.amount(m["n"]), m["s"])
    return ("agreeing", pattern if code in ("es", "pt", "it") else "", speak)


def _without_last_zeros(table: Language, raw: str) -> str:
    """ "2,50" before a scale, where decimals are said digit by digit: "2,5" ("3,00": "3"); three
    decimals or more are written for their precision and said whole ("2,200": "zwei Komma zwei
    null null", as NeMo's German)."""
    whole, comma, fraction = raw.partition(",")
    if not (table.decimals_by_digit and comma and len(fraction) <= 2):
        return raw
    return f"{whole},{fraction.rstrip('0')}".rstrip(",")


def _scaled(say: Speaker) -> tuple[str, str, Say]:
    """A number before a scale ("2,50 Mio. Menschen": "zwei Komma fünf Millionen Menschen",
    "1 Milliarde": "eine Milliarde", "veintiún millones"): the decimals said digit by digit lose
    their last zeros, an abbreviated scale is said whole."""
    table, scales = say.table, money.SCALES.get(say.table.code, {})
    pattern = rf"(?P<sign>[-\u2212])?(?P<n>{say.number})\s(?P<s>{_alternatives(scales)})(?![\w])"

    def speak(m: re.Match[str]) -> str | None:
        raw = _without_last_zeros(table, m["n"])
        one = raw == "1"
        pair = scales[m["s"]]
        written = m["s"] if m["s"] in pair and not (one and m["s"] == pair[1]) else pair[not one]
        count = money.agrees(table.code, say.counted(raw) if one else say.amount(raw), written)
        said = f"{money.shortened(table.code, count, written)} {written}"
        if m["s"].endswith(".") and not m.string[m.end():].strip():
            said += "."  # "... 2,5 Mio.": its full stop ends the text
        return _signed(m, say, said)
    return ("scaled", pattern if scales else "", speak)


def _per_unit(say: Speaker) -> tuple[str, str, Say]:
    """ "inwoners per km²": "inwoners per vierkante kilometer", "Einwohner pro km²"."""
    names = {symbol: pair for symbol, pair in units.names(say.table).items() if not symbol.isalpha() or len(symbol) > 1}
    per = units.PER.get(say.table.code, "")
    pattern = rf"(?<![\w])(?P<p>{per})\s(?P<u>{_alternatives(names)})(?![\w'’])" if per else ""
    return ("per_unit", pattern, lambda m: f"{m['p']} {names[m['u']][0]}")


def _unit(say: Speaker) -> tuple[str, str, Say]:
    """ "12 km", "-5 °C", "2 Millionen km/h", "56,3 /km²"."""
    table, names = say.table, units.names(say.table)
    scale = _alternatives(table.scales)
    pattern = (rf"(?P<sign>[-\u2212])?(?P<n>{say.number})(?:\s(?P<s>{scale})(?![\w]))?\s?(?P<per>/\s?)?"
               rf"(?P<u>{_alternatives(names)})(?![\w'’])")

    def speak(m: re.Match[str]) -> str | None:
        guard = units.NOT_AFTER.get(table.code, {}).get(m["u"])
        if guard and not m["sign"] and guard.search(m.string, 0, m.start()):
            return None  # "la 3 A": a class, not amperes
        one, many = names[m["u"]]
        if m["per"]:
            said = f"{say.amount(m['n'])} {units.PER[table.code]} {one}"
        elif m["s"]:
            said = f"{say.amount(m['n'])} {table.scales[m['s']]} {many}"
        elif re.fullmatch(r"0*1", m["n"]):  # "1 h", "01 h": one hour
            said = f"{money.agrees(table.code, say.counted('1'), one)} {one}"
        else:
            said = f"{money.agrees(table.code, say.amount(m['n']), many)} {many}"
        return _signed(m, say, said)
    return ("unit", pattern, speak)


def _signed(m: re.Match[str], say: Speaker, said: str) -> str | None:
    if not m["sign"]:
        return said
    if m.start() > 0 and not m.string[m.start() - 1].isspace():
        return None  # "10-12 km": a range, not a sign
    return f"{say.table.minus} {said}"


def _negative(say: Speaker) -> Say:
    def speak(m: re.Match[str]) -> str | None:
        if m.start() > 0 and not m.string[m.start() - 1].isspace():
            return None  # a range or a hyphenated word, not a sign
        return f"{say.table.minus} {say.amount(m['n'])}"
    return speak


_POINT_AMOUNT = r"\d+\.\d{2}(?![\d.,])"


def _money(say: Speaker) -> list[tuple[str, str, Say]]:
    table = say.table
    currency, scale = _alternatives(table.currencies), _alternatives(table.scales)
    number = rf"{_POINT_AMOUNT}|{say.number}"  # "3.50 dólares": a point before two digits is a decimal one
    if table.point:  # "$9.5 millones": "nueve punto cinco millones de dólares"
        number = rf"\d+\.\d{{1,2}}(?=\s?(?:{scale})(?![\w]))|{number}"
    cents = rf"\d{{1,3}}(?:[{re.escape(table.group)}]\d{{3}})*,\d\d(?!\d)"  # "3,50 euros": euros and cents
    named = {word: symbol for symbol, pair in reversed(table.currencies.items()) for word in pair}
    pattern = (rf"(?P<c1>{currency})\s?(?P<n1>{number})(?:\s(?P<s1>{scale}))?(?![\w])|"
               rf"(?P<n2>{number})(?:\s?(?P<s2>{scale}))?\s?(?P<c2>{currency})(?![\w])|"
               rf"(?P<n3>{_POINT_AMOUNT}|{cents})\s(?P<c3>{_alternatives(named)})(?![\w])")

    def speak(m: re.Match[str]) -> str | None:
        raw, scaled = m["n1"] or m["n2"] or m["n3"], m["s1"] or m["s2"]
        symbol = m["c1"] or m["c2"] or named[m["c3"]]
        pointed = scaled and table.point and "." in raw
        if re.fullmatch(_POINT_AMOUNT, raw) and not pointed:
            raw = raw.replace(".", ",")
        one, many = table.currencies[symbol]
        if scaled:  # "2,5 Mio. €", "1 Million €": "eine Million Euro"
            said_scale = table.scales[scaled]
            raw = _without_last_zeros(table, raw)
            if raw == "1":  # "1 Mio. €": "eine Million Euro"
                said_scale = money.SINGULAR.get(table.code, {}).get(said_scale, said_scale)
            count = say.pointed(*raw.split(".")) if pointed else say.counted(raw) if raw == "1" else say.amount(raw)
            if raw == "1" and said_scale in money.ALONE:  # "€1 mil": "mil euros"
                return money.scaled(table.code, said_scale, many)
            return f"{money.agrees(table.code, count, said_scale)} {money.scaled(table.code, said_scale, many)}"
        whole, _, cents = raw.partition(",")
        cents = cents.rstrip("0").strip("-\u2013")  # "€ 5,-": no cents
        if len(cents) > 2:  # "$2,201": a decimal amount of the currency
            return f"{say.amount(f'{whole},{cents}')} {many}"
        value = say.integer(whole)
        noun = one if value == 1 else many
        said = money.of(table.code, money.agrees(table.code, say.counted(whole) if value == 1 else
                                                  say.amount(whole), noun))
        said = said + noun if said.endswith("'") else f"{said} {noun}"  # "deux millions d'euros"
        if cents:
            said = _cents(say, symbol, int(cents.ljust(2, "0")), said if value else "")
        return said
    return [("money", pattern, speak)]


def _cents(say: Speaker, symbol: str, hundredths: int, whole: str) -> str:
    """The hundredths after the whole amount said (none: "zwanzig Cent" alone)."""
    table = say.table
    one, many = money.CENTS.get(table.code, {}).get(symbol, table.cents)
    noun = one if hundredths == 1 else many
    cents = f"{money.agrees(table.code, say.counted(str(hundredths)), noun)} {noun}"
    return " ".join(part for part in (whole, table.cents_and if whole else "", cents) if part)


def _time_after(say: Speaker, m: re.Match[str], value: int) -> str:
    """What follows a clock time: its meridiem, its zone and the zone's offset."""
    table, code = say.table, say.table.code
    parts, said = m.groupdict(), []
    if parts.get("ap"):
        said.append(times.meridiem(code, parts["ap"], value))
    if parts.get("zone"):
        said.append(times.spelled(parts["zone"]))
        if parts.get("off"):
            sign = table.minus if parts["sign"] != "+" else telephones.WORDS[code].plus
            said.append(f"{sign} " + " ".join(say.words(int(part)) for part in parts["off"].split(":")))
    return " ".join(["", *said]) if said else ""


def _point_amount(m: re.Match[str], table: Language, amount_after: re.Pattern[str]) -> bool:
    """Whether hours and minutes written with a point are an amount: "3.50 dólares", and where a
    point may be a decimal one, "1.33" off the clock's round minutes with no clock word about it."""
    if not re.fullmatch(r"\d+\.\d\d", m.group(0)):
        return False
    if amount_after.match(m.string, m.end()):
        return True
    # where a point may be a decimal one off the clock (Spanish, Portuguese; not Italian "alle 8.33")
    return bool(table.point and table.code in times.CLOCK_AFTER and int(m.group(0)[-2:]) % 5
                and word_before(m).lower() not in times.CLOCK_BEFORE.get(table.code, ())
                and not times.CLOCK_AFTER[table.code].match(m.string, m.end()))


def _hour_form(table: Language, written: str, value: int, said: str) -> tuple[str, str]:
    """A time's form and its hour as said: "1:20" in "une heure vingt", "0 h 17" "minuit dix-sept"."""
    named = times.NAMED_HOURS.get(table.code, {}).get(written)
    if named:
        return named
    if value == 1 and table.code in times.ONE_HOUR:
        return table.time.replace(*times.ONE_HOUR[table.code]), said
    return table.time, said


def _clock(m: re.Match[str], say: Speaker, form: str, written: str, said_hours: str,
           minutes: int) -> tuple[str, str, str]:
    """A time's form, hours and minutes as said, after an article on a twelve-hour clock as people
    say it there ("às onze e trinta", "ao meio-dia e meia"; ``times.ARTICLE_CLOCK``); an hour
    written with its zero ("à 01:20") is on the 24-hour clock: "à uma hora e vinte"."""
    code, hours = say.table.code, int(written)
    said_minutes = times.MINUTES.get(code, {}).get(minutes) or say.words(minutes)
    article = word_before(m).lower()
    if code not in times.ARTICLE_CLOCK or article not in times.ARTICLE_CLOCK[code][1] or hours > 12 \
            or len(written) == 2 and written.startswith("0"):
        return form, said_hours, said_minutes
    spoken, _, named, named_minutes = times.ARTICLE_CLOCK[code]
    if (article, hours) in named:
        return spoken, named[article, hours], named_minutes.get(minutes, said_minutes)
    return (spoken, said_hours, said_minutes) if hours else (form, said_hours, said_minutes)


def _time(say: Speaker) -> list[tuple[str, str, Say]]:
    table, code = say.table, say.table.code
    names = units.names(table)

    def hour(m: re.Match[str], value: int) -> tuple[int, str]:
        pattern, parts = times.AFTERNOON.get(code, (None, {}))
        part = pattern.match(m.string, m.end()) if pattern else None
        if part and parts[part["part"]][0] <= value <= parts[part["part"]][1]:
            value -= 12
        said = say.counted(str(value))
        return value, money.feminine(code, said) if code in times.FEMININE_HOURS else said

    def noun(symbol: str, value: int, said: str) -> str:
        one, many = names.get(symbol, ("", ""))
        word = one if value == 1 else many
        return money.agrees(code, said, word)

    def after(m: re.Match[str], value: int) -> str:
        return _time_after(say, m, value)

    amount_after = _amount_after(table)

    def speak(m: re.Match[str]) -> str | None:
        if _point_amount(m, table, amount_after):
            return None
        hours, minutes = m["h"] or m.groupdict().get("h2") or "0", m["m"] or m.groupdict().get("m2")
        value, said_hours = hour(m, int(hours))
        form, said_hours = _hour_form(table, hours, value, said_hours)
        if minutes and int(minutes):
            form, said_hours, said_minutes = _clock(m, say, form, hours, said_hours, int(minutes))
            return form.format(h=said_hours, m=said_minutes) + after(m, value)
        head = form.split("{m}")[0].split()
        if head and head[-1] in _CONJUNCTIONS:
            head = head[:-1]
        return " ".join(head).format(h=said_hours) + after(m, value)

    def seconds(m: re.Match[str]) -> str | None:
        if not int(m["s"]) and code in times.ROUND_WITHOUT_ZEROS:  # "12:00:00 gmt": "doce g m t"
            return speak(m)
        value, said_hours = hour(m, int(m["h"]))
        minutes, secs = int(m["m"]), int(m["s"])
        hours_noun = names.get("h", ("", ""))[value != 1]
        return times.WITH_SECONDS[code].format(
            h=said_hours, hours=hours_noun, m=noun("min", minutes, say.counted(str(minutes))),
            min=names["min"][minutes != 1], s=noun("s", secs, say.counted(str(secs))),
            sec=names["s"][secs != 1]) + after(m, value)

    def duration(m: re.Match[str]) -> str:  # "2 h 30 min": "dos horas y treinta minutos"
        parts = [(symbol, int(raw)) for symbol, raw in (("h", m["h"]), ("min", m["m"] or m["m2"]),
                                                        ("s", m["s"] or m["s2"])) if raw]
        said = [f"{noun(symbol, value, say.counted(str(value)))} {names[symbol][value != 1]}"
                for symbol, value in parts]
        last = " ".join(word for word in (times.DURATION_AND.get(code, ""), said[-1]) if word)
        return " ".join([*said[:-1], last])

    suffix = times.suffix(code)
    clock = (r"(?P<h>[01]?\d|2[0-4])(?::(?=\d\d:)|h(?=\d\dm\d\ds\b))(?P<m>[0-5]\d)[:m](?P<s>[0-5]\d)"
             rf"(?:(?<=m\d\d)s)?(?!\d)(?:\s*(?i:uhr)\b)?{suffix}")  # "14:30:05", "12h02m00s"
    return [("duration", times.DURATION if "min" in names and "h" in names else "", duration),
            ("time_seconds", clock, seconds), ("time", rf"(?:{table.time_pattern}){suffix}", speak)]


def _dates(say: Speaker) -> list[tuple[str, str, Say]]:
    table = say.table

    def day(m: re.Match[str], value: int) -> str:
        if table.day == "ordinal":  # German: "am dritten März", "dritter März", "am Montag, dritten März"
            ending = "n" if _german_case_word(m) in _ORDINAL_ARTICLES else "r"
            return say.words(value, "ordinal") + ending
        if table.day == "first" and value == 1:
            return say.words(1, "ordinal")
        return say.words(value)

    def speak(m: re.Match[str]) -> str:
        parts = m.groupdict()
        month = table.months[dates.month_of(table.code, table.months, parts) - 1]
        return dates.said(table.date, day(m, int(parts["d"])) if parts.get("d") else None, month,
                          say.amount(parts["y"]) if parts.get("y") else None, parts.get("of"))

    def month_year(m: re.Match[str]) -> str | None:  # "Ley 10/2024", "Gesetz 12/2023": a number, no date
        return None if word_before(m)[:1].isupper() else speak(m)

    return [(name, pattern, month_year if name == "date_month_slash" else speak)
            for name, pattern in dates.patterns(table.code, table.months)]


def _german_case_word(m: re.Match[str]) -> str:
    """The word that gives a German ordinal its case: the one before it, or before the weekday or
    the first ordinal between ("am Montag, 3. März", "bei jedem 2. oder 3. Gießen")."""
    word = word_before(m).lower()
    if word in _ORDINAL_ARTICLES:
        return word
    past = _CASE_PAST.search(m.string[max(0, m.start() - 40):m.start()])
    return past[1].lower() if past else word


def _ordinals(say: Speaker) -> list[tuple[str, str, Say]]:
    table = say.table
    if table.day == "ordinal":  # German: "der 3. Platz", "3. Platz" opening the text, "3ter"
        def german(m: re.Match[str]) -> str | None:
            article = _german_case_word(m)
            said = ordinals.ordinal("de", int(m["n"]))
            if article in _ORDINAL_ARTICLES and m.string[m.end():].strip():
                return said + _ORDINAL_ARTICLES[article]
            noun = re.match(r"\s+(\w+)", m.string[m.end():])
            if noun and noun[1] in ordinals.RANKED and int(m["n"]) < 100:  # "5a, 2. Stock": "zweiter Stock"
                return said + ordinals.RANKED[noun[1]]
            if m.string[:m.start()].strip(_OPENERS) or 1100 <= int(m["n"]) < 2100:
                return None  # "bis 100. Dann", "2026.": a sentence's end, maybe
            return said + ordinals.RANKED.get(noun[1] if noun else "", "r")  # a rank heading the text: "1.", "1. Liga"

        def ending(m: re.Match[str]) -> str:  # "3ter", "121tem", "100sten"
            return ordinals.ordinal("de", int(m["n"])) + m["end"].split("te", 1)[1]
        def decade(m: re.Match[str]) -> str:  # "90er": "neunziger", "1990er-Jahre", "in den 68ern"
            return say.amount(m["n"]) + m["end"]
        return [("ordinal", r"(?P<n>\d{1,7})\.(?=\s+\w|\s*$)", german),
                ("decade", r"(?P<n>\d{1,4})(?P<end>er(?:n|s|in|innen)?)(?![^\W_])", decade),
                ("ordinal_ending", r"(?P<n>\d+)(?P<end>s?te[mnrs]?)(?![\w])", ending)]
    if not table.ordinal_pattern:
        return []

    def speak(m: re.Match[str]) -> str:
        value, feminine = say.integer(m["n"]), bool(m.groupdict().get("f"))
        if table.code == "fr":
            parts = m.groupdict()
            if parts.get("sd") and value == 2:
                said = "seconde" if parts.get("fd") else "second"
            else:
                said = say.words(value, "ordinal")
                said = "première" if feminine and said == "premier" else said
            return said + "s" if parts.get("pl") else said
        if (table.code in ordinals.DEGREES and not feminine and value >= ordinals.DEGREES_FROM
                and m.group(0).endswith("º")
                and word_before(m).lower() in ordinals.DEGREES_AFTER[table.code]):
            return f"{say.amount(m['n'])} {ordinals.DEGREES[table.code]}"  # "a 180º": "a cento e oitenta graus"
        said = ordinals.ordinal(table.code, value, feminine, bool(m.groupdict().get("s")))
        return ordinals.shortened(said) if not feminine and _before_noun(m) else said

    def _before_noun(m: re.Match[str]) -> bool:
        whole = ordinals.WHOLE_BEFORE.get(table.code)
        noun = re.match(r"\s+([a-záéíóúñ]+)\b", m.string[m.end():])
        return bool(whole and noun and noun[1] not in whole)
    return [("ordinal", table.ordinal_pattern, speak)]
