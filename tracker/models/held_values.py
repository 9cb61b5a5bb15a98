"""A held edit's values: the fields a researcher proposes values for, read as a JSON column
stores them, the changes between two sets of them as a reviewer reads them, and the party a
proposed new row names."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
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


class LinkedNames:
    """The names of the rows a page's changes link to: each change notes the ids it shows as
    it is made, and each model's are read in one query when the first of them is shown, so a
    page of many changes reads one query per model however many they are."""

    def __init__(self) -> None:
        self.wanted: defaultdict[type[models.Model], set[Any]] = defaultdict(set)
        self.read: defaultdict[type[models.Model], set[Any]] = defaultdict(set)
        self.names: dict[tuple[type[models.Model], Any], str] = {}

    def want(self, model: type[models.Model], ids: Iterable[Any]) -> None:
        self.wanted[model].update(ids)

    def name(self, model: type[models.Model], pk: Any) -> str | None:
        """The row's name, or None if it is gone."""
        if pk not in self.read[model]:
            unread = (self.wanted[model] | {pk}) - self.read[model]
            for row in model._base_manager.filter(pk__in=unread):
                self.names[model, row.pk] = str(row)
            self.read[model] |= unread
        return self.names.get((model, pk))


def linked_model(field: Field[Any, Any]) -> type[models.Model]:
    assert field.related_model is not None and not isinstance(field.related_model, str)
    return field.related_model


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def want_names(names: LinkedNames, field: Field[Any, Any], value: Any) -> None:
    if field.is_relation and not is_empty(value):
        names.want(linked_model(field), value if field.many_to_many else [value])


def linked_name(field: Field[Any, Any], pk: Any, names: LinkedNames) -> str:
    name = names.name(linked_model(field), pk)
    return name if name is not None else f"(deleted #{pk})"


def display_value(field: Field[Any, Any], value: Any, names: LinkedNames) -> str:
    """A stored value as a reviewer reads it: a linked row's name, a choice's label."""
    if is_empty(value):
        return ""
    if field.many_to_many:
        return ", ".join(sorted(linked_name(field, pk, names) for pk in value))
    if field.is_relation:
        return linked_name(field, value, names)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    """One field's change, named as a reviewer reads it once shown (see ``LinkedNames``)."""

    field: Field[Any, Any]
    before_value: Any
    after_value: Any
    names: LinkedNames

    @property
    def label(self) -> str:
        return str(self.field.verbose_name).capitalize()

    @property
    def before(self) -> str:
        return display_value(self.field, self.before_value, self.names)

    @property
    def after(self) -> str:
        return display_value(self.field, self.after_value, self.names)

    @property
    def diff(self) -> SafeString:
        return word_diff(self.before, self.after)


def changes_between(
    model: type[models.Model],
    before: dict[str, Any],
    after: dict[str, Any],
    names: LinkedNames | None = None,
) -> list[FieldChange]:
    """The fields whose values differ, in the model's field order, readable both ways; rows
    they link to are named through ``names``, shared by a page's changes."""
    names = names or LinkedNames()
    changes = []
    for field in [*held_fields(model), *model._meta.many_to_many]:
        key = field.attname if field.attname in after else field.name
        if key not in after or before.get(key) == after[key]:
            continue
        want_names(names, field, before.get(key))
        want_names(names, field, after[key])
        changes.append(FieldChange(field, before.get(key), after[key], names))
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
