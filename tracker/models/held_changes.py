"""What a held edit changes, field by field, as a reviewer reads it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.safestring import SafeString

from tracker.diffing import word_diff

from .revisions import held_fields


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
