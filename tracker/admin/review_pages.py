"""Reviewing with the facts in front of you: a claim's review page and each held edit's page.

The claim's review page shows what a decision would put on the public site: for a published
claim, its pending held edits as word-level differences; for a claim published before and now
back in review, the difference from the version last published; for a new claim, or one last
published in the tracker a case document brought it from, all of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator, capfirst

from tracker import permissions
from tracker.forms import HeldEditDecisionForm, ReviewStepForm
from tracker.models import Claim, Revision, Statement
from tracker.models.held_values import (
    FieldChange,
    LinkedNames,
    changes_between,
    field_values,
    related_ids,
)
from tracker.models.review import HeldEditsRead

from .review import error_text, keep_comment, kept_comment, with_comment_not_recorded
from .views import row_or_404

DECISIONS = {"approve": "Approve", "reject": "Reject"}


@dataclass(frozen=True)
class ReviewEntry:
    """One object on the review page and what changes in it."""

    title: str
    changes: list[FieldChange]
    revision: Revision | None = None
    # Shown as values, not differences: nothing to compare them with.
    plain: bool = False


def everything_in(obj: models.Model, names: LinkedNames) -> list[FieldChange]:
    return changes_between(type(obj), {}, {**field_values(obj), **related_ids(obj)}, names)


def pending_held_edits(claim: Claim) -> list[Revision]:
    """The claim's held edits waiting for review: read once, so that the page shows the
    same ones its decisions name."""
    pending = Revision.objects.pending().of_claim(claim)
    return list(pending.select_related("content_type", "author").with_targets())


def held_entries(revisions: Iterable[Revision], names: LinkedNames) -> list[ReviewEntry]:
    return [
        ReviewEntry(
            f"{capfirst(('new ' if revision.adds_row else '') + revision.content_type.name)}: "
            f"{Truncator(revision.describe_target()).chars(80)} (by {revision.author})",
            revision.changes(names),
            revision,
        )
        for revision in revisions
    ]


def published_version(claim: Claim) -> models.Model | None:
    """The claim as a reviewer last published it, or None where its history does not reach
    back that far: a claim loaded or imported already published has none from before."""
    assert claim.published_at is not None
    published = claim.history.filter(history_date__lte=claim.published_at).first()
    return None if published is None else published.instance


def since_published_entries(
    claim: Claim, published: models.Model, names: LinkedNames
) -> list[ReviewEntry]:
    """The claim and its statements against the version a reviewer last published."""
    assert claim.published_at is not None
    claim_changes = changes_between(Claim, field_values(published), field_values(claim), names)
    entries = [ReviewEntry("Claim", claim_changes)]
    before = {
        s.pk: s for s in Statement.history.as_of(claim.published_at).filter(claim_id=claim.pk)
    }
    for statement in claim.statements.select_related("party"):
        old = before.pop(statement.pk, None)
        title = f"{'Statement' if old else 'New statement'}: {statement.party}"
        values_before = field_values(old) if old is not None else {}
        entries.append(
            ReviewEntry(
                title, changes_between(Statement, values_before, field_values(statement), names)
            )
        )
    for gone in before.values():
        entries.append(
            ReviewEntry(
                f"Removed statement: {gone.party}",
                changes_between(Statement, field_values(gone), {}, names),
            )
        )
    return [entry for entry in entries if entry.changes]


def new_claim_entries(claim: Claim, names: LinkedNames) -> list[ReviewEntry]:
    return [
        ReviewEntry("Claim", everything_in(claim, names), plain=True),
        *(
            ReviewEntry(
                f"Statement: {statement.party}", everything_in(statement, names), plain=True
            )
            for statement in claim.statements.select_related("party")
        ),
    ]


def review_actions(
    request: HttpRequest, claim: Claim, pending: list[Revision]
) -> list[dict[str, Any]]:
    """The decisions the reviewer may take here, each a form with a comment, naming the held
    edits ``pending`` the page shows."""
    read = HeldEditsRead.of(pending)
    if claim.status == Claim.Status.IN_REVIEW:
        initial = {"version": claim.version, "shown": read.shown, "held_version": read.version}
        return [
            {
                "label": step.label,
                "url": url,
                "form": ReviewStepForm(
                    initial={**initial, "comment": kept_comment(request, url)},
                    auto_id=f"id_{step.name}_%s",
                ),
            }
            for step in claim.available_transitions(request.user)
            if step.name in ("publish", "request_changes")
            for url in [reverse("admin:tracker_claim_review", args=[claim.pk, step.name])]
        ]
    if not claim.is_published or not permissions.may_decide_revisions(request.user):
        return []
    if not pending:
        return []
    return decision_actions(
        request,
        asdict(read),
        {
            "approve": ("Publish changes", claim_decision_url(claim, "approve")),
            "reject": ("Request changes", claim_decision_url(claim, "reject")),
        },
    )


def claim_decision_url(claim: Claim, decision: str) -> str:
    return reverse("admin:tracker_claim_review_held", args=[claim.pk, decision])


def decision_actions(
    request: HttpRequest, initial: dict[str, Any], decisions: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """A form for each decision (its label and the address it posts to), with a comment kept
    from a refused decision where there is one."""
    return [
        {
            "label": label,
            "url": url,
            "form": HeldEditDecisionForm(
                initial={**initial, "comment": kept_comment(request, url)},
                auto_id=f"id_{decision}_%s",
            ),
        }
        for decision, (label, url) in decisions.items()
    ]


def claim_review_page(request: HttpRequest, object_id: str, admin_site: AdminSite) -> HttpResponse:
    claim = row_or_404(Claim, object_id)
    if not request.user.has_perm("tracker.view_claim"):
        raise PermissionDenied
    pending = pending_held_edits(claim)
    # The rows every change on the page links to are named together, once it is all listed.
    names = LinkedNames()
    if claim.is_published:
        entries, kind = [], "held"
    elif claim.published_at is None:
        entries, kind = new_claim_entries(claim, names), "new"
    elif (published := published_version(claim)) is not None:
        entries, kind = since_published_entries(claim, published, names), "since_published"
    else:
        entries, kind = new_claim_entries(claim, names), "published_unrecorded"
    # Publishing approves the held edits too (a statement moved onto a new claim is one).
    entries += held_entries(pending, names)
    context = {
        **admin_site.each_context(request),
        "opts": Claim._meta,
        "claim": claim,
        "entries": entries,
        "kind": kind,
        "actions": review_actions(request, claim, pending),
        "title": f"Review: {Truncator(claim.text).chars(60)}",
    }
    return TemplateResponse(request, "admin/tracker/claim/review_page.html", context)


def posted_decision(request: HttpRequest, decision: str) -> HeldEditDecisionForm:
    """The reviewer's decision as posted; a 404 for an unknown one or anything but a POST."""
    if decision not in DECISIONS or request.method != "POST":
        raise Http404("No such decision.")
    return HeldEditDecisionForm(request.POST)


def decide(
    request: HttpRequest, decision: str, revisions: Sequence[Revision], comment: str, done: str
) -> None:
    """Approve or reject the held edits together, all or none, and tell the reviewer which."""
    try:
        with transaction.atomic():
            for revision in revisions:
                if decision == "approve":
                    revision.approve(request.user, comment)
                else:
                    revision.reject(request.user, comment)
    except (PermissionDenied, ValidationError) as error:
        still_pending = Revision.objects.filter(pk__in=[r.pk for r in revisions]).pending()
        if still_pending.count() == len(revisions):
            messages.error(request, error_text(error))
            keep_comment(request, comment)
        else:  # decided meanwhile: no decision form is left to show the comment in
            messages.error(request, with_comment_not_recorded(error_text(error), comment))
    else:
        messages.success(request, done)


def decide_claim_revisions(
    request: HttpRequest, object_id: str, decision: str, admin_site: AdminSite
) -> HttpResponse:
    """Approve or reject, with one comment, every held edit the claim's review page shows."""
    claim = row_or_404(Claim, object_id)
    form = posted_decision(request, decision)
    if not permissions.may_decide_revisions(request.user):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, "The decision was not understood; try again.")
        return redirect("admin:tracker_claim_review_page", claim.pk)
    with transaction.atomic():
        try:
            pending = Revision.objects.pending().of_claim(claim).locked()
        except ValidationError as error:
            messages.error(request, error_text(error))
            keep_comment(request, form.cleaned_data["comment"])
            return redirect("admin:tracker_claim_review_page", claim.pk)
        current = HeldEditsRead.of(pending)
        posted = form.cleaned_data
        if posted["version"] != current.version or (
            posted["shown"] and posted["shown"] != current.shown
        ):
            messages.error(
                request,
                "The held edits changed after you opened this page; read them again.",
            )
            keep_comment(request, posted["comment"])
            return redirect("admin:tracker_claim_review_page", claim.pk)
        done = f"{DECISIONS[decision]}d the claim's held edits."
        decide(request, decision, pending, posted["comment"], done)
    return redirect("admin:tracker_claim_review_page", claim.pk)


def revision_page(request: HttpRequest, object_id: str, admin_site: AdminSite) -> HttpResponse:
    """One held edit: the word-level difference, and the reviewer's two buttons."""
    revision = row_or_404(Revision, object_id)
    may_decide = revision.status == Revision.Status.PENDING and permissions.may_decide_revisions(
        request.user
    )
    context = {
        **admin_site.each_context(request),
        "opts": Revision._meta,
        "revision": revision,
        "changes": revision.changes(),
        "actions": decision_actions(
            request,
            {"version": revision.version},
            {
                decision: (
                    label,
                    reverse("admin:tracker_revision_decide", args=[revision.pk, decision]),
                )
                for decision, label in DECISIONS.items()
            },
        )
        if may_decide
        else [],
        "title": str(revision),
    }
    return TemplateResponse(request, "admin/tracker/revision/revision_page.html", context)


def decide_revision(
    request: HttpRequest, object_id: str, decision: str, admin_site: AdminSite
) -> HttpResponse:
    revision = row_or_404(Revision, object_id)
    form = posted_decision(request, decision)
    page = reverse("admin:tracker_revision_change", args=[revision.pk])
    if not form.is_valid():
        messages.error(request, "The decision was not understood; try again.")
        return redirect(page)
    revision.version = form.cleaned_data["version"]  # decided as read (``locked_pending``)
    done = f"{DECISIONS[decision]}d: {revision}."
    decide(request, decision, [revision], form.cleaned_data["comment"], done)
    return redirect(page)
