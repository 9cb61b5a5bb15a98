"""Telling researchers what a reviewer decided, by email, once the decision is committed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

if TYPE_CHECKING:
    from .models import Claim, ReviewTransition, Revision


def claim_authors(claim: Claim) -> list[User]:
    """Who wrote the claim: users in the history of the claim and of its statements, and the
    authors of changes proposed to it, who have an email address."""
    from .models import Claim, Statement

    wrote_claim = Claim.history.filter(id=claim.pk).values("history_user_id")
    wrote_statement = Statement.history.filter(claim_id=claim.pk).values("history_user_id")
    return list(
        User.objects.filter(
            Q(pk__in=wrote_claim) | Q(pk__in=wrote_statement) | Q(revisions__claim=claim)
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def one_line(text: str, limit: int = 80) -> str:
    """``text`` fit for a subject line: an email header has no line breaks."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def send_on_commit(subject: str, body: str, recipients: list[User], actor: User) -> None:
    addresses = sorted({user.email for user in recipients if user.email and user.pk != actor.pk})
    if not addresses:
        return
    transaction.on_commit(lambda: send_mail(subject, body, None, addresses))


def notify_review_step(step: ReviewTransition) -> None:
    """Tell the claim's authors it was published or sent back, with the reviewer's comment."""
    from .models import Claim

    if step.to_status not in (Claim.Status.PUBLISHED, Claim.Status.CHANGES_REQUESTED):
        return
    claim = step.claim
    subject = f"{step.to_status_label}: “{one_line(claim.text)}”"
    body = (
        f"{step.actor} marked the claim “{claim.text}” as {step.to_status_label.lower()}.\n\n"
        f"Reviewer's comment: {step.comment or '(none)'}\n"
    )
    send_on_commit(subject, body, claim_authors(claim), step.actor)


def notify_revision_decided(revision: Revision) -> None:
    """Tell the author of a held edit (and the claim's authors) whether it was approved."""
    assert revision.reviewer is not None, "a decided edit has a reviewer"
    decision = revision.get_status_display().lower()
    subject = f"Your change was {decision}: {one_line(revision.describe_target())}"
    on_claim = f" on the claim “{revision.claim.text}”" if revision.claim else ""
    body = (
        f"{revision.reviewer} {decision} {revision.author}'s change to "
        f"{revision.content_type.name} “{revision.describe_target()}”{on_claim}.\n\n"
        f"Reviewer's comment: {revision.comment or '(none)'}\n"
    )
    recipients = [revision.author, *(claim_authors(revision.claim) if revision.claim else [])]
    send_on_commit(subject, body, recipients, revision.reviewer)
