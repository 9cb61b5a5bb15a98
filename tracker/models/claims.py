from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from tracker.search import Searchable, normalise_for_search

from .quotations import Quotation


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClaimQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Claim.Status.PUBLISHED)

    def visible_to(self, user):
        """Published claims for readers; every claim for staff, who review drafts in place."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def with_stance_counts(self):
        # distinct, so that a join added by another filter cannot multiply the counts.
        stance = Statement.Stance
        return self.annotate(
            **{
                f"{value}_count": Count(
                    "statements", filter=Q(statements__stance=value), distinct=True
                )
                for value in (stance.SUPPORTS, stance.DISPUTES, stance.QUALIFIES)
            }
        )

    def matching(self, query):
        """Claims whose text, or a statement's quote, paraphrase, party name or alias, contains
        ``query``, ignoring case and accents."""
        needle = normalise_for_search(query)
        if not needle:
            return self.all()
        statements = Statement.objects.filter(
            Q(search_text__contains=needle)
            | Q(party__search_text__contains=needle)
            | Q(party__aliases__search_text__contains=needle)
        )
        return self.filter(
            Q(search_text__contains=needle) | Q(pk__in=statements.values("claim_id"))
        )

    def with_versions(self):
        """Everything a page needs to show each party's version of each claim."""
        from .annotations import Annotation

        return self.select_related("case").prefetch_related(
            "tags",
            Prefetch("statements", queryset=Statement.objects.for_display()),
            Prefetch(
                "annotations",
                queryset=Annotation.objects.public().select_related("author"),
                to_attr="public_annotations",
            ),
        )


class Claim(Searchable):
    """A contested proposition, in neutral words, that parties support or dispute."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    case = models.ForeignKey("tracker.Case", on_delete=models.PROTECT, related_name="claims")
    text = models.TextField(
        help_text="The proposition in neutral words, "
        "e.g. “Iskakov acted on orders from Samat Abish”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Only published claims are shown to readers.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its case.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["case", "position", "pk"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("tracker:claim-detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def searchable_parts(self):
        return [self.text]

    def statements_by_stance(self):
        """The claim's statements as (stance, label, [statements]) in reading order."""
        grouped = {stance: [] for stance in Statement.Stance.values}
        for statement in self.statements.all():
            grouped[statement.stance].append(statement)
        return [(stance, Statement.Stance(stance).label, grouped[stance]) for stance in grouped]


class StatementQuerySet(models.QuerySet):
    def published(self):
        return self.filter(claim__status=Claim.Status.PUBLISHED)

    def for_display(self):
        from .annotations import Annotation

        return self.select_related("party", "relayed_by", "source").prefetch_related(
            Prefetch(
                "annotations",
                queryset=Annotation.objects.public().select_related("author"),
                to_attr="public_annotations",
            )
        )


class Statement(Quotation, Searchable):
    """One party's position on one claim, in the exact words of a source."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        DISPUTES = "disputes", "Disputes"
        QUALIFIES = "qualifies", "Qualifies"

    class Kind(models.TextChoices):
        TESTIMONY = "testimony", "Testimony"
        ALLEGATION = "allegation", "Allegation"
        ARGUMENT = "argument", "Argument"
        ACCUSATION = "accusation", "Accusation"
        FINDING = "finding", "Finding"
        VERDICT = "verdict", "Verdict"
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        OFFICIAL_FIGURE = "official_figure", "Official figure"

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
    relayed_by = models.ForeignKey(
        "tracker.Party",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
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

    objects = StatementQuerySet.as_manager()

    class Meta(Quotation.Meta):
        ordering = ["claim", "position", "pk"]

    def __str__(self):
        return f"{self.party} {self.get_stance_display().lower()}: {self.quote[:60]}"

    def get_absolute_url(self):
        return f"{self.claim.get_absolute_url()}#statement-{self.pk}"

    def searchable_parts(self):
        return [self.quote, self.paraphrase, self.attribution]

    def clean(self):
        super().clean()
        if self.source_id and self.attribution and self.attribution not in self.source.text:
            message = "These reporting words are not in the source text; copy them exactly."
            raise ValidationError({"attribution": message})
