"""Review steps as admin actions, the reviewers' queue and the review record."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from tracker.models import TRANSITIONS, Claim, ClaimAwaitingReview, ReviewTransition
from tracker.models.review import REVIEW_PERMISSION, HeldEditsRead, HeldEditsUnread

REVIEW_STEP_FIELDS = ("created_at", "taken_by", "from_status_label", "to_status_label", "comment")

ReviewAction = Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Claim]], None]


def error_text(error: PermissionDenied | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


KEPT_COMMENTS = "tracker_kept_review_comments"
# Comments kept at once, each for its own form; older ones give way, past this many.
MOST_KEPT_COMMENTS = 10


def keep_comment(request: HttpRequest, comment: str) -> None:
    """Keep what a reviewer wrote for a decision that was refused, for the form that posts
    it, which the redirect after the refusal shows again."""
    if comment:
        kept = {**request.session.get(KEPT_COMMENTS, {}), request.path: comment}
        request.session[KEPT_COMMENTS] = dict(list(kept.items())[-MOST_KEPT_COMMENTS:])


def kept_comment(request: HttpRequest, url: str) -> str:
    """The comment kept for the form posting to ``url``, once; empty if none was kept."""
    kept = dict(request.session.get(KEPT_COMMENTS, {}))
    comment = kept.pop(url, "")
    if comment:
        request.session[KEPT_COMMENTS] = kept
    return str(comment)


def with_comment_not_recorded(message: str, comment: str) -> str:
    """A refusal's ``message`` with the comment the refused decision carried, where no form
    will show it again: what the reviewer wrote, to copy."""
    return f"{message} Your comment was not recorded: “{comment}”" if comment else message


def refusal(claim: Claim, error: PermissionDenied | ValidationError) -> str:
    """Why a step was not taken on ``claim``; one that needs its held edits read sends the
    reviewer to the page that shows them."""
    said = f"“{Truncator(claim.text).chars(50)}”: {error_text(error)}"
    if not isinstance(error, HeldEditsUnread):
        return said
    page = reverse("admin:tracker_claim_review_page", args=[claim.pk])
    return format_html('{} <a href="{}">Open its review page</a>.', said, page)


def take_step_on_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    claims: Iterable[Claim],
    name: str,
    comment: str = "",
    version_read: Callable[[Claim], int | None] | None = None,
    held_edits_read: HeldEditsRead | None = None,
) -> None:
    """Review step ``name`` on each of ``claims`` it may be taken on, then one message for
    those done and one for each refused. ``version_read`` gives the version of a claim the
    reviewer saw, so that one changed since is refused, or None where they did not see it;
    ``held_edits_read``, the held edits the page showed with each claim."""
    done, refused = 0, []
    for claim in claims:
        try:
            expected = None
            if version_read is not None:
                expected = version_read(claim)
                if expected is None:
                    raise ValidationError("It was not on the confirmation page; select it again.")
            claim.transition(name, request.user, comment, expected, held_edits_read)
        except (PermissionDenied, ValidationError) as error:
            refused.append(refusal(claim, error))
        else:
            done += 1
    if done:
        label = TRANSITIONS[name].label
        modeladmin.message_user(request, f"{label}: {done} claim(s).", messages.SUCCESS)
    for said in refused:
        modeladmin.message_user(request, said, messages.ERROR)


def review_action(name: str) -> ReviewAction:
    """An admin action taking review step ``name`` on each selected claim it may."""
    step = TRANSITIONS[name]

    def action(
        modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Claim]
    ) -> None:
        take_step_on_each(modeladmin, request, queryset, name)

    reviewers_only = step.permission == REVIEW_PERMISSION
    action.__name__ = f"review_{name}"
    return admin.action(
        description=f"{step.label} (selected claims)",
        permissions=["review"] if reviewers_only else ["change"],
    )(action)


class ReadOnly:
    """A record nobody adds to, changes or deletes by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReviewTransitionInline(ReadOnly, admin.TabularInline):
    model = ReviewTransition
    extra = 0
    fields = REVIEW_STEP_FIELDS
    readonly_fields = REVIEW_STEP_FIELDS
    verbose_name = "review step"
    verbose_name_plural = "review history"
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReviewTransition]:
        return super().get_queryset(request).select_related("actor")


@admin.register(ClaimAwaitingReview)
class ReviewQueueAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["review_link", "case", "submitted_at"]
    list_display_links = None
    list_select_related = ["case"]
    search_fields = ["text"]
    fields = ["text", "case", "status"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return ClaimAwaitingReview.objects.awaiting_review()

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["submitted_at", "pk"]

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted_at(self, claim: Claim) -> Any:
        return claim.submitted_at  # type: ignore[attr-defined]

    @admin.display(description="Claim", ordering="text")
    def review_link(self, claim: Claim) -> str:
        url = reverse("admin:tracker_claim_review_page", args=[claim.pk])
        return format_html('<a href="{}">{}</a>', url, claim.text)


@admin.register(ReviewTransition)
class ReviewTransitionAdmin(ReadOnly, admin.ModelAdmin):
    """Every review step taken, newest first; a record, so nobody edits it."""

    list_display = [
        "created_at",
        "claim",
        "taken_by",
        "from_status_label",
        "to_status_label",
        "comment",
    ]
    list_filter = ["to_status", "claim__case"]
    list_select_related = ["claim", "actor"]
    search_fields = ["claim__text", "comment", "actor__username", "original_actor"]
    ordering = ["-created_at"]
