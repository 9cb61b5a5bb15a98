from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from . import annotations_w3c, claim_csv, views
from .feeds import CaseClaimsFeed, PublishedClaimsFeed
from .sitemaps import SITEMAPS

app_name = "tracker"

public_patterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims.csv", claim_csv.claim_list_csv, name="claim-list-csv"),
    path("claims.atom", require_safe(PublishedClaimsFeed()), name="claims-feed"),
    path("cases/<slug:slug>/claims.atom", require_safe(CaseClaimsFeed()), name="case-claims-feed"),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claims/id/<int:pk>/", views.claim_permalink, name="claim-permalink"),
    path("points/", views.point_list, name="point-list"),
    path("points/<slug:slug>/", views.point_detail, name="point-detail"),
    path("points/id/<int:pk>/", views.point_permalink, name="point-permalink"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("sources/<slug:slug>/text", annotations_w3c.source_text, name="source-text"),
    path(
        "sources/<slug:slug>/annotations",
        annotations_w3c.source_annotations,
        name="source-annotations",
    ),
    path(
        "cases/<slug:slug>/annotations", annotations_w3c.case_annotations, name="case-annotations"
    ),
]

handler403 = views.refused

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api.urls")),
    path("", include((public_patterns, "tracker"))),
]
