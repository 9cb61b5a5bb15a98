"""Cases, the roles parties play in them and their outcomes."""

from django.db import models

from .columns import (
    position_column,
    protected,
    quotation_columns,
    quote_not_empty,
    slug_column,
    version_column,
)
from .history import tracked_model

operations = [
    *tracked_model(
        "Case",
        ("title", models.CharField(max_length=300)),
        slug_column(),
        ("summary", models.TextField(blank=True)),
        ("place", models.CharField(blank=True, max_length=200)),
        (
            "period",
            models.CharField(
                blank=True,
                help_text="When it happened, in the sources' words where no full date is given.",
                max_length=200,
            ),
        ),
        (
            "began_on",
            models.DateField(blank=True, help_text="Only where a source gives it.", null=True),
        ),
        (
            "ended_on",
            models.DateField(blank=True, help_text="Only where a source gives it.", null=True),
        ),
        ("updated_at", models.DateTimeField(auto_now=True)),
        version_column(),
        ordering=["title"],
    ),
    *tracked_model(
        "CaseRole",
        (
            "role",
            models.CharField(
                help_text="In the sources' words: “defendant”, “defence counsel”.", max_length=200
            ),
        ),
        position_column("Order on the case page."),
        (
            "case",
            models.ForeignKey(on_delete=models.CASCADE, related_name="roles", to="tracker.case"),
        ),
        ("party", protected("tracker.party", "roles")),
        version_column(),
        ordering=["case", "position", "pk"],
        constraints=[
            models.UniqueConstraint(
                fields=("case", "party", "role"), name="unique_role_per_party_in_case"
            )
        ],
    ),
    *tracked_model(
        "Outcome",
        *quotation_columns(),
        (
            "summary",
            models.CharField(
                help_text="The outcome in brief, e.g. “15 years and 6 months in prison”.",
                max_length=300,
            ),
        ),
        position_column("Order on the case page."),
        ("case", protected("tracker.case", "outcomes")),
        ("party", protected("tracker.party", "outcomes")),
        ("source", protected("tracker.source", "outcomes")),
        version_column(),
        ordering=["case", "position", "pk"],
        constraints=[quote_not_empty("outcome")],
    ),
]
