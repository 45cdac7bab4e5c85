"""Which parts of a page are not the article, and which optional parts are read: the one table
both HTML readers use (``reading`` for whole pages, ``extracting`` for fragments).

A part is recognised by its class or id words: ``share-bar``, ``newsletter``, ``most-read``...
Words are matched whole, between the start or end and ``-``, ``_`` or a space, so ``ad`` matches
``ad-leaderboard`` but not ``header`` or ``read``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...config import Settings

# Never article: share and follow widgets, newsletter sign-ups, promos and ads, related and
# most-read rails, cookie notes, comments, the player's own label.
NOT_ARTICLE = (
    "share", "sharing", "social", "follow", "newsletter", "signup", "sign-up", "subscribe",
    "subscription", "promo", "advert", "advertisement", "ad", "ads", "sponsored", "outbrain",
    "taboola", "related", "read-more", "readmore", "more-stories", "most-read", "popular",
    "trending", "recommended", "cookie", "cookies", "consent", "gdpr", "comments", "comment",
    "tts-player", "breadcrumb", "breadcrumbs", "pagination", "paywall",
)
# Paragraphs that are only an interface label copied with the text (compared lowercased,
# without punctuation): the player's own button, share and subscribe prompts, ad slugs.
INTERFACE_LABELS = frozenset({
    "click to start listening", "listen to this article", "listen to article", "listen", "play",
    "listen now", "share", "share this", "share this article", "share on facebook",
    "share on twitter", "share on x", "email", "print", "subscribe", "subscribe now",
    "sign up", "advertisement", "ad", "sponsored", "read more", "continue reading",
    "see more", "show more", "load more", "skip advertisement", "story continues below",
    "story continues below advertisement", "related", "recommended", "copy link", "save",
})
# The lead-ins of a "read also" line a CMS puts between paragraphs ("Read more: <a headline>",
# "Lesen Sie auch:"), by language, lowercased: such a line, or the lead-in alone above a list of
# links, is not read (``reading.article``).
READ_ALSO = frozenset({
    "read more", "read also", "also read", "see also", "related", "related articles",
    "related stories", "more on this", "more on this story", "you may also like",
    "further reading", "recommended reading",
    "auch lesen", "lesen sie auch", "lies auch", "zum weiterlesen", "weiterlesen",
    "mehr zum thema", "das könnte sie auch interessieren", "das könnte dich auch interessieren",
    "passend dazu", "verwandte themen", "verwandte artikel",
    "lea también", "lee también", "lea más", "lee más", "le puede interesar",
    "te puede interesar", "también te puede interesar", "notas relacionadas",
    "noticias relacionadas", "à lire aussi", "lire aussi", "à lire également", "voir aussi",
    "sur le même sujet", "leggi anche", "potrebbe interessarti", "articoli correlati",
    "leia também", "leia mais", "veja também", "saiba mais", "lees ook", "lees meer", "zie ook",
})

# The notices a site puts at the end of every article, inside its container: a paywall's prompt,
# the copyright line, the app or advertising promotion, the labels of its comment box, tags and
# share form (English), as regular expressions a
# paragraph of at most NOTICE_WORDS words starts with or holds; such paragraphs after the last of
# the article's are not read (``reading.article``).
NOTICES = (
    r"^(?:©|\(c\)\s*\d{4}|copyright\b)", r"\ball rights reserved\b", r"\bcopyrighted property\b",
    r"\bpermission must be obtained\b", r"\bsubscribe\b.{0,60}\b(?:full story|to continue|to read)\b",
    r"\bto (?:view|read) the (?:full|rest of the) (?:story|article)\b", r"\balready a subscriber\b",
    r"\bsubscribers also receive\b", r"\bdownload (?:the|our)\b.{0,40}\bapps?\b",
    r"\bapps? for ios and android\b", r"^for the latest (?:stories|news)\b",
    r"^advertise with\b", r"\bunlimited (?:digital )?access\b", r"^join now\b",
    r"^(?:comments?|tags|explore further|more)\W*$", r"^tell us what you think\b", r"^filed under\b",
    r"^this article has been sent to\b", r"^an error has occurred\b",
)
NOTICE_WORDS = 60
# The promotions a site puts inside its articles, wherever they stand (English), as regular
# expressions a paragraph of at most NOTICE_WORDS words holds: newsletter sign-ups, "follow us
# on", letters-to-the-editor prompts, affiliate disclosures, reprint notices (``reading.site_lines``).
PROMOS = (
    r"\bsign(?:ing)? up (?:to|for) (?:our|the [\w ]{1,30}) (?:free |daily |weekly )?newsletters?\b",
    r"^sign up for (?:our|the [\w ]{1,30}) newsletters?\W*$", r"\byou can unsubscribe\b",
    r"^follow (?:us|the [\w ]{1,30}|@?\w{1,30}) on (?:twitter|facebook|instagram|x|linkedin|tiktok)\b",
    r"\bsubmit (?:a|your) letters? to the editor\b", r"\bwe (?:may )?(?:earn|receive) (?:a )?"
    r"(?:commission|compensation)\b", r"\bcontains references to products from\b",
    r"\bsign up here\b", r"^our standards:",
    r"^(?:click here to )?subscribe to\b.{0,40}\bnewsletters?\W*$",
    r"\bsubscribe to (?:our|[\w.]+[’']s) (?:\w+ ){0,3}newsletters?\b", r"\bby subscribing to our newsletter\b",
    r"\bnewsletters? delivered (?:right )?to your inbox\b", r"^like this (?:story|article)\? share it\b",
    r"\bif you buy something through (?:this post|our links)\b",
    r"\bfor your personal,? non-commercial use only\b",
)

# A photo's credit line standing as a paragraph of its own, as regular expressions its whole
# text matches (English): "(Credit: Jane Doe / Wire)", "Photo: Jane Doe", "Image courtesy of
# NASA"; not read when the policy skips captions (``reading.site_lines``).
CREDITS = (
    r"\(?(?:(?:photo(?:graph)?|image|picture|illustration|video|graphic)s?\s*)?credits?\s*:\s*[^.!?]+\.?\)?",
    r"\(?(?:photo(?:graph)?|image|picture|illustration)s?\s*(?::|by\b)\s*[^.!?]+\.?\)?",
    r"\(?(?:photo(?:graph)?|image|picture)s?\s+courtesy\s+(?:of\s+)?[^.!?]+\.?\)?",
)

# Optional parts, read or skipped by policy (see ``ReadingPolicy``).
CAPTIONS = ("caption", "credit", "credits", "photo-credit", "image-credit", "wp-caption-text")
BYLINES = ("byline", "author", "authors", "contributor", "contrib", "bio", "posted-on", "entry-meta")
DATELINES = ("dateline",)
FAQS = ("faq", "faqs")


def _words(words: tuple[str, ...]) -> str:
    return r"(?:^|[\s_-])(?:" + "|".join(re.escape(w) for w in words) + r")(?:$|[\s_-])"


@dataclass(frozen=True)
class ReadingPolicy:
    """What a reader reads of the optional parts of an article (``TTS_READ_*`` settings)."""

    captions: bool = False  # figure captions and photo credits
    bylines: bool = False  # "By Jane Doe", author boxes, posted-on lines
    datelines: bool = True  # "PORT ALDEN, Maine (Wire News) —"
    faq: bool = True  # "Frequently asked questions" blocks

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadingPolicy:
        return cls(settings.read_captions, settings.read_bylines, settings.read_datelines,
                   settings.read_faq)

    def skipped(self) -> tuple[str, ...]:
        """The class or id words of every part this policy leaves out."""
        parts = list(NOT_ARTICLE)
        for read, words in ((self.captions, CAPTIONS), (self.bylines, BYLINES),
                            (self.datelines, DATELINES), (self.faq, FAQS)):
            if not read:
                parts += words
        return tuple(parts)

    def pattern(self) -> str:
        """A regular expression matching the class or id of a part this policy leaves out."""
        return _words(self.skipped())

    def skips(self, class_or_id: str) -> bool:
        return bool(class_or_id) and _compiled(self.pattern()).search(class_or_id) is not None


@functools.lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


DEFAULT_POLICY = ReadingPolicy()
