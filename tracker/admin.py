from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    TRANSITIONS,
    Annotation,
    Case,
    Claim,
    ClaimAwaitingReview,
    Outcome,
    Party,
    PartyAlias,
    ReviewTransition,
    Source,
    StaleEditError,
    Statement,
    Tag,
)
from .models.claims import REVIEW_PERMISSION
from .quoting import QuoteError, locate_quote


class QuotePreviewMedia:
    """Fills a statement's offsets as its quote is pasted and shows it in its context."""

    js = ["admin/js/jquery.init.js", "tracker/admin/quote_preview.js"]
    css = {"all": ["tracker/admin/quote_preview.css"]}


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


class HiddenVersion:
    """Optimistic locking: the version a form was loaded at travels with it, hidden."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TrackedAdmin(HiddenVersion, SimpleHistoryAdmin):
    """History with what changed, and revert, for every tracked model."""

    def current_object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id “{object_id}”.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.current_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.current_object_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404("No such version.")
        # Reverting is changing: the library asks only for view permission.
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEditError as refused:
            # Someone saved between this form's validation and its write.
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(request.path)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and getattr(request, "reverting_history", False):
            self.keep_current_state(obj)
        return super().get_form(request, obj, change=change, **kwargs)

    @staticmethod
    def keep_current_state(old_version):
        """A revert restores what people wrote, not the row's state: the review status,
        the version checked against concurrent edits and other derived fields stay current."""
        current = type(old_version)._base_manager.get(pk=old_version.pk)
        for field in old_version._meta.concrete_fields:
            if not field.editable or field.name == "version":
                setattr(old_version, field.attname, getattr(current, field.attname))


def may_review(request):
    return request.user.has_perm(REVIEW_PERMISSION)


class PublicNotesByReviewers:
    """Public notes appear on the reader site, so only reviewers set a note's visibility;
    researchers' notes are internal."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_review(request):
            fields.append("visibility")
        return fields


class AnnotationInline(PublicNotesByReviewers, admin.StackedInline):
    """Notes by researchers, with author and time set by the server."""

    model = Annotation
    extra = 0
    fields = ["text", "visibility", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class AnnotatedAdmin(TrackedAdmin):
    """Sets the author of annotations added inline."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Annotation:
            for annotation_form in formset.forms:
                if annotation_form.instance.pk is None and annotation_form.has_changed():
                    annotation_form.instance.author = request.user
        super().save_formset(request, form, formset, change)


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
class PartyAliasAdmin(TrackedAdmin):
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
            "version",
        ]

    def clean_text(self):
        # Browsers send textarea line breaks as CRLF; the stored text uses LF.
        return self.cleaned_data["text"].replace("\r\n", "\n")


class LocateQuoteForm(forms.Form):
    source = forms.ModelChoiceField(Source.objects.all())
    quote = forms.CharField(max_length=100_000)
    start = forms.IntegerField(required=False, min_value=0)


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
    ]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "outlet", "cited_outlet", "url", "text"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["sha256", "character_count", "added_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language"]}),
        ("Publication", {"fields": ["outlet", "cited_outlet", "url", "published_on"]}),
        ("Text", {"fields": ["text", "character_count", "sha256", "added_at", "version"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(statement_total=Count("statements"))

    def get_urls(self):
        return [
            path(
                "locate/",
                self.admin_site.admin_view(self.locate_view),
                name="tracker_source_locate",
            ),
            *super().get_urls(),
        ]

    def locate_view(self, request):
        """Where a pasted quote stands in a source, for the statement form's live preview."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = LocateQuoteForm(request.GET)
        if not form.is_valid():
            errors = {field: " ".join(messages) for field, messages in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        source, quote, start = (form.cleaned_data[k] for k in ("source", "quote", "start"))
        try:
            anchor = locate_quote(source.text, quote, start)
        except QuoteError as error:
            return JsonResponse({"errors": {error.field: str(error)}}, status=422)
        return JsonResponse(
            {
                "start": anchor.start,
                "end": anchor.end,
                "before": source.text[max(0, anchor.start - 60) : anchor.start],
                "quote": source.text[anchor.start : anchor.end],
                "after": source.text[anchor.end : anchor.end + 60],
            }
        )

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
class CaseAdmin(TrackedAdmin):
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
class OutcomeAdmin(TrackedAdmin):
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
class TagAdmin(TrackedAdmin):
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
    "version",
]


def editable_by(request, claim):
    """Researchers edit drafts and claims sent back to them; what is in review or published
    changes only at a reviewer's hand, so reviewers publish exactly what they read."""
    return claim is None or claim.is_open_to_researchers or may_review(request)


def report_anchoring(request, statement):
    messages.info(
        request,
        format_html(
            "Quote of {} anchored at offsets {}–{}: “{}”",
            statement.party,
            statement.quote_start,
            statement.quote_end,
            statement.source.text[
                max(0, statement.quote_start - 40) : statement.quote_end + 40
            ].replace("\n", " "),
        ),
    )


class LoadedChoiceAutocomplete(AutocompleteSelect):
    """An autocomplete whose chosen option's label is given, not looked up: the inline rows'
    related objects are already loaded, so the form does not query once per row."""

    known_labels = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known_labels is None or not set(chosen) <= self.known_labels.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for choice in chosen:
            label = self.known_labels[choice]
            options.append(self.create_option(name, choice, label, True, len(options)))
        return [(None, options, 0)]


class LoadedChoicesFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, LoadedChoiceAutocomplete) and form.instance.pk is not None:
                related = getattr(form.instance, name)
                widget.known_labels = {str(related.pk): str(related)} if related else {}
        return form


class StatementInline(HiddenVersion, admin.StackedInline):
    model = Statement
    extra = 0
    Media = QuotePreviewMedia
    formset = LoadedChoicesFormSet
    autocomplete_fields = ["party", "source", "relayed_by"]
    fields = STATEMENT_FIELDS
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party", "source", "relayed_by")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            db = kwargs.get("using")
            kwargs["widget"] = LoadedChoiceAutocomplete(db_field, self.admin_site, using=db)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable_by(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and editable_by(request, obj)


class ReviewTransitionInline(admin.TabularInline):
    model = ReviewTransition
    extra = 0
    fields = ["created_at", "actor", "from_status_label", "to_status_label", "comment"]
    readonly_fields = fields
    verbose_name = "review step"
    verbose_name_plural = "review history"
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ReviewStepForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the review history (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    # The version the reviewer read: a claim changed since then is not published unseen.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def review_action(name):
    step = TRANSITIONS[name]

    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for claim in queryset:
            try:
                claim.transition(name, request.user)
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"“{Truncator(claim.text).chars(50)}”: {error_text(error)}")
            else:
                done += 1
        if done:
            modeladmin.message_user(request, f"{step.label}: {done} claim(s).", messages.SUCCESS)
        for refusal in refused:
            modeladmin.message_user(request, refusal, messages.ERROR)

    action.__name__ = f"review_{name}"
    action.short_description = f"{step.label} (selected claims)"
    reviewers_only = step.permission == REVIEW_PERMISSION
    action.allowed_permissions = ("review",) if reviewers_only else ("change",)
    return action


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@admin.register(Claim)
class ClaimAdmin(AnnotatedAdmin):
    list_display = [
        "text",
        "claimant",
        "case",
        "status",
        "supports_count",
        "disputes_count",
        "qualifies_count",
        "updated_at",
    ]
    list_filter = [
        "status",
        "case",
        "tags",
        "claimant",
        "point",
        "statements__party",
        "statements__stance",
        "statements__kind",
    ]
    list_select_related = ["case", "claimant"]
    search_fields = [
        "text",
        "slug",
        "claimant__name",
        "claimant__aliases__name",
        "point__question",
        "tags__name",
        "statements__quote",
        "statements__paraphrase",
        "statements__party__name",
        "statements__party__aliases__name",
    ]
    autocomplete_fields = ["case", "claimant", "point", "tags"]
    prepopulated_fields = {"slug": ["text"]}
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
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
    actions = [review_action(name) for name in TRANSITIONS]

    def get_queryset(self, request):
        return super().get_queryset(request).with_stance_counts()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/review/<slug:step>/",
                self.admin_site.admin_view(self.review_view),
                name="tracker_claim_review",
            ),
            *super().get_urls(),
        ]

    def has_review_permission(self, request):
        return may_review(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and editable_by(request, obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Statement:
            for statement in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                report_anchoring(request, statement)

    def review_view(self, request, object_id, step):
        """Confirm one review step with an optional comment, then take it."""
        claim = self.current_object_or_404(request, object_id)
        transition = TRANSITIONS.get(step)
        if transition is None:
            raise Http404("No such review step.")
        form = ReviewStepForm(request.POST or None, initial={"version": claim.version})
        if request.method == "POST" and form.is_valid():
            try:
                claim.transition(
                    step,
                    request.user,
                    form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, error_text(error), messages.ERROR)
            else:
                self.message_user(request, f"{transition.label}: done.", messages.SUCCESS)
            return redirect(reverse("admin:tracker_claim_change", args=[claim.pk]))
        if transition not in claim.available_transitions(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "claim": claim,
            "form": form,
            "transition": transition,
            "title": f"{transition.label}: {Truncator(claim.text).chars(60)}",
        }
        status = 400 if form.is_bound else 200
        return TemplateResponse(
            request, "admin/tracker/claim/review_step.html", context, status=status
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = self.get_object(request, object_id)
        if claim is not None:
            extra_context = {
                **(extra_context or {}),
                "review_steps": [
                    (reverse("admin:tracker_claim_review", args=[claim.pk, step.name]), step.label)
                    for step in claim.available_transitions(request.user)
                ],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Support", ordering="supports_count")
    def supports_count(self, claim):
        return claim.supports_count

    @admin.display(description="Dispute", ordering="disputes_count")
    def disputes_count(self, claim):
        return claim.disputes_count

    @admin.display(description="Qualify", ordering="qualifies_count")
    def qualifies_count(self, claim):
        return claim.qualifies_count


@admin.register(ClaimAwaitingReview)
class ReviewQueueAdmin(admin.ModelAdmin):
    list_display = ["text", "case", "submitted_at", "review_link"]
    list_select_related = ["case"]
    search_fields = ["text"]
    fields = ["text", "case", "status"]

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return ClaimAwaitingReview.objects.awaiting_review()

    def get_ordering(self, request):
        return ["submitted_at", "pk"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted_at(self, claim):
        return claim.submitted_at

    @admin.display(description="Review")
    def review_link(self, claim):
        url = reverse("admin:tracker_claim_change", args=[claim.pk])
        return format_html('<a href="{}">Open the claim to review it</a>', url)


@admin.register(ReviewTransition)
class ReviewTransitionAdmin(admin.ModelAdmin):
    """Every review step taken, newest first; a record, so nobody edits it."""

    list_display = [
        "created_at",
        "claim",
        "actor",
        "from_status_label",
        "to_status_label",
        "comment",
    ]
    list_filter = ["to_status", "claim__case"]
    list_select_related = ["claim", "actor"]
    search_fields = ["claim__text", "comment", "actor__username"]
    ordering = ["-created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(AnnotatedAdmin):
    Media = QuotePreviewMedia
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
    inlines = [AnnotationInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "claim" and not may_review(request):
            kwargs["queryset"] = Claim.objects.open_to_researchers()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        claim = obj.claim if obj is not None else None
        return super().has_change_permission(request, obj) and editable_by(request, claim)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report_anchoring(request, obj)

    @admin.display(description="Quote")
    def short_quote(self, statement):
        return Truncator(statement.quote).chars(90)

    @admin.display(description="Claim status", ordering="claim__status")
    def claim_status(self, statement):
        return statement.claim.get_status_display()

    @admin.display(description="Quote in its source")
    def quote_in_context(self, statement):
        return quote_in_context(statement)


@admin.register(Annotation)
class AnnotationAdmin(PublicNotesByReviewers, TrackedAdmin):
    list_display = ["short_text", "target", "visibility", "author", "created_at"]
    list_filter = ["visibility", "claim__case"]
    list_select_related = ["claim", "statement", "statement__party", "author"]
    search_fields = ["text", "claim__text", "statement__quote"]
    autocomplete_fields = ["claim", "statement"]
    readonly_fields = ["author", "created_at", "updated_at"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or may_review(request):
            return True
        claim = obj.claim or obj.statement.claim
        return obj.visibility == Annotation.Visibility.INTERNAL and claim.is_open_to_researchers

    @admin.display(description="Annotation")
    def short_text(self, annotation):
        return Truncator(annotation.text).chars(80)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


from . import admin_points  # noqa: E402, F401  (point admin; moves into tracker/admin/ on merge)
