"""Who may do what to claims, their statements and notes: the one place the rule lives.

Researchers edit drafts and claims sent back to them; what is in review changes only at a
reviewer's hand, so reviewers publish exactly what they read. A researcher's change to anything
a published claim shows is held for a reviewer (``is_held``) while the public pages keep the
approved version; reviewers' own changes go live at once. The admin's permission hooks, the
views, the commands and any API or import ask these functions rather than repeat the rule.

Notes. Researchers annotate claims and statements alike. An internal note is never shown to
readers and is no part of what a reviewer publishes, so neither reason for closing a claim to
researchers (a reviewer reading it, readers seeing it) applies to it: researchers add and
change internal notes on claims in any state, and they are saved at once, not held ("this
source was later retracted" belongs on a published claim, and a reviewer reading a claim in
review wants to see it). On a claim closed to them they change only the notes they wrote: a
reviewer's note there is part of the claim's review, and stays as the reviewer wrote it.
Public notes appear on the reader site, so they are reviewers' alone: only reviewers write,
change or delete them, or set a note's visibility. Deleting is narrower than writing: a
researcher deletes an internal note only while its claim is open to them, so that what a
reviewer read, or published beside, stays.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model

from . import held_edits
from .models.annotations import Annotation
from .models.claims import Claim, ClaimQuerySet
from .models.parties import Party, PartyAlias
from .models.points import Point
from .models.review import EDIT_PERMISSION, REVIEW_PERMISSION
from .models.revisions import Revision
from .models.sources import Source
from .models.statements import Statement
from .models.tags import Tag

AnyUser = User | AnonymousUser


def may_review(user: AnyUser) -> bool:
    """Whether ``user`` publishes, unpublishes and sends back claims."""
    return user.has_perm(REVIEW_PERMISSION)


def may_see_drafts(user: AnyUser) -> bool:
    """Whether the public site shows ``user`` drafts, and what only drafts use, in place:
    those who review or edit claims, not every staff member."""
    return may_review(user) or user.has_perm(EDIT_PERMISSION)


def may_view_sources(user: AnyUser) -> bool:
    """Whether ``user`` reads sources in the admin (and locates quotes in them)."""
    return user.has_perm("tracker.view_source") or user.has_perm("tracker.change_source")


# An imported case document may hold published claims, so importing one takes a reviewer's
# permission besides the right to add each kind of row it creates; the review steps it records
# are a reviewer's to record, as when taken here.
IMPORT_PERMISSIONS = [
    REVIEW_PERMISSION,
    *(
        f"tracker.add_{name}"
        for name in (
            "annotation",
            "case",
            "caserole",
            "outcome",
            "point",
            "claim",
            "statement",
            "source",
            "party",
            "partyalias",
            "tag",
        )
    ),
]


def may_import_cases(user: AnyUser) -> bool:
    return user.has_perms(IMPORT_PERMISSIONS)


def may_set_note_visibility(user: AnyUser) -> bool:
    return may_review(user)


def may_edit_claim(user: AnyUser, claim: Claim | None) -> bool:
    """Whether the claim's review state lets ``user`` change it and its statements (its notes
    follow ``may_edit_annotation``).

    ``None`` stands for a claim not yet written, which anyone with the model permission adds.
    A researcher's change to a published claim is allowed but held (see ``is_held``).
    """
    return claim is None or claim.is_open_to_researchers or claim.is_published or may_review(user)


def is_held(user: AnyUser, obj: Model) -> bool:
    """Whether ``user``'s change to ``obj`` waits for a reviewer instead of going live: it
    does for a researcher's change to anything a published claim shows."""
    return not may_review(user) and held_edits.shown_before_or_after(obj)


def may_decide_revisions(user: AnyUser) -> bool:
    """Whether ``user`` approves or rejects held edits."""
    return may_review(user)


def may_edit_point(user: AnyUser, point: Point | None) -> bool:
    """Researchers change a point only while none of its versions is in review or published,
    so that a reviewer's published versions keep the question they were published under."""
    return point is None or point._state.adding or may_review(user) or point.is_open_to_researchers


def may_edit_statement(user: AnyUser, statement: Statement | None) -> bool:
    return may_edit_claim(user, statement.claim if statement is not None else None)


def may_edit_annotation(user: AnyUser, annotation: Annotation | None) -> bool:
    """Researchers add and change internal notes, on claims in any state, but on one closed
    to them only their own; public notes are reviewers' (see the module's docstring)."""
    if annotation is None or may_review(user):
        return True
    if annotation.visibility != Annotation.Visibility.INTERNAL:
        return False
    return (
        annotation._state.adding
        or annotation.author_id == user.pk
        or annotation.on_claim.is_open_to_researchers
    )


def may_move_annotation(user: AnyUser, stored: Annotation) -> bool:
    """Whether ``user`` may move the stored note to another claim or statement: a researcher
    does not take one off a claim closed to them, which would delete it there."""
    return may_review(user) or stored.on_claim.is_open_to_researchers


def claims_open_to(user: AnyUser) -> ClaimQuerySet:
    """The claims ``user`` may attach statements to."""
    return Claim.objects.all() if may_review(user) else Claim.objects.open_to_researchers()


def claims_editable_by(user: AnyUser) -> ClaimQuerySet:
    """The claims ``user`` may put a statement on in the admin: those open to them and, held
    for a reviewer, published ones."""
    if may_review(user):
        return Claim.objects.all()
    return Claim.objects.filter(status__in=[*Claim.OPEN_TO_RESEARCHERS, Claim.Status.PUBLISHED])


def may_edit(user: AnyUser, obj: Claim | Statement | Annotation | Point) -> bool:
    """The whole check for a change made outside the admin: model permission and review state."""
    action = "add" if obj._state.adding else "change"
    if not user.has_perm(f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"):
        return False
    if isinstance(obj, Annotation):
        return may_edit_annotation(user, obj)
    if isinstance(obj, Statement):
        return may_edit_statement(user, obj)
    if isinstance(obj, Point):
        return may_edit_point(user, obj)
    return may_edit_claim(user, obj)


def save_as(user: AnyUser, obj: Claim | Statement | Annotation | Point) -> Revision | None:
    """Check ``obj`` and save it on ``user``'s behalf, refusing what the edit policy forbids,
    or hold it for a reviewer (returning the held edit) where the policy says so.

    Both the stored row and the changed copy must be open to ``user``: a statement is neither
    edited on a claim in review nor moved onto one.
    """
    stored = None if obj._state.adding else type(obj)._base_manager.get(pk=obj.pk)
    if not may_edit(user, obj) or (stored is not None and not may_edit(user, stored)):
        raise PermissionDenied(f"You may not change this {obj._meta.verbose_name} now.")
    if isinstance(stored, Annotation) and isinstance(obj, Annotation):
        moved = (obj.claim_id, obj.statement_id) != (stored.claim_id, stored.statement_id)
        if moved and not may_move_annotation(user, stored):
            raise PermissionDenied("A note on a claim in review or published stays on it.")
    obj.full_clean()
    if is_held(user, obj):
        assert isinstance(user, User), "may_edit lets only signed-in users change anything"
        return held_edits.hold(user, obj)
    obj.save()
    return None


def created_by(user: AnyUser, obj: Model) -> bool:
    """Whether ``user`` created ``obj``, as its history records (False where none is kept)."""
    history = getattr(type(obj), "history", None)
    if user.pk is None or history is None:
        return False
    created = history.filter(id=obj.pk, history_type="+")
    return bool(created.values_list("history_user_id", flat=True).first() == user.pk)


def ever_published(claim: Claim) -> bool:
    return claim.published_at is not None or claim.status in (
        Claim.Status.PUBLISHED,
        Claim.Status.UNPUBLISHED,
    )


def claim_deletion_refusal(user: AnyUser, claim: Claim) -> str | None:
    if ever_published(claim):
        return "A claim that has been published is never deleted; a reviewer unpublishes it."
    if claim.status != Claim.Status.DRAFT or claim.review_transitions.exists():
        return "A claim that has been in review keeps its review record; change it instead."
    return None


def statement_deletion_refusal(user: AnyUser, statement: Statement) -> str | None:
    if not may_delete_statements_of(user, statement.claim):
        return "A statement of a claim that has been published, or is in review, is not deleted."
    return None


def may_delete_statements_of(user: AnyUser, claim: Claim) -> bool:
    """Whether any statement of ``claim`` may go: the claim's part of each one's check."""
    return not ever_published(claim) and may_edit_claim(user, claim)


def annotation_deletion_refusal(user: AnyUser, annotation: Annotation) -> str | None:
    if not may_edit_annotation(user, annotation) or not (
        may_review(user) or annotation.on_claim.is_open_to_researchers
    ):
        return "Only a reviewer deletes a public note, or a note on a claim in review or published."
    public = annotation.visibility == Annotation.Visibility.PUBLIC
    if public and ever_published(annotation.on_claim):
        return "A public note of a published claim is never deleted; a reviewer makes it internal."
    return None


def unused_deletion_refusal(user: AnyUser, obj: Source | Party | Tag) -> str | None:
    if type(obj).objects.published().filter(pk=obj.pk).exists():
        return f"This {obj._meta.verbose_name} is on the public site, so it is never deleted."
    if isinstance(obj, Tag) and obj.claims.exists():
        return "Claims carry this tag; take it off them first."
    return None


def deletion_refusal(user: AnyUser, obj: Model) -> str | None:
    """Why ``user`` may not delete ``obj``, or None if they may.

    What readers have seen is never deleted, only unpublished; what a reviewer is reading is
    not deleted under them. Researchers delete only what they created, while it is a draft
    (reviewers, any draft); rows something else still points to are kept by PROTECT.
    """
    refusal: str | None = None
    if held_edits.pending_edits_naming(obj):
        refusal = (
            f"A held edit waiting for a reviewer uses this {obj._meta.verbose_name}; it is "
            "kept until a reviewer has approved or rejected that edit."
        )
    elif isinstance(obj, Claim):
        refusal = claim_deletion_refusal(user, obj)
    elif isinstance(obj, Statement):
        refusal = statement_deletion_refusal(user, obj)
    elif isinstance(obj, Annotation):
        refusal = annotation_deletion_refusal(user, obj)
    elif isinstance(obj, PartyAlias):
        return deletion_refusal(user, obj.party)
    elif isinstance(obj, Source | Party | Tag):
        refusal = unused_deletion_refusal(user, obj)
    if refusal is None and not may_review(user) and not created_by(user, obj):
        refusal = f"Only a reviewer, or whoever created it, deletes this {obj._meta.verbose_name}."
    return refusal


def may_delete(user: AnyUser, obj: Model | None) -> bool:
    """The edit policy's part of a deletion; the model permission is asked besides."""
    return obj is None or deletion_refusal(user, obj) is None
