"""The rows a transaction locks after the held edits (``RevisionQuerySet.in_lock_order``):
claims first, in key order, then the other kinds, each in key order. A statement's save
touches its claim (``Statement.touch_claim``), so the claims of the statements a transaction
writes are among the claims it locks first; so does a deletion (``lock_for_deletion``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import connections, models

from .claims import Claim
from .held_values import held_fields
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


def lock_rows_named(obj: models.Model, proposed: dict[str, Any]) -> None:
    """Lock the rows that ``proposed``, a held edit's values for ``obj``, link to (a new
    statement's party and source, a claim's tags) until the transaction ends, as saving the
    values would (FOR KEY SHARE, the lock a foreign key's check takes): a deletion of one
    waits for the held edit, then finds it (``pending_edits_naming``) and is refused. One
    deleted before the held edit took its lock refuses the held edit (StaleEditError)."""
    named: dict[type[models.Model], set[Any]] = defaultdict(set)
    for field in [*held_fields(type(obj)), *obj._meta.many_to_many]:
        value = proposed.get(field.name if field.many_to_many else field.attname)
        related = field.related_model
        if isinstance(related, type) and value is not None:
            named[related].update(value if field.many_to_many else [value])
    for model in sorted(named, key=lambda kind: (kind is not Claim, kind._meta.label)):
        gone = sorted(named[model] - key_shared(model, named[model]))
        if gone:
            raise StaleEditError(deleted_while_editing(obj, model, gone[0]))


def key_shared(model: type[models.Model], keys: set[Any]) -> set[Any]:
    """Those of ``keys`` whose rows of ``model`` are there, each locked against its deletion
    until the transaction ends (SQLite's transaction holds the whole database)."""
    rows = model._base_manager.filter(pk__in=keys).order_by("pk").values_list("pk", flat=True)
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return set(rows)
    sql, params = rows.query.get_compiler(rows.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} FOR KEY SHARE", params)
        return {pk for (pk,) in cursor.fetchall()}


def deleted_while_editing(obj: models.Model, model: type[models.Model], pk: Any) -> str:
    """Why a held edit of ``obj`` naming the row of ``model`` keyed ``pk``, deleted since its
    form was checked, is refused: named as the form read it, where it did."""
    cached = [
        row
        for field in obj._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and field.related_model is model
        and (row := field.get_cached_value(obj, None))
    ]
    name = next((f"“{row}”" for row in cached if row.pk == pk), f"#{pk}")
    kind = model._meta.verbose_name
    return (
        f"The {kind} {name} this names was deleted while you were making this change. Nothing "
        f"was saved, and your form is kept as you typed it: choose another {kind}, then save "
        "again."
    )


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
