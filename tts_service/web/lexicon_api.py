"""The site lexicon over HTTP (publishers only): ``GET /api/lexicon`` and ``PUT /api/lexicon``,
which a CMS calls to keep the site's pronunciations on the service (see
``synthesis.site_lexicon``). A PUT replaces the whole lexicon; ``{"lexicon": {}}`` clears it."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify

from ..errors import InputError
from ..synthesis import site_lexicon
from ..text.words.lexicon import Lexicon
from . import access
from .api import json_body
from .services import service_of

log = logging.getLogger(__name__)

bp = Blueprint("lexicon", __name__, url_prefix="/api")


def _answer(lexicon: Lexicon) -> Response:
    return jsonify({"lexicon": dict(lexicon.entries), "entries": len(lexicon.entries),
                    "version": site_lexicon.version(lexicon)})


@bp.get("/lexicon")
def get_lexicon() -> Response:
    access.require_key()
    return _answer(service_of(current_app).site_lexicon.current())


@bp.put("/lexicon")
def put_lexicon() -> Response:
    access.require_key()
    body = json_body()
    if not isinstance(body, dict) or set(body) != {"lexicon"}:
        raise InputError("the body must be a JSON object with one field, 'lexicon'",
                         'send {"lexicon": {"Nguyen": "win"}}; {"lexicon": {}} clears it')
    lexicon = Lexicon.from_mapping(body["lexicon"], "field 'lexicon'")
    service_of(current_app).site_lexicon.replace(lexicon)
    log.info("site lexicon replaced: %d entries", len(lexicon.entries))
    return _answer(lexicon)
