"""Publishing the selected claims at once: a confirmation page lists them and asks for the
comment that goes on each one's review record."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse

from tracker.forms import BulkPublishForm
from tracker.models import Claim
from tracker.models.review import HeldEditsRead

from .review import take_step_on_each
from .views import as_key

CONFIRMED = "confirm_publish"


def version_read(request: HttpRequest, claim: Claim) -> int | None:
    """The version of ``claim`` the confirmation page showed, so that a claim changed since
    is not published unseen; None if the page did not carry one."""
    return as_key(request.POST.get(f"version-{claim.pk}", ""))


@admin.action(description="Publish (selected claims)…", permissions=["review"])
def publish_selected(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Claim]
) -> TemplateResponse | None:
    claims = list(queryset.select_related("case", "claimant").order_by("case__title", "pk"))
    form = BulkPublishForm(request.POST if CONFIRMED in request.POST else None)
    if form.is_bound and form.is_valid():
        take_step_on_each(
            modeladmin,
            request,
            claims,
            "publish",
            form.cleaned_data["comment"],
            version_read=lambda claim: version_read(request, claim),
            # The page shows no held edits: a claim with any is published from its review
            # page, which shows them as differences, as a single claim always is.
            held_edits_read=HeldEditsRead(),
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": Claim._meta,
        "title": "Publish these claims?",
        "claims": claims,
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "confirmed": CONFIRMED,
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(
        request, "admin/tracker/claim/bulk_publish.html", context, status=status
    )
