"""Options and value types that several commands share, as argparse parents."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..voice.registry import KINDS


def article_input() -> argparse.ArgumentParser:
    """INPUT, the voice and --html: what ``speak`` and ``segments`` read."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("input", help="the article file, or - to read standard input")
    parent.add_argument("--backend", choices=sorted(KINDS), help="TTS backend (default piper)")
    parent.add_argument("--voice", default="", help="voice name or path to a Piper .onnx file")
    parent.add_argument("--html", action="store_true", help="treat the input as HTML")
    parent.add_argument("--lang", default="", type=language, help="the article's language "
                        "(de, fr, en-GB); default: the page's, else detected among TTS_LANGUAGES")
    return parent


def batch_run() -> argparse.ArgumentParser:
    """Workers, report, quiet and --feed: how ``pregenerate`` and ``watch`` make many articles."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    parent.add_argument("--report", type=Path, help="write a JSON report here")
    parent.add_argument("-q", "--quiet", dest="no_progress", action="store_true",
                        help="no progress bar, logs only")
    parent.add_argument("--feed", action="store_true",
                        help="put the articles made in the podcast feed (/feed.xml)")
    return parent


def seconds(text: str) -> float:
    """A number of seconds above 0, for ``--interval``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value

def size(text: str) -> int:
    """A byte count for ``--max-bytes``: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of bytes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return value


def language(text: str) -> str:
    """A language tag for ``--lang``: "de", "pt-BR"."""
    from ..text.language import is_tag

    if text and not is_tag(text):
        raise argparse.ArgumentTypeError(f"not a language tag: {text!r} (use de, fr or en-GB)")
    return text.strip()
