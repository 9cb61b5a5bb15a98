"""The case document's format: its fields, and a case exported into it."""

import datetime
import json
from typing import Any

from django.db import models

from tracker.models import (
    Case,
    PartyAlias,
    Statement,
)

FORMAT = "claims-tracker/case"
FORMAT_VERSION = 1
IMPORT_CHANGE_REASON = "Imported from a case document"
MAX_LISTED_PROBLEMS = 20

OPTIONAL_DATE = "date or null"
OPTIONAL_SLUG = "slug or null"
# What each record of the document holds: field name → JSON type, in the document's order.
# Lists of records are checked by their own specs.
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
    "aliases": list,
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
STATEMENT_SPEC = {
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
CLAIM_SPEC = {
    "slug": str,
    "text": str,
    "status": str,
    "claimant": OPTIONAL_SLUG,
    "point": OPTIONAL_SLUG,
    "point_position": int,
    "position": int,
    "tags": list,
    "statements": list,
}
DOCUMENT_SPEC = {
    "format": str,
    "format_version": int,
    "case": dict,
    "roles": list,
    "points": list,
    "tags": list,
    "parties": list,
    "sources": list,
    "outcomes": list,
    "claims": list,
}


class ImportRefused(Exception):
    """The document cannot be trusted; nothing was written. ``problems`` says why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = problems[:MAX_LISTED_PROBLEMS]
        more = len(problems) - len(listed)
        text = "The case document was refused and nothing was imported:\n" + "\n".join(
            f"- {problem}" for problem in listed
        )
        if more:
            text += f"\n- … and {more} more problem(s)."
        super().__init__(text)


def export_case(case: Case) -> dict[str, Any]:
    """The case, its outcomes, every claim (any status) with its statements, and the
    parties, sources and tags they use, as a JSON-ready dict."""
    claims = list(
        case.claims.order_by("position", "pk")
        .select_related("claimant", "point")
        .prefetch_related(
            "tags",
            models.Prefetch(
                "statements",
                queryset=Statement.objects.select_related("party", "relayed_by", "source"),
            ),
        )
    )
    outcomes = list(case.outcomes.select_related("party", "source").order_by("position", "pk"))
    roles = list(case.roles.select_related("party").order_by("position", "pk"))
    statements = [statement for claim in claims for statement in claim.statements.all()]
    parties = {s.party for s in statements} | {o.party for o in outcomes}
    parties |= {role.party for role in roles}
    parties |= {claim.claimant for claim in claims if claim.claimant is not None}
    parties |= {s.relayed_by for s in statements if s.relayed_by is not None}
    sources = {s.source for s in statements} | {o.source for o in outcomes}
    tags = {tag for claim in claims for tag in claim.tags.all()}
    aliases = PartyAlias.objects.filter(party__in=parties).order_by("name", "kind", "pk")
    aliases_of: dict[int, list[dict[str, Any]]] = {party.pk: [] for party in parties}
    for alias in aliases:
        aliases_of[alias.party_id].append({"name": alias.name, "kind": alias.kind})
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "case": fields_of(case, CASE_SPEC),
        "roles": [fields_of(role, ROLE_SPEC) for role in roles],
        "points": [
            fields_of(point, POINT_SPEC) for point in case.points.order_by("position", "pk")
        ],
        "tags": [fields_of(tag, TAG_SPEC) for tag in sorted(tags, key=by_slug)],
        "parties": [
            {**fields_of(party, PARTY_SPEC), "aliases": aliases_of[party.pk]}
            for party in sorted(parties, key=by_slug)
        ],
        "sources": [fields_of(source, SOURCE_SPEC) for source in sorted(sources, key=by_slug)],
        "outcomes": [fields_of(outcome, OUTCOME_SPEC) for outcome in outcomes],
        "claims": [
            {
                **fields_of(claim, CLAIM_SPEC),
                "tags": sorted(tag.slug for tag in claim.tags.all()),
                "statements": [fields_of(s, STATEMENT_SPEC) for s in claim.statements.all()],
            }
            for claim in claims
        ],
    }


def by_slug(obj: Any) -> str:
    return obj.slug


def fields_of(obj: models.Model, spec: dict[str, Any]) -> dict[str, Any]:
    """The spec's fields of ``obj`` as JSON values: dates as ISO strings, relations by slug."""
    values: dict[str, Any] = {}
    for name, kind in spec.items():
        if kind in (list, dict):
            continue
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.slug  # type: ignore[attr-defined]
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        values[name] = value
    return values


def dump_case_document(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
