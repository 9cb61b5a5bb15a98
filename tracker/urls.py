from django.contrib import admin
from django.urls import include, path

from . import views

app_name = "tracker"

public_patterns = [
    path("", views.home, name="home"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("claims/id/<int:pk>/", views.claim_permalink, name="claim-permalink"),
    path("points/", views.point_list, name="point-list"),
    path("points/<slug:slug>/", views.point_detail, name="point-detail"),
    path("points/id/<int:pk>/", views.point_permalink, name="point-permalink"),
    path("cases/<slug:slug>/", views.case_detail, name="case-detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((public_patterns, "tracker"))),
]
