"""Slugs for new rows beside the ones a database holds."""

from __future__ import annotations

from django.db import models


def free_slug(model: type[models.Model], base: str) -> str:
    """``base``, or else the first of ``base-2``, ``base-3`` … that no row of ``model`` has."""
    manager = model._default_manager
    taken = set(manager.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
