from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.query import ModelIterable
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .claim_queries import STATEMENTS_PER_STANCE
from .claims import Claim
from .links import optional_link
from .review import name_of
from .statements import Statement
from .versioning import Versioned


class AnnotationQuerySet(models.QuerySet):
    def public(self) -> AnnotationQuerySet:
        return self.filter(visibility=Annotation.Visibility.PUBLIC)


class ClaimPages(ModelIterable):
    """Claims with what their pages show beside the claim (``ClaimQuerySet.for_claim_page``):
    their statements as cards, and the public notes on each claim and on each of its
    statements as their ``public_annotations``. The notes are read in one query, where a
    prefetch took one for the claims' and one for their statements': the ORM's work for a
    query cost a claim page more than the database's (issue 12)."""

    stance_pages: Mapping[str, int] = {}

    @classmethod
    def showing(cls, stance_pages: Mapping[str, int]) -> type[ClaimPages]:
        """Claims with page ``stance_pages[stance]`` of each stance's statements as cards."""
        return type(cls.__name__, (cls,), {"stance_pages": dict(stance_pages)})

    def __iter__(self) -> Iterator[Claim]:
        claims: list[Claim] = list(super().__iter__())
        cards = Statement.objects.quoted().in_claim_order()
        whole = [claim for claim in claims if claim.read_whole]
        prefetch_related_objects(whole, Prefetch("statements", queryset=cards))
        if paged := [claim for claim in claims if not claim.read_whole]:
            numbered = Statement.objects.filter(claim__in=paged).order_by()
            page = numbered.page_of_each_stance(self.stance_pages, STATEMENTS_PER_STANCE)
            # Numbered apart from the cards: numbered with them, PostgreSQL read every card
            # of the claim, each with its source's opening, before keeping a page of them.
            shown = cards.filter(pk__in=page.values("pk"))
            prefetch_related_objects(paged, Prefetch("statements", queryset=shown))
            by_key = {claim.pk: claim for claim in paged}
            for claim in paged:
                claim.stance_totals = Counter()
            for claim_id, stance, total in numbered.values_list("claim", "stance").annotate(
                Count("pk")
            ):
                by_key[claim_id].stance_totals[stance] = total
        statements = [statement for claim in claims for statement in claim.statements.all()]
        notes = Annotation.objects.using(self.queryset.db).public()
        on_claim: dict[int, list[Annotation]] = {claim.pk: [] for claim in claims}
        on_statement: dict[int, list[Annotation]] = {statement.pk: [] for statement in statements}
        for note in notes.filter(Q(claim_id__in=on_claim) | Q(statement_id__in=on_statement)):
            if note.claim_id is not None:
                on_claim[note.claim_id].append(note)
            else:
                on_statement[note.statement_id].append(note)
        for claim in claims:
            claim.public_annotations = on_claim[claim.pk]
        for statement in statements:
            statement.public_annotations = on_statement[statement.pk]
        yield from claims


class Annotation(Versioned, models.Model):
    """A researcher's note on a claim or on a statement."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", "Internal (staff only)"
        PUBLIC = "public"

    claim = optional_link(Claim, related_name="annotations")
    statement = optional_link(Statement, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="annotations"
    )
    text = models.TextField()
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.INTERNAL,
        help_text="Public notes appear on the reader site; internal ones never do.",
    )
    original_author = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text="Who wrote the note in the tracker it was imported from (the author imported "
        "it); empty for a note written here.",
    )
    # A default, not auto_now_add: a note imported from another tracker keeps when it was written.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnotationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claim__isnull=False, statement__isnull=True)
                | models.Q(claim__isnull=True, statement__isnull=False),
                name="annotation_on_claim_xor_statement",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def author_name(self) -> str:
        """Who wrote the note, as a case document names them."""
        return self.original_author or name_of(self.author)

    @property
    def target(self) -> Claim | Statement | None:
        return self.claim or self.statement

    @property
    def on_claim(self) -> Claim:
        """The claim this note is about, directly or through its statement."""
        if self.claim is not None:
            return self.claim
        assert self.statement is not None, "a note is on a claim or on a statement"
        return self.statement.claim

    def clean(self) -> None:
        super().clean()
        # By object, not key: a note written with a new statement is checked before the
        # statement is saved and has its key.
        if (self.claim is None) == (self.statement is None):
            raise ValidationError(
                "An annotation belongs to either a claim or a statement, not both."
            )
