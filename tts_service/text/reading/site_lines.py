"""The site's own lines inside an article's reading, which a listener should not hear: the "read
also" lines a CMS puts between paragraphs, the site's promotions (a newsletter sign-up, "follow
us on", an affiliate disclosure) wherever they stand, and its notices after the last paragraph
(a paywall's prompt, the copyright line). The phrases are in ``page_parts``."""

from __future__ import annotations

import re

from .blocks import BULLET
from .cleaning import prose_words
from .page_parts import CREDITS, DEFAULT_POLICY, NOTICE_WORDS, NOTICES, PROMOS, READ_ALSO, ReadingPolicy

READ_ALSO_WORDS = 20  # a "Read more: <headline>" line is at most this long
_READ_ALSO = re.compile(r"\s*(?P<lead>[^\W\d][\w ]*?)\s*(?::|\||»|\.\.\.|…|$)(?P<rest>.*)", re.S)
_NOTICE = re.compile("|".join(NOTICES), re.IGNORECASE)
_PROMO = re.compile("|".join(PROMOS), re.IGNORECASE)
_CREDIT = re.compile("|".join(CREDITS), re.IGNORECASE)
CREDIT_WORDS = 12  # a photo's credit line is at most this long
NOTICE_GAP = 3
_LISTED = re.compile(rf"\s*(?:[-–—*]|{re.escape(BULLET.strip())})\s")


def without_site_lines(blocks: list[str], policy: ReadingPolicy = DEFAULT_POLICY) -> list[str]:
    """The blocks without the site's read-also lines, promotions and closing notices, and without
    photo credit lines when the policy skips captions; the headline (the first block) is always
    kept."""
    blocks = _without_notices(_without_promos(_without_read_also(_without_closing_links(blocks))))
    return blocks if policy.captions else _without_credits(blocks)


def _without_credits(blocks: list[str]) -> list[str]:
    """The blocks without a photo's credit line standing as a paragraph of its own ("(Credit:
    Jane Doe / Wire)", "Photo: Jane Doe"), which a caption's markup would have carried."""
    return blocks[:1] + [block for block in blocks[1:]
                         if len(block.split()) > CREDIT_WORDS or not _CREDIT.fullmatch(block.strip())]


def _without_closing_links(blocks: list[str]) -> list[str]:
    """The blocks without a read-also lead-in of its own ("You may also like...") after the
    article's last paragraph and the headlines under it, when all that follows it is
    headlines: short lines without a sentence's end."""
    for at in range(len(blocks) - 1, 0, -1):
        found = _READ_ALSO.fullmatch(blocks[at])
        if found and not found["rest"].strip() and (
                " ".join(found["lead"].lower().split()) in READ_ALSO):
            return blocks[:at]
        if len(blocks[at].split()) > READ_ALSO_WORDS or prose_words(blocks[at]):
            break  # a paragraph: the article's
    return blocks


def _without_promos(blocks: list[str]) -> list[str]:
    """The blocks without the site's promotions (``PROMOS``): short paragraphs, anywhere after
    the headline."""
    return blocks[:1] + [block for block in blocks[1:]
                         if len(block.split()) > NOTICE_WORDS or not _PROMO.search(block)]


def _without_read_also(blocks: list[str]) -> list[str]:
    """The blocks without the "read also" lines a CMS puts between paragraphs: a lead-in of
    ``READ_ALSO`` and a colon before a headline ("Read more: Looted art returns"), or the
    lead-in alone ("Mehr zum Thema") with the list of links under it."""
    kept: list[str] = []
    after_lead_in = False
    for block in blocks:
        if after_lead_in and block.startswith(BULLET):
            continue  # the links under a lead-in of their own
        found = _READ_ALSO.fullmatch(block)
        lead_in = found is not None and " ".join(found["lead"].lower().split()) in READ_ALSO
        after_lead_in = lead_in and found is not None and not found["rest"].strip()
        if lead_in and len(block.split()) <= READ_ALSO_WORDS and "\n" not in block.strip():
            continue
        kept.append(block)
    return kept


def _without_notices(blocks: list[str]) -> list[str]:
    """The blocks without the site's notices after the article's last paragraph (a paywall's
    prompt, the copyright line, the app promotion: ``NOTICES``), the last block one of them; at
    most ``NOTICE_GAP`` lines of a list between two. The headline is always kept."""
    cut, gap = len(blocks), 0
    for at in range(len(blocks) - 1, 0, -1):  # from the last block up, while they are short
        if len(blocks[at].split()) > NOTICE_WORDS:
            break
        if _NOTICE.search(blocks[at]):
            cut, gap = at, 0
        elif cut == len(blocks) or gap == NOTICE_GAP or not _LISTED.match(blocks[at]):
            break  # the last block is no notice, or a paragraph is between two: the article's
        else:
            gap += 1  # a notice's own list (a paywall's perks) between two notices
    return blocks[:cut]
