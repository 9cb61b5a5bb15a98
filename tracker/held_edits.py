"""What a published claim shows, and holding a researcher's change to it for a reviewer.

Whether a change is held is asked of ``tracker.permissions.is_held``; the admin and ``save_as``
both call ``hold`` for it, so a held edit is recorded the same way from every door.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from .models.annotations import Annotation
from .models.cases import Case, CaseRole, Outcome
from .models.claims import Claim
from .models.held_locking import lock_rows_named
from .models.held_values import field_values, held_fields, related_ids
from .models.parties import Party, PartyAlias
from .models.revisions import Revision
from .models.sources import Source
from .models.statements import Statement
from .models.tags import Tag
from .models.versioning import StaleEditError, Versioned

# The models readers see through a published claim: edits to these may be held.
HELD_MODELS = (
    Claim,
    Statement,
    Party,
    PartyAlias,
    Source,
    Tag,
    Case,
    CaseRole,
    Outcome,
    Annotation,
)


def published_cases() -> models.QuerySet[Case]:
    return Case.objects.published()


def party_shown(party_id: int | None) -> bool:
    """Public by ``Party.objects.published()``, or named in a role on a public case's page."""
    if party_id is None:
        return False
    return (
        Party.objects.published().filter(pk=party_id).exists()
        or published_cases().filter(roles__party_id=party_id).exists()
    )


def claim_shown(claim_id: int | None) -> bool:
    return claim_id is not None and Claim.objects.published().filter(pk=claim_id).exists()


def shown_publicly(obj: models.Model) -> bool:
    """Whether ``obj``, with the values it has now, appears on a public page through a
    published claim (for a statement, alias or note: whether it would once saved)."""
    if isinstance(obj, Claim):
        return claim_shown(obj.pk)
    if isinstance(obj, Statement):
        return claim_shown(obj.claim_id)
    if isinstance(obj, Annotation):
        return obj.visibility == Annotation.Visibility.PUBLIC and claim_shown(obj.on_claim.pk)
    if isinstance(obj, Party):
        return party_shown(obj.pk)
    if isinstance(obj, PartyAlias):
        return party_shown(obj.party_id)
    if isinstance(obj, Source | Tag | Case):
        return obj.pk is not None and type(obj).objects.published().filter(pk=obj.pk).exists()
    if isinstance(obj, CaseRole | Outcome):
        return published_cases().filter(pk=obj.case_id).exists()
    return False


def shown_before_or_after(obj: models.Model) -> bool:
    """Whether the stored row is shown now, or the changed copy would be once saved: a
    statement moved onto a published claim is held as much as one edited on it."""
    if obj.pk is not None and not obj._state.adding:
        stored = type(obj)._base_manager.filter(pk=obj.pk).first()
        if stored is not None and shown_publicly(stored):
            return True
    return shown_publicly(obj)


def pending_edits_naming(obj: models.Model) -> list[Revision]:
    """The pending held edits whose proposed values link to ``obj`` (a new statement's
    source, a claim's new tag): approving them needs it still there."""
    links: dict[type[models.Model], list[str]] = {
        held_model: [
            field.name if field.many_to_many else field.attname
            for field in [*held_fields(held_model), *held_model._meta.many_to_many]
            if field.related_model is obj._meta.concrete_model
        ]
        for held_model in HELD_MODELS
    }
    linking = {
        content_type.pk: links[held_model]
        for held_model, content_type in ContentType.objects.get_for_models(
            *(held_model for held_model, names in links.items() if names)
        ).items()
    }
    return [
        revision
        for revision in Revision.objects.pending().filter(content_type__in=linking)
        if any(
            value == obj.pk or (isinstance(value, list) and obj.pk in value)
            for value in map(revision.proposed.get, linking[revision.content_type_id])
        )
    ]


def claim_of(obj: models.Model) -> Claim | None:
    """The claim whose review page lists a change to ``obj``, if it belongs to one."""
    if isinstance(obj, Claim):
        return obj
    if isinstance(obj, Statement):
        return obj.claim
    if isinstance(obj, Annotation):
        return obj.on_claim
    return None


def hold(
    author: User,
    obj: models.Model,
    related: dict[str, list[int]] | None = None,
    opened_on: OpenedOn | None = None,
) -> Revision | None:
    """Record ``obj``'s unsaved values (and ``related`` many-to-many ids) as a change for a
    reviewer, leaving the stored row as it is.

    The author's own pending change to the same object is updated, provided it is the one
    their form was opened on (``opened_on``), as it was then (None: the form showed none, so
    it was opened before that change was made); another author's pending change is never
    overwritten. A form opened on a change decided since is refused, saying so
    (``HeldEditDecided``). Nothing is recorded (``None``) for a save that changes nothing
    and has no pending edit of the author's to update.
    """
    claim = claim_of(obj)
    if obj._state.adding or obj.pk is None:
        proposed = {**field_values(obj), **(related or {})}
        with transaction.atomic():
            lock_rows_named(obj, proposed)
            return Revision.objects.create(
                content_type=content_type_of(obj),
                adds_row=True,
                claim=claim,
                proposed=proposed,
                author=author,
            )
    with transaction.atomic():
        pending = locked_pending_edit(obj, claim)
        if opened_on is not None and (pending is None or pending.pk != opened_on.revision_id):
            raise no_longer_pending(author, obj, opened_on)
        stored = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        if isinstance(obj, Versioned) and obj.version != getattr(stored, "version", None):
            # Saved by someone else after the form checked it: their values would be taken
            # for the author's, and proposed back.
            raise StaleEditError(obj.stale_message(getattr(stored, "version", 0)))
        before = {**field_values(stored), **related_ids(stored)}
        after = {**field_values(obj), **(related or {})}
        changed = [name for name, value in after.items() if before.get(name) != value]
        proposed = {name: after[name] for name in changed}
        base = {name: before.get(name) for name in changed}
        if not proposed and (pending is None or pending.author_id != author.pk):
            # Nothing of theirs to propose or revise (a page saved for a note on it): another
            # author's pending change is no reason to refuse it.
            return None
        lock_rows_named(obj, proposed)
        if pending is not None:
            return update_pending(pending, author, claim, proposed, base, opened_on)
        try:
            with transaction.atomic():
                return Revision.objects.create(
                    content_type=content_type_of(obj),
                    object_id=obj.pk,
                    claim=claim,
                    proposed=proposed,
                    base=base,
                    author=author,
                )
        except IntegrityError:
            raise StaleEditError(ANOTHER_AUTHOR_PENDING) from None


@dataclass(frozen=True)
class OpenedOn:
    """The author's pending held edit a form was opened on, and its version then."""

    revision_id: int
    version: int


class HeldEditDecided(StaleEditError):
    """The author's pending held edit a form was opened on was decided since: the author is
    told how before anything is saved, and may save the form again to propose it anew (once
    approved: to propose what else they typed)."""

    def __init__(
        self, decided: Revision, obj: models.Model, published_version: int | None = None
    ) -> None:
        # For an approved edit, the version the approval published (``approved_since_opened``).
        self.revision_id, self.published_version = decided.pk, published_version
        said = f"with the comment “{decided.comment}”" if decided.comment else "without a comment"
        told = (
            f"While you had this form open, {decided.reviewer or 'a reviewer'} "
            f"{decided.get_status_display().lower()} your earlier change to this "
            f"{obj._meta.verbose_name}, {said}"
        )
        if decided.status == Revision.Status.APPROVED:
            published = "; ".join(f"{c.label}: “{c.after}”" for c in decided.changes())
            told += (
                f": it is published now ({published}). Nothing was saved, and your form is kept "
                "as you typed it: save again to propose what else you typed as a new change."
            )
        else:
            told += (
                ". Nothing was saved, and your form is kept as you typed it: save again to "
                "propose it anew."
            )
        super().__init__(told)


def approved_since_opened(
    author: User, obj: Versioned, opened_on: OpenedOn, version: int | None
) -> Revision | None:
    """The author's held edit of ``obj`` that a form opened at ``version`` was opened on, if a
    reviewer has approved it since and that approval is the only save of ``obj`` since (one
    more version: it was pending when the form opened). The form then shows what is published
    now already, as the author proposed it, and needs only the new version."""
    if version is None or obj.version != version + 1:
        return None
    approved = Revision.objects.of(obj).filter(
        pk=opened_on.revision_id, author=author, status=Revision.Status.APPROVED
    )
    return approved.select_related("reviewer", "content_type").first()


NOT_OPENED_ON = (
    "This form names a held edit it was not opened on (the page may have been altered). "
    "Nothing was saved; reload the page, then make your changes again."
)


def no_longer_pending(author: User, obj: models.Model, opened_on: OpenedOn) -> StaleEditError:
    """Why a form opened on ``opened_on``, which is no longer ``obj``'s pending held edit, is
    refused: it was decided, or it never was the author's held edit of ``obj``."""
    decided = (
        Revision.objects.of(obj)
        .filter(pk=opened_on.revision_id, author=author)
        .exclude(status=Revision.Status.PENDING)
        .select_related("reviewer")
        .first()
    )
    if decided is None:
        return StaleEditError(NOT_OPENED_ON)
    if decided.status != Revision.Status.APPROVED or not isinstance(obj, Versioned):
        return HeldEditDecided(decided, obj)
    # Approved after the form was checked: only if that is the one save since is the form,
    # as typed, the author's to build on.
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    if stored is None:
        return StaleEditError(obj.deleted_message())
    if approved_since_opened(author, stored, opened_on, obj.version) is None:
        return StaleEditError(obj.stale_message(stored.version))
    return HeldEditDecided(decided, obj, stored.version)


def locked_pending_edit(obj: models.Model, claim: Claim | None) -> Revision | None:
    """``obj``'s pending held edit, if any, locked with all those a save of its page may revise
    (``saved_with``), before ``obj``'s row, as a decision takes them (``in_lock_order``)."""
    kind = content_type_of(obj)
    locked = Revision.objects.pending().saved_with(obj, claim).in_lock_order()
    return next((r for r in locked if (r.content_type_id, r.object_id) == (kind.pk, obj.pk)), None)


ANOTHER_AUTHOR_PENDING = (
    "Someone else's change to this is already waiting for a reviewer, and yours would "
    "overwrite it. Your changes were not saved; keep them, and make them again once a reviewer "
    "has approved or rejected the pending one."
)


def update_pending(
    pending: Revision,
    author: User,
    claim: Claim | None,
    proposed: dict[str, Any],
    base: dict[str, Any],
    opened_on: OpenedOn | None,
) -> Revision:
    if pending.author_id != author.pk:
        raise StaleEditError(ANOTHER_AUTHOR_PENDING)
    # None: the form was opened before this pending edit was made, in another window.
    if opened_on is None or opened_on.version != pending.version:
        raise StaleEditError(
            "You changed your pending edit in another window after opening this one. Your "
            "changes were not saved; reload the page to see the pending edit, then make them again."
        )
    claim_id = None if claim is None else claim.pk
    if (pending.claim_id, pending.proposed, pending.base) == (claim_id, proposed, base):
        # Proposed again as it stands (a page saved with its other rows): a reviewer who
        # opened it decides it still.
        return pending
    # The claim too: a statement moved onto another claim, or back, is that claim's to review.
    pending.claim, pending.proposed, pending.base = claim, proposed, base
    pending.version += 1
    pending.save()
    return pending


def content_type_of(obj: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(obj)


def pending_revision(obj: models.Model | None) -> Revision | None:
    if obj is None or obj.pk is None:
        return None
    return Revision.objects.pending().of(obj).select_related("author").first()


def pending_initial(revision: Revision | None, author: Any, obj: models.Model) -> dict[str, Any]:
    """Form initial values showing ``author`` their own pending change to ``obj``, so that
    editing it again starts from what they proposed rather than from the published row."""
    if revision is None or revision.author_id != author.pk:
        return {}
    initial: dict[str, Any] = {}
    for field in [*obj._meta.concrete_fields, *obj._meta.many_to_many]:
        key = field.attname if hasattr(field, "attname") else field.name
        if key in revision.proposed:
            initial[field.name] = revision.proposed[key]
        elif field.name in revision.proposed:
            initial[field.name] = revision.proposed[field.name]
    return initial
