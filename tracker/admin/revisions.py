"""Held edits: the reviewers' list of pending changes, each opening its difference page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from tracker.models import Revision

from . import review_pages
from .review import ReadOnly


class DecisionFilter(admin.SimpleListFilter):
    """Reviewers come here for what waits for them: pending edits unless they ask otherwise."""

    title = "decision"
    parameter_name = "decision"

    def lookups(self, request: HttpRequest, _model_admin: Any) -> list[tuple[str, str]]:
        return [*Revision.Status.choices, ("all", "All")]

    def choices(self, changelist: Any) -> Any:
        current = self.value() or Revision.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Revision]) -> QuerySet[Revision]:
        value = self.value() or Revision.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Revision)
class RevisionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "__str__", "claim", "author", "status", "reviewer"]
    list_filter = [DecisionFilter, "content_type"]
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
