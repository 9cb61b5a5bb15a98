"""A whole case as one JSON document: exported, and imported all or nothing.

The document names every related row by its slug (a party, a source, a tag), never by a
database key, so it reads the same from any database: export, import into an empty
database, export again, and the two documents are equal.

Import trusts nothing it has not checked. Before writing anything it verifies the
document's shape, every source text against its SHA-256, every quote against its source
text at its offsets, and every reference to a party, source or tag; then it creates every
row afresh through ``save()`` (so history rows, digests and search text are written as for
any creation) inside one transaction. Parties are matched to those the database already
has by name and alias, sources by their text's SHA-256, tags by slug or name: those are
used as they are, never changed. Any problem refuses the whole document, writing nothing.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from tracker.models import (
    Case,
    CaseRole,
    Claim,
    Outcome,
    Party,
    PartyAlias,
    Point,
    Source,
    Statement,
    Tag,
)
from tracker.quoting import QuoteError, locate_quote

FORMAT = "claims-tracker/case"
FORMAT_VERSION = 1
IMPORT_CHANGE_REASON = "Imported from a case document"
MAX_LISTED_PROBLEMS = 20

OPTIONAL_DATE = "date or null"
OPTIONAL_SLUG = "slug or null"
# What each record of the document holds: field name → JSON type. Lists of records are
# checked by their own specs.
CASE_SPEC = {
    "slug": str,
    "title": str,
    "summary": str,
    "place": str,
    "period": str,
    "began_on": OPTIONAL_DATE,
    "ended_on": OPTIONAL_DATE,
}
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
ROLE_SPEC = {"party": str, "role": str, "position": int}
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
POINT_SPEC = {"slug": str, "question": str, "position": int}
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


# Export ---------------------------------------------------------------------------------


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


# Reading and checking ---------------------------------------------------------------------


def read_case_document(raw: str | bytes) -> Any:
    """The parsed JSON, or ImportRefused saying where it stops being JSON."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise ImportRefused([f"The file is not UTF-8 text (byte {error.start})."]) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}."
            ]
        ) from error
    except RecursionError as error:
        raise ImportRefused(["The file is not valid JSON: it is nested too deeply."]) from error


def checked_record(
    entry: Any, spec: dict[str, Any], where: str, problems: list[str]
) -> dict[str, Any] | None:
    """``entry`` with its dates parsed, if it has exactly the spec's fields, each of the
    right JSON type; otherwise None, with the reasons added to ``problems``."""
    if not isinstance(entry, dict):
        problems.append(f"{where} must be a JSON object.")
        return None
    missing = [name for name in spec if name not in entry]
    unknown = [name for name in entry if name not in spec]
    if missing:
        problems.append(f"{where} lacks {', '.join(missing)}.")
    if unknown:
        problems.append(f"{where} has fields this tracker does not know: {', '.join(unknown)}.")
    if missing or unknown:
        return None
    record: dict[str, Any] = {}
    valid = True
    for name, kind in spec.items():
        value = entry[name]
        if kind == OPTIONAL_DATE:
            try:
                value = None if value is None else datetime.date.fromisoformat(value)
            except (TypeError, ValueError):
                problems.append(f"{where}: {name} must be a date (YYYY-MM-DD) or null.")
                valid = False
        elif kind == OPTIONAL_SLUG:
            if value is not None and not isinstance(value, str):
                problems.append(f"{where}: {name} must be a slug or null.")
                valid = False
        elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            problems.append(f"{where}: {name} must be {JSON_TYPE_NAMES[kind]}.")
            valid = False
        elif kind is int and value < 0:
            problems.append(f"{where}: {name} must not be negative.")
            valid = False
        elif isinstance(value, str) and "\x00" in value:
            # PostgreSQL cannot store it, and no text this tracker keeps holds one.
            problems.append(f"{where}: {name} contains a NUL character.")
            valid = False
        record[name] = value
    return record if valid else None


JSON_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list", dict: "an object"}


@dataclass
class CaseDocument:
    """A document whose shape, digests, quotes and references have all been checked."""

    case: dict[str, Any]
    roles: list[dict[str, Any]]
    points: dict[str, dict[str, Any]]
    tags: dict[str, dict[str, Any]]
    parties: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    outcomes: list[dict[str, Any]]
    claims: list[dict[str, Any]]


def checked_document(document: Any) -> CaseDocument:
    problems: list[str] = []
    top = checked_record(document, DOCUMENT_SPEC, "The document", problems)
    if top is None:
        raise ImportRefused(problems)
    if top["format"] != FORMAT or top["format_version"] != FORMAT_VERSION:
        raise ImportRefused(
            [
                f"This is not a case document this tracker reads: expected format {FORMAT!r} "
                f"version {FORMAT_VERSION}, found {top['format']!r} version "
                f"{top['format_version']}."
            ]
        )
    case = checked_record(top["case"], CASE_SPEC, "The case", problems)
    tags = keyed(top["tags"], TAG_SPEC, "Tag", problems)
    parties = keyed(top["parties"], PARTY_SPEC, "Party", problems)
    for slug, party in parties.items():
        party["aliases"] = checked_list(
            party["aliases"], ALIAS_SPEC, f"Party {slug}: alias", problems
        )
    sources = keyed(top["sources"], SOURCE_SPEC, "Source", problems)
    for slug, source in sources.items():
        if Source.digest(source["text"]) != source["sha256"]:
            problems.append(
                f"Source {slug}: its text does not match its SHA-256 "
                f"({source['sha256'][:12]}…); the text was changed or the digest is wrong."
            )
    roles = checked_list(top["roles"], ROLE_SPEC, "Role", problems)
    for number, role in enumerate(roles, 1):
        if role["party"] not in parties:
            problems.append(
                f"Role {number}: party {role['party']!r} is not among the document's parties."
            )
    outcomes = checked_list(top["outcomes"], OUTCOME_SPEC, "Outcome", problems)
    for number, outcome in enumerate(outcomes, 1):
        check_references(outcome, f"Outcome {number}", parties, sources, problems)
    points = keyed(top["points"], POINT_SPEC, "Point", problems)
    claims = checked_list(top["claims"], CLAIM_SPEC, "Claim", problems)
    for claim in claims:
        where = f"Claim {claim['slug']}"
        if claim["claimant"] is not None and claim["claimant"] not in parties:
            problems.append(
                f"{where}: claimant {claim['claimant']!r} is not among the document's parties."
            )
        if claim["point"] is not None and claim["point"] not in points:
            problems.append(
                f"{where}: point {claim['point']!r} is not among the document's points."
            )
        if claim["status"] not in Claim.Status.values:
            problems.append(f"{where}: unknown status {claim['status']!r}.")
        for tag in claim["tags"]:
            if not isinstance(tag, str):
                problems.append(f"{where}: tags must be a list of tag slugs.")
            elif tag not in tags:
                problems.append(f"{where}: tag {tag!r} is not among the document's tags.")
        claim["statements"] = checked_list(
            claim["statements"], STATEMENT_SPEC, f"{where}: statement", problems
        )
        for number, statement in enumerate(claim["statements"], 1):
            check_references(statement, f"{where}: statement {number}", parties, sources, problems)
    if case is None or problems:
        raise ImportRefused(problems)
    return CaseDocument(case, roles, points, tags, parties, sources, outcomes, claims)


def checked_list(
    entries: Any, spec: dict[str, Any], label: str, problems: list[str]
) -> list[dict[str, Any]]:
    if not isinstance(entries, list):
        problems.append(f"{label}s must be a list.")
        return []
    records = [
        checked_record(entry, spec, f"{label} {n}", problems) for n, entry in enumerate(entries, 1)
    ]
    return [record for record in records if record is not None]


def keyed(
    entries: Any, spec: dict[str, Any], label: str, problems: list[str]
) -> dict[str, dict[str, Any]]:
    """Records by slug, refusing a slug given twice."""
    by_slug: dict[str, dict[str, Any]] = {}
    for record in checked_list(entries, spec, label, problems):
        if record["slug"] in by_slug:
            problems.append(f"{label} {record['slug']} is in the document twice.")
        by_slug[record["slug"]] = record
    return by_slug


def check_references(
    record: dict[str, Any],
    where: str,
    parties: dict[str, Any],
    sources: dict[str, Any],
    problems: list[str],
) -> None:
    for name in ("party", "relayed_by"):
        slug = record.get(name)
        if slug is not None and slug not in parties:
            problems.append(f"{where}: party {slug!r} is not among the document's parties.")
    source = sources.get(record["source"])
    if source is None:
        problems.append(
            f"{where}: source {record['source']!r} is not among the document's sources."
        )
        return
    try:
        locate_quote(source["text"], record["quote"], record["quote_start"], record["quote_end"])
    except QuoteError as error:
        problems.append(f"{where}: the quote is not in source {record['source']}: {error}")


# Import ---------------------------------------------------------------------------------


@dataclass
class ImportReport:
    case: Case | None = None
    created: Counter[str] = field(default_factory=Counter)
    reused: list[str] = field(default_factory=list)
    renamed_slugs: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        created = ", ".join(f"{count} {name}" for name, count in sorted(self.created.items()))
        lines = [f"Imported the case “{self.case}”: created {created}."]
        if self.reused:
            lines.append("Used as they were, not duplicated: " + "; ".join(self.reused) + ".")
        if self.renamed_slugs:
            lines.append("Slugs already taken, given new ones: " + ", ".join(self.renamed_slugs))
        return lines


def import_case(document: Any) -> ImportReport:
    """Create the document's case afresh beside what the database holds; ImportRefused,
    with nothing written, if anything in it cannot be trusted or saved."""
    checked = checked_document(document)
    report = ImportReport()
    try:
        with transaction.atomic():
            CaseImport(checked, report).run()
    except ValidationError as error:
        raise ImportRefused(validation_problems(error)) from error
    return report


def validation_problems(error: ValidationError) -> list[str]:
    where = getattr(error, "import_location", "The document")
    if hasattr(error, "error_dict"):
        return [
            f"{where}: {name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [f"{where}: {message}" for message in error.messages]


class CaseImport:
    def __init__(self, document: CaseDocument, report: ImportReport):
        self.document = document
        self.report = report

    def run(self) -> None:
        document = self.document
        slug = document.case["slug"]
        if Case.objects.filter(slug=slug).exists():
            raise located(
                ValidationError(
                    f"a case with the slug {slug!r} is already in this database; "
                    "importing it again would duplicate it."
                ),
                "The case",
            )
        case = self.create(Case(**document.case), "The case")
        self.report.case = case
        tags = {slug: self.tag(record) for slug, record in document.tags.items()}
        parties = {slug: self.party(record) for slug, record in document.parties.items()}
        sources = {slug: self.source(record) for slug, record in document.sources.items()}
        for number, record in enumerate(document.roles, 1):
            role = CaseRole(case=case, **{**record, "party": parties[record["party"]]})
            self.create(role, f"Role {number}")
        points = {
            slug: self.create(
                Point(
                    case=case,
                    slug=self.free_slug(Point, slug),
                    question=record["question"],
                    position=record["position"],
                ),
                f"Point {slug}",
            )
            for slug, record in document.points.items()
        }
        for number, record in enumerate(document.outcomes, 1):
            outcome = Outcome(
                case=case,
                **{
                    **record,
                    "party": parties[record["party"]],
                    "source": sources[record["source"]],
                },
            )
            self.create(outcome, f"Outcome {number}")
        for record in document.claims:
            where = f"Claim {record['slug']}"
            claim = Claim(
                case=case,
                slug=self.free_slug(Claim, record["slug"]),
                claimant=parties[record["claimant"]] if record["claimant"] else None,
                point=points[record["point"]] if record["point"] else None,
                **{name: record[name] for name in ("text", "status", "point_position", "position")},
            )
            self.create(claim, where)
            claim.tags.set([tags[slug] for slug in record["tags"]])
            for number, statement in enumerate(record["statements"], 1):
                relayed_by = statement["relayed_by"]
                values = {
                    **statement,
                    "party": parties[statement["party"]],
                    "source": sources[statement["source"]],
                    "relayed_by": parties[relayed_by] if relayed_by else None,
                }
                self.create(Statement(claim=claim, **values), f"{where}: statement {number}")

    def create(self, obj: models.Model, where: str) -> Any:
        try:
            obj.full_clean()
        except ValidationError as error:
            raise located(error, where) from error
        obj._change_reason = IMPORT_CHANGE_REASON  # type: ignore[attr-defined]
        obj.save()
        self.report.created[str(obj._meta.verbose_name_plural)] += 1
        return obj

    def free_slug(self, model: type[models.Model], slug: str) -> str:
        manager = model._default_manager
        candidate, number = slug, 1
        while manager.filter(slug=candidate).exists():
            number += 1
            candidate = f"{slug}-{number}"
        if candidate != slug:
            self.report.renamed_slugs.append(f"{slug} → {candidate}")
        return candidate

    def tag(self, record: dict[str, Any]) -> Tag:
        existing = Tag.objects.filter(Q(slug=record["slug"]) | Q(name=record["name"])).first()
        if existing is not None:
            self.report.reused.append(f"tag “{existing}”")
            return existing
        return self.create(Tag(**record), f"Tag {record['slug']}")

    def party(self, record: dict[str, Any]) -> Party:
        existing = matching_party(record)
        if existing is not None:
            self.report.reused.append(f"party “{existing}”")
            return existing
        where = f"Party {record['slug']}"
        values = {name: record[name] for name in ("name", "qualifier", "kind", "description")}
        party = self.create(Party(slug=self.free_slug(Party, record["slug"]), **values), where)
        for alias in record["aliases"]:
            self.create(PartyAlias(party=party, **alias), f"{where}: alias {alias['name']}")
        return party

    def source(self, record: dict[str, Any]) -> Source:
        existing = Source.objects.filter(sha256=record["sha256"]).order_by("pk").first()
        if existing is not None:
            self.report.reused.append(f"source “{existing}” (same text)")
            return existing
        values = {name: value for name, value in record.items() if name not in ("slug", "sha256")}
        source = Source(slug=self.free_slug(Source, record["slug"]), **values)
        return self.create(source, f"Source {record['slug']}")


def matching_party(record: dict[str, Any]) -> Party | None:
    """The party this database already has under the record's name (and qualifier, which
    tells apart parties of one name) or under one of its aliases.

    Several matches are told apart by slug; if that cannot, the import is refused rather
    than guessing whose words the statements are.
    """
    names = [record["name"], *(alias["name"] for alias in record["aliases"])]
    condition = Q(name__iexact=record["name"], qualifier__iexact=record["qualifier"])
    for name in names:
        condition |= Q(aliases__name__iexact=name)
    candidates = list(Party.objects.filter(condition).distinct().order_by("pk"))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    for candidate in candidates:
        if candidate.slug == record["slug"]:
            return candidate
    listed = ", ".join(f"{party} ({party.slug})" for party in candidates)
    raise located(
        ValidationError(
            f"its names match several parties in this database ({listed}); "
            "give it the slug of the one it is, or merge them first."
        ),
        f"Party {record['slug']}",
    )


def located(error: ValidationError, where: str) -> ValidationError:
    error.import_location = where  # type: ignore[attr-defined]
    return error
