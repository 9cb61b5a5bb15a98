"""The admin's custom pages, as ordinary views its ModelAdmins route to behind admin_view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator

from tracker import permissions
from tracker.forms import LocateQuoteForm, ReviewStepForm
from tracker.models import TRANSITIONS, Claim
from tracker.quoting import QuoteError, excerpt, locate_quote

from .review import error_text

PREVIEW_CONTEXT_CHARS = 60


def locate_quote_view(request: HttpRequest) -> JsonResponse:
    """Where a pasted quote stands in a source, for the statement form's live preview."""
    if not permissions.may_view_sources(request.user):
        raise PermissionDenied
    form = LocateQuoteForm(request.GET)
    if not form.is_valid():
        errors = {field: " ".join(map(str, messages)) for field, messages in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    source, quote, start = (form.cleaned_data[k] for k in ("source", "quote", "start"))
    try:
        anchor = locate_quote(source.text, quote, start)
    except QuoteError as error:
        return JsonResponse(
            {
                "errors": {error.field: str(error)},
                "closest": error.closest
                and {
                    "start": error.closest.start,
                    "end": error.closest.end,
                    "quote": error.closest.text,
                },
                "choices": [
                    {
                        "start": position,
                        **excerpt(source.text, position, position + len(quote))._asdict(),
                    }
                    for position in error.occurrences
                ],
            },
            status=422,
        )
    found = excerpt(source.text, anchor.start, anchor.end, PREVIEW_CONTEXT_CHARS)
    return JsonResponse(
        {
            "start": anchor.start,
            "end": anchor.end,
            "before": found.before,
            "quote": found.quote,
            "after": found.after,
        }
    )


def claim_or_404(object_id: str) -> Claim:
    claim = (
        Claim.objects.filter(pk=int(object_id)).first()
        if object_id.isascii() and object_id.isdigit()
        else None
    )
    if claim is None:
        raise Http404(f"No claim with id “{object_id}”.")
    return claim


def review_claim(
    request: HttpRequest, object_id: str, step: str, admin_site: AdminSite
) -> HttpResponse:
    """Confirm one review step with an optional comment, then take it."""
    claim = claim_or_404(object_id)
    transition = TRANSITIONS.get(step)
    if transition is None:
        raise Http404("No such review step.")
    form = ReviewStepForm(request.POST or None, initial={"version": claim.version})
    if request.method == "POST" and form.is_valid():
        try:
            claim.transition(
                step,
                request.user,
                form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, f"{transition.label}: done.")
        return redirect(reverse("admin:tracker_claim_change", args=[claim.pk]))
    if transition not in claim.available_transitions(request.user):
        raise PermissionDenied
    context = {
        **admin_site.each_context(request),
        "opts": Claim._meta,
        "claim": claim,
        "form": form,
        "transition": transition,
        "title": f"{transition.label}: {Truncator(claim.text).chars(60)}",
    }
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "admin/tracker/claim/review_step.html", context, status=status)
