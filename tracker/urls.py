from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http.response import HttpResponseBase
from django.urls import URLPattern, include, path
from django.views.decorators.http import require_safe

from . import annotations_w3c, claim_csv, views
from .feeds import CaseClaimsFeed, PublishedClaimsFeed
from .sitemaps import SITEMAPS

app_name = "tracker"


def reader_page(
    route: str, view: Callable[..., HttpResponseBase], name: str, **view_kwargs: Any
) -> URLPattern:
    """A reader address. The reader site changes nothing, so each answers GET and HEAD and any
    other method a 405 naming them: a POST rendered a page as a GET did, and an OPTIONS of
    claims.csv built the whole file for anyone who asked."""
    return path(route, require_safe(view), view_kwargs, name=name)


public_patterns = [
    reader_page("", views.home, "home"),
    reader_page("claims/", views.claim_list, "claim-list"),
    reader_page("claims.csv", claim_csv.claim_list_csv, "claim-list-csv"),
    reader_page("claims.atom", PublishedClaimsFeed(), "claims-feed"),
    reader_page("cases/<slug:slug>/claims.atom", CaseClaimsFeed(), "case-claims-feed"),
    reader_page("sitemap.xml", sitemap, "sitemap", sitemaps=SITEMAPS),
    reader_page("claims/<slug:slug>/", views.claim_detail, "claim-detail"),
    reader_page("claims/id/<int:pk>/", views.claim_permalink, "claim-permalink"),
    reader_page("points/", views.point_list, "point-list"),
    reader_page("points/<slug:slug>/", views.point_detail, "point-detail"),
    reader_page("points/id/<int:pk>/", views.point_permalink, "point-permalink"),
    reader_page("cases/<slug:slug>/", views.case_detail, "case-detail"),
    reader_page("sources/<slug:slug>/", views.source_detail, "source-detail"),
    reader_page("parties/<slug:slug>/", views.party_detail, "party-detail"),
    reader_page("sources/<slug:slug>/text", annotations_w3c.source_text, "source-text"),
    reader_page(
        "sources/<slug:slug>/annotations", annotations_w3c.source_annotations, "source-annotations"
    ),
    reader_page(
        "cases/<slug:slug>/annotations", annotations_w3c.case_annotations, "case-annotations"
    ),
]

handler403 = views.refused

urlpatterns = [
    path("healthz", require_safe(views.healthz), name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api.urls")),
    path("", include((public_patterns, "tracker"))),
]
