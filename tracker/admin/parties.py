from __future__ import annotations

from typing import cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tracker.models import Party, PartyAlias
from tracker.models.parties import PartyQuerySet
from tracker.models.statements import statement_count

from .held import HeldInline
from .tracking import InlineDeletionsByPolicy, TrackedAdmin, VersionedInline


class PartyAliasInline(HeldInline, InlineDeletionsByPolicy, VersionedInline, admin.TabularInline):
    model = PartyAlias
    extra = 1


@admin.register(Party)
class PartyAdmin(TrackedAdmin):
    list_display = ["name", "qualifier", "kind", "alias_names", "statement_count"]
    list_filter = ["kind"]
    search_fields = ["name", "qualifier", "slug", "aliases__name", "description"]
    show_full_result_count = False
    fields = ["name", "qualifier", "slug", "kind", "description", "version"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartyAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Party]:
        return (
            super()
            .get_queryset(request)
            .annotate(statement_total=statement_count("party"))
            .prefetch_related("aliases")
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Party], search_term: str
    ) -> tuple[QuerySet[Party], bool]:
        # Every party autocomplete asks here: "Voice" must find the newspaper named Voice
        # before the editor described as "editor of Voice".
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return cast(PartyQuerySet, found).ranked_for(search_term), may_have_duplicates

    @admin.display(description="Aliases")
    def alias_names(self, party: Party) -> str:
        return ", ".join(alias.name for alias in party.aliases.all())

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, party: Party) -> int:
        return party.statement_total  # type: ignore[attr-defined]


@admin.register(PartyAlias)
class PartyAliasAdmin(TrackedAdmin):
    list_display = ["name", "kind", "party"]
    list_filter = ["kind"]
    list_select_related = ["party"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]
