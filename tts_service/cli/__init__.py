"""The ``tts-service`` command: argument parsing over the article service, publishing and the web.

Each module holds a family of commands and registers its own subcommands: ``speaking`` (one
article), ``publishing`` (many), ``caching`` (the cache) and ``serving`` (the web service).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .. import __version__
from ..config import Settings
from ..errors import InputError, TTSError
from ..ops.process import configure_logging
from . import caching, publishing, serving, speaking

DESCRIPTION = ("Self-hosted 'Click to start listening' text-to-speech: speak articles, pre-generate "
               "a site, watch feeds, serve the player and its audio.")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(logging.WARNING if getattr(args, "quiet", False) else settings.log_level,
                          settings.log_format)
        return int(args.handler(args, settings) or 0)
    except TTSError as exc:
        print(f"tts-service: error: {exc.one_line()}", file=sys.stderr)
        return 2 if isinstance(exc, InputError) else 1
    except KeyboardInterrupt:
        print("tts-service: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tts-service", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    speaking.add_commands(commands)
    publishing.add_commands(commands)
    caching.add_commands(commands)
    serving.add_commands(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
