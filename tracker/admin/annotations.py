"""Researchers' notes on claims and statements, inline and on their own."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import BaseForm, BaseModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.text import Truncator

from tracker import permissions
from tracker.models import Annotation

from .held import HeldInline
from .tracking import (
    ChecksDeletions,
    InlineDeletionsByPolicy,
    TrackedAdmin,
    VersionedInline,
    acting_user,
)


class PublicNotesByReviewers:
    """Only those the edit policy lets set a note's visibility see it as a field."""

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if not permissions.may_set_note_visibility(request.user):
            fields.append("visibility")
        return fields


class NoteFormSet(ChecksDeletions):
    """Notes its user may not edit (a reviewer's public note, for a researcher) are shown
    read-only: a disabled field keeps the stored value whatever is posted."""

    def _construct_form(self, i: int, **kwargs: Any) -> BaseForm:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        note = form.instance
        # Each note is on this form's claim or statement: the policy reads that one, loaded.
        setattr(note, self.fk.name, self.instance)
        if note.pk is not None and not permissions.may_edit_annotation(self.acting_user, note):
            for name in ("text", "visibility"):
                if name in form.fields:
                    form.fields[name].disabled = True
        return form


class AnnotationInline(
    HeldInline,
    InlineDeletionsByPolicy,
    PublicNotesByReviewers,
    VersionedInline,
    admin.StackedInline,
):
    """Notes by researchers, with author and time set by the server."""

    model = Annotation
    formset = NoteFormSet
    extra = 0
    fields = ["text", "visibility", "author", "original_author", "created_at", "version"]
    readonly_fields = ["author", "original_author", "created_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Annotation]:
        return super().get_queryset(request).select_related("author")


class AnnotatedAdmin(TrackedAdmin):
    """Sets the author of annotations added inline."""

    def save_formset(
        self,
        request: HttpRequest,
        form: BaseModelForm[Any],
        formset: BaseInlineFormSet,
        change: bool,
    ) -> None:
        if formset.model is Annotation:
            for annotation_form in formset.forms:
                if annotation_form.instance.pk is None and annotation_form.has_changed():
                    annotation_form.instance.author = acting_user(request)
        super().save_formset(request, form, formset, change)


@admin.register(Annotation)
class AnnotationAdmin(PublicNotesByReviewers, TrackedAdmin):
    list_display = ["short_text", "target", "visibility", "author", "created_at"]
    list_filter = ["visibility", "claim__case"]
    list_select_related = ["claim", "statement", "statement__party", "author"]
    search_fields = ["text", "claim__text", "statement__quote"]
    autocomplete_fields = ["claim", "statement"]
    readonly_fields = ["author", "original_author", "created_at", "updated_at"]

    def has_change_permission(self, request: HttpRequest, obj: Annotation | None = None) -> bool:
        return super().has_change_permission(request, obj) and permissions.may_edit_annotation(
            request.user, obj
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        if isinstance(obj, Annotation) and not permissions.may_move_annotation(request.user, obj):
            return [*fields, "claim", "statement"]
        return fields

    @admin.display(description="Annotation")
    def short_text(self, annotation: Annotation) -> str:
        return Truncator(annotation.text).chars(80)

    def save_model(
        self, request: HttpRequest, obj: Annotation, form: BaseModelForm[Any], change: bool
    ) -> None:
        if not change:
            obj.author = acting_user(request)
        super().save_model(request, obj, form, change)
