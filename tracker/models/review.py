"""A claim's way through review: the states it passes, the steps between them and who may
take each, and the record of every step taken."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .revisions import Revision

REVIEW_PERMISSION = "tracker.review_claim"
EDIT_PERMISSION = "tracker.change_claim"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


class TransitionNotAllowed(ValidationError):
    """The claim is not in a state the requested review step starts from."""


class HeldEditsUnread(ValidationError):
    """Publishing would approve held edits other than those the reviewer's page showed."""


@dataclass(frozen=True)
class HeldEditsRead:
    """The held edits a page showed a reviewer, as its form posts them back: their ids, and
    their versions summed, so that a decision refuses an edit added or revised since. The
    default is a page that showed none."""

    shown: str = ""
    version: int = 0

    @classmethod
    def of(cls, revisions: Iterable[Revision]) -> HeldEditsRead:
        ordered = sorted(revisions, key=lambda revision: revision.pk)
        return cls(
            ",".join(str(revision.pk) for revision in ordered),
            sum(revision.version for revision in ordered),
        )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str


TRANSITIONS = {
    step.name: step
    for step in [
        Transition(
            "submit",
            "Submit for review",
            (ClaimStatus.DRAFT,),
            ClaimStatus.IN_REVIEW,
            EDIT_PERMISSION,
        ),
        Transition(
            "publish", "Publish", (ClaimStatus.IN_REVIEW,), ClaimStatus.PUBLISHED, REVIEW_PERMISSION
        ),
        Transition(
            "request_changes",
            "Request changes",
            (ClaimStatus.IN_REVIEW,),
            ClaimStatus.CHANGES_REQUESTED,
            REVIEW_PERMISSION,
        ),
        Transition(
            "revise",
            "Return to draft",
            (ClaimStatus.CHANGES_REQUESTED, ClaimStatus.UNPUBLISHED),
            ClaimStatus.DRAFT,
            EDIT_PERMISSION,
        ),
        Transition(
            "unpublish",
            "Unpublish",
            (ClaimStatus.PUBLISHED,),
            ClaimStatus.UNPUBLISHED,
            REVIEW_PERMISSION,
        ),
    ]
}


def step_between(from_status: str, to_status: str) -> Transition | None:
    """The review step that moves a claim from ``from_status`` to ``to_status``, if one does."""
    for step in TRANSITIONS.values():
        if from_status in step.sources and step.target == to_status:
            return step
    return None


def name_of(user: User) -> str:
    """How a person is named where users do not travel, as in a case document."""
    return user.get_full_name() or user.get_username()


class ReviewTransitionQuerySet(models.QuerySet):
    def reviewers_comments(self) -> ReviewTransitionQuerySet:
        """Steps a reviewer took with a comment (publish, request changes, unpublish), newest
        first: what a researcher reads to learn what a reviewer said."""
        by_reviewers = {s.target for s in TRANSITIONS.values() if s.permission == REVIEW_PERMISSION}
        return (
            self.filter(to_status__in=by_reviewers)
            .exclude(comment="")
            .order_by("-created_at", "-pk")
        )


class ReviewTransition(models.Model):
    """One step of a claim through review: who moved it, when, from which state to which."""

    claim = models.ForeignKey(
        "tracker.Claim", on_delete=models.PROTECT, related_name="review_transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_transitions"
    )
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    original_actor = models.CharField(
        max_length=300,
        blank=True,
        editable=False,
        help_text="Who took this step in the tracker it was imported from (the actor imported "
        "it); empty for a step taken here.",
    )
    comment = models.TextField(blank=True)
    # A default, not auto_now_add: a step imported from another tracker keeps when it was taken.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReviewTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.from_status_label} → {self.to_status_label} by {self.taken_by}"

    @property
    @admin.display(description="By")
    def taken_by(self) -> str:
        if self.original_actor:
            return f"{self.original_actor} (imported by {self.actor})"
        return str(self.actor)

    @property
    def actor_name(self) -> str:
        """Who took the step, as a case document names them."""
        return self.original_actor or name_of(self.actor)

    @property
    def step_name(self) -> str:
        step = step_between(self.from_status, self.to_status)
        assert step is not None, "every step recorded is one of TRANSITIONS"
        return step.name

    @property
    @admin.display(description="From")
    def from_status_label(self) -> str:
        return ClaimStatus(self.from_status).label

    @property
    @admin.display(description="To")
    def to_status_label(self) -> str:
        return ClaimStatus(self.to_status).label
