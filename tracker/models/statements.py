from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.search import Searchable, normalise_for_search

from .claim_queries import STATEMENTS_PER_STANCE
from .claims import Claim
from .held_locking import lock_claims, moved_while_deleted
from .links import optional_link
from .parties import Party, naming_fields
from .quotations import LINKED_SOURCE_FIELDS, QUOTE_FIELDS, Quotation, with_linked_sources
from .versioning import StaleEditError, Versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .annotations import Annotation

# What a page shows of a statement (``partials/statements.html``, ``version_quotes.html``) beside
# its source and notes: not its search text, version or times. A party page sorts a page out
# of thousands of statements, and whole rows sent that sort to disk at 100,000 statements.
DISPLAY_FIELDS = [
    "claim",
    "source",
    "stance",
    "kind",
    *QUOTE_FIELDS,
    "paraphrase",
    "attribution",
    "stated_on",
    "stated_when",
    *naming_fields("party"),
    *naming_fields("relayed_by"),
    *LINKED_SOURCE_FIELDS,
]


# A claim's statements of one stance, in the order its page reads them.
BY_STANCE = [F("claim_id"), F("stance")]
READING_ORDER = [F("position").asc(), F("pk").asc()]


def stance_page_parameter(stance: str) -> str:
    """The query parameter of a claim page's page of statements of ``stance``."""
    return f"{stance}_page"


class StatementQuerySet(models.QuerySet):
    def published(self) -> Self:
        return self.filter(claim__status=Claim.Status.PUBLISHED)

    def last_source_id(self, claim: Claim | None, user: User | AnonymousUser) -> int | None:
        """The source a new statement most likely quotes: that of the claim's last statement,
        or else the last one ``user`` quoted anywhere."""
        if claim is not None and claim.pk is not None:
            last_row = self.filter(claim=claim).order_by("-position", "-pk")
            source_id: int | None = last_row.values_list("source_id", flat=True).first()
            if source_id is not None:
                return source_id
        if user.pk is None:
            return None
        written = Statement.history.filter(history_user_id=user.pk).order_by("-history_date")
        return written.values_list("source_id", flat=True).first()

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete these statements, their claims locked first, in key order, as every
        transaction takes them (``RevisionQuerySet.in_lock_order``): each deletion touches its
        claim (``touch_claim_of_deleted_statement``), and in the statements' order two
        deletions across the same claims took them in opposite orders. One moved to a claim
        not locked meanwhile is refused (StaleEditError), nothing deleted."""
        with transaction.atomic():
            locked = lock_claims(self.values_list("claim_id", flat=True))
            if self.exclude(claim_id__in=locked).exists():
                raise StaleEditError(moved_while_deleted(Statement))
            return super().delete()

    def on_workbench(self, source_id: int) -> Self:
        """A source's statements, in text order, with what the workbench lists beside them."""
        return (
            self.filter(source_id=source_id)
            .select_related("party", "claim")
            .order_by("quote_start", "quote_end", "pk")
        )

    def in_claim_order(self) -> Self:
        """Statements in their order within their claim, for a prefetch of each claim's: the
        default order goes through the claim to its case's title, two joins more to compile
        and to run for statements that share a claim (half of compiling a claim page's)."""
        return self.order_by("position", "pk")

    def numbered_by_stance(self) -> Self:
        """Each statement with ``stance_place``, its place among its claim's statements of its
        stance in reading order, and ``stance_total``, how many those are."""
        return self.annotate(
            stance_place=Window(RowNumber(), partition_by=BY_STANCE, order_by=READING_ORDER),
            stance_total=Window(Count("*"), partition_by=BY_STANCE),
        )

    def first_of_each_stance(self, count: int) -> Self:
        """The first ``count`` statements of each stance on each claim (``shown``), and besides
        them the first of each party's stance, which a stance matrix needs (``stance_place``,
        ``stance_total``: ``numbered_by_stance``)."""
        by_party = [*BY_STANCE, F("party_id")]
        return (
            self.numbered_by_stance()
            .annotate(
                party_place=Window(RowNumber(), partition_by=by_party, order_by=READING_ORDER)
            )
            .filter(Q(stance_place__lte=count) | Q(party_place=1))
        )

    def page_of_each_stance(self, pages: Mapping[str, int], per_page: int) -> Self:
        """Page ``pages[stance]`` (the first where none is given) of ``per_page`` statements of
        each stance on each claim (``stance_place``: ``numbered_by_stance``): a claim's page
        shows as many, however many its claim has."""
        wanted = Q()
        for stance in Statement.Stance.values:
            before = (pages.get(stance, 1) - 1) * per_page
            wanted |= Q(stance=stance, stance_place__gt=before, stance_place__lte=before + per_page)
        return self.numbered_by_stance().filter(wanted)

    def with_place_in_stance(self) -> Self:
        """Each statement with ``stance_place``, its place among its claim's statements of its
        stance in reading order (``page_url``), counted for the rows a page lists."""
        up_to_it = Statement.objects.filter(
            Q(position__lt=OuterRef("position"))
            | Q(position=OuterRef("position"), pk__lte=OuterRef("pk")),
            claim=OuterRef("claim_id"),
            stance=OuterRef("stance"),
        )
        counted = up_to_it.order_by().values("claim").annotate(place=Count("pk")).values("place")
        return self.annotate(stance_place=Subquery(counted))

    def one_of_each_party_stance(self) -> Self:
        """The first of these statements made for each party's stance on each claim: all a
        stance matrix's cell needs, however many statements a claim has. Grouped on those
        columns before any other is read: numbering every statement in a window instead took
        three times as long on a claim of 10,000 statements."""
        first_made = (
            self.order_by()
            .values("claim_id", "stance", "party_id")
            .annotate(first_made=Min("pk"))
            .values("first_made")
        )
        return self.filter(pk__in=first_made)

    def quoted(self) -> Self:
        """Statements with what a quote shows of each and no other column: its words, stance
        and dates, its party's and relayer's names, and its source without the full text,
        which a statement's page never shows."""
        return with_linked_sources(self.select_related("party", "relayed_by").only(*DISPLAY_FIELDS))

    def for_display(self) -> Self:
        """Statements as ``quoted``, with their public notes, as a statement's card shows."""
        from .annotations import Annotation

        return self.quoted().prefetch_related(
            Prefetch(
                "annotations", queryset=Annotation.objects.public(), to_attr="public_annotations"
            )
        )

    def under_their_claims(self) -> Self:
        """Statements as ``for_display``, with what a list that heads them by claim shows of
        each claim: its text and its claimant's name."""
        return (
            self.for_display()
            .select_related("claim__claimant")
            .only(*DISPLAY_FIELDS, "claim__text", "claim__slug", *naming_fields("claim__claimant"))
        )

    def matching(self, query: str) -> Self:
        """Statements whose words, party (name or alias) or claim contains ``query``,
        ignoring case and accents: each way in is its own indexed subquery."""
        needle = normalise_for_search(query)
        if not needle:
            return self.all()
        by_words = Statement.objects.filter(search_text__contains=needle).order_by().values("pk")
        by_party = Statement.objects.filter(party__in=Party.objects.matching(needle))
        by_claim = Statement.objects.filter(claim__search_text__contains=needle)
        return self.filter(
            pk__in=by_words.union(
                by_party.order_by().values("pk"), by_claim.order_by().values("pk")
            )
        )


def statement_count(field: str, **only: Any) -> Coalesce:
    """How many statements refer to the row through ``field`` ("party", "source"), of those
    that match ``only`` if given, as a subquery: PostgreSQL computes it for the rows a list
    shows, after its LIMIT, where a join and COUNT would count every statement first."""
    referring = Statement.objects.filter(**{field: OuterRef("pk")}, **only).order_by()
    total = referring.values(field).annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(total), 0)


@functools.cache
def claim_statement_total() -> Coalesce:
    """``statement_count`` of a claim's statements, built once (``stance_counts``)."""
    return statement_count("claim")


@functools.cache
def stance_counts() -> dict[str, Coalesce]:
    """``statement_count`` of a claim's statements of each stance, by the names
    ``ClaimQuerySet.with_stance_counts`` gives them: built once, as annotating resolves a copy
    and leaves them as they were, where building the three subqueries for each claim list
    cost it 2 ms (issue 12)."""
    return {
        f"{stance}_count": statement_count("claim", stance=stance)
        for stance in Statement.Stance.values
    }


class Statement(Versioned, Quotation, Searchable):
    """One party's position on one claim, in the exact words of a source."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports"
        DISPUTES = "disputes"
        QUALIFIES = "qualifies"

    class Kind(models.TextChoices):
        TESTIMONY = "testimony"
        ALLEGATION = "allegation"
        ARGUMENT = "argument"
        ACCUSATION = "accusation"
        FINDING = "finding"
        VERDICT = "verdict"
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        OFFICIAL_FIGURE = "official_figure", "Official figure"
        DENIAL = "denial"
        PLEA = "plea"
        HEADLINE = "headline", "Headline (the publication's own words)"
        REPORTED_SPEECH = "reported_speech", "Reported speech"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="statements")
    party = models.ForeignKey(
        "tracker.Party",
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Whose position this is.",
    )
    source = models.ForeignKey(
        "tracker.Source", on_delete=models.PROTECT, related_name="statements"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    paraphrase = models.TextField(blank=True, help_text="Optional: the statement in plain words.")
    relayed_by = optional_link(
        Party,
        related_name="relayed_statements",
        help_text="Who passes the party's words on, where that is not the source itself "
        "(e.g. the outlet the article cites).",
    )
    attribution = models.CharField(
        max_length=200,
        blank=True,
        help_text="The source's reporting words, verbatim: “According to Iskakov”, "
        "“Prosecutors argued”, “Witnesses claimed”.",
    )
    stated_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the party said it, only where the source gives a full date.",
    )
    stated_when = models.CharField(
        max_length=100,
        blank=True,
        help_text="The date as the source gives it when it is partial, e.g. “January 27”.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its column.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by for_display, and for a claim's page by ClaimQuerySet.for_claim_page.
    public_annotations: list[Annotation]
    # Set by first_of_each_stance (a point page) and with_place_in_stance (``page_url``).
    stance_place: int
    stance_total: int

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "search_text"])
    # The claim the row was read on, which a move to another claim changes as well.
    stored_claim_id: int | None = None

    class Meta(Quotation.Meta):
        ordering = ["claim", "position", "pk"]
        indexes = [
            # A case page lists the sources its claims' statements quote: read from the index
            # alone, without visiting 17,000 statement rows at 100,000 statements.
            models.Index(fields=["claim", "source"], name="statement_claim_source"),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.stance_label.lower()}: {self.quote[:60]}"

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Self:
        statement = super().from_db(db, field_names, values)
        statement.stored_claim_id = statement.__dict__.get("claim_id")
        return statement

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Its claim first, as every transaction locks them (``in_lock_order``): touched after
        # the row, a save of the claim's page (the claim, then its statements) and this one
        # each waited for the row the other held, and PostgreSQL broke one off.
        with transaction.atomic(savepoint=False):
            self.touch_claim()
            super().save(*args, **kwargs)
        self.stored_claim_id = self.claim_id

    def get_absolute_url(self) -> str:
        return f"{self.claim.get_absolute_url()}#{self.element_id}"

    @property
    def page_url(self) -> str:
        """Its place on its claim's page, on the page of its stance that shows it
        (``with_place_in_stance``): past the first, ``get_absolute_url`` would open the
        first page, where it is not."""
        number = (self.stance_place - 1) // STATEMENTS_PER_STANCE + 1
        if number == 1:
            return self.get_absolute_url()
        query = f"{stance_page_parameter(self.stance)}={number}"
        return f"{self.claim.get_absolute_url()}?{query}#{self.element_id}"

    @property
    def element_id(self) -> str:
        """The id of the statement's element on its claim's page, and its link's fragment:
        made here, since a template writes a number through the locale's number format, at
        a cost that showed on pages of a hundred statements."""
        return f"statement-{self.pk}"

    # What get_stance_display() and get_kind_display() give, without the dict of every choice
    # Django builds on each call of those: the reader pages show both for each statement.
    @property
    def stance_label(self) -> str:
        return STANCE_LABELS.get(self.stance, self.stance)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def searchable_parts(self) -> list[str]:
        return [self.quote, self.paraphrase, self.attribution]

    def clean(self) -> None:
        super().clean()
        if self.source_id and self.attribution and self.attribution not in self.source.text:
            message = "These reporting words are not in the source text; copy them exactly."
            raise ValidationError({"attribution": message})

    def touch_claim(self) -> None:
        """A claim has changed when any of its statements has; its version is left alone so
        that nobody editing the claim itself is refused for it. A statement moved to another
        claim changes the claim it leaves too (its page, the sitemap's and feeds' dates), and
        the two are locked in key order (``lock_claims``)."""
        now = timezone.now()
        for claim_id in sorted({pk for pk in (self.claim_id, self.stored_claim_id) if pk}):
            Claim._base_manager.filter(pk=claim_id).update(updated_at=now)


STANCE_LABELS: dict[str, str] = dict(Statement.Stance.choices)
KIND_LABELS: dict[str, str] = dict(Statement.Kind.choices)


@receiver(pre_delete, sender=Statement)
def touch_claim_of_deleted_statement(
    sender: type[Statement], instance: Statement, **kwargs: Any
) -> None:
    # A signal rather than delete(), because the admin's bulk delete deletes a queryset; before
    # the deletion, which locks the row, as a save touches the claim before its write.
    instance.touch_claim()
