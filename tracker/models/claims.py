from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.search import Searchable
from tracker.slugs import slug_url

from .claim_queries import (
    QUOTES_PER_STANCE,
    STATEMENTS_PER_STANCE,
    STATEMENTS_READ_WHOLE,
    ClaimQuerySet,
)
from .links import optional_link
from .parties import Party, naming_fields
from .points import Point
from .review import (
    TRANSITIONS,
    ClaimStatus,
    HeldEditsRead,
    HeldEditsUnread,
    ReviewTransition,
    Transition,
    TransitionNotAllowed,
)
from .tags import Tag
from .versioning import StaleEditError, Versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from .annotations import Annotation
    from .revisions import Revision
    from .statements import Statement


class Claim(Versioned, Searchable):
    """A contested proposition, in neutral words, that parties support or dispute."""

    Status = ClaimStatus

    # What researchers may still edit; the rest changes only at a reviewer's hand.
    OPEN_TO_RESEARCHERS = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.UNPUBLISHED)

    case = models.ForeignKey("tracker.Case", on_delete=models.PROTECT, related_name="claims")
    text = models.TextField(
        help_text="The proposition in neutral words, "
        "e.g. “Iskakov acted on orders from Samat Abish”."
    )
    slug = models.SlugField(max_length=200, unique=True)
    claimant = optional_link(
        Party,
        related_name="claims_put_forward",
        help_text="Who puts this claim forward (its source party), e.g. Ruslan Iskakov for "
        "“Abish instructed Iskakov to seek Dzhumageldiev's help”. Required before review.",
    )
    point = optional_link(
        Point,
        related_name="versions",
        help_text="The disputed point this claim is one party's version of, if any.",
    )
    point_position = models.PositiveSmallIntegerField(
        default=0, help_text="Order among its point's versions (its column on the point page)."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text="Only published claims are shown to readers. Changed only by review actions.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its case.")
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a reviewer last published it in the tracker; set by the review step.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set on the copy transition() saves: the review step's own write, and what history records.
    _in_review_transition: bool
    _history_user: User
    _change_reason: str
    # Set by for_claim_page.
    public_annotations: list[Annotation]
    statement_total: int
    # Set by for_claim_page for a claim it does not read whole.
    stance_totals: Counter[str]
    # Set by with_stance_counts.
    supports_count: int
    disputes_count: int
    qualifies_count: int

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "search_text"], m2m_fields=[tags])

    class Meta:
        ordering = ["case", "position", "pk"]
        permissions = [("review_claim", "Can publish, unpublish and request changes to claims")]
        indexes = [
            # The home page's recently changed claims: read newest first until it has enough,
            # where it sorted all 8,600 published claims at 100,000 statements.
            models.Index(fields=["updated_at", "id"], name="claim_updated"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not getattr(self, "_in_review_transition", False):
            stored = Claim._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != self.status:
                raise PermissionDenied("A claim's status changes only through its review actions.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("tracker:claim-detail", self.slug)

    def get_permanent_url(self) -> str:
        """An address that survives a change of slug."""
        return reverse("tracker:claim-permalink", args=[self.pk])

    # Leaving draft needs a claimant: nothing reaches a reviewer, or readers, without one.
    NEEDS_CLAIMANT = (Status.IN_REVIEW, Status.PUBLISHED)

    def clean(self) -> None:
        super().clean()
        if self.point is not None:
            if self.case_id is None:
                # A version added from its point's page takes the point's case.
                self.case_id = self.point.case_id
            elif self.point.case_id != self.case_id:
                raise ValidationError(
                    {"point": "A version belongs to the same case as its disputed point."}
                )
        if self.claimant_id is None and self.status in self.NEEDS_CLAIMANT:
            raise ValidationError(
                {"claimant": "A claim in review or published names the party that puts it forward."}
            )

    def rival_versions(self) -> list[Claim]:
        """The other published versions of this claim's point, in order."""
        if self.point_id is None:
            return []
        rivals = Claim.objects.published().filter(point_id=self.point_id).exclude(pk=self.pk)
        shown = rivals.select_related("claimant").only("text", "slug", *naming_fields("claimant"))
        return list(shown.in_point_order())

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_open_to_researchers(self) -> bool:
        return self.status in self.OPEN_TO_RESEARCHERS

    def available_transitions(self, user: User | AnonymousUser) -> list[Transition]:
        """The review steps ``user`` may take on this claim now."""
        return [
            step
            for step in TRANSITIONS.values()
            if self.status in step.sources and user.has_perm(step.permission)
        ]

    def transition(
        self,
        name: str,
        user: User | AnonymousUser,
        comment: str = "",
        expected_version: int | None = None,
        held_edits_read: HeldEditsRead | None = None,
    ) -> Claim:
        """Move the claim one review step, recording who did it and why; refuse what the
        user may not do, what the claim's state does not allow, and, given the version the
        user read, a claim that has changed since (and, given the held edits they were
        shown, a publication that would approve others)."""
        from tracker import emails

        from .revisions import Revision

        step = TRANSITIONS[name]
        if isinstance(user, AnonymousUser) or not user.has_perm(step.permission):
            raise PermissionDenied(f"You are not allowed to {step.label.lower()} claims.")
        with transaction.atomic():
            # Locked before the claim: an edit of a text they quote takes the source, then
            # touches this claim (moving its statements) and the held edits. Approving them
            # with the claim held would wait for that edit while it waited for the claim.
            held = (
                Revision.objects.pending().of_claim(self).locked()
                if step.target == Claim.Status.PUBLISHED
                else []
            )
            current = Claim._base_manager.select_for_update().get(pk=self.pk)
            if current.status not in step.sources:
                raise TransitionNotAllowed(
                    f"“{step.label}” is not possible for a claim that is "
                    f"{current.get_status_display().lower()}."
                )
            if expected_version is not None and current.version != expected_version:
                self.version = expected_version
                raise StaleEditError(self.stale_message(current.version))
            if step.target in self.NEEDS_CLAIMANT and current.claimant_id is None:
                raise TransitionNotAllowed(
                    "Name the claimant (the party that puts this claim forward) first."
                )
            if step.target == Claim.Status.PUBLISHED:
                current.approve_held_edits(held, user, comment, held_edits_read)
                current.refresh_from_db()
            recorded = ReviewTransition.objects.create(
                claim=current,
                actor=user,
                from_status=current.status,
                to_status=step.target,
                comment=comment,
            )
            current.status = step.target
            if step.target == Claim.Status.PUBLISHED:
                current.published_at = timezone.now()
            current._in_review_transition = True
            current._history_user = user
            current._change_reason = f"{step.label}: {comment}" if comment else step.label
            current.save()
            emails.notify_review_step(recorded)
        self.status, self.version, self.updated_at, self.published_at = (
            current.status,
            current.version,
            current.updated_at,
            current.published_at,
        )
        return current

    def approve_held_edits(
        self,
        pending: list[Revision],
        user: User | AnonymousUser,
        comment: str,
        read: HeldEditsRead | None,
    ) -> None:
        """Approve the held edits publishing this claim makes public (``pending``, locked):
        changes held while it was published before, or a statement moved onto it from a
        published claim. One that no longer applies refuses the whole step; so does, given the
        held edits the reviewer was shown (``read``), any added or revised since."""
        if read is not None and HeldEditsRead.of(pending) != read:
            raise HeldEditsUnread(
                "Its held edits changed after you opened its review page; read them again there."
                if read.shown
                else "It has held edits waiting for review that this page did not show; "
                "publish it from its review page, which shows them."
            )
        for revision in pending:
            revision.approve(user, comment)

    def searchable_parts(self) -> list[str]:
        return [self.text]

    def statements_by_stance(self) -> list[tuple[str, str, list[Statement]]]:
        """The claim's statements as (stance, label, [statements]) in reading order."""
        from .statements import Statement

        grouped: dict[str, list[Statement]] = {stance: [] for stance in Statement.Stance.values}
        for statement in self.statements.all():
            grouped[statement.stance].append(statement)
        return [(stance, Statement.Stance(stance).label, grouped[stance]) for stance in grouped]

    @property
    def read_whole(self) -> bool:
        """Whether its page reads all its statements and pages them itself (``ClaimPages``):
        numbering each stance's statements in the database, which only claims with more need,
        took a claim page's processor time a third higher."""
        return self.statement_total <= STATEMENTS_READ_WHOLE

    def stance_columns(
        self, stance_pages: Mapping[str, int]
    ) -> list[tuple[str, str, Page[Statement]]]:
        """As ``statements_by_stance`` for the claim's own page (``for_claim_page``), each
        stance's statements as page ``stance_pages[stance]`` (the first where none is given)
        of all of that stance; a page past the last is empty."""
        columns = []
        for stance, label, statements in self.statements_by_stance():
            listed: Paginator[Statement] = Paginator([], STATEMENTS_PER_STANCE)
            number = stance_pages.get(stance, 1)
            if self.read_whole:
                listed.count = len(statements)
                first = (number - 1) * STATEMENTS_PER_STANCE
                statements = statements[first : first + STATEMENTS_PER_STANCE]
            else:
                listed.count = self.stance_totals[stance]
            columns.append((stance, label, Page(statements, number, listed)))
        return columns

    def quotes_by_stance(self) -> list[tuple[str, str, list[Statement], int]]:
        """As ``statements_by_stance`` for a version on a point page (``with_versions``): the
        first quotes of each stance, and how many more the claim's own page shows."""
        by_stance = []
        for stance, label, statements in self.statements_by_stance():
            shown = [s for s in statements if s.stance_place <= QUOTES_PER_STANCE]
            total = statements[0].stance_total if statements else 0
            by_stance.append((stance, label, shown, total - len(shown)))
        return by_stance


class ClaimAwaitingReview(Claim):
    """The reviewers' queue: claims in review, oldest submission first."""

    class Meta:
        proxy = True
        verbose_name = "claim awaiting review"
        verbose_name_plural = "review queue"
