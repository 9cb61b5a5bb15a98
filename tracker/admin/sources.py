from __future__ import annotations

from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from tracker.forms import SourceForm
from tracker.models import Source
from tracker.models.sources import SourceQuerySet
from tracker.models.statements import statement_count

from . import views
from .pages import AdminPage
from .tracking import TrackedAdmin


@admin.register(Source)
class SourceAdmin(TrackedAdmin):
    form = SourceForm
    list_display = [
        "display_title",
        "outlet",
        "cited_outlet",
        "kind",
        "language",
        "statement_count",
        "workbench_link",
    ]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "outlet", "cited_outlet", "url", "text"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["sha256", "character_count", "added_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language"]}),
        (
            "Publication",
            {"fields": ["outlet", "cited_outlet", "url", ("published_on", "published_when")]},
        ),
        (
            "Text",
            {"fields": ["text", "text_file", "character_count", "sha256", "added_at", "version"]},
        ),
    ]

    pages = [
        AdminPage("locate/", views.locate_quote_view, "locate"),
        AdminPage("<path:object_id>/workbench/", views.source_workbench, "workbench"),
        AdminPage(
            "<path:object_id>/workbench/statements/",
            views.save_workbench_statement,
            "workbench_save",
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        # The text loads only where it is shown (the change form), not for every listed row.
        sources = cast(SourceQuerySet, super().get_queryset(request)).without_text()
        return sources.annotate(statement_total=statement_count("source"))

    @admin.display(description="Workbench")
    def workbench_link(self, source: Source) -> str:
        url = reverse("admin:tracker_source_workbench", args=[source.pk])
        return format_html('<a href="{}">Log statements</a>', url)

    @admin.display(description="Title", ordering="title")
    def display_title(self, source: Source) -> str:
        return source.display_title

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, source: Source) -> int:
        return source.statement_total  # type: ignore[attr-defined]

    @admin.display(description="Length (code points)")
    def character_count(self, source: Source) -> int:
        return len(source.text)
