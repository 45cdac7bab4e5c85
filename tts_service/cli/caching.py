"""``cache evict`` and ``cache forget``: make room in the audio cache."""

from __future__ import annotations

import argparse
from typing import Any

from ..config import Settings
from ..errors import InputError
from . import options


def add_commands(commands: Any) -> None:
    cache = commands.add_parser("cache", help="make room in the audio cache")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True)
    evict = cache_commands.add_parser(
        "evict", help="delete least recently used on-demand articles until the cache fits")
    evict.add_argument("--max-bytes", type=options.size, metavar="N",
                       help="the limit (default TTS_CACHE_MAX_BYTES; 0: delete all that may go)")
    evict.add_argument("--include-kept", action="store_true",
                       help="kept articles (made by a key, the CLI or pregenerate) may go too")
    evict.set_defaults(handler=cmd_cache_evict)
    forget = cache_commands.add_parser("forget", help="delete articles by id, kept or not")
    forget.add_argument("ids", nargs="+", metavar="ID", help="an article id")
    forget.set_defaults(handler=cmd_cache_forget)


def cmd_cache_evict(args: argparse.Namespace, settings: Settings) -> int:
    from ..articles import ArticleService

    limit = settings.cache_max_bytes if args.max_bytes is None else args.max_bytes
    if args.max_bytes is None and not limit:
        raise InputError("there is no limit to evict down to",
                         "pass --max-bytes N or set TTS_CACHE_MAX_BYTES")
    service = ArticleService(settings)
    try:
        evicted = service.evict(limit, include_kept=args.include_kept)
    finally:
        service.shutdown()
    print(f"evicted {len(evicted.articles)} articles and {evicted.segments} segments, "
          f"{evicted.freed:,} bytes; the cache holds {evicted.total:,} bytes (limit {limit:,})")
    return 0

def cmd_cache_forget(args: argparse.Namespace, settings: Settings) -> int:
    from ..articles import ArticleService

    service = ArticleService(settings)
    try:
        for article_id in args.ids:
            forgotten = service.forget(article_id)
            print(f"forgot {article_id}: {forgotten.segments} segments, "
                  f"{forgotten.freed:,} bytes freed")
    finally:
        service.shutdown()
    return 0
