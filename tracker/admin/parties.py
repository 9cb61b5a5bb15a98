from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from tracker.models import Party, PartyAlias

from .tracking import TrackedAdmin


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 1


@admin.register(Party)
class PartyAdmin(TrackedAdmin):
    list_display = ["name", "kind", "alias_names", "statement_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartyAliasInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Party]:
        return (
            super()
            .get_queryset(request)
            .annotate(statement_total=Count("statements", distinct=True))
            .prefetch_related("aliases")
        )

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
