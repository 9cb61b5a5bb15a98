"""A researcher's own claims: the "Mine" filter on the claim list, and what a reviewer last
said of a claim, shown first."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import localtime

from tracker.models import Claim, ReviewTransition

MINE = "yes"


class MineFilter(admin.SimpleListFilter):
    """Claims the signed-in user created or edited (the claim or one of its statements)."""

    title = "whose"
    parameter_name = "mine"

    def lookups(self, request: HttpRequest, _model_admin: Any) -> list[tuple[str, str]]:
        return [(MINE, "Mine")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == MINE:
            return queryset.touched_by(request.user)  # type: ignore[attr-defined]
        return queryset


def latest_reviewer_comment(claim: Claim) -> ReviewTransition | None:
    return (
        ReviewTransition.objects.reviewers_comments()
        .filter(claim=claim)
        .select_related("actor")
        .first()
    )


def reviewer_comment_block(step: ReviewTransition | None) -> SafeString | str:
    if step is None:
        return "—"
    return format_html(
        "<blockquote>{}</blockquote><p>{}, {} ({})</p>",
        step.comment,
        step.to_status_label,
        step.taken_by,
        date_format(localtime(step.created_at), "DATETIME_FORMAT"),
    )
