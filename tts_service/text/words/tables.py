"""Data tables for the normalizer: how a newsreader says money, units, abbreviations, dates and
the like. Data only; the rules that use them live in ``spoken_rules``.

Spellings follow US news style (AP): "percent", "kilometers", "the Eighth".
"""

from __future__ import annotations

# -- money -----------------------------------------------------------------------------------------
# Currency marks before an amount -> (singular, plural, minor unit singular, minor plural).
CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("U S dollar", "U S dollars", "cent", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "CA$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "AU$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars", "cent", "cents"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "S$": ("Singapore dollar", "Singapore dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "", ""),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "Rs": ("rupee", "rupees", "paisa", "paise"),
    "Rs.": ("rupee", "rupees", "paisa", "paise"),
    "₩": ("won", "won", "", ""),
    "₽": ("ruble", "rubles", "kopek", "kopeks"),
    "₺": ("lira", "lira", "", ""),
    "₦": ("naira", "naira", "kobo", "kobo"),
    "R": ("rand", "rand", "cent", "cents"),
    "CHF": ("Swiss franc", "Swiss francs", "centime", "centimes"),
}
# Currency codes written after an amount ("5 USD").
CURRENCY_CODES: dict[str, str] = {
    "USD": "$", "CAD": "C$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "GBP": "£",
    "EUR": "€", "JPY": "¥", "INR": "₹", "CHF": "CHF",
}
# Scales written after an amount: "$2.5bn", "£3.4m", "Rs 1,500 crore".
SCALES: dict[str, str] = {
    "k": "thousand", "K": "thousand", "thousand": "thousand",
    "m": "million", "M": "million", "mn": "million", "mln": "million", "million": "million",
    "b": "billion", "B": "billion", "bn": "billion", "bln": "billion", "billion": "billion",
    "t": "trillion", "T": "trillion", "tn": "trillion", "trillion": "trillion",
    "crore": "crore", "lakh": "lakh", "lakhs": "lakh", "crores": "crore",
}

# -- units -----------------------------------------------------------------------------------------
# Unit as written after a number -> (singular, plural). Case matters ("m" meters, "M" million).
UNITS: dict[str, tuple[str, str]] = {
    "km": ("kilometer", "kilometers"), "m": ("meter", "meters"), "cm": ("centimeter", "centimeters"),
    "mm": ("millimeter", "millimeters"), "mi": ("mile", "miles"), "ft": ("foot", "feet"),
    "in": ("inch", "inches"), "yd": ("yard", "yards"), "nm": ("nanometer", "nanometers"),
    "km/h": ("kilometer per hour", "kilometers per hour"), "kph": ("kilometer per hour",
                                                                 "kilometers per hour"),
    "kmh": ("kilometer per hour", "kilometers per hour"), "mph": ("mile per hour", "miles per hour"),
    "m/s": ("meter per second", "meters per second"), "knots": ("knot", "knots"),
    "kg": ("kilogram", "kilograms"), "g": ("gram", "grams"), "mg": ("milligram", "milligrams"),
    "lb": ("pound", "pounds"), "lbs": ("pound", "pounds"), "oz": ("ounce", "ounces"),
    "t": ("metric ton", "metric tons"), "st": ("stone", "stone"),
    "l": ("liter", "liters"), "L": ("liter", "liters"), "ml": ("milliliter", "milliliters"),
    "mL": ("milliliter", "milliliters"), "gal": ("gallon", "gallons"), "mpg": ("mile per gallon", "miles per gallon"),
    "°C": ("degree Celsius", "degrees Celsius"), "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "ºC": ("degree Celsius", "degrees Celsius"), "ºF": ("degree Fahrenheit", "degrees Fahrenheit"),
    "C": ("degree Celsius", "degrees Celsius"), "F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"), "K": ("kelvin", "kelvins"),
    "KB": ("kilobyte", "kilobytes"), "MB": ("megabyte", "megabytes"), "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"), "PB": ("petabyte", "petabytes"),
    "Kbps": ("kilobit per second", "kilobits per second"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "W": ("watt", "watts"), "kW": ("kilowatt", "kilowatts"), "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"), "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"), "GWh": ("gigawatt hour", "gigawatt hours"),
    "TWh": ("terawatt hour", "terawatt hours"), "V": ("volt", "volts"), "kV": ("kilovolt", "kilovolts"),
    "Hz": ("hertz", "hertz"), "kHz": ("kilohertz", "kilohertz"), "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"), "Ghz": ("gigahertz", "gigahertz"), "Mhz": ("megahertz", "megahertz"),
    "hp": ("horsepower", "horsepower"),
    "ha": ("hectare", "hectares"), "acres": ("acre", "acres"),
    "sq ft": ("square foot", "square feet"), "sq. ft.": ("square foot", "square feet"),
    "cu ft": ("cubic foot", "cubic feet"), "cu. ft.": ("cubic foot", "cubic feet"),
    "cu.ft": ("cubic foot", "cubic feet"),
    "sq m": ("square meter", "square meters"), "sq km": ("square kilometer", "square kilometers"),
    "sq mi": ("square mile", "square miles"), "km2": ("square kilometer", "square kilometers"),
    "km²": ("square kilometer", "square kilometers"), "m2": ("square meter", "square meters"),
    "m²": ("square meter", "square meters"), "m³": ("cubic meter", "cubic meters"),
    "cc": ("c c", "c c"), "bpd": ("barrel per day", "barrels per day"),
    "ms": ("millisecond", "milliseconds"), "sec": ("second", "seconds"),
    "min": ("minute", "minutes"), "hr": ("hour", "hours"), "hrs": ("hour", "hours"),
    "yr": ("year", "years"), "yrs": ("year", "years"),
    "lb-ft": ("pound-foot", "pound-feet"), "Nm": ("newton meter", "newton meters"),
    "tsp": ("teaspoon", "teaspoons"), "tbsp": ("tablespoon", "tablespoons"),
    "Tbsp": ("tablespoon", "tablespoons"), "fl oz": ("fluid ounce", "fluid ounces"),
    "KG": ("kilogram", "kilograms"), "Kg": ("kilogram", "kilograms"), "ML": ("milliliter", "milliliters"),
    "KM": ("kilometer", "kilometers"), "CM": ("centimeter", "centimeters"), "MM": ("millimeter", "millimeters"),
    "LBS": ("pound", "pounds"), "OZ": ("ounce", "ounces"), "MPH": ("mile per hour", "miles per hour"),
    "mbps": ("megabit per second", "megabits per second"), "kgs": ("kilogram", "kilograms"),
    "cl": ("centiliter", "centiliters"), "kcal": ("kilocalorie", "kilocalories"),
    "mAh": ("milliamp hour", "milliamp hours"), "km³": ("cubic kilometer", "cubic kilometers"),
    "mcg": ("microgram", "micrograms"), "µg": ("microgram", "micrograms"), "IU": ("international unit",
                                                                                 "international units"),
    "ppm": ("part per million", "parts per million"), "ppb": ("part per billion", "parts per billion"),
    "Gt": ("gigaton", "gigatons"),
    "bps": ("basis point", "basis points"), "bp": ("basis point", "basis points"),
    "fps": ("frame per second", "frames per second"), "FPS": ("frame per second", "frames per second"),
    "Tb": ("terabit", "terabits"), "Gb": ("gigabit", "gigabits"), "Mb": ("megabit", "megabits"),
}
# Per what, in rates written with a slash: "$20/mo", "12/kg".
PER_UNITS: dict[str, str] = {
    "mo": "month", "month": "month", "wk": "week", "week": "week", "yr": "year", "year": "year",
    "hr": "hour", "h": "hour", "hour": "hour", "day": "day", "d": "day", "kg": "kilogram",
    "lb": "pound", "g": "gram", "km": "kilometer", "mi": "mile", "sq ft": "square foot",
    "night": "night", "person": "person", "head": "head", "share": "share", "gal": "gallon",
    "l": "liter", "L": "liter", "min": "minute", "s": "second", "oz": "ounce",
}
# Units that are also common words: only read as units when glued to the number ("5in") or
# written with a period ("5 in."); "5 in a row" stays.
WORDLIKE_UNITS: frozenset[str] = frozenset({"in", "t", "st", "l", "C", "F", "K", "V", "W", "min",
                                            "sec", "cc", "ms"})
# Of those, units after a number and a space where the next word is not a name or a number ("a 1500 V
# line", "a 60 W bulb", "a latency of 100 ms at"; but "60 W 57th St" and "Route 60 W" are West).
SPACED_LETTER_UNITS: frozenset[str] = frozenset({"V", "W", "ms"})

# -- dates and times ---------------------------------------------------------------------------------
MONTHS: dict[str, str] = {
    "january": "January", "february": "February", "march": "March", "april": "April", "may": "May",
    "june": "June", "july": "July", "august": "August", "september": "September",
    "october": "October", "november": "November", "december": "December",
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "sept": "September", "oct": "October",
    "nov": "November", "dec": "December",
}
MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December")
DAYS_IN_MONTH: tuple[int, ...] = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
WEEKDAYS: dict[str, str] = {
    "mon": "Monday", "tue": "Tuesday", "tues": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
    "thur": "Thursday", "thurs": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}
# Language regions that write the day first (3/7/2025 is 3 July): en-GB, en-IN...
DAY_FIRST_REGIONS: frozenset[str] = frozenset({
    "GB", "UK", "IE", "IN", "AU", "NZ", "ZA", "SG", "MY", "PK", "NG", "KE", "HK", "PH_DMY",
})
# Languages that write a decimal comma and a thousands point ("1.500", "3,5"), and the regions
# of those languages that write them the English way (es-MX: "1,500.5").
DECIMAL_COMMA_LANGUAGES: frozenset[str] = frozenset({
    "de", "fr", "es", "it", "nl", "pt", "da", "nb", "no", "nn", "sv", "fi", "pl", "cs", "sk", "ro",
    "hu", "el", "tr", "ru", "uk", "id", "hr", "sl", "sr", "bg", "ca", "eu", "gl", "is", "lt", "lv",
    "et",
})
DECIMAL_POINT_REGIONS: frozenset[str] = frozenset({"MX", "US", "PR", "DO", "GT", "HN", "NI", "PA",
                                                   "SV", "PE", "CH", "LI"})
# Numbers only a European writer writes, and numbers only an English one writes. A lone "1.500"
# or "2,500" is neither: it is read by the evidence around it.
EUROPEAN_NUMBER_EVIDENCE: tuple[str, ...] = (
    r"(?<![\w.,])\d{1,3}(?:\.\d{3})+,\d+(?![\w.,]*\d)",  # 1.234,56
    r"(?<![\w.,])\d{1,3}(?:\.\d{3}){2,}(?![\w.,]*\d)",  # 2.500.000
    r"(?<![\w.,])\d+,\d{1,2}(?![\w.,]*\d)\s?(?:%|€|percent\b|per cent\b|million\b|billion\b|euros?\b)",
    r"€\s?\d+,\d{1,2}(?![\w.,]*\d)",  # €4,50
)
US_NUMBER_EVIDENCE: tuple[str, ...] = (
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w.,]*\d)",  # 1,500 and 1,234.5
    r"(?<![\w.,:])\d+\.\d{1,2}(?![\w.,:]*\d)(?!\s?(?:a\.?m|p\.?m|Uhr|h\b))",  # 1.5 million (not 10.30am)
)
# British spellings that show a text follows British (day-first) conventions.
BRITISH_SPELLINGS: frozenset[str] = frozenset({
    "defence", "programme", "programmes", "organisation", "organisations", "colour", "colours",
    "favour", "favourite", "labour", "centre", "centres", "realise", "realised", "recognise",
    "recognised", "behaviour", "neighbour", "neighbours", "honour", "licence", "travelled",
    "cheque", "tyre", "tyres", "aluminium", "analyse", "analysed", "apologise", "criticised",
    "organised", "prioritise", "authorised", "catalogue", "grey", "kerb", "mould", "paediatric",
})
# Time zones spoken letter by letter or by name.
TIME_ZONES: dict[str, str] = {
    "ET": "Eastern Time", "EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
    "CT": "Central Time", "CST": "Central Standard Time", "CDT": "Central Daylight Time",
    "MT": "Mountain Time", "MST": "Mountain Standard Time", "MDT": "Mountain Daylight Time",
    "PT": "Pacific Time", "PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time",
    "GMT": "G M T", "UTC": "U T C", "BST": "British Summer Time", "CET": "Central European Time",
    "CEST": "Central European Summer Time", "IST": "India Standard Time", "JST": "Japan Time",
    "AEST": "Australian Eastern Time", "HKT": "Hong Kong Time",
}

# -- abbreviations -----------------------------------------------------------------------------------
# Abbreviations (without their period) said in full wherever they stand before a name or number.
TITLES: dict[str, str] = {
    "Mr": "Mister", "Mrs": "Misses", "Ms": "Miz", "Messrs": "Messieurs", "Dr": "Doctor",
    "Drs": "Doctors", "Prof": "Professor", "Gen": "General", "Sen": "Senator", "Sens": "Senators",
    "Rep": "Representative", "Reps": "Representatives", "Gov": "Governor", "Govs": "Governors",
    "Lt": "Lieutenant", "Lt. Gen": "Lieutenant General", "Lt. Col": "Lieutenant Colonel",
    "Lt. Gov": "Lieutenant Governor", "Maj. Gen": "Major General", "Brig. Gen": "Brigadier General",
    "Maj": "Major", "Capt": "Captain", "Col": "Colonel", "Cmdr": "Commander", "Cdr": "Commander",
    "Sgt": "Sergeant", "Cpl": "Corporal", "Pvt": "Private", "Adm": "Admiral", "Brig": "Brigadier",
    "Rev": "Reverend", "Fr": "Father", "Msgr": "Monsignor", "Hon": "Honorable", "Pres": "President",
    "Supt": "Superintendent", "Insp": "Inspector", "Det": "Detective", "Atty": "Attorney",
    "Mt": "Mount", "Ft": "Fort", "Pt": "Point", "Sta": "Santa", "Ste": "Sainte",
}
# Abbreviations said in full wherever they stand (the period may also end the sentence).
ABBREVIATIONS: dict[str, str] = {
    "Jr": "Junior", "Sr": "Senior", "vs": "versus", "v": "versus", "approx": "approximately",
    "e.g": "for example", "E.g": "for example", "i.e": "that is", "I.e": "that is",
    "etc": "et cetera", "Inc": "Incorporated", "Corp": "Corporation", "Ltd": "Limited",
    "Co": "Company", "Bros": "Brothers", "Assn": "Association", "Dept": "Department",
    "Univ": "University", "Ave": "Avenue", "Blvd": "Boulevard", "Rd": "Road", "Hwy": "Highway",
    "Apt": "Apartment", "Esq": "Esquire", "Orig": "original", "ext": "extension", "Vol": "Volume",
    "Fig": "Figure", "cf": "compare", "Prop": "Proposition", "Art": "Article", "c": "circa", "Cat": "Category",
    "N.Y.C": "N Y C",
    "est": "established", "ca": "circa", "pp": "pages", "p": "page", "Nos": "numbers", "No": "number",
    "Ph.D": "P h D", "M.D": "M D", "U.S": "U S", "U.S.A": "U S A", "U.K": "U K", "U.N": "U N",
    "E.U": "E U", "D.C": "D C", "N.Y": "New York", "L.A": "L A", "a.m": "a m", "p.m": "p m",
    "A.M": "a m", "P.M": "p m",
}
# Abbreviations written without a capital or a period, said in full only where the words around
# them show it: "Carborundum Universal ltd", "Adams, jr", "mt Eden", "Elm st", "vol 24".
# where: "any"; "after_name" (a capitalized word or a number comes before); "before_name" (a
# capitalized word follows); "before_number".
BARE_ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "jr": ("junior", "any"), "Jr": ("Junior", "any"), "ltd": ("limited", "any"),
    "Ltd": ("Limited", "after_name"), "inc": ("incorporated", "after_name"),
    "Inc": ("Incorporated", "after_name"), "co": ("company", "after_name"),
    "mt": ("Mount", "before_name"), "Mt": ("Mount", "before_name"),
    "vol": ("volume", "before_number"), "Vol": ("Volume", "before_number"),
    "ave": ("avenue", "after_name"), "Ave": ("Avenue", "after_name"),
    "hwy": ("highway", "after_name"), "Hwy": ("Highway", "after_name"),
    "Expy": ("Expressway", "after_name"), "Ct": ("Court", "after_name"),
    "Blvd": ("Boulevard", "after_name"), "Rd": ("Road", "after_name"),
    "vs": ("versus", "any"),
}
# Abbreviations whose expansion depends on what follows: "No. 10" but "say no."
NEEDS_NUMBER: frozenset[str] = frozenset({"No", "Nos", "Vol", "Fig", "pp", "p", "ext", "Prop", "Art", "c", "Cat"})

# Words around a pair of small numbers that make it a score ("won 6-4", "a 2-0 win").
SCORE_BEFORE: frozenset[str] = frozenset({
    "won", "win", "wins", "beat", "beats", "lost", "lose", "loses", "defeated", "edged", "drew",
    "tied", "trailed", "led", "leads", "lead", "trail", "trailing", "leading", "scored", "score",
    "routed", "thrashed", "crushed", "downed", "topped", "blanked", "shut", "victory", "defeat",
})
SCORE_AFTER: frozenset[str] = frozenset({
    "win", "wins", "victory", "victories", "loss", "losses", "defeat", "defeats", "draw", "tie",
    "lead", "deficit", "triumph", "rout", "thrashing", "scoreline", "final", "decision", "sweep",
    "shutout", "advantage", "halftime", "aggregate",
})
# Words anywhere in a sentence that tell of a game's result ("Finland clinched 3-0"), and words
# after a pair that make it a span or an amount all the same ("24-48 hours", "5-8 minutes").
SCORE_SENTENCE: frozenset[str] = SCORE_BEFORE | frozenset({
    "beating", "defeating", "beaten", "clinched", "clinch", "goal", "goals", "overtime", "halftime",
    "match", "playoffs", "doubles", "singles", "set", "sets", "innings", "penalties", "equalizer",
    "touchdown", "touchdowns", "rolled", "quarterback", "inning", "halves",
})
SCORE_NOT_AFTER: frozenset[str] = frozenset({
    "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour", "minutes",
    "minute", "seconds", "percent", "people", "players", "members", "votes", "vote", "seats", "inches",
    "feet", "miles", "pounds", "times", "million", "billion", "thousand", "degrees", "p", "a", "am", "pm",
})
# Three-digit emergency and help lines, said digit by digit.
# Model numbers said in pairs ("Boeing 737-800": "seven thirty seven eight hundred"): after a
# maker's name, a jet family on its own when a variant or a plane word follows ("787-9"), and a
# military letter code ("C-130": "C one thirty"; "F-35" stays "F thirty five").
AIRCRAFT_MAKERS: tuple[str, ...] = ("Boeing", "Airbus", "Embraer", "Bombardier", "Cessna", "Antonov",
                                    "Tupolev", "Sukhoi", "Ilyushin")
JET_FAMILIES: tuple[str, ...] = ("707", "717", "727", "737", "747", "757", "767", "777", "787")
PLANE_WORDS: tuple[str, ...] = ("MAX", "Max", "Dreamliner", "Dreamliners", "jet", "jets", "jetliner",
                                "jetliners", "plane", "planes", "aircraft", "freighter", "airliner")
MILITARY_CODES: frozenset[str] = frozenset({"A", "B", "C", "E", "F", "KC", "MQ", "RQ", "AH", "UH",
                                            "CH", "MH", "SR", "U", "P", "V", "T"})
# A glued K is a thousand ("$50K", "10K followers"), but a screen's resolution ("4K video") and a
# race ("a 10K run") say the letter.
K_RESOLUTIONS: frozenset[str] = frozenset({"4", "8"})
RACE_WORDS: frozenset[str] = frozenset({"run", "runs", "race", "races", "walk", "runner", "runners",
                                        "course", "fun", "charity", "road", "trail", "personal"})
# Words near a number with a capital K that make the K kelvin ("cooled to 77K").
KELVIN_WORDS: frozenset[str] = frozenset({"temperature", "temperatures", "cooled", "cool", "cold",
                                          "colder", "kelvin", "kelvins", "nitrogen", "helium",
                                          "cryogenic", "superconducting", "superconductor", "heated",
                                          "absolute", "degrees"})
# Words before a short number that make it a phone number: "call 555-1234".
PHONE_BEFORE: frozenset[str] = frozenset({"call", "calls", "dial", "phone", "telephone", "tel", "text",
                                          "fax", "hotline", "line", "number", "at", "on", "or", "cell",
                                          "mobile", "contact", "ring"})
SERVICE_NUMBERS: frozenset[str] = frozenset({"911", "988", "999", "112", "311", "211", "411",
                                             "511", "711", "811", "000", "111", "101"})

# Toll-free prefixes as said in US ads and news: "1-800-..." is "one eight hundred".
TOLL_FREE: dict[str, str] = {"800": "eight hundred", "888": "eight eight eight", "877": "eight seven seven",
                             "866": "eight six six", "855": "eight five five", "844": "eight four four"}

# Party tags in US politics: "(R-Texas)", "(D-N.Y.)".
PARTIES: dict[str, str] = {"R": "Republican", "D": "Democrat", "I": "independent"}
STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "D C",
    # AP style abbreviations
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California",
    "Colo": "Colorado", "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida",
    "Ga": "Georgia", "Ill": "Illinois", "Ind": "Indiana", "Kan": "Kansas", "Ky": "Kentucky",
    "La": "Louisiana", "Md": "Maryland", "Mass": "Massachusetts", "Mich": "Michigan",
    "Minn": "Minnesota", "Miss": "Mississippi", "Mo": "Missouri", "Mont": "Montana",
    "Neb": "Nebraska", "Nev": "Nevada", "N.H": "New Hampshire", "N.J": "New Jersey",
    "N.M": "New Mexico", "N.Y": "New York", "N.C": "North Carolina", "N.D": "North Dakota",
    "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania", "R.I": "Rhode Island",
    "S.C": "South Carolina", "S.D": "South Dakota", "Tenn": "Tennessee", "Va": "Virginia",
    "Vt": "Vermont", "Wash": "Washington", "W.Va": "West Virginia", "Wis": "Wisconsin",
    "Wyo": "Wyoming",
}
# Words that follow a state's AP abbreviation inside a name ("Mass. General Hospital", "the Pa.
# Turnpike", "Calif. Gov. Gavin Newsom"): there the period ends no sentence and the state is said.
STATE_NAME_WORDS: frozenset[str] = frozenset({
    "General", "Turnpike", "Thruway", "Parkway", "Pike", "Highway", "Route", "Gov", "Governor",
    "Lt", "Sen", "Rep", "Attorney", "Supreme", "Superior", "Appeals", "Senate", "House", "Assembly",
    "Legislature", "Department", "Dept", "National", "State", "Democrats", "Republicans", "Democratic",
    "Republican", "GOP", "Medicaid", "Lottery",
})

# -- acronyms -------------------------------------------------------------------------------------------
# Capitalized abbreviations the voice gets wrong by itself, and how to say them. Others are left to
# the voice, which spells short ones (FBI, CEO) and reads pronounceable ones (NATO, NASA) as words.
ACRONYMS: dict[str, str] = {
    "AI": "A I", "US": "U S", "UK": "U K", "EU": "E U", "UN": "U N",
    "WHO": "W H O", "MAX": "max", "COP": "cop", "WWII": "World War Two", "WWI": "World War One",
    "AIDS": "aids", "COVID": "covid", "NASA": "nasa", "NATO": "nato",
    "UNESCO": "unesco", "UNICEF": "unicef", "OPEC": "opec", "FEMA": "feema", "OSHA": "osha",
    "NAFTA": "nafta", "ASEAN": "asean", "GIF": "gif", "JPEG": "jay peg", "SQL": "sequel",
    "CNN": "C N N", "BBC": "B B C", "NBA": "N B A", "NFL": "N F L", "NHL": "N H L",
    "MLB": "M L B", "NCAA": "N C double A", "IEEE": "I triple E", "AAA": "triple A",
    "AP": "A P", "FAQ": "F A Q", "CEOs": "C-E-Os", "IPO": "I P O", "IPOs": "I-P-Os",
    "LGBTQ": "L G B T Q", "ID": "I D", "IDs": "I-Ds", "OK": "okay", "PC": "P C", "TV": "T V",
    "DJ": "D J", "PhD": "P h D", "MP": "M P", "MPs": "M-Ps", "GOP": "G O P", "SUV": "S U V",
    "SUVs": "S-U-Vs", "ICU": "I C U", "ER": "E R", "DNA": "D N A", "RNA": "R N A",
    "IRS": "I R S", "NIH": "N I H", "EPA": "E P A", "SEC": "S E C", "UAE": "U A E",
    "IMF": "I M F", "NYC": "N Y C", "TSA": "T S A", "ATF": "A T F", "DEA": "D E A",
    "FAA": "F A A", "IOC": "I O C", "AARP": "A A R P", "UFC": "U F C", "NGO": "N G O",
    "NGOs": "N-G-Os", "GED": "G E D", "USDA": "U S D A", "NOAA": "Noah", "MIT": "M I T",
    "HUD": "hud", "ISIS": "isis", "DOJ": "D O J", "NIH's": "N I H's",
    "YoY": "year over year", "MoM": "month over month", "QoQ": "quarter over quarter",
    "USA": "U S A", "IUCN": "I U C N", "IAU": "I A U", "UAP": "U A P", "UAPs": "U-A- Ps",
}

# Words in capitals that are said as words though no dictionary lists them: acronyms read as words
# and short place names ("IAAF WORLD CUP" spells IAAF; "FIFA", "ASIA" are words).
# A dateline's words in capitals that are not said as their title case ("ST CATHERINE, Jamaica").
DATELINE_WORDS: dict[str, str] = {"ST": "Saint", "STE": "Sainte", "FT": "Fort", "MT": "Mount", "PT": "Port"}
SAID_AS_WORDS: frozenset[str] = frozenset({
    "FIFA", "UEFA", "DARPA", "EVA", "STAT", "SARS", "MERS", "CERN", "IKEA", "NASCAR", "OFCOM",
    "ASIA", "SPAIN", "ITALY", "CHILE", "NEPAL", "SYRIA", "GAZA", "QATAR", "OMAN", "YEMEN", "SUDAN",
    "NIGER", "IRAN", "IRAQ", "PERU", "CUBA", "MALI", "CHAD", "FIJI", "LAOS", "OHIO", "IOWA", "UTAH",
    "ROME", "PARIS", "TOKYO", "DUBAI", "MIAMI", "BONN", "OSLO", "KYIV", "DELHI", "SEOUL",
})
# Places whose names, written in capitals in running text ("flights to LAGOS", "NEW YORK"), are
# said as the name, not spelled: names of two to five letters that no dictionary lists, and names
# of more than one word. Acronyms (NRA, LAX) are not places and stay letters.
PLACES_IN_CAPITALS: frozenset[str] = frozenset({
    # cities
    "LAGOS", "ABUJA", "ACCRA", "CAIRO", "DAKAR", "RABAT", "TUNIS", "KABUL", "DHAKA", "DOHA", "BAKU",
    "RIGA", "MINSK", "HANOI", "QUITO", "SOFIA", "OSAKA", "KYOTO", "KOBE", "BUSAN", "DAEGU", "MILAN",
    "TURIN", "GENOA", "PADUA", "LYON", "LILLE", "PERTH", "LEEDS", "YORK", "ESSEN", "GRAZ", "LINZ",
    "BRNO", "KAZAN", "OMSK", "TOMSK", "KURSK", "SOCHI", "TULSA", "OMAHA", "RENO", "TAMPA", "BOISE",
    "WACO", "ERBIL", "MOSUL", "HOMS", "IDLIB", "HAIFA", "AMMAN", "SANAA", "LVIV", "ODESA", "SUMY",
    "KIEV", "LUTON", "CORK", "PUNE", "PATNA", "AGRA", "SURAT", "LIMA", "RIO", "CALI", "BALI",
    "VEGAS", "KOTA", "GIZA", "LUXOR", "SUEZ", "TABUK", "IPOH", "DAVAO", "MEDAN", "WUHAN", "HEFEI",
    "JINAN", "MACAU", "MACAO", "KIGALI", "JUBA", "GOMA", "HARARE", "LUSAKA", "TEHRAN", "HAVANA",
    "PORTO", "VIGO", "ELCHE", "PALMA", "MAINZ", "KIEL", "BREST", "GENT", "DERBY", "BATH",
    # countries, states and regions
    "TOGO", "BENIN", "GABON", "WALES", "IDAHO", "GUAM", "OMAN", "KENYA", "GHANA", "EGYPT", "HAITI",
    "KOREA", "LIBYA", "MALTA", "CONGO", "CHINA", "INDIA", "JAPAN", "TEXAS", "MAINE", "NEPAL",
    "YEMEN", "QATAR", "SYRIA", "SUDAN", "GAZA", "LAOS", "FIJI", "TONGA", "SAMOA", "PALAU", "NAURU",
    "ARUBA", "TIBET", "SAMARA", "DONBAS",
    # names of more than one word
    "NEW YORK", "HONG KONG", "LAS VEGAS", "LOS ANGELES", "SAN JOSE", "SAN DIEGO", "SAN JUAN",
    "LA PAZ", "SAO PAULO", "TEL AVIV", "ABU DHABI", "KUALA LUMPUR", "SRI LANKA", "ST LOUIS",
    "ST PAUL", "ST PETERSBURG", "NEW DELHI", "RIO DE JANEIRO", "BUENOS AIRES", "COSTA RICA",
    "PUERTO RICO", "EL PASO", "EL SALVADOR", "BATON ROUGE", "DES MOINES", "SALT LAKE CITY",
    "NEW JERSEY", "NEW MEXICO", "NEW ORLEANS", "NEW ZEALAND", "HO CHI MINH CITY", "PHNOM PENH",
    "ADDIS ABABA", "DAR ES SALAAM", "CAPE TOWN", "SAN FRANCISCO", "SANTA FE",
})

# -- roman numerals -------------------------------------------------------------------------------------
# Words after which a roman numeral is a plain number: "World War II", "Super Bowl LVIII".
ROMAN_CARDINAL_BEFORE: frozenset[str] = frozenset({
    "war", "part", "chapter", "phase", "title", "bowl", "act", "round", "stage", "volume", "vol",
    "book", "section", "article", "class", "type", "grade", "apollo", "episode", "level", "tier",
    "division", "league", "vatican", "schedule", "amendment", "mark", "mk", "series", "season",
    "star", "rocky", "final", "fantasy", "gen", "generation",
    "auto", "zeppelin", "prime", "metroid", "civilization", "earth", "planet",  # works and worlds
})
# First names of monarchs and popes: a numeral "I" or "V" after one is regnal ("Elizabeth I").
REGNAL_NAMES: frozenset[str] = frozenset({
    "Elizabeth", "Charles", "Henry", "Edward", "George", "William", "James", "Richard", "John",
    "Louis", "Philip", "Felipe", "Juan", "Carlos", "Mary", "Anne", "Victoria", "Peter",
    "Catherine", "Frederick", "Wilhelm", "Napoleon", "Alexander", "Nicholas", "Ivan", "Paul",
    "Pius", "Leo", "Benedict", "Francis", "Gregory", "Innocent", "Clement", "Urban", "Boniface",
    "Alfonso", "Ferdinand", "Isabella", "Gustav", "Christian", "Olaf", "Harald", "Haakon",
    "Rama", "Akihito", "Constantine", "Justinian", "Ramesses", "Ptolemy", "Cleopatra", "Otto",
    "Rudolf", "Sigismund", "Stephen", "Malcolm", "David", "Robert", "Kamehameha", "Mohammed",
    "Hussein", "Abdullah", "Faisal", "Willem", "Albert", "Baudouin", "Leopold", "Umberto",
    "Vittorio", "Emmanuel", "Karl", "Franz", "Joseph", "Sancho", "Manuel", "Pedro", "Miguel",
})
# Capitalized words that are not names, so a roman numeral after them is not regnal.
NOT_NAMES: frozenset[str] = frozenset({
    "The", "A", "An", "And", "But", "Or", "If", "When", "Then", "So", "Now", "In", "On", "At",
    "For", "With", "As", "By", "Of", "To", "From", "Here", "There", "This", "That", "What",
    "Why", "How", "Who", "Where", "Which", "It", "He", "She", "We", "They", "You", "Yes", "No",
})

# -- symbols --------------------------------------------------------------------------------------------
# Symbols read as words wherever they stand between spaces or words.
SYMBOL_WORDS: dict[str, str] = {
    "&": "and", "+": "plus", "=": "equals", "×": "times", "÷": "divided by", "@": "at",
    "%": "percent", "‰": "per mille", "°": "degrees", "§": "section", "¶": "paragraph",
    "©": "copyright", "®": "", "™": "", "†": "", "‡": "", "№": "number", "~": "about",
    "≈": "about", "<": "less than", ">": "more than", "≤": "at most", "≥": "at least",
    "±": "plus or minus", "→": "to", "←": "from", "|": ",", "•": ",", "·": ",", "*": "",
    "^": "", "_": " ", "\\": " ", "#": "number", "π": "pi",
}
# Unicode vulgar fractions.
VULGAR_FRACTIONS: dict[str, tuple[int, int]] = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8),
    "⅞": (7, 8), "⅐": (1, 7), "⅑": (1, 9), "⅒": (1, 10),
}
# Web addresses: how their parts are said.
URL_WORDS: dict[str, str] = {
    ".": " dot ", "/": " slash ", ":": " colon ", "-": " dash ", "_": " underscore ",
    "@": " at ", "?": " question mark ", "=": " equals ", "&": " and ", "#": " hash ",
    "~": " tilde ", "+": " plus ", "%": " percent ",
}

# What the voice is given: characters replaced one for one ("" deletes).
SPOKEN_CHARACTERS: dict[str, str] = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "‹": "'", "›": "'",
    "…": "...",
    "\u00ad": "",  # soft hyphen
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",  # zero-width
}


# Nouns that an amount before them describes: "$250,000 fines" is "two hundred fifty thousand
# dollar fines" and "a 100m sprint" a "meter sprint", with the unit singular as an adjective.
AMOUNT_NOUNS = frozenset({
    "fine", "fines", "fee", "fees", "bill", "bills", "deal", "deals", "budget", "budgets",
    "contract", "contracts", "prize", "prizes", "loan", "loans", "grant", "grants", "salary",
    "salaries", "payment", "payments", "jackpot", "bonus", "bonuses", "settlement", "settlements",
    "penalty", "penalties", "package", "bond", "bonds", "investment", "investments", "stake",
    "sprint", "sprints", "race", "races", "dash", "dashes", "hurdles", "relay", "relays", "freestyle",
    "walk", "drop", "climb", "hike", "plan", "plans", "program", "programs", "project", "projects",
    "fund", "funds", "tax", "taxes", "cut", "cuts", "lawsuit", "lawsuits", "bid", "bids", "offer",
    "offers", "fortune", "mansion", "home", "house", "purchase", "acquisition", "merger", "war chest",
})

# Units a fraction of one is said of: "3/4 inch" is "three quarters of an inch" (a recipe's "1/2 cup"
# stays "one half cup").
FRACTION_UNITS = frozenset({"inch", "mile", "foot", "hour", "acre", "yard"})
# Numbers said as names, not as fractions or sums.
SAID_NUMBERS: dict[str, str] = {"9/11": "nine eleven", "50/50": "fifty fifty", "20/20": "twenty twenty",
                                "7-Eleven": "seven eleven"}
# Words before a road's number: "Highway 101" is "one oh one".
ROAD_WORDS: frozenset[str] = frozenset({"Highway", "Hwy", "Route", "Rte", "Interstate", "Road", "SR", "US"})
TEAM_NUMBERS: dict[str, str] = {"49": "forty-niners", "76": "seventy-sixers"}  # "49ers", "76ers"
