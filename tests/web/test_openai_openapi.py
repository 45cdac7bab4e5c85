"""The /v1 routes' OpenAPI fragment (web/openapi/v1.json) is valid OpenAPI 3.1, names exactly the
routes the app has, and what the routes answer matches its schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate

import tts_service.web
from tts_service.audio.transcoding import FORMATS, MAX_SPEED, MIN_SPEED
from tts_service.web.openai_speech import STREAM_FORMATS

FRAGMENT = json.loads((Path(tts_service.web.__file__).parent / "openapi" / "v1.json").read_text("utf-8"))


def document() -> dict[str, Any]:
    """The fragment in a document of its own, with the bearer scheme the service declares."""
    return {"openapi": "3.1.0", "info": {"title": "v1", "version": "1"}, **FRAGMENT,
            "components": {**FRAGMENT["components"], "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"}}}}


def schema(name: str) -> dict[str, Any]:
    """A component schema, resolvable on its own (its $refs point into the document)."""
    return {**document()["components"]["schemas"][name], "components": document()["components"]}


def test_the_fragment_is_valid_openapi_3_1() -> None:
    assert set(FRAGMENT) == {"paths", "components"}
    validate(document())


def test_it_describes_exactly_the_v1_routes(app: Flask) -> None:
    routes = {(rule.rule.replace("<", "{").replace(">", "}"), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in FRAGMENT["paths"].items() for method in item}
    assert described == routes


def test_its_request_schema_is_what_the_route_checks() -> None:
    properties = FRAGMENT["components"]["schemas"]["OpenAISpeechRequest"]["properties"]
    assert properties["response_format"]["enum"] == list(FORMATS)
    assert properties["stream_format"]["enum"] == list(STREAM_FORMATS)
    assert (properties["speed"]["minimum"], properties["speed"]["maximum"]) == (MIN_SPEED, MAX_SPEED)
    responses = FRAGMENT["paths"]["/v1/audio/speech"]["post"]["responses"]["200"]["content"]
    assert set(responses) == {fmt.mimetype for fmt in FORMATS.values()} | {"text/event-stream"}


SPEECH = "/v1/audio/speech"


@pytest.mark.parametrize(("method", "path", "template", "body", "status", "name"), [
    ("get", "/v1/models", "/v1/models", None, 200, "OpenAIModelList"),
    ("get", "/v1/models/tts-1", "/v1/models/{name}", None, 200, "OpenAIModel"),
    ("get", "/v1/models/nope", "/v1/models/{name}", None, 404, "OpenAIErrorResponse"),
    ("get", "/v1/audio/voices", "/v1/audio/voices", None, 200, "OpenAIVoiceList"),
    ("post", SPEECH, SPEECH, {"model": "tts-1", "input": "", "voice": "alloy"}, 400, "OpenAIErrorResponse"),
    ("post", SPEECH, SPEECH, {"model": "tts-1", "input": "Hi.", "voice": "alloy", "speed": 0}, 400,
     "OpenAIErrorResponse"),
])
def test_answers_match_their_schemas(client: FlaskClient, method: str, path: str, template: str,
                                     body: Any, status: int, name: str) -> None:
    response = getattr(client, method)(path, json=body)
    assert response.status_code == status
    assert str(status) in FRAGMENT["paths"][template][method]["responses"]
    jsonschema.validate(response.get_json(), schema(name))


def test_sse_events_match_their_schemas(client: FlaskClient) -> None:
    response = client.post(SPEECH, json={"model": "tts-1", "input": "Events, described.", "voice": "alloy",
                                         "stream_format": "sse"})
    events = [json.loads(line.removeprefix("data: ")) for line in response.get_data(as_text=True).splitlines()
              if line.startswith("data: ")]
    assert len(events) >= 2
    for event in events[:-1]:
        jsonschema.validate(event, schema("SpeechAudioDeltaEvent"))
    jsonschema.validate(events[-1], schema("SpeechAudioDoneEvent"))
    for event in events:  # each is one of the two, never both
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(event, schema("SpeechAudioDoneEvent" if event is not events[-1]
                                              else "SpeechAudioDeltaEvent"))
