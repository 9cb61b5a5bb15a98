from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from tracker.slugs import slug_url

from .parties import naming_fields
from .quotations import Quotation, with_linked_sources
from .versioning import Versioned
from .visibility import PublicationQuerySet

if TYPE_CHECKING:
    from .claims import Claim


@dataclass(frozen=True)
class StanceCell:
    party: object
    stances: list  # the party's distinct stances on the claim, as labels, in reading order


@dataclass(frozen=True)
class StanceRow:
    claim: "Claim"
    cells: list


@dataclass(frozen=True)
class PartyStances:
    """One party's column of the matrix, as the list a narrow screen shows instead."""

    party: object
    claims: list  # (claim, [stance labels]) for each claim the party has a statement on


@dataclass(frozen=True)
class StanceMatrix:
    parties: list
    rows: list

    @property
    def by_party(self) -> list[PartyStances]:
        return [
            PartyStances(
                party,
                [(row.claim, row.cells[i].stances) for row in self.rows if row.cells[i].stances],
            )
            for i, party in enumerate(self.parties)
        ]


def stance_matrix(claims: Iterable[Any], statements: Iterable[Any] | None = None) -> StanceMatrix:
    """``claims`` × the parties with statements on them: who stands where, read from
    ``statements`` (with their parties), one or more for each party's stance on a claim, or
    else from the claims' own, which must then be loaded with their parties (``with_versions``
    does it)."""
    from .statements import Statement

    claims = list(claims)
    if statements is None:
        statements = [statement for claim in claims for statement in claim.statements.all()]
    # Most cells of a case's matrix are empty: only the parties with statements count.
    stances_by_claim: dict[int, dict[int, set[str]]] = {claim.pk: {} for claim in claims}
    speakers = set()
    for statement in statements:
        speakers.add(statement.party)
        stances_by_claim[statement.claim_id].setdefault(statement.party_id, set()).add(
            statement.stance
        )
    parties = sorted(speakers, key=lambda party: party.name)
    stance_order = list(Statement.Stance)
    rows = []
    for claim in claims:
        stances = stances_by_claim[claim.pk]
        cells = [
            StanceCell(party, [s.label for s in stance_order if s in stances[party.pk]])
            if party.pk in stances
            else StanceCell(party, [])
            for party in parties
        ]
        rows.append(StanceRow(claim, cells))
    return StanceMatrix(parties, rows)


class CaseQuerySet(PublicationQuerySet):
    def published(self) -> Self:
        """Cases with a published claim: a case is public only through what a reviewer
        published, so a case a researcher has just created is not."""
        from .claims import Claim

        return self.filter(Exists(Claim.objects.published().filter(case=OuterRef("pk"))))


class Case(Versioned, models.Model):
    """A contested event or proceeding that claims are grouped under."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True)
    place = models.CharField(max_length=200, blank=True)
    period = models.CharField(
        max_length=200,
        blank=True,
        help_text="When it happened, in the sources' words where no full date is given.",
    )
    began_on = models.DateField(null=True, blank=True, help_text="Only where a source gives it.")
    ended_on = models.DateField(null=True, blank=True, help_text="Only where a source gives it.")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return slug_url("tracker:case-detail", self.slug)

    def matrix_claims(self) -> models.QuerySet:
        """The case's published claims in order, each with what its row of the stance matrix
        heads it with and no other column: its text and its claimant."""
        from .claims import Claim

        return (
            Claim.objects.published()
            .filter(case=self)
            .select_related("claimant")
            .only("text", "slug", *naming_fields("claimant"))
            .order_by("position", "pk")
        )

    @staticmethod
    def stance_matrix(claims: Iterable["Claim"]) -> StanceMatrix:
        """``claims`` (of ``matrix_claims``) × the parties with statements on them, from one
        statement of each party's stance on each claim, not from every statement: a claim may
        have thousands."""
        from .statements import Statement

        claims = list(claims)
        stances = (
            Statement.objects.filter(claim__in=claims)
            .one_of_each_party_stance()
            .select_related("party")
            .only("claim", "stance", *naming_fields("party"))
            .order_by()
        )
        return stance_matrix(claims, stances)

    def sources(self) -> models.QuerySet:
        """The sources quoted by the case's published statements or by its outcomes, listed
        without their texts."""
        from .claims import Claim
        from .sources import Source
        from .statements import Statement

        quoted = Statement.objects.filter(claim__case=self, claim__status=Claim.Status.PUBLISHED)
        decided = Outcome.objects.filter(case=self)
        return (
            Source.objects.without_text()
            .filter(
                Q(pk__in=quoted.order_by().values("source_id"))
                | Q(pk__in=decided.order_by().values("source_id"))
            )
            .order_by("title", "pk")
        )


class CaseRole(Versioned, models.Model):
    """What a party is in one case ("defendant", "second prosecution witness"): a role
    belongs to the case, since the same party may play another part elsewhere."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roles")
    party = models.ForeignKey("tracker.Party", on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(
        max_length=200, help_text="In the sources' words: “defendant”, “defence counsel”."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the case page.")

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["case", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "role"], name="unique_role_per_party_in_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.role}"


class OutcomeQuerySet(PublicationQuerySet):
    def published(self) -> Self:
        """Outcomes of published cases, which their case pages show."""
        return self.filter(case__in=Case.objects.published())

    def for_display(self) -> "OutcomeQuerySet":
        """Outcomes with their case and party, and their sources without the full text."""
        return with_linked_sources(self.select_related("case", "party").defer("source__text"))


class Outcome(Versioned, Quotation):
    """What a case decided for one party (a sentence, an acquittal), with the source's words."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="outcomes")
    party = models.ForeignKey("tracker.Party", on_delete=models.PROTECT, related_name="outcomes")
    source = models.ForeignKey("tracker.Source", on_delete=models.PROTECT, related_name="outcomes")
    summary = models.CharField(
        max_length=300, help_text="The outcome in brief, e.g. “15 years and 6 months in prison”."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the case page.")

    objects = OutcomeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta(Quotation.Meta):
        ordering = ["case", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.party}: {self.summary}"
