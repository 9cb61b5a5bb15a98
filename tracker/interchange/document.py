"""A case exported as a case document, and the refusal of one that cannot be imported."""

import datetime
import json
from typing import Any

from django.db import models

from tracker.models import (
    Annotation,
    Case,
    Claim,
    PartyAlias,
    ReviewTransition,
    Statement,
)

from .spec import (
    CASE_SPEC,
    CLAIM_SPEC,
    FORMAT,
    FORMAT_VERSION,
    NOTE_SPEC,
    OUTCOME_SPEC,
    PARTY_SPEC,
    POINT_SPEC,
    REVIEW_STEP_SPEC,
    ROLE_SPEC,
    SOURCE_SPEC,
    STATEMENT_SPEC,
    TAG_SPEC,
    ListOf,
)

IMPORT_CHANGE_REASON = "Imported from a case document"
MAX_LISTED_PROBLEMS = 20


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
    """The case, its outcomes, every claim (any status) with its statements, notes and review
    history, and the parties, sources and tags they use, as a JSON-ready dict."""
    notes = Annotation.objects.select_related("author").order_by("created_at", "pk")
    claims = list(
        case.claims.order_by("position", "pk")
        .select_related("claimant", "point")
        .prefetch_related(
            "tags",
            models.Prefetch(
                "statements",
                queryset=Statement.objects.select_related(
                    "party", "relayed_by", "source"
                ).prefetch_related(models.Prefetch("annotations", queryset=notes)),
            ),
            models.Prefetch("annotations", queryset=notes),
            models.Prefetch(
                "review_transitions",
                queryset=ReviewTransition.objects.select_related("actor").order_by(
                    "created_at", "pk"
                ),
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
            fields_of(party, PARTY_SPEC, aliases=aliases_of[party.pk])
            for party in sorted(parties, key=by_slug)
        ],
        "sources": [fields_of(source, SOURCE_SPEC) for source in sorted(sources, key=by_slug)],
        "outcomes": [fields_of(outcome, OUTCOME_SPEC) for outcome in outcomes],
        "claims": [claim_record(claim) for claim in claims],
    }


def claim_record(claim: Claim) -> dict[str, Any]:
    return fields_of(
        claim,
        CLAIM_SPEC,
        tags=sorted(tag.slug for tag in claim.tags.all()),
        statements=[
            fields_of(statement, STATEMENT_SPEC, annotations=notes_of(statement))
            for statement in claim.statements.all()
        ],
        annotations=notes_of(claim),
        review_history=[
            fields_of(step, REVIEW_STEP_SPEC, transition=step.step_name, actor=step.actor_name)
            for step in claim.review_transitions.all()
        ],
    )


def notes_of(target: Claim | Statement) -> list[dict[str, Any]]:
    return [
        fields_of(
            note,
            NOTE_SPEC,
            public=note.visibility == Annotation.Visibility.PUBLIC,
            author=note.author_name,
        )
        for note in target.annotations.all()
    ]


def by_slug(obj: Any) -> str:
    return obj.slug


def fields_of(obj: models.Model, spec: dict[str, Any], **given: Any) -> dict[str, Any]:
    """The spec's fields of ``obj`` in its order, as JSON values: those ``given``, and its own
    columns with dates and times as ISO strings (times in UTC) and relations by slug. A list
    not given is left out, for the caller to add."""
    values: dict[str, Any] = {}
    for name, kind in spec.items():
        if name in given:
            values[name] = given[name]
            continue
        if isinstance(kind, ListOf | dict):
            continue
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.slug  # type: ignore[attr-defined]
        elif isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC).isoformat()
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        values[name] = value
    return values


def dump_case_document(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
