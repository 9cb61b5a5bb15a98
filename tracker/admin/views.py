"""The admin's custom pages, as ordinary views its ModelAdmins route to behind admin_view."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator

from tracker import permissions
from tracker.candidates import find_candidates, known_names
from tracker.forms import LocateQuoteForm, ReviewStepForm, WorkbenchStatementForm
from tracker.highlighting import workbench_text
from tracker.models import TRANSITIONS, Case, Claim, Party, Source, Statement
from tracker.models.review import HeldEditsUnread
from tracker.quoting import QuoteError, excerpt, locate_quote_as_pasted

from .review import error_text, keep_comment, kept_comment, with_comment_not_recorded

PREVIEW_CONTEXT_CHARS = 60
Row = TypeVar("Row", bound=Model)


def locate_quote_view(request: HttpRequest) -> JsonResponse:
    """Where a pasted quote stands in a source, for the statement form's live preview, and
    the digest of the text it looked in, which the form posts back with the offsets."""
    if not permissions.may_view_sources(request.user):
        raise PermissionDenied
    form = LocateQuoteForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form_errors(form)}, status=400)
    source, quote, start = (form.cleaned_data[k] for k in ("source", "quote", "start"))
    try:
        quote, anchor = locate_quote_as_pasted(source.text, quote, start)
    except QuoteError as error:
        return JsonResponse(
            {
                "sha256": source.sha256,
                "errors": {error.field: str(error)},
                "closest": error.closest
                and {
                    "start": error.closest.start,
                    "end": error.closest.end,
                    "quote": error.closest.text,
                },
                "choices": [
                    {"start": span.start, **excerpt(source.text, *span)._asdict()}
                    for span in error.occurrences
                ],
            },
            status=422,
        )
    found = excerpt(source.text, anchor.start, anchor.end, PREVIEW_CONTEXT_CHARS)
    return JsonResponse(
        {
            "sha256": source.sha256,
            "start": anchor.start,
            "end": anchor.end,
            "before": found.before,
            "quote": found.quote,
            "after": found.after,
        }
    )


LARGEST_KEY = 2**63 - 1  # a BigAutoField's, and the largest integer SQLite compares


def as_key(text: str) -> int | None:
    """``text`` from an address or form as a row's key (or version), or None if no key is
    written so: ASCII digits only ("²" and "٣" pass isdigit()), and no more of them than the
    largest key has (int() refuses thousands, with a ValueError)."""
    if not text.isascii() or not text.isdigit():
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(LARGEST_KEY)) or int(digits) > LARGEST_KEY:
        return None
    return int(digits)


def row_or_404(model: type[Row], object_id: str) -> Row:
    """The row whose key the address names; a 404, never a 500, for anything else."""
    key = as_key(object_id)
    row = model._default_manager.filter(pk=key).first() if key is not None else None
    if row is None:
        raise Http404(f"No {model._meta.verbose_name} with id “{object_id}”.")
    return row


def review_claim(
    request: HttpRequest, object_id: str, step: str, admin_site: AdminSite
) -> HttpResponse:
    """Confirm one review step with an optional comment, then take it."""
    claim = row_or_404(Claim, object_id)
    transition = TRANSITIONS.get(step)
    if transition is None:
        raise Http404("No such review step.")
    initial = {"version": claim.version, "comment": kept_comment(request, request.path)}
    form = ReviewStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            claim.transition(
                step,
                request.user,
                form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
                held_edits_read=form.held_edits_read(),
            )
        except HeldEditsUnread as error:
            messages.error(request, error_text(error))
            keep_comment(request, form.cleaned_data["comment"])
            return redirect("admin:tracker_claim_review_page", claim.pk)
        except (PermissionDenied, ValidationError) as error:
            # The page again, as the claim is now, with the comment typed; or, where the
            # step is no longer possible, the claim's page, with the comment in the refusal.
            claim.refresh_from_db()
            comment = form.cleaned_data["comment"]
            if transition in claim.available_transitions(request.user):
                messages.error(request, error_text(error))
                keep_comment(request, comment)
                return redirect(request.path)
            messages.error(request, with_comment_not_recorded(error_text(error), comment))
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


def workbench_context(source: Source) -> dict[str, Any]:
    """The source text with its logged quotes and candidate statements marked, and the list
    of its statements: what the page shows and what a save sends back to redraw."""
    statements = list(Statement.objects.on_workbench(source.pk))
    candidates = find_candidates(source.text, known_names())
    return {
        "source": source,
        "statements": statements,
        "text_html": workbench_text(
            source.text,
            [(s.quote_start, s.quote_end, s.pk) for s in statements],
            [(c.start, c.end) for c in candidates],
        ),
        "candidates": [
            {
                "start": c.start,
                "end": c.end,
                "speaker": c.speaker.pk if isinstance(c.speaker, Party) else None,
            }
            for c in candidates
        ],
    }


def source_workbench(request: HttpRequest, object_id: str, admin_site: AdminSite) -> HttpResponse:
    """A source's text to select statements from, and the panel that logs them as drafts."""
    if not permissions.may_view_sources(request.user):
        raise PermissionDenied
    source = row_or_404(Source, object_id)
    logged = workbench_context(source)
    # A new claim most likely belongs to the case of the last statement logged from this
    # source, or else to the newest case.
    latest = max(logged["statements"], key=lambda s: s.pk, default=None)
    case_id = (
        latest.claim.case_id
        if latest
        else Case.objects.order_by("pk").values_list("pk", flat=True).last()
    )
    form = WorkbenchStatementForm(
        user=request.user, source=source, initial={"new_claim_case": case_id}
    )
    context = {
        **admin_site.each_context(request),
        **logged,
        "opts": Source._meta,
        "title": f"Workbench: {source.display_title}",
        "form": form,
        "claims_by_case": claims_by_case(form),
        "may_add": request.user.has_perm("tracker.add_statement"),
    }
    return TemplateResponse(request, "admin/tracker/source/workbench.html", context)


def claims_by_case(form: WorkbenchStatementForm) -> list[tuple[str, list[Claim]]]:
    claims = form.fields["claim"].queryset.select_related("case")  # type: ignore[attr-defined]
    grouped: dict[str, list[Claim]] = {}
    for claim in claims.order_by("case__title", "position", "pk"):
        grouped.setdefault(claim.case.title, []).append(claim)
    return list(grouped.items())


def save_workbench_statement(request: HttpRequest, object_id: str) -> JsonResponse:
    """Save the statement the workbench panel describes as a draft; answer what to redraw."""
    if request.method != "POST":
        return JsonResponse({"errors": {"__all__": "POST only."}}, status=405)
    if not permissions.may_view_sources(request.user):
        raise Http404("No such source.")
    source = row_or_404(Source, object_id)
    form = WorkbenchStatementForm(request.POST, user=request.user, source=source)
    try:
        # The quote is checked, and saved, in one transaction: checked before it, against the
        # text as it was, it could be saved after someone's edit of the text (``anchor_quote``).
        with transaction.atomic():
            if not form.is_valid():
                return JsonResponse({"errors": form_errors(form)}, status=400)
            statement: Statement = form.save(commit=False)
            new_claim, new_point = form.new_draft_claim()
            if new_point is not None:
                permissions.save_as(request.user, new_point)
            if new_claim is not None:
                permissions.save_as(request.user, new_claim)
                statement.claim = new_claim
            permissions.save_as(request.user, statement)
    except PermissionDenied as refused:
        return JsonResponse({"errors": {"__all__": str(refused)}}, status=403)
    except ValidationError as refused:
        form.add_error(None, refused)
        return JsonResponse({"errors": form_errors(form)}, status=400)
    context = workbench_context(source)
    return JsonResponse(
        {
            "statement": {
                "id": statement.pk,
                "quote": statement.quote,
                "start": statement.quote_start,
                "end": statement.quote_end,
                "claim": statement.claim_id,
                "claim_text": statement.claim.text,
            },
            "text_html": context["text_html"],
            "statements_html": render_to_string(
                "admin/tracker/source/_workbench_statements.html", context, request=request
            ),
        },
        status=201,
    )


def form_errors(form: forms.BaseForm) -> dict[str, str]:
    return {field: " ".join(map(str, texts)) for field, texts in form.errors.items()}
