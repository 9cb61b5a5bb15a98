"""Case- and accent-insensitive text search that behaves the same on SQLite and PostgreSQL.

Neither database folds accents or non-ASCII case the same way, so each searched model keeps a
normalised copy of its searchable words in ``search_text``, and queries are normalised the same
way before a plain ``contains`` lookup.
"""

import unicodedata
from typing import Any

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver


def normalise_for_search(text: str | None) -> str:
    """``text`` casefolded, with accents and control characters (NUL included) removed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(
        character
        for character in decomposed
        if not unicodedata.combining(character) and unicodedata.category(character) != "Cc"
    )
    return " ".join(kept.casefold().split())


class Searchable(models.Model):
    """A model whose ``searchable_parts()`` are kept normalised in ``search_text``."""

    search_text = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Normalised words the reader site searches; maintained on save.",
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # pre_save refreshes search_text; a partial save must write it too.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def searchable_parts(self) -> list[str]:
        raise NotImplementedError

    def refresh_search_text(self) -> None:
        self.search_text = normalise_for_search(" ".join(filter(None, self.searchable_parts())))


@receiver(pre_save)
def refresh_search_text(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    # A signal rather than save() alone, because loaddata saves raw and skips save().
    if isinstance(instance, Searchable):
        instance.refresh_search_text()
