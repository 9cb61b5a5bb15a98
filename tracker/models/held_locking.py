"""The rows a transaction locks after the held edits (``RevisionQuerySet.in_lock_order``):
claims first, in key order, then the other kinds, each in key order. A statement's save
touches its claim (``Statement.touch_claim``), so the claims of the statements a transaction
writes are among the claims it locks first; so does a deletion (``lock_for_deletion``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models

from .claims import Claim
from .versioning import StaleEditError

if TYPE_CHECKING:
    from .revisions import Revision

MOVED_WHILE_DECIDED = (
    "A statement a held edit changes was moved to another claim while the edit was being "
    "decided. Nothing was decided; read it again, then decide."
)


def lock_claims(claim_ids: Iterable[int | None]) -> set[int]:
    """Lock these claims' rows until the transaction ends, in key order, as updating them
    does (FOR NO KEY UPDATE: a statement added to one meanwhile still checks its key), and
    return their keys."""
    keys = sorted({pk for pk in claim_ids if pk is not None})
    rows = Claim._base_manager.select_for_update(no_key=True).filter(pk__in=keys).order_by("pk")
    return set(rows.values_list("pk", flat=True)) if keys else set()


def moved_while_deleted(model: type[models.Model]) -> str:
    return (
        f"A {model._meta.verbose_name} chosen for deletion was moved to another claim while the "
        f"deletion was being made. Nothing was deleted; choose the "
        f"{model._meta.verbose_name_plural} again, then delete them."
    )


def claims_holding(model: type[models.Model], keys: list[Any]) -> set[int]:
    """The claims that the rows of ``model`` keyed ``keys`` belong to, whose review state
    decides who may delete them: a statement's (which deleting it touches, too), and a note's
    (directly or through its statement)."""
    from .annotations import Annotation
    from .statements import Statement

    rows = model._base_manager.filter(pk__in=keys)
    if model is Statement:
        claim_ids = list(rows.values_list("claim_id", flat=True))
    elif model is Annotation:
        claim_ids = [
            pk for pair in rows.values_list("claim_id", "statement__claim_id") for pk in pair
        ]
    else:
        claim_ids = []
    return {pk for pk in claim_ids if pk is not None}


def lock_for_deletion(model: type[models.Model], keys: Iterable[Any]) -> list[models.Model]:
    """Lock the rows of ``model`` keyed ``keys`` for their deletion, and return them as read
    under the lock: the claims they belong to first (``claims_holding``), in key order, then
    the rows, in key order (a claim deleted is one of the rows), as every transaction takes
    its locks (``RevisionQuerySet.in_lock_order``). What the edit policy reads to let a row
    be deleted then stays as read until the deletion is made. A row moved meanwhile to a
    claim not locked is refused (StaleEditError), nothing deleted."""
    keys = sorted(set(keys))
    claims_locked = lock_claims(claims_holding(model, keys))
    rows = model._base_manager.select_for_update().filter(pk__in=keys).order_by("pk")
    locked = list(rows)
    if not claims_holding(model, keys) <= claims_locked:
        raise StaleEditError(moved_while_deleted(model))
    return locked


def lock_rows_changed(revisions: list[Revision]) -> None:
    """Lock the rows ``revisions`` change, after them (``in_lock_order``): claims first (the
    statements' too, which approving a statement touches), then the other kinds, each in key
    order. Each held edit's ``target`` is its row read under that lock, so that what
    approving it checks is what it writes over."""
    from .revisions import Revision
    from .statements import Statement

    by_kind: dict[type[models.Model], list[Revision]] = defaultdict(list)
    for revision in revisions:
        model = revision.content_type.model_class()
        if model is not None:
            by_kind[model].append(revision)
    changed = {
        model: [r.object_id for r in held if r.object_id is not None]
        for model, held in by_kind.items()
    }
    statements = by_kind.get(Statement, [])
    stored_claims = Statement._base_manager.filter(pk__in=changed.get(Statement, []))
    claims_locked = lock_claims(
        [
            *changed.get(Claim, []),
            *stored_claims.values_list("claim_id", flat=True),
            *(r.proposed.get("claim_id") for r in statements),
        ]
    )
    target = Revision._meta.get_field("target")
    assert isinstance(target, GenericForeignKey)
    for model in sorted(by_kind, key=lambda kind: (kind is not Claim, kind._meta.label)):
        rows = model._base_manager.select_for_update().filter(pk__in=changed[model]).order_by("pk")
        locked = {row.pk: row for row in rows}
        claims_now = {row.claim_id for row in locked.values() if isinstance(row, Statement)}
        if not claims_now <= claims_locked:
            raise StaleEditError(MOVED_WHILE_DECIDED)
        for revision in by_kind[model]:
            target.set_cached_value(revision, locked.get(revision.object_id))


def sources_of(revisions: list[Revision]) -> tuple[set[int], set[int]]:
    """The sources whose text approving ``revisions`` changes, and those their quotes stand in."""
    from .sources import Source

    changing = {r.object_id for r in revisions if r.content_type.model_class() is Source}
    quoted = {pk for revision in revisions for pk in revision.quoted_source_ids()}
    return {pk for pk in changing if pk is not None}, quoted
