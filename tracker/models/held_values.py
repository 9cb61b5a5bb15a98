"""A held edit's values: the fields a researcher proposes values for, read as a JSON column
stores them, the changes between two sets of them as a reviewer reads them, and the party a
proposed new row names."""

from __future__ import annotations

import json
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields import Field
from django.utils.safestring import SafeString

from tracker.diffing import word_diff

if TYPE_CHECKING:
    from .revisions import Revision

# Derived or bookkeeping fields a researcher never proposes a value for.
NOT_PROPOSED = {"version", "search_text"}


def held_fields(model: type[models.Model]) -> list[Field[Any, Any]]:
    """The fields a held edit proposes values for: what a person writes, not what is derived."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NOT_PROPOSED
    ]


def json_safe(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as they read back from a JSON column, so stored and live values compare."""
    loaded: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return loaded


def field_values(obj: models.Model) -> dict[str, Any]:
    """The object's held fields by attname (``party_id``, not ``party``), JSON-safe."""
    return json_safe(
        {field.attname: field.value_from_object(obj) for field in held_fields(type(obj))}
    )


def related_ids(obj: models.Model) -> dict[str, list[int]]:
    """The stored many-to-many links of ``obj``, as sorted ids by field name."""
    if obj.pk is None:
        return {field.name: [] for field in obj._meta.many_to_many}
    return {
        field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
        for field in obj._meta.many_to_many
    }


def display_value(model: type[models.Model], key: str, value: Any) -> str:
    """A stored value as a reviewer reads it: a linked row's name, a choice's label."""
    if value is None or value == "" or value == []:
        return ""
    field = next(
        f
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if key in (f.attname, f.name)
    )
    if field.many_to_many:
        assert field.related_model is not None and not isinstance(field.related_model, str)
        linked = field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(row) for row in linked))
    if field.is_relation:
        assert field.related_model is not None and not isinstance(field.related_model, str)
        row = field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else f"(deleted #{value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def diff(self) -> SafeString:
        return word_diff(self.before, self.after)


def changes_between(
    model: type[models.Model], before: dict[str, Any], after: dict[str, Any]
) -> list[FieldChange]:
    """The fields whose values differ, in the model's field order, readable both ways."""
    changes = []
    for field in [*held_fields(model), *model._meta.many_to_many]:
        key = field.attname if field.attname in after else field.name
        if key not in after or before.get(key) == after[key]:
            continue
        changes.append(
            FieldChange(
                label=str(field.verbose_name).capitalize(),
                before=display_value(model, key, before.get(key)),
                after=display_value(model, key, after[key]),
            )
        )
    return changes


class ProposedParty:
    """The party a proposed new row (a statement, role or outcome) names, which its title
    shows: ``prefetch_related("proposed_party")`` reads those of a list in one query."""

    cache_name = "proposed_party"

    @staticmethod
    def named_id(revision: Revision) -> int | None:
        party_id = revision.proposed.get("party_id") if revision.object_id is None else None
        return party_id if isinstance(party_id, int) else None

    def is_cached(self, revision: Revision) -> bool:
        return self.cache_name in revision._state.fields_cache

    def get_prefetch_querysets(
        self, revisions: list[Revision], querysets: list[models.QuerySet] | None = None
    ) -> tuple[models.QuerySet, Any, Any, bool, str, bool]:
        from .parties import Party

        named = {self.named_id(revision) for revision in revisions} - {None}
        found = (querysets[0] if querysets else Party._base_manager.all()).filter(pk__in=named)
        return found, attrgetter("pk"), self.named_id, True, self.cache_name, False

    def __get__(self, revision: Revision | None, _owner: type | None = None) -> Any:
        if revision is None:
            return self
        if not self.is_cached(revision):
            found, *_ = self.get_prefetch_querysets([revision])
            revision._state.fields_cache[self.cache_name] = found.first()
        return revision._state.fields_cache[self.cache_name]
