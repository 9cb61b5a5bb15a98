"""What a case document holds, record by record, in each version of the format this tracker
reads. Checking, export and the JSON Schema all read these specs, so they cannot disagree.

Version 2 added to version 1 each claim's publication time, notes and review history, and
each statement's notes; a version 1 document reads as one whose claims have none.
"""

from dataclasses import dataclass
from typing import Any

FORMAT = "claims-tracker/case"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

OPTIONAL_DATE = "date or null"
OPTIONAL_SLUG = "slug or null"
MOMENT = "date and time"
OPTIONAL_MOMENT = "date and time or null"


@dataclass(frozen=True)
class ListOf:
    """A JSON list of ``item``: records of a spec, or values of a JSON type."""

    item: dict[str, Any] | type


# Each record's fields: name → JSON type (or one of the kinds above), in the document's order.
CASE_SPEC = {
    "slug": str,
    "title": str,
    "summary": str,
    "place": str,
    "period": str,
    "began_on": OPTIONAL_DATE,
    "ended_on": OPTIONAL_DATE,
}
ROLE_SPEC = {"party": str, "role": str, "position": int}
POINT_SPEC = {"slug": str, "question": str, "position": int}
TAG_SPEC = {"slug": str, "name": str}
ALIAS_SPEC = {"name": str, "kind": str}
PARTY_SPEC = {
    "slug": str,
    "name": str,
    "qualifier": str,
    "kind": str,
    "description": str,
    "aliases": ListOf(ALIAS_SPEC),
}
SOURCE_SPEC = {
    "slug": str,
    "title": str,
    "outlet": str,
    "cited_outlet": str,
    "url": str,
    "published_on": OPTIONAL_DATE,
    "published_when": str,
    "language": str,
    "kind": str,
    "sha256": str,
    "text": str,
}
QUOTE_SPEC = {"source": str, "quote": str, "quote_start": int, "quote_end": int}
OUTCOME_SPEC = {"party": str, "summary": str, "position": int, **QUOTE_SPEC}
# People are named, not referred to: users do not travel between trackers.
NOTE_SPEC = {"text": str, "public": bool, "created_at": MOMENT, "author": str}
REVIEW_STEP_SPEC = {
    "transition": str,
    "from_status": str,
    "to_status": str,
    "comment": str,
    "created_at": MOMENT,
    "actor": str,
}
STATEMENT_SPEC_1 = {
    "party": str,
    "stance": str,
    "kind": str,
    **QUOTE_SPEC,
    "paraphrase": str,
    "relayed_by": OPTIONAL_SLUG,
    "attribution": str,
    "stated_on": OPTIONAL_DATE,
    "stated_when": str,
    "position": int,
}
STATEMENT_SPEC = {**STATEMENT_SPEC_1, "annotations": ListOf(NOTE_SPEC)}
CLAIM_SPEC_1 = {
    "slug": str,
    "text": str,
    "status": str,
    "claimant": OPTIONAL_SLUG,
    "point": OPTIONAL_SLUG,
    "point_position": int,
    "position": int,
    "tags": ListOf(str),
    "statements": ListOf(STATEMENT_SPEC_1),
}
CLAIM_SPEC = {
    **CLAIM_SPEC_1,
    "published_at": OPTIONAL_MOMENT,
    "statements": ListOf(STATEMENT_SPEC),
    "annotations": ListOf(NOTE_SPEC),
    "review_history": ListOf(REVIEW_STEP_SPEC),
}


def document_spec(claim_spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": str,
        "format_version": int,
        "case": CASE_SPEC,
        "roles": ListOf(ROLE_SPEC),
        "points": ListOf(POINT_SPEC),
        "tags": ListOf(TAG_SPEC),
        "parties": ListOf(PARTY_SPEC),
        "sources": ListOf(SOURCE_SPEC),
        "outcomes": ListOf(OUTCOME_SPEC),
        "claims": ListOf(claim_spec),
    }


DOCUMENT_SPECS = {1: document_spec(CLAIM_SPEC_1), 2: document_spec(CLAIM_SPEC)}
CLAIM_SPECS = {1: CLAIM_SPEC_1, 2: CLAIM_SPEC}
STATEMENT_SPECS = {1: STATEMENT_SPEC_1, 2: STATEMENT_SPEC}


def json_type(kind: Any) -> type[Any]:
    """The JSON value a field of ``kind`` holds, as the Python type ``json`` reads it as."""
    if isinstance(kind, ListOf):
        return list
    if isinstance(kind, dict):
        return dict
    return kind


def upgraded(record: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A record checked against an older version's spec with the fields ``spec`` has and it
    lacks: empty lists, and nulls."""
    missing: dict[str, list[Any] | None] = {
        name: [] if isinstance(kind, ListOf) else None
        for name, kind in spec.items()
        if name not in record
    }
    return {**record, **missing}
