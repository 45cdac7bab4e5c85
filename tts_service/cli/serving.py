"""``tts-service serve``: the web service under gunicorn."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from ..config import Settings

log = logging.getLogger("tts_service")


def add_commands(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the web service under gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes; each loads its own voice (about 450 MB)")
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Replace this process with the server's own (see ``tts_service.serve``), once what every
    worker would refuse at boot is known to be right: a bad ``TTS_VOICES`` is one message here,
    not a worker's traceback."""
    from ..voice.registry import check_voices

    check_voices(settings)
    log.info("serving on http://%s:%d/", args.host, args.port)  # JSON too with TTS_LOG_FORMAT=json
    os.execv(sys.executable, [sys.executable, "-m", "tts_service.serve", args.host,
                              str(args.port), str(args.workers)])
