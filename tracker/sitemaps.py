"""sitemap.xml: every public page, and no page of a draft or of what only drafts use."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Case, Claim, Party, Point, Source


class ReaderPagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["tracker:home", "tracker:claim-list", "tracker:point-list"]

    def location(self, item: str) -> str:
        return reverse(item)


class PublishedSitemap(Sitemap):
    """Every published row of ``model``, by key."""

    model: type[Case | Claim | Party | Point | Source]

    def items(self) -> QuerySet[Any]:
        return self.model.objects.published().order_by("pk")


class DatedSitemap(PublishedSitemap):
    """For rows that know when they last changed."""

    model: type[Case | Claim | Point]

    def lastmod(self, row: Case | Claim | Point) -> datetime.datetime:
        return row.updated_at


class ClaimSitemap(DatedSitemap):
    model = Claim


class PointSitemap(DatedSitemap):
    model = Point


class CaseSitemap(DatedSitemap):
    model = Case


class SourceSitemap(PublishedSitemap):
    model = Source


class PartySitemap(PublishedSitemap):
    model = Party


SITEMAPS = {
    "pages": ReaderPagesSitemap,
    "claims": ClaimSitemap,
    "points": PointSitemap,
    "cases": CaseSitemap,
    "sources": SourceSitemap,
    "parties": PartySitemap,
}
