"""The JSON Schema (draft 2020-12) of every case document this tracker reads, written from
the same specs that checking and export follow.

The schema describes shape only. What it cannot say (that a source's text matches its
SHA-256, that each quote is at its offsets, that references name records of the document,
that review steps follow each other) the import checks besides.
"""

from typing import Any

from .spec import (
    DOCUMENT_SPECS,
    FORMAT,
    MOMENT,
    OPTIONAL_DATE,
    OPTIONAL_MOMENT,
    OPTIONAL_SLUG,
    ListOf,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "format": "date"}
DATE_TIME = {
    "type": "string",
    "pattern": (
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?"
        "(Z|[+-][0-9]{2}:[0-9]{2})$"
    ),
    "format": "date-time",
}
KIND_SCHEMAS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer", "minimum": 0},
    bool: {"type": "boolean"},
    OPTIONAL_SLUG: {"type": ["string", "null"]},
    OPTIONAL_DATE: {"anyOf": [DATE, {"type": "null"}]},
    MOMENT: DATE_TIME,
    OPTIONAL_MOMENT: {"anyOf": [DATE_TIME, {"type": "null"}]},
}


def case_document_schema(schema_url: str) -> dict[str, Any]:
    """The schema, identified by the address it is served at."""
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_url,
        "title": "Case document",
        "description": "A whole case of a claims tracker: its claims with their statements, "
        "notes and review history, and the parties, sources and tags they use, named by slug.",
        "oneOf": [
            version_schema(version, spec) for version, spec in sorted(DOCUMENT_SPECS.items())
        ],
    }


def version_schema(version: int, spec: dict[str, Any]) -> dict[str, Any]:
    schema = record_schema(spec)
    schema["title"] = f"Case document, format version {version}"
    schema["properties"]["format"] = {"const": FORMAT}
    schema["properties"]["format_version"] = {"const": version}
    return schema


def record_schema(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: kind_schema(kind) for name, kind in spec.items()},
        "required": list(spec),
        "additionalProperties": False,
    }


def kind_schema(kind: Any) -> dict[str, Any]:
    if isinstance(kind, ListOf):
        return {"type": "array", "items": kind_schema(kind.item)}
    if isinstance(kind, dict):
        return record_schema(kind)
    return KIND_SCHEMAS[kind]
