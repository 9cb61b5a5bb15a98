from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("points", views.PointViewSet, basename="point")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("parties", views.PartyViewSet, basename="party")
router.register("sources", views.SourceViewSet, basename="source")

app_name = "api"
API_VERSION = "1"


def not_found(request: HttpRequest) -> JsonResponse:
    """Any other address under /api/ answers in JSON too, not with the site's HTML page."""
    return JsonResponse({"detail": "No such API endpoint or object."}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version=API_VERSION), name="schema"),
    path("case-document/schema/", views.case_document_schema, name="case-document-schema"),
    path("", include(router.urls)),
    re_path(r"", not_found),
]
