"""The SSML the API accepts: a subset for the hard cases no rule can guess.

Supported, as in the W3C SSML 1.1 recommendation: ``speak`` (the root), ``p`` (a paragraph), ``s``
(a sentence), ``break`` (``time="500ms"`` or ``strength``), ``say-as`` (``interpret-as``:
characters or spell-out, cardinal or number, ordinal, date with ``format``, telephone), ``sub``
(``alias``) and ``phoneme`` (``ph``, raw phonemes for Piper voices). Anything else, and anything
malformed, is an InputError (HTTP 400) that names what is wrong.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from ...errors import InputError
from ..markup import PAUSE, SAY_END, SAY_START, SENTENCE_END, Marked, from_marked_text, pause_ms
from ..words import numbers as nw
from ..words.tables import DAYS_IN_MONTH, MONTH_NAMES

SUPPORTED = ("speak", "p", "s", "break", "say-as", "sub", "phoneme")
STRENGTHS = {"none": 0, "x-weak": 100, "weak": 200, "medium": 400, "strong": 700, "x-strong": 1000}
INTERPRETATIONS = ("characters", "spell-out", "cardinal", "number", "ordinal", "date", "telephone")
_SPACE = re.compile(r"\s+")
_PARAGRAPH_BREAK = re.compile(r" *\n\n[\n ]*")
_HINT = "supported: " + ", ".join(f"<{name}>" for name in SUPPORTED)


def read_ssml(ssml: str) -> Marked:
    """The text an SSML document speaks, with its says and pauses."""
    if re.search(r"<!(DOCTYPE|ENTITY)", ssml, re.IGNORECASE):
        raise InputError("the SSML has a document type or entities",
                         "send plain SSML: <speak>...</speak> without <!DOCTYPE> or <!ENTITY>")
    try:
        root = ElementTree.fromstring(ssml)
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise InputError("the SSML is not well-formed XML",
                         f"{exc.msg.split(':')[0]} at line {line}, column {column + 1}") from exc
    if _name(root) != "speak":
        raise InputError(f"the SSML root is <{_name(root)}>, not <speak>", _HINT)
    reader = _Reader()
    reader.element(root)
    text = _PARAGRAPH_BREAK.sub("\n\n", "".join(reader.out)).strip()
    return from_marked_text(text, reader.spoken, reader.pauses)


def _name(element: ElementTree.Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


class _Reader:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.spoken: list[str] = []
        self.pauses: list[int] = []

    def element(self, element: ElementTree.Element) -> None:
        name = _name(element)
        if name not in SUPPORTED:
            raise InputError(f"unsupported SSML element <{name}>", _HINT)
        if name == "break":
            self._break(element)
        elif name in ("say-as", "sub", "phoneme"):
            written = " ".join("".join(element.itertext()).split())
            if any(True for _ in element):
                raise InputError(f"<{name}> may hold only text", f"it holds {written[:40]!r}")
            self.out += [SAY_START, written, SAY_END]
            self.spoken.append(_spoken(name, element, written))
        else:
            if name == "p":
                self.out.append("\n\n")
            self.out.append(_SPACE.sub(" ", element.text or ""))
            for child in element:
                self.element(child)
                self.out.append(_SPACE.sub(" ", child.tail or ""))
            if name == "p":
                self.out.append("\n\n")
            elif name == "s":
                self.out += [PAUSE, " "]
                self.pauses.append(SENTENCE_END)

    def _break(self, element: ElementTree.Element) -> None:
        time, strength = element.get("time"), element.get("strength")
        if time is not None:
            ms = pause_ms(time, "<break time>")
        elif strength is not None:
            if strength not in STRENGTHS:
                raise InputError(f"unknown <break strength={strength!r}>",
                                 "use " + ", ".join(STRENGTHS))
            ms = STRENGTHS[strength]
        else:
            ms = STRENGTHS["medium"]
        self.out += [PAUSE, " "]
        self.pauses.append(ms)


def _spoken(name: str, element: ElementTree.Element, written: str) -> str:
    if name == "sub":
        alias = element.get("alias")
        if alias is None:
            raise InputError("<sub> needs an alias", 'write <sub alias="World Wide Web">WWW</sub>')
        return " ".join(alias.split())
    if name == "phoneme":
        ph = " ".join((element.get("ph") or "").split())
        if not ph or "[" in ph or "]" in ph:
            raise InputError("<phoneme> needs its phonemes in ph", 'write <phoneme ph="kˈiːv">Kyiv</phoneme>')
        return f"[[ {ph} ]]"
    return _say_as(element.get("interpret-as", ""), element.get("format", ""), written)


def _say_as(kind: str, form: str, written: str) -> str:
    if kind not in INTERPRETATIONS:
        raise InputError(f"unsupported <say-as interpret-as={kind!r}>",
                         "use " + ", ".join(INTERPRETATIONS))
    digits_only = written.replace(",", "")
    if kind in ("characters", "spell-out"):
        return " ".join(nw.DIGITS[int(ch)] if ch.isdigit() else ch for ch in written if not ch.isspace())
    if kind in ("cardinal", "number"):
        if not re.fullmatch(r"[-+]?(\d+(\.\d+)?|\.\d+)", digits_only):
            raise InputError(f"<say-as interpret-as={kind!r}> needs a number, not {written!r}")
        return nw.decimal(digits_only)
    if kind == "ordinal":
        if not re.fullmatch(r"\d+(st|nd|rd|th)?", digits_only):
            raise InputError(f"<say-as interpret-as='ordinal'> needs a whole number, not {written!r}")
        return nw.ordinal(int(re.sub(r"\D", "", digits_only)))
    if kind == "telephone":
        groups = re.findall(r"\d+", written)
        if not groups:
            raise InputError(f"<say-as interpret-as='telephone'> needs digits, not {written!r}")
        return ("plus " if written.strip().startswith("+") else "") + ", ".join(
            nw.digits(group) for group in groups)
    return _date(form or "mdy", written)


def _date(form: str, written: str) -> str:
    """``format`` is the order of the parts: mdy, dmy, ymd, md, dm, my, ym, y."""
    parts = re.findall(r"\d+", written)
    if not re.fullmatch(r"[mdy]{1,3}", form) or len(set(form)) != len(form) or len(parts) != len(form):
        raise InputError(f"<say-as interpret-as='date' format={form!r}> does not fit {written!r}",
                         "format is the order of the parts, such as mdy, dmy, ymd or md")
    value = dict(zip(form, (int(part) for part in parts), strict=True))
    month, day, year = value.get("m"), value.get("d"), value.get("y")
    if month is not None and not 1 <= month <= 12 or (
            day is not None and not 1 <= day <= DAYS_IN_MONTH[(month or 1) - 1]):
        raise InputError(f"<say-as interpret-as='date'>: {written!r} is not a date")
    spoken = []
    if month is not None:
        spoken.append(MONTH_NAMES[month - 1] + (f" {nw.ordinal(day)}" if day is not None else ""))
    elif day is not None:
        spoken.append(f"the {nw.ordinal(day)}")
    if year is not None:
        spoken.append(nw.year(year))
    return ", ".join(spoken)
