"""List filters for relations with thousands of rows (parties, points)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db.models import Field
from django.http import HttpRequest

from .views import as_key

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class ChosenOnlyFilter(admin.RelatedFieldListFilter):
    """A related filter that links only the value already chosen, as a link from a party's
    page gives it, and "All": listing every party would be thousands of links. Researchers
    find a party's rows by searching its name."""

    def field_choices(
        self, field: Field[Any, Any], request: HttpRequest, model_admin: ModelAdmin[Any]
    ) -> list[tuple[str, _StrOrPromise]]:
        # The values come from the address: a key's digits, or anything a hand typed there,
        # which the changelist itself refuses as a wrong lookup.
        keys = [key for key in map(as_key, self.lookup_val or []) if key is not None]
        if not keys:
            return []
        related = field.related_model._default_manager  # type: ignore[union-attr]
        return [(str(row.pk), str(row)) for row in related.filter(pk__in=keys)]

    def has_output(self) -> bool:
        # Shown, and applied, even with the one value chosen; the base class drops a filter
        # with fewer than two choices.
        return True
