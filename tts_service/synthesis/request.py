"""What a client asks to be spoken: the text or HTML, a title, and which backend and voice."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..text.reading.page_parts import ReadingPolicy
from ..text.words.lexicon import Lexicon
from ..voice.registry import asked_voice

FIELDS = ("title", "author", "date", "text", "html", "ssml", "lang", "voice", "backend", "lexicon",
          "fallback", "intro", "outro", "page_lang", "read_captions", "read_faq")
POLICY = ("read_captions", "read_faq")  # read or skip those parts of HTML; None: TTS_READ_*
FLAGS = ("lexicon", "fallback", *POLICY)  # the fields that are not strings
BOOKENDS = ("intro", "outro")  # said before and after it; None: the site's (TTS_INTRO, TTS_OUTRO)
SOURCES = ("text", "html", "ssml")  # exactly one of these holds the article
HINTS = ("page_lang", "feed_lang")  # languages from where it was found, set by publish/
METADATA = ("title", "author", "date")  # about the article, not part of what is spoken
MAX_METADATA_CHARS = 500
# What a file holds, by its suffix: Markdown is spoken through its HTML.
MAX_NAME_CHARS = 100  # voice, backend and the languages
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")  # BCP 47's shape ("pt-BR")


def _check_string(name: str, value: object) -> None:
    """A field that must be text: a string, encodable as UTF-8 (no lone surrogates)."""
    if not isinstance(value, str):
        raise InputError(f"field {name!r} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"field {name!r} is not valid text",
                         f"it holds a lone surrogate at character {exc.start}") from exc
    if name in ("voice", "backend", "lang", "page_lang") and len(value) > MAX_NAME_CHARS:
        raise InputError(f"field {name!r} is too long", f"at most {MAX_NAME_CHARS} characters")
    if name == "lang" and value and not _LANGUAGE_TAG.fullmatch(value):
        raise InputError("field 'lang' must be a language tag", "such as en, en-GB, de or pt-BR")
    if name == "date" and value:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise InputError("field 'date' must be an ISO 8601 date",
                             "such as 2026-11-28 or 2026-11-28T06:30:00+00:00") from None


def _bookend_text(name: str, value: str) -> str:
    """A request's own intro or outro: text ("" for none); an audio file is the operator's."""
    if value.strip().startswith("file:"):
        raise InputError(f"field {name!r} is text to say, not a file",
                         "audio files are set by the operator (TTS_INTRO=file:...) or the CLI")
    if len(value) > MAX_METADATA_CHARS:
        raise InputError(f"field {name!r} is too long", f"at most {MAX_METADATA_CHARS} characters")
    return value


def decode_input(data: bytes) -> str:
    """Text from raw bytes: UTF-8 (a BOM is dropped), refusing binary data with a clear error."""
    if b"\x00" in data:
        raise InputError("the input is binary, not text", "send UTF-8 text, Markdown or HTML")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "the input is not valid UTF-8",
            f"byte {exc.start} cannot be decoded; convert the file to UTF-8 first",
        ) from exc


FILE_KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".ssml": "ssml"}


@dataclass(frozen=True)
class ArticleRequest:
    """One article to speak. Stored as JSON beside the cache entry (``to_dict``)."""

    text: str  # the article: plain text, HTML or SSML
    html: bool = False
    title: str = ""
    author: str = ""
    date: str = ""  # when it was published, ISO 8601
    backend: str = ""
    voice: str = ""
    lexicon: tuple[tuple[str, str], ...] = ()  # this article's pronunciations (word, spoken)
    ssml: bool = False
    fallback: bool = True  # the offline voice may make it if the online one is unavailable
    lang: str = ""  # the article's language ("en-GB"): its voice, and how its dates read
    intro: str | None = None  # text said before it ("file:PATH": an audio file); None: TTS_INTRO
    outro: str | None = None  # after it; None: TTS_OUTRO
    # Where it was found, when that says its language and its HTML does not: the language its
    # page declared (read before, only its text sent on; or the player's page around its HTML),
    # and its feed's. Below ``lang``; a hint that is no language tag is passed over.
    page_lang: str = ""
    feed_lang: str = ""
    read_captions: bool | None = None  # HTML: read figure captions; None: TTS_READ_CAPTIONS
    read_faq: bool | None = None  # HTML: read FAQ blocks; None: TTS_READ_FAQ

    @classmethod
    def from_json(cls, body: Any, settings: Settings) -> ArticleRequest:
        """Validate a POST body: ``{title?, text? | html? | ssml?, lang?, voice?, backend?,
        lexicon?, fallback?}``."""
        if not isinstance(body, dict):
            raise InputError("the request body must be a JSON object",
                             'send {"text": "..."} or {"html": "..."}')
        unknown = set(body) - set(FIELDS)
        if unknown:
            raise InputError(f"unknown field(s): {', '.join(sorted(unknown))}",
                             "allowed: " + ", ".join(FIELDS))
        for name in FIELDS:
            if name in body and name not in FLAGS:
                _check_string(name, body[name])
        if not isinstance(body.get("fallback", True), bool):
            raise InputError("field 'fallback' must be true or false",
                             "false: the article fails rather than use the offline voice")
        for name in POLICY:
            if not isinstance(body.get(name, False), bool):
                raise InputError(f"field {name!r} must be true or false",
                                 "leave it out for the site's setting (TTS_" + name.upper() + ")")
        given = [name for name in SOURCES if name in body]
        if len(given) != 1:
            raise InputError("send exactly one of 'text', 'html' or 'ssml'",
                             "text is plain text with blank lines between paragraphs")
        backend = body.get("backend", "") or settings.backend
        voice = body.get("voice", "")
        if re.search(r"[/\\]|\.onnx$", voice):
            raise InputError("field 'voice' must be a voice's name, not a path",
                             "GET the voices with `tts-service voices`; files are the operator's setting")
        if body.get("lang"):
            voice = asked_voice(settings, backend, voice, body["lang"])
        text: str = body[given[0]]
        lexicon = Lexicon.from_mapping(body["lexicon"], "field 'lexicon'") if "lexicon" in body else Lexicon()
        bookends = {name: _bookend_text(name, body[name]) for name in BOOKENDS if name in body}
        metadata = {name: body.get(name, "")[:MAX_METADATA_CHARS] for name in METADATA}
        return cls(text=text, html="html" in body, **metadata, backend=backend, voice=voice,
                   lexicon=lexicon.entries, ssml="ssml" in body, fallback=body.get("fallback", True),
                   lang=body.get("lang", ""), page_lang=body.get("page_lang", ""),
                   read_captions=body.get("read_captions"), read_faq=body.get("read_faq"),
                   **bookends)

    @classmethod
    def from_dict(cls, stored: dict[str, Any]) -> ArticleRequest:
        """A request as ``to_dict`` stored it (JSON turns the lexicon's pairs into lists)."""
        lexicon = tuple((str(written), str(spoken)) for written, spoken in stored.get("lexicon", ()))
        return cls(**{**stored, "lexicon": lexicon})

    @classmethod
    def from_file_text(cls, text: str, kind: str, settings: Settings, title: str = "") -> ArticleRequest:
        """The request a file makes: ``kind`` is text, html, ssml or markdown (spoken as its
        HTML)."""
        if kind == "markdown":
            import markdown

            return cls(markdown.markdown(text), html=True, title=title, backend=settings.backend)
        return cls(text, html=kind == "html", ssml=kind == "ssml", title=title,
                   backend=settings.backend)

    @classmethod
    def from_path(cls, path: Path, settings: Settings, *, kind: str | None = None) -> ArticleRequest:
        """The request a file makes, read as UTF-8: ``kind`` (text, html, ssml or markdown) from
        its suffix (``FILE_KINDS``; plain text otherwise) unless given. The CLI and the batch
        sources read files this one way."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"no such file: {path}") from None
        except IsADirectoryError:
            raise InputError(f"{path} is a folder, not a file") from None
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from exc
        return cls.from_file_text(decode_input(data), kind or FILE_KINDS.get(path.suffix.lower(), "text"),
                                  settings)

    def policy(self, settings: Settings) -> ReadingPolicy:
        """What of the HTML is read: the site's ``TTS_READ_*``, with this request's own choices."""
        site = ReadingPolicy.from_settings(settings)
        return replace(site, captions=site.captions if self.read_captions is None else self.read_captions,
                       faq=site.faq if self.read_faq is None else self.read_faq)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def metadata(self) -> dict[str, str]:
        """Title, author and date: set by publishers, never part of the article's id."""
        return {name: getattr(self, name) for name in METADATA}

    @property
    def hints(self) -> dict[str, str]:
        """The languages it was found with (``page_lang``, ``feed_lang``) that are set."""
        return {name: value for name in HINTS if (value := getattr(self, name))}

    def without_metadata(self) -> ArticleRequest:
        """What a keyless reader may ask: no title, author or date, the site's bookends and
        reading policy."""
        return replace(self, title="", author="", date="", intro=None, outro=None,
                       read_captions=None, read_faq=None)
