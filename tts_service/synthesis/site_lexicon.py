"""The site's lexicon as the publisher keeps it through the API (``PUT /api/lexicon``): words
and how the voice says them on every article, whoever sends it (a CMS, the CLI, a reader's
player reading the page on demand).

It lives in the cache's store (``lexicon/site.json``), so every process and node reads the same
one; a process looks at it again at most once every ``CHECK_SECONDS`` (the one that wrote it
sees the change at once). It stands above ``TTS_LEXICON``'s file and below an article's own
entries.

An article takes, when it is submitted, the site entries its text holds into its own request
(``with_site_words``), its own entries winning: the stored request then says everything the
article was read with, so a later change to the site lexicon leaves a made article, its id and
its highlighting as they were; the article sent again takes the new entries (a new id where
they change what is said).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import CacheError, InputError
from ..store.names import content_key
from ..store.objects import Store, write_json
from ..text.words.lexicon import NO_LEXICON, Lexicon

NAME = "lexicon/site.json"
CHECK_SECONDS = 1.0

Entries = tuple[tuple[str, str], ...]


_WORD = re.compile(r"\w+")


def _key(word: str) -> str:
    """A word as the candidate index compares it: at least as loose as ``re.IGNORECASE`` (which
    also takes dotless ı and dotted İ for i)."""
    return word.casefold().replace("\u0307", "").replace("\u0131", "i")


@dataclass(frozen=True)
class _Loaded:
    blob: bytes | None
    lexicon: Lexicon
    table: dict[str, tuple[str, str]]  # casefolded word: its entry (the last one given wins)
    order: dict[str, int]  # casefolded word: where it first stands in the lexicon
    # Each entry (its written form) under its longest word, with all its words: an entry can
    # only be in a text whose words hold all of its own, so a set lookup over the text's words
    # finds the few worth the exact pattern (a 10,000-entry alternation costs ~0.1 s an article).
    index: dict[str, tuple[tuple[str, frozenset[str]], ...]]


def _loaded(blob: bytes | None, lexicon: Lexicon) -> _Loaded:
    table = {written.casefold(): (written, spoken) for written, spoken in lexicon.entries}
    order = {word: place for place, word in enumerate(table)}
    index: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for written, _ in lexicon.entries:
        words = frozenset(_key(word) for word in _WORD.findall(written))
        index.setdefault(max(sorted(words), key=len), []).append((written, words))
    return _Loaded(blob, lexicon, table, order, {word: tuple(group) for word, group in index.items()})


def _anywhere(phrases: frozenset[str]) -> re.Pattern[str]:
    """The phrases found where each starts, overlaps and all (longest first at one place)."""
    pattern = Lexicon(tuple((phrase, phrase) for phrase in sorted(phrases))).pattern.pattern
    return re.compile(f"(?=({pattern}))", re.IGNORECASE)


def version(lexicon: Lexicon) -> str:
    """A short name for a lexicon's content (the same entries: the same version)."""
    return content_key(["site-lexicon", [list(entry) for entry in lexicon.entries]])


class SiteLexicon:
    """The site lexicon in ``store``, read again when it changes."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.monotonic,
                 check_seconds: float = CHECK_SECONDS) -> None:
        self.store = store
        self._clock = clock
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._state = _loaded(None, NO_LEXICON)
        self._checked: float | None = None

    def current(self) -> Lexicon:
        """The site lexicon (empty when none was ever stored)."""
        return self._fresh().lexicon

    def replace(self, lexicon: Lexicon) -> Lexicon:
        """Store ``lexicon`` as the site's, all at once (an empty one clears it)."""
        write_json(self.store, NAME, {"entries": [list(entry) for entry in lexicon.entries],
                                      "version": version(lexicon)})
        with self._lock:
            self._state, self._checked = _loaded(self.store.get(NAME), lexicon), self._clock()
        return lexicon

    def used_by(self, text: str, own: Entries = ()) -> Entries:
        """The site entries ``text`` holds, except words ``own`` has, then ``own``: an article's
        lexicon with the site's words it needs (its own win)."""
        state = self._fresh()
        if not state.lexicon:
            return own
        words = {_key(word) for word in _WORD.findall(text)}
        candidates = frozenset(written for word in words for written, needs in state.index.get(word, ())
                               if needs <= words)
        found = {" ".join(match.group(1).split()).casefold()
                 for match in _anywhere(candidates).finditer(text)} if candidates else set()
        mine = {written.casefold() for written, _ in own}
        taken = sorted((word for word in found if word in state.table and word not in mine),
                       key=state.order.__getitem__)
        return tuple(state.table[word] for word in taken) + own

    def _fresh(self) -> _Loaded:
        with self._lock:
            now = self._clock()
            if self._checked is not None and now - self._checked < self._check_seconds:
                return self._state
            self._checked = now
            blob = self.store.get(NAME)
            if blob != self._state.blob:
                self._state = _loaded(blob, _parse(self.store, blob))
            return self._state


def _parse(store: Store, blob: bytes | None) -> Lexicon:
    """The stored lexicon, its entries checked again; CacheError when it is not one."""
    if blob is None:
        return NO_LEXICON
    try:
        entries = json.loads(blob.decode("utf-8")).get("entries")
        return Lexicon.from_pairs((written, spoken) for written, spoken in entries)
    except (UnicodeDecodeError, ValueError, AttributeError, TypeError, InputError) as exc:
        raise CacheError(f"corrupt {NAME} in {store}", "PUT /api/lexicon again to replace it") from exc
