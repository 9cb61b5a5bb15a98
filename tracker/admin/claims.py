"""Claims with their statements, statements on their own, and tags."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import Prefetch, QuerySet
from django.db.models.fields.related import ForeignKey
from django.forms import BaseModelForm, ModelChoiceField
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from tracker import permissions
from tracker.forms import QuotationForm
from tracker.models import (
    TRANSITIONS,
    Claim,
    ClaimQuerySet,
    Source,
    Statement,
    StatementQuerySet,
    Tag,
)
from tracker.quoting import excerpt

from . import review_pages, views
from .annotations import AnnotatedAdmin, AnnotationInline
from .bulk_publish import publish_selected
from .filters import ChosenOnlyFilter
from .held import HeldInline
from .my_claims import MineFilter, latest_reviewer_comment, reviewer_comment_block
from .pages import AdminPage
from .review import ReviewTransitionInline, review_action
from .tracking import InlineDeletionsByPolicy, TrackedAdmin, VersionedInline
from .widgets import (
    LoadedChoicesInline,
    QuotePreviewMedia,
    ShowsQuoteInContext,
    StatementFormSet,
)

ANCHORING_CONTEXT_CHARS = 40

STATEMENT_FIELDS: tuple[str | tuple[str, ...], ...] = (
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
    "version",
    "source_sha256",
)


def report_anchoring(request: HttpRequest, statement: Statement) -> None:
    around = excerpt(
        statement.source.text, statement.quote_start, statement.quote_end, ANCHORING_CONTEXT_CHARS
    )
    messages.info(
        request,
        format_html(
            "Quote of {} anchored at offsets {}–{}: “{}”",
            statement.party,
            statement.quote_start,
            statement.quote_end,
            str(around).replace("\n", " "),
        ),
    )


@admin.register(Tag)
class TagAdmin(TrackedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class StatementInline(
    HeldInline, InlineDeletionsByPolicy, LoadedChoicesInline, VersionedInline, admin.StackedInline
):
    model = Statement
    extra = 0
    Media = QuotePreviewMedia
    form = QuotationForm
    formset = StatementFormSet
    autocomplete_fields = ["party", "source", "relayed_by"]
    # On the claim form the rarely needed fields fold away: the quote's offsets are filled in as
    # it is pasted, and attribution, relay, dates and order matter for few statements.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "party",
                    "stance",
                    "kind",
                    "source",
                    "quote",
                    "paraphrase",
                    "version",
                    "source_sha256",
                ]
            },
        ),
        (
            "More: reporting words, relay, date, order, offsets",
            {
                "classes": ["collapse"],
                "fields": [
                    "attribution",
                    "relayed_by",
                    ("stated_when", "stated_on"),
                    "position",
                    ("quote_start", "quote_end"),
                ],
            },
        ),
    ]
    show_change_link = True

    def get_formset(
        self, request: HttpRequest, obj: Claim | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        source_id = Statement.objects.last_source_id(obj, request.user)
        source = Source.objects.filter(pk=source_id).first() if source_id else None
        return type(formset.__name__, (formset,), {"default_source": source})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Statement]:
        # The source's title names it; its full text stays in the database.
        statements = super().get_queryset(request).select_related("party", "relayed_by")
        return statements.prefetch_related(Prefetch("source", Source.objects.without_text()))

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_change_permission(request, obj) and permissions.may_edit_claim(
            request.user, obj
        )

    def has_add_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_add_permission(request, obj) and permissions.may_edit_claim(
            request.user, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.may_delete_statements_of(request.user, obj)
        )


@admin.register(Claim)
class ClaimAdmin(AnnotatedAdmin):
    list_display = [
        "text",
        "claimant",
        "case",
        "status",
        "latest_review_comment",
        "supports_count",
        "disputes_count",
        "qualifies_count",
        "updated_at",
    ]
    list_filter = [
        MineFilter,
        "status",
        "case",
        "tags",
        ("claimant", ChosenOnlyFilter),
        ("point", ChosenOnlyFilter),
        ("statements__party", ChosenOnlyFilter),
        "statements__stance",
        "statements__kind",
    ]
    list_select_related = ["case", "claimant"]
    # Searched through Claim.objects.matching (get_search_results); this turns the box on.
    search_fields = ["text"]
    search_help_text = (
        "Words from the claim, its point, a quote or paraphrase, or a party's name or alias."
    )
    show_full_result_count = False
    autocomplete_fields = ["case", "claimant", "point", "tags"]
    prepopulated_fields = {"slug": ["text"]}
    readonly_fields = ["status", "published_at", "created_at", "updated_at", "reviewer_comment"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "claimant",
                    "text",
                    "slug",
                    "case",
                    ("point", "point_position"),
                    "tags",
                    "position",
                    "version",
                ]
            },
        ),
        ("Review", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
    inlines = [StatementInline, AnnotationInline, ReviewTransitionInline]
    pages = [
        AdminPage("<path:object_id>/review/", review_pages.claim_review_page, "review_page"),
        AdminPage(
            "<path:object_id>/review/held/<slug:decision>/",
            review_pages.decide_claim_revisions,
            "review_held",
        ),
        AdminPage("<path:object_id>/review/<slug:step>/", views.review_claim, "review"),
    ]
    # Publishing goes through a confirmation page that asks for a comment.
    actions = [
        publish_selected if name == "publish" else review_action(name) for name in TRANSITIONS
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).with_stance_counts().with_latest_review_comment()

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not getattr(obj, "reviewers_comments", None):
            return fieldsets
        # What the reviewer said comes first, where the researcher starts reading.
        heading = (
            "Changes requested"
            if obj.status == Claim.Status.CHANGES_REQUESTED
            else "The reviewer's latest comment"
        )
        return [(heading, {"fields": ["reviewer_comment"]}), *fieldsets]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Claim], search_term: str
    ) -> tuple[QuerySet[Claim], bool]:
        return cast(ClaimQuerySet, queryset).matching(search_term), False

    def has_review_permission(self, request: HttpRequest) -> bool:
        return permissions.may_review(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Claim | None = None) -> bool:
        return super().has_change_permission(request, obj) and permissions.may_edit_claim(
            request.user, obj
        )

    def save_related(
        self, request: HttpRequest, form: BaseModelForm[Claim], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.model is Statement:
                saved = formset.new_objects + [obj for obj, _ in formset.changed_objects]
                for statement in saved:
                    report_anchoring(request, statement)

    def change_view_context(self, request: HttpRequest, claim: Claim | None) -> dict[str, Any]:
        context = super().change_view_context(request, claim)
        if claim is not None:
            context["review_steps"] = [
                (reverse("admin:tracker_claim_review", args=[claim.pk, step.name]), step.label)
                for step in claim.available_transitions(request.user)
            ]
            # A claim closed to its user (in review, for a researcher) shows its notes read-only,
            # yet they may still write one (see permissions.may_edit_annotation).
            if not self.has_change_permission(request, claim) and request.user.has_perm(
                "tracker.add_annotation"
            ):
                add_note = reverse("admin:tracker_annotation_add")
                context["add_note_url"] = f"{add_note}?claim={claim.pk}"
        return context

    @admin.display(description="Reviewer's comment")
    def reviewer_comment(self, claim: Claim) -> str:
        return reviewer_comment_block(latest_reviewer_comment(claim))

    @admin.display(description="Latest reviewer comment")
    def latest_review_comment(self, claim: Claim) -> str:
        comments = getattr(claim, "reviewers_comments", None)
        return Truncator(comments[0].comment if comments else "").chars(80)

    @admin.display(description="Support")
    def supports_count(self, claim: Claim) -> int:
        return claim.supports_count

    @admin.display(description="Dispute")
    def disputes_count(self, claim: Claim) -> int:
        return claim.disputes_count

    @admin.display(description="Qualify")
    def qualifies_count(self, claim: Claim) -> int:
        return claim.qualifies_count


@admin.register(Statement)
class StatementAdmin(ShowsQuoteInContext, AnnotatedAdmin):
    Media = QuotePreviewMedia
    form = QuotationForm
    list_display = ["short_quote", "party", "stance", "kind", "claim", "claim_status"]
    list_filter = ["stance", "kind", "claim__case", "claim__status", ("party", ChosenOnlyFilter)]
    list_select_related = ["party", "claim", "claim__case"]
    # Searched through Statement.objects.matching (get_search_results).
    search_fields = ["quote"]
    search_help_text = "Words from the quote, paraphrase or claim, or the party's name or alias."
    show_full_result_count = False
    autocomplete_fields = ["claim", "party", "source", "relayed_by"]
    readonly_fields = ["quote_in_context"]
    fields = ["claim", *STATEMENT_FIELDS, "quote_in_context"]
    inlines = [AnnotationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Statement]:
        # A statement's title names its party: the autocomplete lists twenty by it. (A
        # prefetch, not a join, so that the changelist still joins its list_select_related.)
        return super().get_queryset(request).prefetch_related("party")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "claim":
            kwargs["queryset"] = permissions.claims_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Statement | None = None) -> bool:
        return super().has_change_permission(request, obj) and permissions.may_edit_statement(
            request.user, obj
        )

    def save_model(
        self, request: HttpRequest, obj: Statement, form: BaseModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        report_anchoring(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Statement], search_term: str
    ) -> tuple[QuerySet[Statement], bool]:
        return cast(StatementQuerySet, queryset).matching(search_term), False

    @admin.display(description="Quote")
    def short_quote(self, statement: Statement) -> str:
        return Truncator(statement.quote).chars(90)

    @admin.display(description="Claim status", ordering="claim__status")
    def claim_status(self, statement: Statement) -> str:
        return statement.claim.get_status_display()
