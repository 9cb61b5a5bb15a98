"""Held edits: the reviewers' list of pending changes, each opening its difference page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path

from tracker.models import Revision

from . import review_pages
from .review import ReadOnly


@admin.register(Revision)
class RevisionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "__str__", "claim", "author", "status", "reviewer"]
    list_filter = ["status", "content_type"]
    list_select_related = ["content_type", "claim", "author", "reviewer"]
    search_fields = ["claim__text", "author__username", "comment"]
    ordering = ["-created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return super().get_queryset(request).prefetch_related("target")

    def get_urls(self) -> list[URLPattern]:
        decide = path(
            "<path:object_id>/decide/<slug:decision>/",
            self.admin_site.admin_view(review_pages.decide_revision),
            {"admin_site": self.admin_site},
            name="tracker_revision_decide",
        )
        return [decide, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Reviewers come here for what waits for them: pending changes unless asked otherwise.
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?status__exact={Revision.Status.PENDING}")
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            return super().change_view(request, object_id, form_url, extra_context)
        return review_pages.revision_page(request, object_id, self.admin_site)
