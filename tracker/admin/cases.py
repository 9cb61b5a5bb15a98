from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse

from tracker import permissions
from tracker.forms import QuotationForm
from tracker.models import Case, CaseRole, Outcome
from tracker.models.cases import OutcomeQuerySet

from . import interchange
from .held import HeldInline
from .pages import AdminPage
from .tracking import TrackedAdmin, VersionedInline
from .widgets import LoadedChoicesInline, QuotePreviewMedia, ShowsQuoteInContext


class CaseRoleInline(HeldInline, LoadedChoicesInline, VersionedInline, admin.TabularInline):
    model = CaseRole
    extra = 0
    autocomplete_fields = ["party"]
    fields = ["party", "role", "position", "version"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseRole]:
        return super().get_queryset(request).select_related("party")


class OutcomeInline(HeldInline, LoadedChoicesInline, VersionedInline, admin.StackedInline):
    model = Outcome
    extra = 0
    autocomplete_fields = ["party", "source"]
    fields = [
        "party",
        "summary",
        "source",
        "quote",
        "quote_start",
        "quote_end",
        "position",
        "version",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outcome]:
        return cast(OutcomeQuerySet, super().get_queryset(request)).for_display()


@admin.register(Case)
class CaseAdmin(TrackedAdmin):
    list_display = ["title", "place", "period", "claim_count", "updated_at"]
    search_fields = ["title", "summary", "place"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CaseRoleInline, OutcomeInline]
    pages = [
        AdminPage("import-document/", interchange.import_case_document, "import_document"),
        AdminPage(
            "<int:object_id>/export-document/", interchange.export_case_document, "export_document"
        ),
    ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"may_import_cases": permissions.may_import_cases(request.user)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        # A count groups the rows, and Django drops Meta.ordering from a grouped query: the
        # autocomplete would page through cases in no order, repeating some, skipping others.
        claim_counts = super().get_queryset(request).annotate(claim_total=Count("claims"))
        return claim_counts.order_by(*Case._meta.ordering, "pk")

    @admin.display(description="Claims", ordering="claim_total")
    def claim_count(self, case: Case) -> int:
        return case.claim_total  # type: ignore[attr-defined]


@admin.register(Outcome)
class OutcomeAdmin(ShowsQuoteInContext, TrackedAdmin):
    list_display = ["party", "summary", "case", "source"]
    list_filter = ["case"]
    list_select_related = ["party", "case", "source"]
    search_fields = ["summary", "quote", "party__name", "party__aliases__name"]
    autocomplete_fields = ["case", "party", "source"]
    readonly_fields = ["quote_in_context"]
    form = QuotationForm
    Media = QuotePreviewMedia
