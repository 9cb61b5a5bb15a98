"""Held edits: the reviewers' list of pending changes, each opening its difference page."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from tracker.models import Revision
from tracker.models.revisions import RevisionQuerySet

from . import review_pages
from .pages import AdminPage, WithPages
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
class RevisionAdmin(WithPages, ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "__str__", "claim", "author", "status", "reviewer"]
    list_filter = [DecisionFilter, "content_type"]
    list_select_related = ["content_type", "claim", "author", "reviewer"]
    search_fields = ["claim__text", "author__username", "comment"]
    ordering = ["-created_at"]
    pages = [
        AdminPage(
            "<path:object_id>/decide/<slug:decision>/", review_pages.decide_revision, "decide"
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return cast(RevisionQuerySet, super().get_queryset(request)).with_targets()

    def get_urls(self) -> list[URLPattern]:
        # A held edit opens on its difference page, not on a form nobody may submit.
        change = path("<path:object_id>/change/", self.admin_site.admin_view(self.revision_page))
        return [change, *super().get_urls()]

    def revision_page(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return review_pages.revision_page(request, object_id, self.admin_site)
