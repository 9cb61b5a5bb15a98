"""“Delete selected” on every list of the admin, asking who may delete each row of the rows as
locked for the deletion."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as delete_listed
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from tracker import permissions
from tracker.models import StaleEditError
from tracker.models.held_locking import lock_for_deletion

NOT_YOURS = "you may not delete it."
TAKEN_WITH_THEM = "Deleting them would delete rows with them that you may not delete."


@admin.action(
    permissions=["delete"],
    description=delete_listed.short_description,  # type: ignore[attr-defined]
)
def delete_selected(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> TemplateResponse | None:
    """Django's “Delete selected”, all or nothing, with the rows locked for their deletion
    (``lock_for_deletion``) before Django asks who may delete each: asked before the locks, a
    row could change meanwhile (its claim published while the deletion waited for its lock)
    and be deleted though no longer deletable. A refusal says why, row by row, where Django
    answers 403, or a page naming only the kinds of rows refused; nothing is deleted or
    logged."""
    if not request.POST.get("post"):
        return delete_listed(modeladmin, request, queryset)  # the confirmation page
    try:
        with transaction.atomic():
            locked = lock_for_deletion(queryset.model, queryset.values_list("pk", flat=True))
            chosen = queryset.filter(pk__in=[row.pk for row in locked])
            try:
                response: TemplateResponse | None = delete_listed(modeladmin, request, chosen)
                if response is None:
                    return None  # deleted
            except PermissionDenied:
                response = None
            # Refused, by the page again listing what blocks the deletion, or by a 403: said
            # row by row, with the edit policy's reasons, where it refuses rows chosen.
            kept = rows_kept(modeladmin, request, locked)
            if response is not None and not kept:
                return response
            refusal = " ".join(["Nothing was deleted.", *(kept or [TAKEN_WITH_THEM])])
    except StaleEditError as moved:
        refusal = " ".join(moved.messages)
    modeladmin.message_user(request, refusal, messages.ERROR)
    return None


def rows_kept(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, locked: list[models.Model]
) -> list[str]:
    """Each of ``locked`` that its user may not delete, with the edit policy's reason."""
    return [
        f"“{row}” is kept: {permissions.deletion_refusal(request.user, row) or NOT_YOURS}"
        for row in locked
        if not modeladmin.has_delete_permission(request, row)
    ]


admin.site.add_action(delete_selected)
