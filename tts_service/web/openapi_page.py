"""The OpenAPI document as a page to read: the operations and schemas the ``docs.html``
template lists, with references resolved to names that link within the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

METHOD_ORDER = ("get", "head", "post", "put", "patch", "delete", "options", "trace")


@dataclass(frozen=True)
class Field:
    """A parameter, a property or a header: its name, where it goes, its type and what it is."""

    name: str
    where: str
    type: str
    required: bool
    description: str
    ref: str = ""  # the schema it names, to link to


@dataclass(frozen=True)
class Reply:
    status: str
    description: str
    content: list[Field]  # one per media type: the type is the media type, ref the schema
    headers: list[Field]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    access: str
    parameters: list[Field]
    body: list[Field]
    replies: list[Reply]


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    type: str
    fields: list[Field]


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation, by path, then method."""
    found = []
    for path in sorted(document.get("paths", {})):
        item = document["paths"][path]
        shared = item.get("parameters", [])
        for method in METHOD_ORDER:
            operation = item.get(method)
            if operation is not None:
                found.append(_operation(document, method, path, shared, operation))
    return found


def schemas(document: dict[str, Any]) -> list[Schema]:
    """The named schemas, with their properties."""
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        found.append(Schema(name, schema.get("description", ""), type_label(schema)[0],
                            _properties(schema)))
    return found


def type_label(schema: dict[str, Any]) -> tuple[str, str]:
    """A short type for a schema (``integer >= 1``, ``array of Segment``) and the schema it
    names, if any."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    if "enum" in schema:
        return "one of " + ", ".join(repr(value) for value in schema["enum"]), ""
    if "const" in schema:
        return repr(schema["const"]), ""
    kind = schema.get("type", "")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array" and isinstance(schema.get("items"), dict):
        inner, ref = type_label(schema["items"])
        return f"array of {inner}", ref
    for base in schema.get("allOf", []):
        if "$ref" in base:
            name = _ref_name(base["$ref"])
            return f"{kind or 'object'}, {name} and more", name
    limits = [f"{symbol} {schema[key]}" for key, symbol in
              (("minimum", ">="), ("maximum", "<="), ("maxLength", "length <="), ("pattern", "matching"))
              if key in schema]
    return " ".join(filter(None, [kind or "any", ", ".join(limits)])), ""


def _operation(document: dict[str, Any], method: str, path: str, shared: list[dict[str, Any]],
               operation: dict[str, Any]) -> Operation:
    parameters = [_resolve(document, item) for item in [*shared, *operation.get("parameters", [])]]
    body = []
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        label, ref = type_label(content.get("schema", {}))
        body.append(Field(media, "body", label, True, "", ref))
    replies = []
    for status, reply in operation.get("responses", {}).items():
        reply = _resolve(document, reply)
        content = []
        for media, value in reply.get("content", {}).items():
            label, ref = type_label(value.get("schema", {}))
            content.append(Field(media, "", label, False, "", ref))
        headers = [_field(name, "header", _resolve(document, header))
                   for name, header in reply.get("headers", {}).items()]
        replies.append(Reply(status, reply.get("description", ""), content, headers))
    security = operation.get("security", document.get("security", []))
    anchor = re.sub(r"[^A-Za-z0-9]+", "-", f"{method}{path}").strip("-")
    return Operation(method.upper(), path, anchor, operation.get("summary", ""),
                     operation.get("description", ""), _access(security),
                     [_field(item["name"], item["in"], item) for item in parameters], body, replies)


def _access(security: list[dict[str, Any]]) -> str:
    if not security:
        return "no key needed"
    if {} in security:
        return "key optional; a wrong key is a 401"
    return "key required"


def _field(name: str, where: str, described: dict[str, Any]) -> Field:
    label, ref = type_label(described.get("schema", {}))
    return Field(name, where, label, bool(described.get("required")), described.get("description", ""), ref)


def _properties(schema: dict[str, Any]) -> list[Field]:
    required = set(schema.get("required", []))
    fields = []
    for name, value in schema.get("properties", {}).items():
        label, ref = type_label(value)
        fields.append(Field(name, "", label, name in required, value.get("description", ""), ref))
    return fields


def _resolve(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """``item`` itself, or the component its ``$ref`` names (local references only)."""
    while "$ref" in item:
        node: Any = document
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]
