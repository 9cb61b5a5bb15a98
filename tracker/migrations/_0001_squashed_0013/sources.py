"""Sources: the documents quotes are taken from, verbatim."""

from django.db import models

import tracker.models.sources

from .columns import slug_column, version_column
from .history import tracked_model

SOURCE_KINDS = [
    ("news_report", "News report"),
    ("court_record", "Court record"),
    ("interview", "Interview"),
    ("official_statement", "Official statement"),
    ("other", "Other document"),
]

operations = tracked_model(
    "Source",
    (
        "title",
        models.CharField(
            blank=True, help_text="The document's own title; empty if it has none.", max_length=300
        ),
    ),
    slug_column(),
    (
        "outlet",
        models.CharField(
            blank=True, help_text="Who published it; empty where unknown.", max_length=200
        ),
    ),
    (
        "cited_outlet",
        models.CharField(
            blank=True,
            help_text="The outlet this document cites as its own source, e.g. Tengrinews.kz.",
            max_length=200,
        ),
    ),
    (
        "url",
        tracker.models.sources.HttpsURLField(
            blank=True, help_text="Empty where unknown.", max_length=500
        ),
    ),
    (
        "published_on",
        models.DateField(
            blank=True, help_text="Only where the source gives a full date.", null=True
        ),
    ),
    (
        "language",
        models.CharField(default="en", help_text="BCP 47 code, e.g. en, ru, kk.", max_length=20),
    ),
    ("kind", models.CharField(choices=SOURCE_KINDS, default="news_report", max_length=30)),
    (
        "text",
        models.TextField(
            help_text="The full text, verbatim. Quotes are checked against it character by "
            "character."
        ),
    ),
    ("sha256", models.CharField(editable=False, max_length=64, verbose_name="SHA-256")),
    ("added_at", models.DateTimeField(auto_now_add=True)),
    version_column(),
    (
        "published_when",
        models.CharField(
            blank=True,
            help_text="The date as the source gives it when it is partial, e.g. “April 2014”.",
            max_length=100,
        ),
    ),
    added_since_history_began=("published_when",),
    ordering=["title", "pk"],
)
