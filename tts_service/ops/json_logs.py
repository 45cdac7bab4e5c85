"""Log lines as JSON objects (``TTS_LOG_FORMAT=json``), each with the id of the request it was
logged for.

The id lives in a context variable that the web layer sets for the length of a request. Under
gevent each connection is a greenlet with its own context, so concurrent requests never see each
other's id; work that outlives a request (background synthesis jobs, native threads) starts with
an empty context, so its lines carry ``"request_id": null``.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID: ContextVar[str | None] = ContextVar("tts_request_id", default=None)

# What a client's X-Request-Id may be to be kept: short, and nothing a log reader must escape.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The client's request id when it is sane, a new random one otherwise."""
    if header is not None and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, process, request_id, message;
    ``exception`` with the traceback, and the record's ``fields`` (a dict) when it has them."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": record.process,
            "request_id": REQUEST_ID.get(),
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({key: value for key, value in fields.items() if key not in entry})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)
