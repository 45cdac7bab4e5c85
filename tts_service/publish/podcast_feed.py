"""The podcast feed as XML: RSS 2.0 with the iTunes tags Apple Podcasts requires.

Pure: a ``Channel`` (from the TTS_FEED_* settings) and its ``Episode`` values in, bytes out. The
web layer (``web/feed.py``) finds the episodes and their absolute URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from ..config import Settings

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"  # podcast:transcript, read by Apple too
ATOM = "http://www.w3.org/2005/Atom"
NAMESPACES = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}


@dataclass(frozen=True)
class Channel:
    """The show: what podcast apps display about the feed."""

    title: str
    description: str
    link: str  # the publisher's site
    language: str
    image: str  # absolute URL of the cover art
    category: str  # "News" or "News/Daily News"
    author: str
    explicit: bool
    email: str  # the owner's, or empty
    self_url: str  # where this feed is served

    @classmethod
    def from_settings(cls, settings: Settings, *, site: str, image: str, self_url: str) -> Channel:
        """The channel TTS_FEED_* describes; ``site`` and ``image`` stand in for an empty
        TTS_FEED_LINK and TTS_FEED_IMAGE."""
        return cls(settings.feed_title, settings.feed_description, settings.feed_link or site,
                   settings.feed_language, settings.feed_image or image, settings.feed_category,
                   settings.feed_author or settings.feed_title, settings.feed_explicit,
                   settings.feed_email, self_url)


@dataclass(frozen=True)
class Episode:
    """One article in the feed, with its download's URL and exact size."""

    guid: str  # the article id: stable for as long as its text is
    title: str
    description: str
    published: datetime  # timezone-aware
    duration: float  # seconds
    url: str  # the MP3 the enclosure points at
    length: int  # its size in bytes, exactly as served
    transcript_url: str = ""  # WebVTT captions


# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF): a title a
# publisher sent with one of them is shown without it, rather than break the feed for everyone.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML cannot hold."""
    return _NOT_XML.sub("", value)


def _add(parent: etree._Element, tag: str, content: str = "", **attributes: str) -> etree._Element:
    prefix, _, local = tag.rpartition(":")
    element = etree.SubElement(parent, f"{{{NAMESPACES[prefix]}}}{local}" if prefix else tag,
                               attrib={name: xml_text(value) for name, value in attributes.items()})
    if content:
        element.text = xml_text(content)
    return element


def render(channel: Channel, episodes: Iterable[Episode]) -> bytes:
    """The feed document, UTF-8 with an XML declaration."""
    rss = etree.Element("rss", nsmap=NAMESPACES, version="2.0")
    show = _add(rss, "channel")
    _add(show, "atom:link", href=channel.self_url, rel="self", type="application/rss+xml")
    _add(show, "title", channel.title)
    _add(show, "link", channel.link)
    _add(show, "description", channel.description)
    _add(show, "language", channel.language)
    _add(show, "itunes:author", channel.author)
    _add(show, "itunes:summary", channel.description)
    _add(show, "itunes:image", href=channel.image)
    image = _add(show, "image")
    for name, value in (("url", channel.image), ("title", channel.title), ("link", channel.link)):
        _add(image, name, value)
    top, _, sub = channel.category.partition("/")
    category = _add(show, "itunes:category", **{"text": top.strip()})
    if sub.strip():
        _add(category, "itunes:category", **{"text": sub.strip()})
    _add(show, "itunes:explicit", "true" if channel.explicit else "false")
    _add(show, "itunes:type", "episodic")
    if channel.email:
        owner = _add(show, "itunes:owner")
        _add(owner, "itunes:name", channel.author)
        _add(owner, "itunes:email", channel.email)
    for episode in episodes:
        item = _add(show, "item")
        _add(item, "title", episode.title)
        _add(item, "itunes:title", episode.title)
        _add(item, "description", episode.description or episode.title)
        _add(item, "enclosure", url=episode.url, length=str(episode.length), type="audio/mpeg")
        _add(item, "guid", episode.guid, isPermaLink="false")
        _add(item, "pubDate", format_datetime(episode.published))
        _add(item, "itunes:duration", str(round(episode.duration)))
        _add(item, "itunes:explicit", "true" if channel.explicit else "false")
        _add(item, "itunes:episodeType", "full")
        if episode.transcript_url:
            _add(item, "podcast:transcript", url=episode.transcript_url, type="text/vtt")
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True))
