"""Disputed points in the admin: each with its versions (claims) inline, in order.

Points follow the claims' review rules: a point is public only through versions a reviewer
has published, and once any version is in review or published, only reviewers change it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from tracker.models import Claim, Point
from tracker.permissions import may_edit_point

from .filters import ChosenOnlyFilter
from .tracking import HiddenVersion, TrackedAdmin
from .widgets import LoadedChoicesInline


class VersionInline(LoadedChoicesInline, HiddenVersion, admin.TabularInline):
    """The point's versions in the order of their columns; each opens as a full claim."""

    model = Claim
    fk_name = "point"
    verbose_name = "version"
    verbose_name_plural = "versions (claims, one per party's account, in column order)"
    extra = 0
    fields = ["point_position", "claimant", "text", "slug", "status", "version"]
    readonly_fields = ["status"]
    autocomplete_fields = ["claimant"]
    prepopulated_fields = {"slug": ["text"]}
    ordering = ["point_position", "position", "pk"]
    show_change_link = True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).select_related("claimant")

    def has_change_permission(self, request: HttpRequest, obj: Point | None = None) -> bool:
        return super().has_change_permission(request, obj) and may_edit_point(request.user, obj)

    def has_add_permission(self, request: HttpRequest, obj: Point | None = None) -> bool:
        return super().has_add_permission(request, obj) and may_edit_point(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Point | None = None) -> bool:
        # A version leaves its point from its own claim page, where review rules apply.
        return False


@admin.register(Point)
class PointAdmin(TrackedAdmin):
    list_display = ["question", "case", "version_count", "published_count", "updated_at"]
    list_filter = ["case", ("versions__claimant", ChosenOnlyFilter), "versions__status"]
    show_full_result_count = False
    list_select_related = ["case"]
    search_fields = [
        "question",
        "slug",
        "versions__text",
        "versions__claimant__name",
        "versions__claimant__aliases__name",
    ]
    autocomplete_fields = ["case"]
    prepopulated_fields = {"slug": ["question"]}
    readonly_fields = ["created_at", "updated_at"]
    fields = ["question", "slug", "case", "position", "version", "created_at", "updated_at"]
    inlines = [VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Point]:
        published = Q(versions__status=Claim.Status.PUBLISHED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                version_total=Count("versions", distinct=True),
                published_total=Count("versions", filter=published, distinct=True),
            )
            # Grouped by the counts, which drops Meta.ordering (see CaseAdmin.get_queryset).
            .order_by(*Point._meta.ordering)
        )

    def has_change_permission(self, request: HttpRequest, obj: Point | None = None) -> bool:
        return super().has_change_permission(request, obj) and may_edit_point(request.user, obj)

    @admin.display(description="Versions", ordering="version_total")
    def version_count(self, point: Any) -> int:
        return int(point.version_total)

    @admin.display(description="Published", ordering="published_total")
    def published_count(self, point: Any) -> int:
        return int(point.published_total)
