from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields import Field


class StaleEditError(ValidationError):
    """Someone else saved the row after this copy of it was loaded."""


class Versioned(models.Model):
    """Optimistic locking: a save succeeds only if the row still has the version it was read at.

    Forms carry ``version`` as a hidden field, so a second person who opened the same row
    before the first one saved is refused instead of silently overwriting the first change.
    """

    version = models.PositiveIntegerField(
        default=0, help_text="Raised by every save; a save from an older version is refused."
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._expected_version = None if self._state.adding else self.version
        if not self._state.adding:
            self.version += 1
        try:
            super().save(*args, **kwargs)
        except StaleEditError:
            if self._expected_version is not None:
                self.version = self._expected_version
            raise

    def _do_update(
        self,
        base_qs: models.QuerySet[Self],
        using: str | None,
        pk_val: Any,
        values: Collection[tuple[Field[Any, Any], type[models.Model] | None, Any]],
        update_fields: Iterable[str] | None,
        forced_update: bool,
    ) -> bool:
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        guarded = base_qs.filter(version=expected)
        if super()._do_update(guarded, using, pk_val, values, update_fields, forced_update):
            return True
        current = base_qs.filter(pk=pk_val).values_list("version", flat=True).first()
        self.version = expected
        if current is None:
            # Deleted since it was read: Django would insert it again, undoing the deletion.
            raise StaleEditError(self.deleted_message())
        raise StaleEditError(self.stale_message(current))

    def stale_message(self, current_version: int) -> str:
        name = self._meta.verbose_name
        return (
            f"Someone else changed this {name} after you opened it (you had version "
            f"{self.version}, it is now at version {current_version}). Your changes were not "
            f"saved; reload the page to see theirs, then make your changes again."
        )

    def deleted_message(self) -> str:
        return (
            f"Someone else deleted this {self._meta.verbose_name} after you opened it. Your "
            f"changes were not saved; reload the page to see what is left."
        )

    def check_version(self) -> None:
        if self._state.adding or self.pk is None:
            return
        versions = type(self)._base_manager.filter(pk=self.pk).values_list("version", flat=True)
        current = versions.first()
        if current is not None and current != self.version:
            raise StaleEditError(self.stale_message(current))

    def clean(self) -> None:
        super().clean()
        self.check_version()
