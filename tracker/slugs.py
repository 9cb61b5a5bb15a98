"""Slugs for new rows beside the ones a database holds, and the addresses made of slugs."""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import SlugConverter


def free_slug(model: type[models.Model], base: str) -> str:
    """``base``, or else the first of ``base-2``, ``base-3`` … that no row of ``model`` has,
    ``base`` cut short where the number would make the slug longer than the field holds."""
    field = model._meta.get_field("slug")
    assert isinstance(field, models.SlugField)
    longest = field.max_length or len(base) + NUMBER_ROOM
    stem = base[: longest - NUMBER_ROOM]
    manager = model._default_manager
    taken = set(manager.filter(slug__startswith=stem).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[: longest - len(suffix)] + suffix, number + 1
    return slug


# Room kept for "-" and a number: ten million rows of one slug.
NUMBER_ROOM = 8


SLUG = re.compile(SlugConverter.regex)
PLACEHOLDER = "--slug--"


def slug_url(view_name: str, slug: str) -> str:
    """``reverse(view_name, args=[slug])`` for a route whose one argument is a ``<slug:…>``,
    at a tenth of the cost: the route is reversed once (for each script prefix and URLconf)
    and each slug put in the placeholder's place. Reader pages build hundreds of such
    addresses each (a point page at 100,000 statements, 770), and reversing took a tenth of
    their time. Anything that is not a slug goes to ``reverse``, to be refused there."""
    if not SLUG.fullmatch(slug):
        return reverse(view_name, args=[slug])
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = route_around_slug(view_name, get_script_prefix(), urlconf)
    return f"{head}{slug}{tail}"


@functools.cache
def route_around_slug(view_name: str, prefix: str, urlconf: str) -> tuple[str, str]:
    """What the address of ``view_name`` has before and after its slug; ``prefix`` and
    ``urlconf`` are part of the key, since ``reverse`` reads them."""
    head, _, tail = reverse(view_name, args=[PLACEHOLDER], urlconf=urlconf).partition(PLACEHOLDER)
    return head, tail
