"""Importing a checked case document, all or nothing."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q

from tracker import permissions
from tracker.models.annotations import Annotation
from tracker.models.cases import Case, CaseRole, Outcome
from tracker.models.claims import Claim
from tracker.models.parties import Party, PartyAlias
from tracker.models.points import Point
from tracker.models.quotations import Quotation
from tracker.models.review import ReviewTransition
from tracker.models.sources import Source
from tracker.models.statements import Statement
from tracker.models.tags import Tag
from tracker.slugs import free_slug

from .checking import CaseDocument, checked_document
from .document import IMPORT_CHANGE_REASON, ImportRefused


@dataclass
class CreationReport:
    """What a load beside existing rows created, used as it found it, and renamed."""

    created: Counter[str] = field(default_factory=Counter)
    reused: list[str] = field(default_factory=list)
    renamed_slugs: list[str] = field(default_factory=list)

    def creation_lines(self, headline: str, reused_separator: str) -> list[str]:
        created = ", ".join(f"{count} {name}" for name, count in sorted(self.created.items()))
        lines = [f"{headline}: created {created}."]
        if self.reused:
            reused = reused_separator.join(self.reused)
            lines.append(f"Used as they were, not duplicated: {reused}.")
        if self.renamed_slugs:
            lines.append("Slugs already taken, given new ones: " + ", ".join(self.renamed_slugs))
        return lines

    def free_slug(self, model: type[models.Model], slug: str) -> str:
        """``slug``, or a numbered one beside it if a row has it already (reported)."""
        candidate = free_slug(model, slug)
        if candidate != slug:
            self.renamed_slugs.append(f"{slug} → {candidate}")
        return candidate


@dataclass
class ImportReport(CreationReport):
    case: Case | None = None
    public_notes_made_internal: int = 0

    def lines(self) -> list[str]:
        lines = self.creation_lines(f"Imported the case “{self.case}”", "; ")
        if self.public_notes_made_internal:
            lines.append(
                f"{self.public_notes_made_internal} public notes were imported as internal "
                "notes: each becomes public again when a reviewer here makes it so."
            )
        return lines


# Any fixed number, the same in every process: PostgreSQL's advisory lock for imports.
IMPORT_LOCK = 7_316_265_780
SAVED_MEANWHILE = (
    "The document: a row it would create (a party, source, tag, claim or point with one of "
    "its slugs or names) was saved by someone else while this import ran. Import the "
    "document again: it will use what is there now."
)


# History keeps at most 100 characters of a change reason (PostgreSQL enforces it).
PUBLIC_NOTE_MADE_INTERNAL = f"{IMPORT_CHANGE_REASON}; public in the document, internal here"


def import_case(
    document: Any, importer: User | None = None, keep_public_notes: bool = False
) -> ImportReport:
    """Create the document's case afresh beside what the database holds; ImportRefused,
    with nothing written, if anything in it cannot be trusted or saved.

    ``importer`` is recorded as the author of its notes and the actor of its review steps
    (whose original people it names) and as the user of its history; its public notes arrive
    internal unless ``keep_public_notes``, which takes an importer who is a reviewer."""
    checked = checked_document(document)
    refuse_unless_importer_may(checked, importer, keep_public_notes)
    report = ImportReport()
    try:
        with transaction.atomic():
            wait_for_other_imports()
            CaseImport(checked, report, importer, keep_public_notes).run()
    except ValidationError as error:
        raise ImportRefused(validation_problems(error)) from error
    except IntegrityError as error:
        # Only a write by someone else since the import checked the row is free gets here.
        raise ImportRefused([SAVED_MEANWHILE]) from error
    return report


def refuse_unless_importer_may(
    document: CaseDocument, importer: User | None, keep_public_notes: bool
) -> None:
    if importer is None:
        if keep_public_notes or document.has_notes_or_review_steps():
            raise ImportRefused(
                [
                    "The document holds notes or review steps, recorded here as imported by a "
                    "user of this tracker (their original authors are kept by name): name the "
                    "user who imports it."
                ]
            )
    elif keep_public_notes and not permissions.may_set_note_visibility(importer):
        raise ImportRefused(
            [
                f"{importer} may not keep the document's public notes public: only a reviewer "
                "keeps imported notes public. Import them as internal notes instead."
            ]
        )
    elif not permissions.may_import_cases(importer):
        # Its claims keep the statuses it gives them, published ones too, and its review steps
        # are recorded as the importer's: as from the admin, a reviewer's to import.
        raise ImportRefused(
            [
                f"{importer} may not import case documents: a document may hold published "
                "claims, which only a reviewer who may add what it holds imports."
            ]
        )


def wait_for_other_imports() -> None:
    """Take turns with other imports, and loads of the seed case, until this one's transaction
    ends: two would both find a case's slug free (or no seed loaded), or both create a party
    new to the database, and one fail on the other's row; in turn, the second is refused the
    case (or finds the seed there), or uses the party, as it is told. SQLite's transactions
    begin IMMEDIATE (settings.py) and so take turns already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def validation_problems(error: ValidationError) -> list[str]:
    where = getattr(error, "import_location", "The document")
    if hasattr(error, "error_dict"):
        return [
            f"{where}: {message}" if name == NON_FIELD_ERRORS else f"{where}: {name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [f"{where}: {message}" for message in error.messages]


class CaseImport:
    def __init__(
        self,
        document: CaseDocument,
        report: ImportReport,
        importer: User | None,
        keep_public_notes: bool,
    ):
        self.document = document
        self.report = report
        self.importer = importer
        self.keep_public_notes = keep_public_notes
        # The database's parties and sources that already stand for one of the document's.
        self.parties_taken: set[int] = set()
        self.sources_taken: set[int] = set()

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
                    slug=self.report.free_slug(Point, slug),
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
            self.create_quotation(outcome, record["source"], f"Outcome {number}")
        for record in document.claims:
            where = f"Claim {record['slug']}"
            claim = Claim(
                case=case,
                slug=self.report.free_slug(Claim, record["slug"]),
                claimant=parties[record["claimant"]] if record["claimant"] else None,
                point=points[record["point"]] if record["point"] else None,
                **{
                    name: record[name]
                    for name in ("text", "status", "published_at", "point_position", "position")
                },
            )
            self.create(claim, where)
            claim.tags.set([tags[slug] for slug in record["tags"]])
            self.create_notes(record["annotations"], where, claim=claim)
            self.create_review_steps(claim, record["review_history"], where)
            for number, statement in enumerate(record["statements"], 1):
                relayed_by = statement["relayed_by"]
                values = {
                    **statement,
                    "party": parties[statement["party"]],
                    "source": sources[statement["source"]],
                    "relayed_by": parties[relayed_by] if relayed_by else None,
                }
                del values["annotations"]
                created = Statement(claim=claim, **values)
                here = f"{where}: statement {number}"
                self.create_quotation(created, statement["source"], here)
                self.create_notes(statement["annotations"], here, statement=created)

    def create_notes(
        self, records: list[dict[str, Any]], where: str, **target: Claim | Statement
    ) -> None:
        """The notes, each by the importer naming its original author; public ones stay
        public only if the importing reviewer chose so."""
        for number, record in enumerate(records, 1):
            assert self.importer is not None, "import_case refuses notes without an importer"
            public = record["public"] and self.keep_public_notes
            note = Annotation(
                **target,
                text=record["text"],
                visibility=Annotation.Visibility.PUBLIC
                if public
                else Annotation.Visibility.INTERNAL,
                created_at=record["created_at"],
                author=self.importer,
                original_author=record["author"],
            )
            reason = IMPORT_CHANGE_REASON
            if record["public"] and not public:
                reason = PUBLIC_NOTE_MADE_INTERNAL
                self.report.public_notes_made_internal += 1
            self.create(note, f"{where}: note {number}", reason)

    def create_review_steps(self, claim: Claim, records: list[dict[str, Any]], where: str) -> None:
        for number, record in enumerate(records, 1):
            assert self.importer is not None, "import_case refuses steps without an importer"
            step = ReviewTransition(
                claim=claim,
                actor=self.importer,
                original_actor=record["actor"],
                **{
                    name: record[name]
                    for name in ("from_status", "to_status", "comment", "created_at")
                },
            )
            self.create(step, f"{where}: review step {number}")

    def create_quotation(self, quotation: Quotation, source_slug: str, where: str) -> None:
        # Its offsets count in the document's text, which a source found by its digest had
        # then; a change of it since is refused rather than read with the old offsets.
        quotation.source_sha256 = self.document.sources[source_slug]["sha256"]
        self.create(quotation, where)

    def create(self, obj: models.Model, where: str, reason: str = IMPORT_CHANGE_REASON) -> Any:
        try:
            obj.full_clean()
        except ValidationError as error:
            raise located(error, where) from error
        obj._change_reason = reason  # type: ignore[attr-defined]
        if self.importer is not None:
            obj._history_user = self.importer  # type: ignore[attr-defined]
        obj.save()
        self.report.created[str(obj._meta.verbose_name_plural)] += 1
        return obj

    def tag(self, record: dict[str, Any]) -> Tag:
        existing = Tag.objects.filter(Q(slug=record["slug"]) | Q(name=record["name"])).first()
        if existing is not None:
            self.report.reused.append(f"tag “{existing}”")
            return existing
        return self.create(Tag(**record), f"Tag {record['slug']}")

    def party(self, record: dict[str, Any]) -> Party:
        existing = matching_party(record, self.parties_taken)
        if existing is not None:
            self.parties_taken.add(existing.pk)
            self.report.reused.append(f"party “{existing}”")
            return existing
        where = f"Party {record['slug']}"
        values = {name: record[name] for name in ("name", "qualifier", "kind", "description")}
        party = self.create(
            Party(slug=self.report.free_slug(Party, record["slug"]), **values), where
        )
        self.parties_taken.add(party.pk)
        for alias in record["aliases"]:
            self.create(PartyAlias(party=party, **alias), f"{where}: alias {alias['name']}")
        return party

    def source(self, record: dict[str, Any]) -> Source:
        """The source with the record's text, or a new one. Two sources of a document with
        one text (a story two outlets printed) stay two, each with its outlet and address."""
        same_text = Source.objects.filter(sha256=record["sha256"]).exclude(
            pk__in=self.sources_taken
        )
        source = same_text.filter(slug=record["slug"]).first() or same_text.order_by("pk").first()
        if source is not None:
            self.report.reused.append(f"source “{source}” (same text)")
        else:
            values = {k: v for k, v in record.items() if k not in ("slug", "sha256")}
            source = Source(slug=self.report.free_slug(Source, record["slug"]), **values)
            self.create(source, f"Source {record['slug']}")
        self.sources_taken.add(source.pk)
        return source


def matching_party(record: dict[str, Any], taken: set[int]) -> Party | None:
    """The party this database already has under the record's name (and qualifier, which
    tells apart parties of one name) or under one of its aliases, leaving out those ``taken``
    by another party of the document: two parties a document tells apart stay two, even
    where one's name is the other's alias.

    Several matches are told apart by slug; if that cannot, the import is refused rather
    than guessing whose words the statements are.
    """
    names = [record["name"], *(alias["name"] for alias in record["aliases"])]
    condition = Q(name__iexact=record["name"], qualifier__iexact=record["qualifier"])
    for name in names:
        condition |= Q(aliases__name__iexact=name)
    candidates = list(
        Party.objects.filter(condition).exclude(pk__in=taken).distinct().order_by("pk")
    )
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
