"""Per-language data for the shared engine (``engine.py``): how each language writes and says
its numbers, money, percentages, times, dates, ordinals and abbreviations. A new language is one
more ``Language`` here; a new abbreviation is one more row."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..tables import DECIMAL_POINT_REGIONS


@dataclass(frozen=True)
class Language:
    code: str  # num2words' language
    group: str  # characters that group thousands ("1.250", "1 250")
    decimal: str  # the decimal separator's spoken word ("Komma", "virgule")
    minus: str
    percent: str
    currencies: dict[str, tuple[str, str]]  # symbol or code -> (one, many)
    cents: tuple[str, str]  # the word for hundredths: "Cent"
    cents_and: str  # "1,50 €" -> "ein Euro und fünfzig Cent"
    scales: dict[str, str]  # "Mio." -> "Millionen": said between a number and its currency
    months: tuple[str, ...]  # January ... December, as said
    time: str  # "{h} Uhr {m}"; minutes 0: the part before {m}
    time_pattern: str  # hours and minutes: groups h and m
    day: str = "cardinal"  # how a date's day is said: "cardinal", "ordinal", "first" (1: ordinal)
    year_form: bool = False  # 1990 said as a year ("neunzehnhundertneunzig") when it may be one
    ordinal_pattern: str = ""  # a written ordinal; group n: the number, f: a feminine mark
    abbreviations: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # after a number: "km" -> "Kilometer"
    one: str = ""  # "1" before a noun ("ein Euro"); empty: num2words' word
    date: str = "{d} {m} {y}"  # a numeric date as said
    decimals_by_digit: bool = False  # "3,25": "drei Komma zwei fünf"
    # up to three decimals said as a number ("818,303": "trois cent trois"), more in pairs
    # ("3,1415": "tres coma catorce quince")
    decimal_pairs: bool = False
    # The abbreviated end of a compound word, as said: "Hauptstr." -> "Hauptstraße".
    word_endings: dict[str, str] = field(default_factory=dict)
    numbers: str = ""  # num2words' language where it is not ``code``: "pt_BR"
    # A decimal written with a point ("1.33", "$9.5 millones", ".22") said with this word
    # ("uno punto treinta y tres"); empty: the language reads no such decimal.
    point: str = ""
    decimal_groups: bool = False  # decimals grouped by three with spaces ("60,240 0"), said digit by digit


_EURO_DOLLAR = {"€": ("Euro", "Euro"), "EUR": ("Euro", "Euro"), "$": ("Dollar", "Dollar"),
                "US-$": ("US-Dollar", "US-Dollar"), "£": ("Pfund", "Pfund"), "CHF": ("Franken", "Franken")}

GERMAN = Language(
    code="de", group=".", decimal="Komma", minus="minus", percent="Prozent",
    currencies=_EURO_DOLLAR, cents=("Cent", "Cent"), cents_and="",
    scales={"Mio.": "Millionen", "Mrd.": "Milliarden", "Millionen": "Millionen",
            "Milliarden": "Milliarden", "Tsd.": "Tausend",
            "Million": "Million", "Milliarde": "Milliarde", "million": "Million", "millionen": "Millionen",
            "milliarden": "Milliarden"},
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember"),
    # "19.00 Uhr", and "19.00" before "bis 22:00 Uhr"
    time="{h} Uhr {m}", time_pattern=r"(?P<h>[01]?\d|2[0-4])[:.](?P<m>[0-5]\d)(?:\s*Uhr\b|(?=\s*(?:bis|-|\u2013)\s*"
                                     r"(?:[01]?\d|2[0-4])[:.][0-5]\d\s*Uhr\b))|"
                                     r"(?P<h2>[01]?\d|2[0-4]):(?P<m2>[0-5]\d)(?!\d)(?:\s*Uhr\b)?",
    day="ordinal", year_form=True, one="ein", decimals_by_digit=True,
    abbreviations={"z. B.": "zum Beispiel", "z.B.": "zum Beispiel", "d. h.": "das heißt",
                   "d.h.": "das heißt", "u. a.": "unter anderem", "u.a.": "unter anderem",
                   "usw.": "und so weiter", "bzw.": "beziehungsweise", "ca.": "circa",
                   "Dr.": "Doktor", "Prof.": "Professor", "Nr.": "Nummer", "inkl.": "inklusive",
                   "vgl.": "vergleiche", "evtl.": "eventuell", "Hr.": "Herr", "Fr.": "Frau",
                   "St.": "Sankt", "Str.": "Straße", "v. Chr.": "vor Christus",
                   "n. Chr.": "nach Christus", "Jh.": "Jahrhundert", "etc.": "et cetera", "Tel.": "Telefon",
                   "p.a.": "pro Jahr", "p. a.": "pro Jahr"},
    units={"km/h": "Kilometer pro Stunde", "km": "Kilometer", "kg": "Kilogramm", "m²": "Quadratmeter",
           "°C": "Grad Celsius", "Std.": "Stunden", "Min.": "Minuten", "Sek.": "Sekunden", "qm": "Quadratmeter"},
    word_endings={"str.": "straße", "pl.": "platz"},
)

FRENCH = Language(
    code="fr", group=" \u00a0\u202f.", decimal="virgule", minus="moins", percent="pour cent",
    currencies={"€": ("euro", "euros"), "EUR": ("euro", "euros"), "$": ("dollar", "dollars"),
                "£": ("livre", "livres"), "CHF": ("franc suisse", "francs suisses"), "₩": ("won", "wons"),
                "FF": ("franc", "francs")},  # the franc of news before 2002 ("F" after its number: units)
    cents=("centime", "centimes"), cents_and="et",
    scales={"M": "millions", "Md": "milliards", "Mds": "milliards", "millions": "millions",
            "milliards": "milliards", "millions d'": "millions d'", "milliards d'": "milliards d'"},
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
            "octobre", "novembre", "décembre"),
    time="{h} heures {m}", time_pattern=r"(?P<h>[01]?\d|2[0-4])\s?[hH]\s?(?P<m>[0-5]\d)?(?![\w])|"
                                        r"(?P<h2>[01]?\d|2[0-4]):(?P<m2>[0-5]\d)(?!\d)",
    day="first", one="un", decimal_pairs=True, decimal_groups=True, point="virgule",
    # "1er", "1re", "3e", "3ème", "1ᵉʳ", "1ʳᵉ", "2ᵈᵉ" ("seconde"), plurals "1ers", "11ᵉˢ"
    ordinal_pattern=(r"(?P<n>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:er|ᵉʳ|(?P<f>re|ère|ʳᵉ)|(?P<sd>d|ᵈ)(?P<fd>e|ᵉ)?|"
                     r"e|ème|ᵉ)(?P<pl>s|ˢ)?(?![\w])"),
    abbreviations={"M.": "Monsieur", "MM.": "Messieurs", "Mme": "Madame", "Mmes": "Mesdames",
                   "Mlle": "Mademoiselle", "Dr": "docteur", "Pr": "professeur", "etc.": "et cetera",
                   "n°": "numéro", "av. J.-C.": "avant Jésus-Christ", "apr. J.-C.": "après Jésus-Christ",
                   "p. ex.": "par exemple", "env.": "environ", "St": "Saint", "Ste": "Sainte",
                   "Tél.": "téléphone", "tél.": "téléphone"},
    units={"km/h": "kilomètres par heure", "km": "kilomètres", "m²": "mètres carrés",
           "°C": "degrés", "h": "heures"},
)

SPANISH = Language(
    code="es", group=". \u00a0\u202f", decimal="coma", minus="menos", percent="por ciento",
    currencies={"€": ("euro", "euros"), "EUR": ("euro", "euros"), "$": ("dólar", "dólares"),
                "£": ("libra", "libras"),
                "US$": ("dólar estadounidense", "dólares estadounidenses"),
                "USD": ("dólar estadounidense", "dólares estadounidenses"),
                "usd": ("dólar estadounidense", "dólares estadounidenses"),
                "us$": ("dólar estadounidense", "dólares estadounidenses"),
                "¥": ("yen", "yenes"), "JPY": ("yen", "yenes"), "jpy": ("yen", "yenes"),
                "₩": ("won", "wones"), "₡": ("colón", "colones"), "₧": ("peseta", "pesetas"),
                "ptas": ("peseta", "pesetas"), "pts": ("peseta", "pesetas"),
                "CHF": ("franco suizo", "francos suizos"), "chf": ("franco suizo", "francos suizos"),
                "CRC": ("colón costarricense", "colones costarricenses"),
                "crc": ("colón costarricense", "colones costarricenses"),
                "HKD": ("dólar de Hong Kong", "dólares de Hong Kong"),
                "hkd": ("dólar de Hong Kong", "dólares de Hong Kong"),
                "TTD": ("dólar de Trinidad y Tobago", "dólares de Trinidad y Tobago"),
                "ttd": ("dólar de Trinidad y Tobago", "dólares de Trinidad y Tobago"),
                "GTQ": ("quetzal", "quetzales"), "gtq": ("quetzal", "quetzales"),
                "HNL": ("lempira", "lempiras"), "hnl": ("lempira", "lempiras"),
                "NIO": ("córdoba", "córdobas"), "nio": ("córdoba", "córdobas"),
                "PAB": ("balboa", "balboas"), "pab": ("balboa", "balboas"),
                "BOB": ("boliviano", "bolivianos"), "BOP": ("peso boliviano", "pesos bolivianos"),
                "bop": ("peso boliviano", "pesos bolivianos"),
                "BRL": ("real brasileño", "reales brasileños"), "brl": ("real brasileño", "reales brasileños"),
                "R$": ("real", "reales"), "r$": ("real", "reales"),
                "MXN": ("peso mexicano", "pesos mexicanos"), "mex$": ("peso mexicano", "pesos mexicanos"),
                "Mex$": ("peso mexicano", "pesos mexicanos"),
                "ARS": ("peso argentino", "pesos argentinos"), "COP": ("peso colombiano", "pesos colombianos"),
                "CLP": ("peso chileno", "pesos chilenos"), "AWG": ("florín arubeño", "florines arubeños"),
                "awg": ("florín arubeño", "florines arubeños"),
                "Rs": ("rupia", "rupias"), "rs": ("rupia", "rupias"), "kr": ("corona", "coronas"),
                "mk": ("marco", "marcos"), "fr": ("franco", "francos"), "₽": ("rublo", "rublos"),
                "GBP": ("libra", "libras"), "Q": ("quetzal", "quetzales")},
    cents=("céntimo", "céntimos"), cents_and="",
    scales={"M": "millones de", "millones de": "millones de", "mill.": "millones de",
            "millones": "millones de", "millón": "millón de", "billones": "billones de",
            "billón": "billón de", "mil millones": "mil millones de", "mil": "mil"},
    months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
            "octubre", "noviembre", "diciembre"),
    time="{h} y {m}", time_pattern=r"(?P<h>[01]?\d|2[0-4])[:.](?P<m>[0-5]\d)(?![\d]|[.,]\d|\s?[%€$])(?:\s?h\b)?",
    day="first", one="un", date="{d} de {m} de {y}", decimal_pairs=True, point="punto",
    ordinal_pattern=(r"(?P<n>\d{1,3}(?:[. ]\d{3})+|\d+)\.?(?:(?P<s>ᵉʳ|er(?![\w]))|º(?!\s?[CFK]\b)|°(?!\s?[CFK]\b)|"
                     r"[rdtvn]?o(?![\w])|(?P<f>ª|[rdtvn]?a(?![\w])))"),
    abbreviations={"Sr.": "señor", "Sra.": "señora", "Srta.": "señorita", "Dr.": "doctor",
                   "Dra.": "doctora", "etc.": "etcétera", "EE. UU.": "Estados Unidos",
                   "EE.UU.": "Estados Unidos", "núm.": "número", "aprox.": "aproximadamente",
                   "a. C.": "antes de Cristo", "A. C.": "antes de Cristo", "d. C.": "después de Cristo", "Ud.": "usted",
                   "Uds.": "ustedes", "pág.": "página", "a. c.": "antes de Cristo",
                   "d. c.": "después de Cristo", "Tel.": "teléfono", "tel.": "teléfono", "lun.": "lunes",
                   "miér.": "miércoles",
                   "jue.": "jueves", "vier.": "viernes", "sáb.": "sábado", "dom.": "domingo"},
    units={"km/h": "kilómetros por hora", "km": "kilómetros", "kg": "kilos",
           "m²": "metros cuadrados", "°C": "grados", "ºC": "grados"},
)

ITALIAN = Language(
    code="it", group=".", decimal="virgola", minus="meno", percent="per cento",
    currencies={"€": ("euro", "euro"), "EUR": ("euro", "euro"), "$": ("dollaro", "dollari"),
                "£": ("sterlina", "sterline"),
                "eur": ("euro", "euro"), "₽": ("rublo", "rubli"), "RUB": ("rublo", "rubli"),
                "USD": ("dollaro", "dollari"), "GBP": ("sterlina", "sterline"),
                "CHF": ("franco svizzero", "franchi svizzeri")},
    cents=("centesimo", "centesimi"), cents_and="",
    scales={"mln": "milioni di", "mld": "miliardi di", "milioni di": "milioni di",
            "miliardi di": "miliardi di"},
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
            "settembre", "ottobre", "novembre", "dicembre"),
    time="{h} e {m} minuti", time_pattern=r"(?P<h>[01]?\d|2[0-4])[:.](?P<m>[0-5]\d)(?!\d|\.\d)",
    day="first", one="un", decimal_pairs=True, point="virgola",
    ordinal_pattern=r"(?P<n>\d+)(?:º(?!\s?[CFK]\b)|°(?!\s?[CFK]\b)|(?P<f>ª))",
    abbreviations={"Sig.": "signor", "Sig.ra": "signora", "Sigg.": "signori", "dott.": "dottor",
                   "Dott.": "dottor", "prof.": "professor", "Prof.": "professor", "ecc.": "eccetera",
                   "pag.": "pagina", "n.": "numero", "a.C.": "avanti Cristo", "d.C.": "dopo Cristo",
                   "S.": "San", "on.": "onorevole", "Tel.": "telefono", "tel.": "telefono"},
    units={"km/h": "chilometri orari", "km": "chilometri", "kg": "chili", "m²": "metri quadrati",
           "°C": "gradi", "ºC": "gradi"},
)

PORTUGUESE = Language(
    code="pt", group=". \u00a0", decimal="vírgula", minus="menos", percent="por cento",
    currencies={"€": ("euro", "euros"), "EUR": ("euro", "euros"), "R$": ("real", "reais"),
                "$": ("dólar", "dólares"), "US$": ("dólar", "dólares"), "£": ("libra", "libras")},
    cents=("cêntimo", "cêntimos"), cents_and="e",
    scales={"mil milhões de": "mil milhões de", "milhões de": "milhões de", "mi": "milhões de", "mil": "mil",
            "bi": "bilhões de",
            "milhões": "milhões de", "milhão": "milhão de", "bilhões": "bilhões de",
            "bilhão": "bilhão de", "mil milhões": "mil milhões de"},
    months=("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
            "setembro", "outubro", "novembro", "dezembro"),
    time="{h} horas e {m}", time_pattern=r"(?P<h>[01]?\d|2[0-4])"
                                         r"(?:[hH:]|\.(?=\d\d(?![\d]|[.,]\d|\s?[%€$])))(?P<m>[0-5]\d)(?!\d)|"
                                         r"(?P<h2>[01]?\d|2[0-4])h(?![\w])",
    day="first", one="um", date="{d} de {m} de {y}", point="ponto",
    ordinal_pattern=r"(?P<n>\d+)\.?(?:º(?!\s?[CFK]\b)|°(?!\s?[CFK]\b)|(?P<f>ª))",
    abbreviations={"Sr.": "senhor", "Sra.": "senhora", "Dr.": "doutor", "Dra.": "doutora",
                   "etc.": "et cetera", "nº": "número", "n.º": "número", "pág.": "página",
                   "a.C.": "antes de Cristo", "d.C.": "depois de Cristo", "V. Exa.": "Vossa Excelência",
                   "Av.": "avenida", "p. ex.": "por exemplo", "Prof.": "professor",
                   "Profa.": "professora", "Eng.": "engenheiro", "págs.": "páginas",
                   "aprox.": "aproximadamente", "Sto.": "santo", "Sta.": "santa", "Tel.": "telefone",
                   "tel.": "telefone"},
    units={"km/h": "quilómetros por hora", "km": "quilómetros", "kg": "quilos",
           "m²": "metros quadrados", "°C": "graus", "ºC": "graus"},
)

DUTCH = Language(
    code="nl", group=". \u00a0", decimal="komma", minus="min", percent="procent",
    currencies={"€": ("euro", "euro"), "EUR": ("euro", "euro"), "$": ("dollar", "dollar"),
                "£": ("pond", "pond")},
    cents=("cent", "cent"), cents_and="en",
    scales={"mln": "miljoen", "mld": "miljard", "miljoen": "miljoen", "miljard": "miljard"},
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"),
    time="{h} uur {m}", time_pattern=r"(?P<h>[01]?\d|2[0-4])[:.](?P<m>[0-5]\d)\s*uur\b|"
                                     r"(?P<h2>[01]?\d|2[0-4]):(?P<m2>[0-5]\d)(?!\d)(?:\s*uur\b)?",
    year_form=True, one="één", decimals_by_digit=True,
    ordinal_pattern=r"(?P<n>\d+)(?:ste|de|e)(?![\w])",
    abbreviations={"bijv.": "bijvoorbeeld", "d.w.z.": "dat wil zeggen", "o.a.": "onder andere",
                   "enz.": "enzovoort", "dhr.": "meneer", "Dhr.": "meneer", "mevr.": "mevrouw",
                   "Mevr.": "mevrouw", "Dr.": "dokter", "dr.": "dokter", "prof.": "professor",
                   "ca.": "circa", "nr.": "nummer", "m.b.t.": "met betrekking tot", "etc.": "etcetera",
                   "tel.": "telefoon", "Tel.": "telefoon"},
    units={"km/h": "kilometer per uur", "km": "kilometer", "kg": "kilo", "m²": "vierkante meter",
           "km²": "vierkante kilometer", "°C": "graden Celsius"},
)

# Brazil's Portuguese, the most read: "dezesseis", "um bilhão", "quilômetro", "centavos".
BRAZILIAN = replace(
    PORTUGUESE, numbers="pt_BR", cents=("centavo", "centavos"), decimals_by_digit=True,
    units={**PORTUGUESE.units, "km/h": "quilômetros por hora", "km": "quilômetros"},
    scales={**PORTUGUESE.scales, "tri": "trilhões de"})

LANGUAGES = {table.code: table for table in (GERMAN, FRENCH, SPANISH, ITALIAN, DUTCH)}
LANGUAGES["pt"] = BRAZILIAN  # "pt" alone and "pt-BR"; Portugal's and Africa's by their regions
REGIONS = {f"pt-{region}": PORTUGUESE for region in ("pt", "ao", "mz", "cv", "gw", "st", "tl", "mo")}
# Spanish where a decimal is written with a point ("1,500.50", ``DECIMAL_POINT_REGIONS``): the
# normalizer hands its numbers over written the European way (``as_decimal_comma``), said with
# "punto"; Mexico's "$" and "pesos" are its pesos ("$1,500.50": "mil quinientos pesos cincuenta centavos").
_PESO = {"$": ("peso", "pesos"), "pesos": ("peso", "pesos"), "MXN": ("peso", "pesos")}
REGIONS.update({f"es-{region.lower()}": replace(SPANISH, decimal="punto")
                for region in DECIMAL_POINT_REGIONS if region not in ("CH", "LI")})
REGIONS["es-mx"] = replace(SPANISH, decimal="punto", currencies={**SPANISH.currencies, **_PESO})
POINT_REGIONS = frozenset(key for key, table in REGIONS.items() if table.decimal == "punto")
