from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.text import Truncator

from .models import (
    Annotation,
    Case,
    Claim,
    Outcome,
    Party,
    PartyAlias,
    Source,
    Statement,
    Tag,
)

admin.site.site_header = "Claims tracker — review"
admin.site.site_title = "Claims tracker"
admin.site.index_title = "Claims, statements and their sources"


def quote_in_context(quotation):
    """The quoted span highlighted inside the words around it, for the reviewer to check."""
    if quotation.pk is None or quotation.source_id is None:
        return "Shown once saved."
    text = quotation.source.text
    start, end = quotation.quote_start, quotation.quote_end
    left, right = max(0, start - 120), min(len(text), end + 120)
    return format_html(
        '<div style="max-width:60em;white-space:pre-wrap">{}{}<mark>{}</mark>{}{}</div>'
        "<p>Offsets {}–{} of {} characters.</p>",
        "…" if left else "",
        text[left:start],
        text[start:end],
        text[end:right],
        "…" if right < len(text) else "",
        start,
        end,
        len(text),
    )


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 1


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "alias_names", "statement_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartyAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(statement_total=Count("statements", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="Aliases")
    def alias_names(self, party):
        return ", ".join(alias.name for alias in party.aliases.all())

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, party):
        return party.statement_total


@admin.register(PartyAlias)
class PartyAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "party"]
    list_filter = ["kind"]
    list_select_related = ["party"]
    search_fields = ["name", "party__name"]
    autocomplete_fields = ["party"]


class SourceForm(forms.ModelForm):
    # Stripping would change the verbatim text and shift every quote's offsets.
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        strip=False,
        help_text=Source._meta.get_field("text").help_text,
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "slug",
            "kind",
            "language",
            "outlet",
            "cited_outlet",
            "url",
            "published_on",
            "text",
        ]

    def clean_text(self):
        # Browsers send textarea line breaks as CRLF; the stored text uses LF.
        return self.cleaned_data["text"].replace("\r\n", "\n")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = [
        "display_title",
        "outlet",
        "cited_outlet",
        "kind",
        "language",
        "statement_count",
    ]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "outlet", "cited_outlet", "url", "text"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["sha256", "character_count", "added_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language"]}),
        ("Publication", {"fields": ["outlet", "cited_outlet", "url", "published_on"]}),
        ("Text", {"fields": ["text", "character_count", "sha256", "added_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    @admin.display(description="Title", ordering="title")
    def display_title(self, source):
        return source.display_title

    @admin.display(description="Statements", ordering="statement_total")
    def statement_count(self, source):
        return source.statement_total

    @admin.display(description="Length (code points)")
    def character_count(self, source):
        return len(source.text)


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    autocomplete_fields = ["party", "source"]
    fields = ["party", "summary", "source", "quote", "quote_start", "quote_end", "position"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "period", "claim_count", "updated_at"]
    search_fields = ["title", "summary", "place"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OutcomeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    @admin.display(description="Claims", ordering="claim_total")
    def claim_count(self, case):
        return case.claim_total


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["party", "summary", "case", "source"]
    list_filter = ["case"]
    list_select_related = ["party", "case", "source"]
    search_fields = ["summary", "quote", "party__name", "party__aliases__name"]
    autocomplete_fields = ["case", "party", "source"]
    readonly_fields = ["quote_in_context"]

    @admin.display(description="Quote in its source")
    def quote_in_context(self, outcome):
        return quote_in_context(outcome)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


STATEMENT_FIELDS = [
    "party",
    "stance",
    "kind",
    "source",
    "quote",
    ("quote_start", "quote_end"),
    "attribution",
    "relayed_by",
    "paraphrase",
    ("stated_when", "stated_on"),
    "position",
]


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    autocomplete_fields = ["party", "source", "relayed_by"]
    fields = STATEMENT_FIELDS
    show_change_link = True


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = [
        "text",
        "case",
        "status",
        "supports_count",
        "disputes_count",
        "qualifies_count",
        "updated_at",
    ]
    list_filter = ["status", "case", "tags", "statements__party", "statements__stance"]
    list_select_related = ["case"]
    search_fields = [
        "text",
        "slug",
        "tags__name",
        "statements__quote",
        "statements__paraphrase",
        "statements__party__name",
        "statements__party__aliases__name",
    ]
    autocomplete_fields = ["case", "tags"]
    prepopulated_fields = {"slug": ["text"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StatementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_stance_counts()

    @admin.display(description="Support", ordering="supports_count")
    def supports_count(self, claim):
        return claim.supports_count

    @admin.display(description="Dispute", ordering="disputes_count")
    def disputes_count(self, claim):
        return claim.disputes_count

    @admin.display(description="Qualify", ordering="qualifies_count")
    def qualifies_count(self, claim):
        return claim.qualifies_count


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["short_quote", "party", "stance", "kind", "claim", "claim_status"]
    list_filter = ["stance", "kind", "claim__case", "claim__status", "party"]
    list_select_related = ["party", "claim", "claim__case"]
    search_fields = [
        "quote",
        "paraphrase",
        "attribution",
        "claim__text",
        "party__name",
        "party__aliases__name",
    ]
    autocomplete_fields = ["claim", "party", "source", "relayed_by"]
    readonly_fields = ["quote_in_context"]
    fields = ["claim", *STATEMENT_FIELDS, "quote_in_context"]

    @admin.display(description="Quote")
    def short_quote(self, statement):
        return statement.quote if len(statement.quote) <= 90 else statement.quote[:89] + "…"

    @admin.display(description="Claim status", ordering="claim__status")
    def claim_status(self, statement):
        return statement.claim.get_status_display()

    @admin.display(description="Quote in its source")
    def quote_in_context(self, statement):
        return quote_in_context(statement)


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["short_text", "target", "visibility", "author", "created_at"]
    list_filter = ["visibility", "claim__case"]
    list_select_related = ["claim", "statement", "statement__party", "author"]
    search_fields = ["text", "claim__text", "statement__quote"]
    autocomplete_fields = ["claim", "statement"]
    readonly_fields = ["author", "created_at", "updated_at"]

    @admin.display(description="Annotation")
    def short_text(self, annotation):
        return Truncator(annotation.text).chars(80)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
