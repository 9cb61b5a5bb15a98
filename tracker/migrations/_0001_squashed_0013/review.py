"""The record of review steps, held edits waiting for a reviewer, and the reader pages' token."""

import django.core.serializers.json
from django.conf import settings
from django.db import models

from .columns import model, protected, timestamp_columns, version_column

REVISION_STATUSES = [("pending", "Pending"), ("approved", "Approved"), ("rejected", "Rejected")]

operations = [
    model(
        "ReviewTransition",
        ("from_status", models.CharField(max_length=20)),
        ("to_status", models.CharField(max_length=20)),
        ("comment", models.TextField(blank=True)),
        ("created_at", models.DateTimeField(auto_now_add=True)),
        ("actor", protected(settings.AUTH_USER_MODEL, "review_transitions")),
        ("claim", protected("tracker.claim", "review_transitions")),
        ordering=["created_at", "pk"],
        get_latest_by="created_at",
    ),
    model(
        "Revision",
        (
            "object_id",
            models.PositiveBigIntegerField(
                blank=True, help_text="Empty while a proposed new row awaits approval.", null=True
            ),
        ),
        (
            "adds_row",
            models.BooleanField(
                default=False,
                help_text="Proposes a new row (a statement, alias, note) to be created.",
            ),
        ),
        (
            "proposed",
            models.JSONField(
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                help_text="The proposed values, by field (ids for links).",
            ),
        ),
        (
            "base",
            models.JSONField(
                blank=True,
                default=dict,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
                help_text="The values the change was proposed against; approval is refused if "
                "the object no longer has them.",
            ),
        ),
        *timestamp_columns(),
        version_column("Raised each time the author changes the proposal."),
        ("status", models.CharField(choices=REVISION_STATUSES, default="pending", max_length=10)),
        ("decided_at", models.DateTimeField(blank=True, null=True)),
        (
            "comment",
            models.TextField(blank=True, help_text="The reviewer's reason, sent to the author."),
        ),
        ("author", protected(settings.AUTH_USER_MODEL, "revisions")),
        (
            "claim",
            protected(
                "tracker.claim",
                "revisions",
                blank=True,
                null=True,
                help_text="The claim whose review page shows this change, for a claim, its "
                "statements and its notes.",
            ),
        ),
        (
            "content_type",
            models.ForeignKey(on_delete=models.PROTECT, to="contenttypes.contenttype"),
        ),
        (
            "reviewer",
            protected(settings.AUTH_USER_MODEL, "decided_revisions", blank=True, null=True),
        ),
        verbose_name="held edit",
        ordering=["created_at", "pk"],
        constraints=[
            models.UniqueConstraint(
                condition=models.Q(object_id__isnull=False, status="pending"),
                fields=("content_type", "object_id"),
                name="one_pending_revision_per_object",
                violation_error_message="This object already has a change waiting for review.",
            )
        ],
    ),
    # The token the reader pages' cache compares its copies with.
    model(
        "PageGeneration",
        ("token", models.BigIntegerField()),
        ("changed_at", models.DateTimeField()),
    ),
]
