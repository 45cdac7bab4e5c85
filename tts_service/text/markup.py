"""What a publisher's markup adds to plain text: words said otherwise, and pauses.

In HTML, ``data-tts-say="..."`` on an element makes the voice say that instead of the element's
text (the reader still sees, and the player still highlights, the text), and
``data-tts-pause="500ms"`` adds a pause after the element. SSML (``ssml``) gives the same two
things, plus paragraphs. Both readers produce a ``Marked`` text: the plain text and, by position,
what to say instead and where to pause.

Readers mark places while they build the text with private-use characters (``SAY_START``,
``SAY_END``, ``PAUSE``), because the text is re-spaced as it is built; ``from_marked_text`` takes
the marks out and turns them into positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

SAY_START, SAY_END, PAUSE = "\ue000", "\ue001", "\ue002"
MARKS = SAY_START + SAY_END + PAUSE
MAX_PAUSE_MS = 10_000
SENTENCE_END = -1  # a pause that only ends a sentence: the usual sentence pause follows
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Marked:
    """Plain text, with what to say instead of some of it and where to pause."""

    text: str
    says: tuple[tuple[int, int, str], ...] = ()  # (start, end, spoken): say this for text[start:end]
    pauses: tuple[tuple[int, int], ...] = ()  # (position, milliseconds)

    def within(self, start: int, end: int) -> Marked:
        """The marks of ``text[start:end]``, as positions in that slice."""
        return Marked(
            self.text[start:end],
            tuple((max(s, start) - start, min(e, end) - start, spoken)
                  for s, e, spoken in self.says if s < end and e > start),
            tuple((p - start, ms) for p, ms in self.pauses if start < p < end),
        )


def pause_ms(value: str, where: str) -> int:
    """ "500ms", "1.5s" or "700" (milliseconds) -> milliseconds; InputError otherwise."""
    found = _DURATION.match(value)
    if not found:
        raise InputError(f"{where}: cannot read the pause {value!r}",
                         'write a duration such as "500ms" or "1.5s"')
    ms = float(found.group(1)) * (1000 if (found.group(2) or "ms").lower() == "s" else 1)
    if ms > MAX_PAUSE_MS:
        raise InputError(f"{where}: a pause of {value!r} is too long",
                         f"pauses are at most {MAX_PAUSE_MS // 1000} seconds")
    return round(ms)


def from_marked_text(marked: str, spoken: list[str], pauses: list[int]) -> Marked:
    """Take the marks out of ``marked``: the n-th ``SAY_START``..``SAY_END`` says ``spoken[n]``,
    the n-th ``PAUSE`` lasts ``pauses[n]`` ms. Spaces left doubled by a removed mark go too."""
    out: list[str] = []
    says: list[tuple[int, int, str]] = []
    placed: list[tuple[int, int]] = []
    opened: list[tuple[int, str]] = []
    for ch in marked:
        if ch == SAY_START:
            opened.append((len(out), spoken[len(says) + len(opened)]))
        elif ch == SAY_END:
            start, words = opened.pop()
            end = len(out)
            while end > start and out[end - 1] == " ":
                end -= 1
            says.append((start, end, words))
        elif ch == PAUSE:
            placed.append((len(out), pauses[len(placed)]))
        elif ch == " " and (not out or out[-1] in " \n"):
            continue
        else:
            out.append(ch)
    return Marked("".join(out), tuple(sorted(says)), tuple(placed))
