from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("parties", views.PartyViewSet, basename="party")
router.register("sources", views.SourceViewSet, basename="source")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
