"""Tags, disputed points, claims, the review queue, statements and notes."""

import simple_history.models
from django.conf import settings
from django.db import migrations, models

from .columns import (
    id_column,
    position_column,
    protected,
    quotation_columns,
    quote_not_empty,
    search_text_column,
    slug_column,
    timestamp_columns,
    version_column,
)
from .history import recorded, tracked_model

CLAIM_STATUSES = [
    ("draft", "Draft"),
    ("in_review", "In review"),
    ("changes_requested", "Changes requested"),
    ("published", "Published"),
    ("unpublished", "Unpublished"),
]
STANCES = [("supports", "Supports"), ("disputes", "Disputes"), ("qualifies", "Qualifies")]
STATEMENT_KINDS = [
    ("testimony", "Testimony"),
    ("allegation", "Allegation"),
    ("argument", "Argument"),
    ("accusation", "Accusation"),
    ("finding", "Finding"),
    ("verdict", "Verdict"),
    ("official_statement", "Official statement"),
    ("official_figure", "Official figure"),
    ("denial", "Denial"),
    ("plea", "Plea"),
    ("headline", "Headline (the publication's own words)"),
    ("reported_speech", "Reported speech"),
]
NOTE_VISIBILITIES = [("internal", "Internal (staff only)"), ("public", "Public")]


def at_the_time(to: str) -> models.ForeignKey:
    """A link of a claim's historical tags: to whatever it pointed to then, deleted or not."""
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        db_tablespace="",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        to=to,
    )


operations = [
    *tracked_model(
        "Tag",
        ("name", models.CharField(max_length=100, unique=True)),
        slug_column(max_length=100),
        version_column(),
        ordering=["name"],
    ),
    *tracked_model(
        "Point",
        search_text_column(),
        version_column(),
        (
            "question",
            models.TextField(
                help_text="The question in neutral words that the versions answer differently, "
                "e.g. “Who sent Dzhumageldiev into the streets of Almaty, and to do what?”. Take "
                "no side: the versions say what each party holds."
            ),
        ),
        slug_column(),
        position_column("Order within its case."),
        *timestamp_columns(),
        ("case", protected("tracker.case", "points")),
        verbose_name="disputed point",
        ordering=["case", "position", "pk"],
    ),
    *tracked_model(
        "Claim",
        (
            "text",
            models.TextField(
                help_text="The proposition in neutral words, e.g. “Iskakov acted on orders from "
                "Samat Abish”."
            ),
        ),
        slug_column(),
        (
            "status",
            models.CharField(
                choices=CLAIM_STATUSES,
                default="draft",
                editable=False,
                help_text="Only published claims are shown to readers. Changed only by review "
                "actions.",
                max_length=20,
            ),
        ),
        position_column("Order within its case."),
        *timestamp_columns(),
        ("case", protected("tracker.case", "claims")),
        ("tags", models.ManyToManyField(blank=True, related_name="claims", to="tracker.tag")),
        version_column(),
        search_text_column(),
        (
            "claimant",
            protected(
                "tracker.party",
                "claims_put_forward",
                blank=True,
                null=True,
                help_text="Who puts this claim forward (its source party), e.g. Ruslan Iskakov "
                "for “Abish instructed Iskakov to seek Dzhumageldiev's help”. Required before "
                "review.",
            ),
        ),
        (
            "point_position",
            models.PositiveSmallIntegerField(
                default=0,
                help_text="Order among its point's versions (its column on the point page).",
            ),
        ),
        (
            "published_at",
            models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When a reviewer last published it in the tracker; set by the review "
                "step.",
                null=True,
            ),
        ),
        (
            "point",
            protected(
                "tracker.point",
                "versions",
                blank=True,
                null=True,
                help_text="The disputed point this claim is one party's version of, if any.",
            ),
        ),
        added_since_history_began=("claimant", "point_position", "published_at", "point"),
        ordering=["case", "position", "pk"],
        permissions=[("review_claim", "Can publish, unpublish and request changes to claims")],
        indexes=[models.Index(fields=["updated_at", "id"], name="claim_updated")],
    ),
    migrations.CreateModel(
        name="HistoricalClaim_tags",
        fields=[
            recorded(id_column()),
            ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            ("claim", at_the_time("tracker.claim")),
            (
                "history",
                models.ForeignKey(
                    db_constraint=False, on_delete=models.DO_NOTHING, to="tracker.historicalclaim"
                ),
            ),
            ("tag", at_the_time("tracker.tag")),
        ],
        options={"verbose_name": "HistoricalClaim_tags"},
        bases=(simple_history.models.HistoricalChanges, models.Model),
    ),
    migrations.CreateModel(
        name="ClaimAwaitingReview",
        fields=[],
        options={
            "verbose_name": "claim awaiting review",
            "verbose_name_plural": "review queue",
            "proxy": True,
        },
        bases=("tracker.claim",),
    ),
    *tracked_model(
        "Statement",
        *quotation_columns(),
        ("stance", models.CharField(choices=STANCES, max_length=10)),
        ("kind", models.CharField(choices=STATEMENT_KINDS, max_length=30)),
        (
            "paraphrase",
            models.TextField(blank=True, help_text="Optional: the statement in plain words."),
        ),
        (
            "attribution",
            models.CharField(
                blank=True,
                help_text="The source's reporting words, verbatim: “According to Iskakov”, "
                "“Prosecutors argued”, “Witnesses claimed”.",
                max_length=200,
            ),
        ),
        (
            "stated_on",
            models.DateField(
                blank=True,
                help_text="When the party said it, only where the source gives a full date.",
                null=True,
            ),
        ),
        (
            "stated_when",
            models.CharField(
                blank=True,
                help_text="The date as the source gives it when it is partial, e.g. “January 27”.",
                max_length=100,
            ),
        ),
        position_column("Order within its column."),
        *timestamp_columns(),
        ("claim", protected("tracker.claim", "statements")),
        ("party", protected("tracker.party", "statements", help_text="Whose position this is.")),
        (
            "relayed_by",
            protected(
                "tracker.party",
                "relayed_statements",
                blank=True,
                null=True,
                help_text="Who passes the party's words on, where that is not the source itself "
                "(e.g. the outlet the article cites).",
            ),
        ),
        ("source", protected("tracker.source", "statements")),
        version_column(),
        search_text_column(),
        ordering=["claim", "position", "pk"],
        constraints=[quote_not_empty("statement")],
        indexes=[models.Index(fields=["claim", "source"], name="statement_claim_source")],
    ),
    *tracked_model(
        "Annotation",
        ("text", models.TextField()),
        (
            "visibility",
            models.CharField(
                choices=NOTE_VISIBILITIES,
                default="internal",
                help_text="Public notes appear on the reader site; internal ones never do.",
                max_length=10,
            ),
        ),
        *timestamp_columns(),
        ("author", protected(settings.AUTH_USER_MODEL, "annotations")),
        ("claim", protected("tracker.claim", "annotations", blank=True, null=True)),
        ("statement", protected("tracker.statement", "annotations", blank=True, null=True)),
        version_column(),
        ordering=["created_at", "pk"],
        constraints=[
            models.CheckConstraint(
                condition=models.Q(claim__isnull=False, statement__isnull=True)
                | models.Q(claim__isnull=True, statement__isnull=False),
                name="annotation_on_claim_xor_statement",
            )
        ],
    ),
]
