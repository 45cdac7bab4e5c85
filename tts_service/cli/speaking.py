"""Commands about one article: ``speak`` it to an MP3, show its ``segments``, list the ``voices``,
and make a publisher's key (``new-key``)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import CacheError
from ..store.objects import atomic_write
from ..synthesis.plan import plan_article
from ..synthesis.request import ArticleRequest, decode_input
from ..voice.registry import KINDS, asked_voice, backend_kind, voice_languages
from . import options


def add_commands(commands: Any) -> None:
    speak = commands.add_parser("speak", parents=[options.article_input()],
                                help="speak a .txt, .md, .html or .ssml file (or - for stdin)")
    speak.add_argument("-o", "--output", required=True, type=Path, help="where to write the MP3")
    speak.add_argument("--manifest", type=Path, help="where to write the timing manifest (JSON)")
    speak.add_argument("-q", "--quiet", action="store_true", help="no progress, errors only")
    for end, when in (("intro", "before"), ("outro", "after")):
        speak.add_argument(f"--{end}", help=f"text said {when} the article, or file:PATH for an "
                           f"audio file; '' for none (default TTS_{end.upper()})")
    speak.set_defaults(handler=cmd_speak)

    segments = commands.add_parser("segments", parents=[options.article_input()],
                                   help="print the segments of an article as JSON lines")
    segments.set_defaults(handler=cmd_segments)

    voices = commands.add_parser("voices", help="list backends and their voices")
    voices.set_defaults(handler=cmd_voices)

    key = commands.add_parser("new-key", help="make a publisher's API key and its TTS_API_KEYS digest")
    key.set_defaults(handler=cmd_new_key)


def read_request(args: argparse.Namespace, settings: Settings) -> ArticleRequest:
    """The article named by INPUT (a file, or - for standard input) as a request to speak."""
    if args.input == "-":
        text = decode_input(sys.stdin.buffer.read())
        kind = "html" if args.html or text.lstrip().startswith("<") else "text"
        request = ArticleRequest.from_file_text(text, kind, settings)
    else:
        request = ArticleRequest.from_path(Path(args.input), settings, kind="html" if args.html else None)
    backend = args.backend or settings.backend
    voice = asked_voice(settings, backend, args.voice, args.lang) if args.lang else args.voice
    return dataclasses.replace(request, backend=backend, voice=voice, lang=args.lang,
                               intro=getattr(args, "intro", None), outro=getattr(args, "outro", None))


def cmd_speak(args: argparse.Namespace, settings: Settings) -> int:
    from ..articles import ArticleService

    request = read_request(args, settings)
    service = ArticleService(settings)
    try:
        with _SpeakProgress(enabled=not args.quiet) as progress:
            result = service.make(request, progress=progress.update)
        article = result.article
        mp3 = service.cache.open_article(article.id)
        if mp3 is None:
            raise CacheError(f"article {article.id} vanished from {service.cache.store}",
                             "is another process clearing the cache? run the command again")
        with mp3:
            atomic_write(args.output, mp3)
    finally:
        service.shutdown()
    if args.manifest:
        atomic_write(args.manifest, json.dumps(result.manifest, ensure_ascii=False,
                                                indent=1).encode("utf-8"))
    if not args.quiet:
        print(f"{args.output}: {result.manifest['duration']:.1f} s of audio, "
              f"{len(article.segments)} segments ({result.synthesized} synthesized, "
              f"{len(article.segments) - result.synthesized} from cache), id {article.id}",
              file=sys.stderr)
    return 0

def cmd_segments(args: argparse.Namespace, settings: Settings) -> int:
    """The segments as the voice would get them; no voice is loaded, only its limits are used."""
    request = read_request(args, settings)
    kind = backend_kind(request.backend)
    plan = plan_article(request.text, settings, kind.max_chars, html=request.html, ssml=request.ssml,
                        lang=request.lang)
    for segment in plan.segments:
        print(json.dumps({**segment.to_dict(), "lang": plan.language.lang}, ensure_ascii=False))
    return 0

def cmd_voices(args: argparse.Namespace, settings: Settings) -> int:
    listed = voice_languages(settings)
    for kind in KINDS.values():
        default = " (default)" if kind.name == settings.backend else ""
        print(f"{kind.name}{default}: {kind.description}")
        for backend, voice, langs in listed:
            if backend == kind.name:
                print(f"  {voice}" + (f"  [{', '.join(langs)}]" if langs else ""))
    return 0

def cmd_new_key(args: argparse.Namespace, settings: Settings) -> int:
    from ..access import hash_key, new_key

    key = new_key()
    print(f"key:    {key}\n        give it to the publisher; it is not stored anywhere")
    print(f"digest: {hash_key(key)}\n        add it to TTS_API_KEYS (comma-separated)")
    return 0

class _SpeakProgress:
    """A tqdm bar on stderr for long articles (more than 3 segments), made on the first update."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None

    def __enter__(self) -> _SpeakProgress:
        return self

    def update(self, done: int, total: int) -> None:
        if self._bar is None and self.enabled and total > 3:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="seg", desc="speaking", file=sys.stderr,
                             disable=None)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()
