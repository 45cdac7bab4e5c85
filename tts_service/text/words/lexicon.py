"""A site's pronunciation lexicon: words and phrases mapped to how the voice should say them.

The file named by ``TTS_LEXICON`` is plain text, one entry per line, edited by hand::

    # comments and blank lines are ignored
    Nguyen = win
    Kyiv = [[kˈiːv]]          # raw phonemes, read by Piper voices
    Sen. Joe Manchin = Senator Joe Manchin

An entry matches whole words, ignoring case, wherever it stands in the text; a longer phrase wins
over a shorter one. Entries are applied before every other reading rule. An article may bring its
own entries (the API's ``lexicon``), which win over the site's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ...errors import ConfigError, InputError

MAX_ENTRIES = 10_000
MAX_ENTRY_CHARS = 200
_PHONEMES = re.compile(r"^\[\[[^\[\]]+\]\]$")


@dataclass(frozen=True)
class Lexicon:
    """Entries (written, spoken) in the order they were given; later entries win."""

    entries: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.entries)

    @functools.cached_property
    def _table(self) -> dict[str, str]:
        return {written.casefold(): spoken for written, spoken in self.entries}

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Every entry as a whole-word, case-insensitive alternation, longest first."""
        phrases = sorted({written for written, _ in self.entries}, key=len, reverse=True)
        body = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases)
        return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)

    def spoken(self, written: str) -> str:
        return self._table[" ".join(written.split()).casefold()]

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon with ``other``'s entries added; ``other`` wins where both have a word."""
        return Lexicon(self.entries + other.entries) if other else self

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]], *, source: str = "lexicon",
                   error: type[InputError] | type[ConfigError] = InputError) -> Lexicon:
        """Checked entries: a word or phrase and its spoken form, both short and not empty."""
        entries = []
        for written, spoken in pairs:
            written, spoken = " ".join(written.split()), " ".join(spoken.split())
            try:
                (written + spoken).encode("utf-8")
            except UnicodeEncodeError as exc:
                raise error(f"{source}: an entry is not valid text", "it holds a lone surrogate") from exc
            if not written or not spoken or not any(ch.isalnum() for ch in written):
                raise error(f"{source}: an entry needs a word and what to say for it",
                            f"got {written!r} = {spoken!r}")
            if len(written) > MAX_ENTRY_CHARS or len(spoken) > MAX_ENTRY_CHARS:
                raise error(f"{source}: the entry for {written[:40]!r} is too long",
                            f"words and their spoken forms are at most {MAX_ENTRY_CHARS} characters")
            if spoken.startswith("[[") and not _PHONEMES.match(spoken):
                raise error(f"{source}: malformed phonemes for {written!r}",
                            "write raw phonemes as [[ phonemes ]], with nothing around them")
            entries.append((written, spoken))
        if len(entries) > MAX_ENTRIES:
            raise error(f"{source}: too many entries ({len(entries):,})",
                        f"the limit is {MAX_ENTRIES:,}")
        return cls(tuple(entries))

    @classmethod
    def from_mapping(cls, value: object, source: str = "lexicon") -> Lexicon:
        """Entries from a JSON object of strings (an API request); InputError otherwise."""
        if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise InputError(f"{source} must be a JSON object of strings",
                             'for example {"Nguyen": "win", "Kyiv": "[[kˈiːv]]"}')
        return cls.from_pairs(value.items(), source=source)


NO_LEXICON = Lexicon()


@functools.lru_cache(maxsize=8)
def _read(path: Path, modified_ns: int) -> Lexicon:
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the lexicon {path}: {exc}",
                          "TTS_LEXICON must name a UTF-8 text file") from exc
    pairs = []
    for number, line in enumerate(lines, 1):
        line = re.sub(r"\s#.*$|^#.*$", "", line).strip()
        if not line:
            continue
        written, equals, spoken = line.partition("=")
        if not equals:
            raise ConfigError(f"{path}:{number}: expected 'word = how to say it'", repr(line[:80]))
        pairs.append((written, spoken))
    return Lexicon.from_pairs(pairs, source=str(path), error=ConfigError)


def load_lexicon(path: Path | None) -> Lexicon:
    """The lexicon in ``path`` (read again only when the file changes); empty for None."""
    if path is None:
        return Lexicon()
    try:
        modified = path.stat().st_mtime_ns
    except OSError as exc:
        raise ConfigError(f"cannot read the lexicon {path}: {exc.strerror}",
                          "TTS_LEXICON must name an existing file") from exc
    return _read(path, modified)
