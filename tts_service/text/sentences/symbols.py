"""Data tables for the text pipeline: abbreviations, sentence starters, punctuation, list markers.

Data only; the rules that use these tables live in ``rules``.
"""

from __future__ import annotations

# Abbreviations that always lead into a name or a number, so a period after them never ends a
# sentence: "Mr. Smith", "Gen. Milley", "e.g. apples". Spelled as in text, without the final
# period, and matched with that case ("Mr", not "mr").
TITLES: frozenset[str] = frozenset({
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Drs", "Prof", "Gen", "Sen", "Sens", "Rep",
    "Reps", "Gov", "Rev", "Hon", "Capt", "Cmdr", "Col", "Lt", "Maj", "Sgt", "Cpl", "Pvt", "Adm",
    "Brig", "Supt", "Insp", "Det", "Pres", "Fr", "Mt", "Ft", "Msgr", "Fig", "Figs",
    "e.g", "i.e", "E.g", "I.e", "vs", "cf", "viz", "approx", "ca", "pp",
})

# Abbreviations that may also end a sentence ("They moved to the U.S. The weather ..."). A period
# after one ends the sentence only when a word from SENTENCE_STARTERS follows. Single capital
# letters (initials: "George W. Bush") are treated the same way by the rules.
AMBIGUOUS_ABBREVIATIONS: frozenset[str] = frozenset({
    "etc", "Inc", "Ltd", "Co", "Corp", "LLC", "Plc", "Bros", "Jr", "Sr", "Esq", "St", "Ave",
    "Blvd", "Rd", "No", "Nos", "Vol", "Dept", "Univ", "Assn",
    "a.m", "p.m", "A.M", "P.M", "U.S", "U.S.A", "U.K", "U.N", "E.U", "D.C", "N.Y", "L.A",
    "Ph.D", "M.D", "B.A", "M.A",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
})
# The ambiguous abbreviations of a clock time. Before a capitalized title ("at 6 p.m. Mr. Smith")
# one ends the sentence, unless the time opens its clause ("At 5 a.m. Mr. Smith went").
CLOCK_ABBREVIATIONS: frozenset[str] = frozenset({"a.m", "p.m", "A.M", "P.M"})
# Words that open a clause with a time ("At 5 a.m.", "On Monday at 5 p.m.", "and by 6 p.m."),
# compared in lower case, and how many words before a clock time one of them is looked for.
TIME_OPENERS: frozenset[str] = frozenset({
    "at", "by", "on", "in", "until", "till", "before", "after", "around", "about", "from",
    "since", "shortly", "early", "late", "later", "just", "today", "yesterday", "tomorrow",
})
TIME_PHRASE_WORDS = 5

# Words that commonly begin an English sentence and are rarely part of a name, compared in
# lower case; the rules also require the word to be capitalized ("The", not "THE" or "the").
SENTENCE_STARTERS: frozenset[str] = frozenset({
    "a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she",
    "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "one", "some", "many",
    "most", "all", "both", "each", "every", "no", "not", "none", "nothing", "but", "and", "or",
    "so", "yet", "then", "now", "still", "also", "however", "meanwhile", "instead", "indeed",
    "in", "on", "at", "for", "from", "with", "without", "by", "of", "to", "after", "before",
    "as", "if", "when", "while", "since", "because", "although", "though", "until", "once",
    "what", "why", "how", "who", "whom", "where", "which", "is", "are", "was", "were", "do",
    "does", "did", "can", "could", "will", "would", "should", "may", "might", "must", "let",
    "yes", "today", "yesterday", "tomorrow", "last", "next", "other", "another", "such",
    "more", "less", "few", "several", "officials", "police", "experts", "critics", "analysts",
})

# A sentence ends in one of these (possibly followed by CLOSERS).
TERMINALS = ".!?…"
ELLIPSES: tuple[str, ...] = ("...", "…", ". . .")
# Quotes and brackets that close after a full stop and belong to the sentence before it.
CLOSERS = "\"'”’)]}»›"
# Quotes and brackets that may open a sentence.
OPENERS = "\"'“‘([{«‹"
QUOTES = "\"'“”‘’«»‹›"

# Cost of cutting a long sentence after a word that ends in this mark (lower is preferred).
CLAUSE_CUTS: dict[str, float] = {
    ";": 1.0, ":": 1.0, "—": 1.0, "–": 1.0, "…": 1.0, "?": 1.0, "!": 1.0,
    ",": 1.5, ")": 1.5, "]": 1.5,
}
OPENING_BRACKET_CUT = 1.5  # cutting before "(" or "["
LINE_BREAK_CUT = 1.5  # cutting where a line ends inside a run with no sentence end (a table)
CONJUNCTION_CUT = 4.0  # cutting at a space before a word of CUT_BEFORE
WHITESPACE_CUT = 6.0  # cutting at any other space
WEAK_CUT = 8.0  # cutting at a space after a word of NO_CUT_AFTER
HARD_CUT = 50.0  # cutting inside a word longer than the limit
# How much uneven pieces cost: BALANCE * ((length - ideal) / ideal) ** 2 per piece.
BALANCE = 4.0
# A sentence of at least MIN_PIECE_WORDS * 2 words is never cut into a piece with fewer words.
MIN_PIECE_WORDS = 3

# Where a speaker pauses inside a sentence: the only places a sentence is cut short for a quick
# start (after the mark, before a space); the voice is given a comma or these, never a full stop.
PAUSE_MARKS = ",;:—–"
# The marks a piece of a sentence may end in for the voice to hear the phrase go on; a piece cut
# anywhere else is given a comma (never a full stop).
CONTINUING = (",", ";", ":")
# A spaced hyphen is a dash ("LONDON (Reuters) - The"), a pause as well.
SPACED_DASHES: tuple[str, ...] = (" - ", " — ", " – ")

# Conjunctions that open a clause: a long sentence is cut before one, and a clock time right after
# one opens its clause ("and at 6 p.m. Mr. Smith left").
CUT_BEFORE: frozenset[str] = frozenset({
    "and", "but", "or", "nor", "so", "yet", "which", "who", "whose", "where", "when", "while",
    "because", "although", "though", "whereas", "unless", "until", "after", "before", "since",
    "if", "as", "that",
})
# Where a first sentence with no pause mark early may be cut short for a quick start: before one
# of these (lower case, the word as written), which open a clause a speaker pauses before. Not
# "that" ("won that race"), "who" or "and" (inside names and noun phrases: "Smith and Wesson").
CLAUSE_OPENERS: frozenset[str] = frozenset({
    "but", "because", "although", "though", "whereas", "unless", "while", "when", "where", "until",
    "after", "before",
})
NO_CUT_AFTER: frozenset[str] = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto",
    "and", "&", "or", "but", "nor", "as", "than", "that", "this", "these", "those", "his", "her",
    "its", "their", "our", "my", "your", "is", "are", "was", "were", "be", "been", "not", "no",
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Sen.", "Rep.", "Gov.", "St.", "No.",
})

# List markers that start a list item wherever they open a line ("• item", "* item").
BULLETS = "•◦▪▫‣⁃●○■□▸►*·"
# Markers that start a list item only in a list context (first line of a paragraph, after another
# item, or after a line ending in ":"), because prose can wrap onto a line that opens with them.
CONTEXT_BULLETS = "-–—+"
LIST_NUMBER_MAX_DIGITS = 2  # "1." to "99.", "1)" to "99)", "1.)"; "1999." starts a sentence

# A line of prose shorter than this share of the paragraph's longest line, ending without
# punctuation and followed by a capitalized line, is a heading rather than a wrapped line.
HEADING_LINE_SHARE = 0.6

# Characters that pysbd uses internally as placeholders; they are masked before it sees the text.
PYSBD_RESERVED = "∯ȸȹ☉☈☇☄♨☝✂⎋ᓰᓱᓳᓴᓷᓸ⌬"
PYSBD_CHUNK_CHARS = 600  # pysbd is quadratic in the length of what it is given

# Languages segmented by pysbd's rules for them (and the rules of ``boundaries`` that hold in any
# language, with the language's tables below); every other language by the English ones.
PYSBD_LANGUAGES: frozenset[str] = frozenset({"de", "es", "fr", "it", "nl", "pt"})
# Languages pysbd has no rules for, settled by a close one's: Portuguese by Spanish (with the
# Portuguese abbreviations below).
PYSBD_STAND_INS: dict[str, str] = {"pt": "es"}
# Abbreviations of a language besides pysbd's (lower case, without the final period): a full stop
# after one and a capital are left to pysbd, not taken for a sentence end.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "pt": frozenset({"sr", "sra", "srs", "sras", "srta", "dr", "dra", "drs", "prof", "profa",
                     "eng", "arq", "gen", "cel", "cap", "ten", "sgt", "pe", "d", "v", "exa",
                     "exmo", "exma", "sto", "sta", "s", "av", "r", "pç", "pág", "págs", "p",
                     "pp", "n", "nº", "n.º", "núm", "ex", "cf", "vol", "tel", "lda",
                     "ltda", "cia", "aprox", "séc", "jan", "fev", "mar", "abr", "mai", "jun",
                     "jul", "ago", "set", "out", "nov", "dez", "etc"}),
}
# Abbreviations after which a sentence never starts in a language: titles before a name, words
# before a street's name or a number ("Sr. Silva", "Av. Paulista", "pág. 5", "p. ex. o").
NEVER_FINAL: dict[str, frozenset[str]] = {
    "pt": frozenset({"sr", "sra", "srs", "sras", "srta", "dr", "dra", "drs", "prof", "profa",
                     "eng", "arq", "gen", "cel", "cap", "sgt", "pe", "exmo", "exma", "sto", "sta",
                     "av", "r", "pç", "pág", "págs", "pp", "nº", "n.º", "núm", "p", "ex", "cf",
                     "vol", "tel"}),
}
# Word endings of a language's street abbreviations: before a house number, no sentence starts
# ("Hauptstr. 5", "Marienpl. 1").
STREET_ENDINGS: dict[str, tuple[str, ...]] = {"de": ("str", "pl")}
# Words before an ordinal ("den 100. Geburtstag"): after them a number and a full stop are an
# ordinal, not a sentence's end. Articles and their contractions only: after "bis" or "seit" a
# number may end one ("Er zählte bis 100. Dann").
BEFORE_ORDINALS: dict[str, frozenset[str]] = {
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem",
                     "einer", "eines", "zum", "zur", "am", "im", "vom", "beim", "ihr", "ihre",
                     "ihren", "ihrem", "ihrer", "sein", "seine", "seinen", "seinem", "seiner",
                     "unser", "unsere", "unseren", "unserem", "jeder", "jede", "jeden", "jedem",
                     "dieser", "diese", "diesen", "diesem", "dieses"}),
}
# Abbreviations that close a list ("Äpfel, Birnen usw."), lower case without the final period:
# in those languages a capital after one starts a new sentence, a small letter or a digit does not.
LIST_ENDS: dict[str, frozenset[str]] = {
    "de": frozenset({"usw", "usf", "u.s.w", "etc"}),
    "es": frozenset({"etc"}),
    "fr": frozenset({"etc"}),
    "it": frozenset({"ecc", "etc"}),
    "nl": frozenset({"enz", "e.d", "etc"}),
    "pt": frozenset({"etc"}),
}
# Quotes that close a quotation in a language and open one in English (German „So.“ Dann).
LANGUAGE_CLOSERS: dict[str, str] = {"de": "“‘"}
