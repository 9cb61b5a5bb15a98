from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http.response import HttpResponseBase
from django.urls import URLPattern, include, path
from django.views.decorators.http import require_safe

from . import annotations_w3c, claim_csv, views
from .feeds import CaseClaimsFeed, PublishedClaimsFeed
from .filters import ClaimFilter, PointFilter
from .models import Statement
from .models.statements import stance_page_parameter
from .reader_query import reading_only
from .sitemaps import SITEMAPS

app_name = "tracker"


def reader_page(
    route: str,
    view: Callable[..., HttpResponseBase],
    name: str,
    reads: Iterable[str] = (),
    **view_kwargs: Any,
) -> URLPattern:
    """A reader address, and the query parameters its page ``reads`` (it sees no other: see
    tracker/reader_query.py). The reader site changes nothing, so each answers GET and HEAD and
    any other method a 405 naming them: a POST rendered a page as a GET did, and an OPTIONS of
    claims.csv built the whole file for anyone who asked."""
    return path(route, require_safe(reading_only(view, reads)), view_kwargs, name=name)


# The parameters each page reads: its filters, and the page number of each list it shows.
CLAIM_FILTERS = [*ClaimFilter.base_filters]
LIST_PAGE = "page"
CLAIM_PAGES = [stance_page_parameter(stance) for stance in Statement.Stance.values]
CASE_PAGES = [LIST_PAGE, "points_page", "outcomes_page", "sources_page"]
SOURCE_PAGES = [LIST_PAGE, "outcomes_page"]
PARTY_PAGES = [LIST_PAGE, "relayed_page", "outcomes_page", "claims_page"]


public_patterns = [
    reader_page("", views.home, "home"),
    reader_page("claims/", views.claim_list, "claim-list", [*CLAIM_FILTERS, LIST_PAGE]),
    reader_page("claims.csv", claim_csv.claim_list_csv, "claim-list-csv", CLAIM_FILTERS),
    reader_page("claims.atom", PublishedClaimsFeed(), "claims-feed"),
    reader_page("cases/<slug:slug>/claims.atom", CaseClaimsFeed(), "case-claims-feed"),
    reader_page("sitemap.xml", sitemap, "sitemap", ["p"], sitemaps=SITEMAPS),
    reader_page("claims/<slug:slug>/", views.claim_detail, "claim-detail", CLAIM_PAGES),
    reader_page("claims/id/<int:pk>/", views.claim_permalink, "claim-permalink"),
    reader_page("points/", views.point_list, "point-list", [*PointFilter.base_filters, LIST_PAGE]),
    reader_page("points/<slug:slug>/", views.point_detail, "point-detail"),
    reader_page("points/id/<int:pk>/", views.point_permalink, "point-permalink"),
    reader_page("cases/<slug:slug>/", views.case_detail, "case-detail", CASE_PAGES),
    reader_page("sources/<slug:slug>/", views.source_detail, "source-detail", SOURCE_PAGES),
    reader_page("parties/<slug:slug>/", views.party_detail, "party-detail", PARTY_PAGES),
    reader_page("sources/<slug:slug>/text", annotations_w3c.source_text, "source-text"),
    reader_page(
        "sources/<slug:slug>/annotations",
        annotations_w3c.source_annotations,
        "source-annotations",
        [LIST_PAGE],
    ),
    reader_page(
        "cases/<slug:slug>/annotations",
        annotations_w3c.case_annotations,
        "case-annotations",
        [LIST_PAGE],
    ),
]

handler403 = views.refused

urlpatterns = [
    path("healthz", require_safe(views.healthz), name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api.urls")),
    path("", include((public_patterns, "tracker"))),
]
