"""sitemap.xml: every public page, and no page of a draft or of what only drafts use."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Case, Claim, Party, Point, Source


class ReaderPagesSitemap(Sitemap):
    def items(self) -> list[str]:
        return ["tracker:home", "tracker:claim-list", "tracker:point-list"]

    def location(self, item: str) -> str:
        return reverse(item)


class ClaimSitemap(Sitemap):
    def items(self) -> QuerySet[Claim]:
        return Claim.objects.published().order_by("pk")

    def lastmod(self, claim: Claim) -> datetime.datetime:
        return claim.updated_at


class PointSitemap(Sitemap):
    def items(self) -> QuerySet[Point]:
        return Point.objects.published().order_by("pk")

    def lastmod(self, point: Point) -> datetime.datetime:
        return point.updated_at


class CaseSitemap(Sitemap):
    def items(self) -> QuerySet[Case]:
        return Case.objects.published().order_by("pk")

    def lastmod(self, case: Case) -> datetime.datetime:
        return case.updated_at


class SourceSitemap(Sitemap):
    def items(self) -> QuerySet[Source]:
        return Source.objects.published().order_by("pk")


class PartySitemap(Sitemap):
    def items(self) -> QuerySet[Party]:
        return Party.objects.published().order_by("pk")


SITEMAPS = {
    "pages": ReaderPagesSitemap,
    "claims": ClaimSitemap,
    "points": PointSitemap,
    "cases": CaseSitemap,
    "sources": SourceSitemap,
    "parties": PartySitemap,
}
