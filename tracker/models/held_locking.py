"""The rows a decision on held edits locks after the held edits themselves
(``RevisionQuerySet.locked``), in the one order every transaction takes its locks."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models

from .claims import Claim

if TYPE_CHECKING:
    from .revisions import Revision


def lock_rows_changed(revisions: list[Revision]) -> None:
    """Lock the rows ``revisions`` change, after them (``in_lock_order``): claims first, then
    the other kinds, each in key order. Each held edit's ``target`` is its row read under
    that lock, so that what approving it checks is what it writes over."""
    by_kind: dict[type[models.Model], list[Revision]] = defaultdict(list)
    for revision in revisions:
        model = revision.content_type.model_class()
        if revision.object_id is not None and model is not None:
            by_kind[model].append(revision)
    from .revisions import Revision

    target = Revision._meta.get_field("target")
    assert isinstance(target, GenericForeignKey)
    for model in sorted(by_kind, key=lambda kind: (kind is not Claim, kind._meta.label)):
        changed = [revision.object_id for revision in by_kind[model]]
        rows = model._base_manager.select_for_update().filter(pk__in=changed).order_by("pk")
        locked = {row.pk: row for row in rows}
        for revision in by_kind[model]:
            target.set_cached_value(revision, locked.get(revision.object_id))


def sources_of(revisions: list[Revision]) -> tuple[set[int], set[int]]:
    """The sources whose text approving ``revisions`` changes, and those their quotes stand in."""
    from .sources import Source

    changing = {r.object_id for r in revisions if r.content_type.model_class() is Source}
    quoted = {pk for revision in revisions for pk in revision.quoted_source_ids()}
    return {pk for pk in changing if pk is not None}, quoted
