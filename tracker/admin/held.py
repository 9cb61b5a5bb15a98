"""Holding a researcher's admin edits to published material for a reviewer.

``HoldsEdits`` goes on every tracked ModelAdmin and ``HeldInline`` on the inlines of things
readers see: where ``permissions.is_held`` says so, the save becomes a held edit and the stored
row stays as it is. The form says beforehand whether a save goes live or waits.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseModelForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse

from tracker import held_edits, permissions
from tracker.models import Claim, Revision
from tracker.models.versioning import Versioned

HELD_EDIT_FIELD, HELD_VERSION_FIELD = "held_edit", "held_edit_version"
HELD_MESSAGE = (
    "Your changes are held for a reviewer; the public pages show the published version until "
    "a reviewer approves them."
)


def held_request(request: HttpRequest) -> list[Revision]:
    """The held edits this request has made so far."""
    if not hasattr(request, "held_revisions"):
        request.held_revisions = []  # type: ignore[attr-defined]
    held: list[Revision] = request.held_revisions  # type: ignore[attr-defined]
    return held


class OpenedOnHeldEdit(forms.Form):
    """A form carrying, hidden, which of its author's pending held edits it was opened on and
    that edit's version then, both empty if none (``held_edits.hold``)."""

    held_edit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    held_edit_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # Who the form is for, whose held edit it may carry (not ``author``: a note's form has a
    # field of that name).
    held_edit_author: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        marks = [cleaned.get(name) for name in (HELD_EDIT_FIELD, HELD_VERSION_FIELD)]
        if (
            self.has_error(HELD_EDIT_FIELD)
            or self.has_error(HELD_VERSION_FIELD)
            or (marks.count(None) == 1)
        ):
            raise ValidationError(held_edits.NOT_OPENED_ON)
        self.refuse_if_approved_since_opened(cleaned)
        return cleaned

    def refuse_if_approved_since_opened(self, cleaned: dict[str, Any]) -> None:
        """Tell the author that the held edit the form was opened on was approved since, in
        place of the version check's "someone else changed this", which the approval's save
        would give; and carry the form, as typed, to the version published now, so that a save
        again proposes what else was typed (``held_edits.approved_since_opened``)."""
        obj, opened = getattr(self, "instance", None), opened_on(self)
        if opened is None or not isinstance(obj, Versioned) or obj.pk is None:
            return
        approved = held_edits.approved_since_opened(
            self.held_edit_author, obj, opened, cleaned.get("version")
        )
        if approved is None:
            return
        if isinstance(self.data, QueryDict):  # shown again as typed, to be saved again
            self.data = forgetting_held_edit(self.data, approved.pk, obj.version)
        cleaned["version"] = obj.version
        raise held_edits.HeldEditDecided(approved, obj, obj.version)


def opened_on(form: forms.BaseForm) -> held_edits.OpenedOn | None:
    """The held edit ``form`` (an ``OpenedOnHeldEdit``) was opened on, if any."""
    revision_id = form.cleaned_data.get(HELD_EDIT_FIELD)
    version = form.cleaned_data.get(HELD_VERSION_FIELD)
    if revision_id is None or version is None:
        return None
    return held_edits.OpenedOn(revision_id, version)


def forgetting_held_edit(
    posted: QueryDict, revision_id: int, published_version: int | None = None
) -> QueryDict:
    """``posted`` without the marks of the held edit ``revision_id`` its forms were opened on:
    decided since, and their author told so, a save again proposes what they typed anew (once
    approved, against ``published_version``, what the approval published)."""
    kept = posted.copy()
    for name, value in posted.items():
        if name.endswith(HELD_EDIT_FIELD) and value == str(revision_id):
            prefix = name.removesuffix(HELD_EDIT_FIELD)
            kept[name] = kept[prefix + HELD_VERSION_FIELD] = ""
            if published_version is not None:
                kept[prefix + "version"] = str(published_version)
    return kept


def edit_notice(user: Any, obj: models.Model | None) -> str:
    if obj is None or not isinstance(obj, held_edits.HELD_MODELS):
        return ""
    if permissions.is_held(user, obj):
        return (
            "Your changes will be held for a reviewer: readers see the published version "
            "until one approves them."
        )
    if held_edits.shown_publicly(obj):
        return "Your changes go live when saved."
    return ""


def held_edit_history(obj: models.Model | None) -> list[Revision]:
    """Every held edit of ``obj`` and its decision; for a claim, those its review page shows
    (``RevisionQuerySet.of_claim``)."""
    if obj is None:
        return []
    revisions = (
        Revision.objects.of_claim(obj) if isinstance(obj, Claim) else Revision.objects.of(obj)
    )
    revisions = revisions.select_related("author", "reviewer", "content_type")
    return list(revisions.with_targets().order_by("-created_at", "-pk"))


def opening_held_edit(
    form_class: type[forms.ModelForm[Any]], user: Any, obj: models.Model | None
) -> type[forms.ModelForm[Any]]:
    """The change form of ``obj``, carrying which pending held edit of the user's it was
    opened on, and showing it, where there is one."""
    if obj is None:
        return form_class
    pending = held_edits.pending_revision(obj)
    initial: dict[str, Any] = {}
    if pending is not None and pending.author_id == user.pk:
        initial = {
            **held_edits.pending_initial(pending, user, obj),
            HELD_EDIT_FIELD: pending.pk,
            HELD_VERSION_FIELD: pending.version,
        }

    class ChangeFormOnHeldEdit(OpenedOnHeldEdit, form_class):  # type: ignore[valid-type,misc]
        held_edit_author = user

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
            super().__init__(*args, **kwargs)

    return ChangeFormOnHeldEdit


def keep_links_held() -> None:
    """A held form's ``save_m2m``: its links wait in the held edit with its other values."""


class HoldsEdits:
    """ModelAdmin side: hold the main form's save, and say which way a save goes."""

    def change_view_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """What the change form shows besides the form; ModelAdmins add to it."""
        return {
            "edit_notice": edit_notice(request.user, obj),
            "pending_revision": held_edits.pending_revision(obj),
            "held_edit_history": held_edit_history(obj),
        }

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """The form's fields but the held edit it was opened on, which its page carries hidden
        at its top (``OpenedOnHeldEdit``)."""
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        return [field for field in fields if field not in (HELD_EDIT_FIELD, HELD_VERSION_FIELD)]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        context = {**self.change_view_context(request, obj), **(extra_context or {})}
        response: HttpResponse = super().change_view(  # type: ignore[misc]
            request, object_id, form_url, context
        )
        return response

    def save_model(
        self, request: HttpRequest, obj: Any, form: BaseModelForm[Any], change: bool
    ) -> None:
        if not permissions.is_held(request.user, obj):
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            return
        related = {
            field.name: sorted(row.pk for row in form.cleaned_data[field.name])
            for field in obj._meta.many_to_many
            if field.name in form.cleaned_data
        }
        assert isinstance(request.user, User), "admin_view lets only staff users in"
        revision = held_edits.hold(request.user, obj, related, opened_on(form))
        held_request(request).extend([revision] if revision else [])
        # The many-to-many links are part of the held edit, so whoever saves the form next
        # (the admin's save_related, django-simple-history's revert) must not write them.
        form.save_m2m = keep_links_held  # type: ignore[method-assign]

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm[Any], formset: Any, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        held_request(request).extend(getattr(formset, "held_revisions", []))

    def message_user(
        self,
        request: HttpRequest,
        message: str,
        level: int = messages.INFO,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        if level == messages.SUCCESS and held_request(request):
            message, level = HELD_MESSAGE, messages.WARNING
        super().message_user(request, message, level, *args, **kwargs)  # type: ignore[misc]

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        if obj.pk is None:  # a proposed new row, not yet added
            return None
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def response_add(
        self, request: HttpRequest, obj: models.Model, post_url_continue: str | None = None
    ) -> HttpResponse:
        if obj.pk is None:
            self.message_user(request, HELD_MESSAGE, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:tracker_revision_changelist"))
        response: HttpResponse = super().response_add(request, obj, post_url_continue)  # type: ignore[misc]
        return response


class HoldingFormSet(BaseInlineFormSet):
    """Inline rows: a held change or addition becomes a held edit instead of a write."""

    acting_for: User
    held_revisions: list[Revision]

    def pending_by_author(self) -> dict[int | None, Revision]:
        if not hasattr(self, "_pending_by_author"):
            pks = [obj.pk for obj in self.get_queryset()]
            pending = Revision.objects.pending().filter(
                content_type=held_edits.content_type_of(self.model()),
                object_id__in=pks,
                author=self.acting_for,
            )
            self._pending_by_author = {revision.object_id: revision for revision in pending}
        return self._pending_by_author

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        pending = self.pending_by_author().get(form.instance.pk)
        if pending is not None:
            form.initial.update({HELD_EDIT_FIELD: pending.pk, HELD_VERSION_FIELD: pending.version})
        if not form.is_bound and form.instance.pk is not None:
            form.initial.update(held_edits.pending_initial(pending, self.acting_for, form.instance))
        return form

    def hold_if_needed(self, form: Any) -> bool:
        if not permissions.is_held(self.acting_for, form.instance):
            return False
        revision = held_edits.hold(self.acting_for, form.instance, opened_on=opened_on(form))
        self.held_revisions = [
            *getattr(self, "held_revisions", []),
            *([revision] if revision else []),
        ]
        return True

    def save_existing(self, form: Any, obj: models.Model, commit: bool = True) -> Any:
        if self.hold_if_needed(form):
            return obj
        return super().save_existing(form, obj, commit)

    def save_new(self, form: Any, commit: bool = True) -> Any:
        if self.instance.pk is None:
            # The row it belongs to was held as a proposed new one, so it has no key yet.
            parent = self.instance._meta.verbose_name
            raise ValidationError(
                f"This {parent} waits for a reviewer, so nothing can be added to it yet. "
                f"Nothing was saved: remove the new {self.model._meta.verbose_name_plural} "
                f"and save again, then add them once a reviewer has approved the {parent}."
            )
        setattr(form.instance, self.fk.name, self.instance)
        if self.hold_if_needed(form):
            return form.instance
        return super().save_new(form, commit)


class HeldInline:
    """InlineModelAdmin side: give the formset the user it acts for, and each row the version
    of the pending edit it shows, hidden in its last fieldset."""

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        *before, (name, options) = super().get_fieldsets(request, obj)  # type: ignore[misc]
        fields = [*options["fields"]]
        fields += [f for f in (HELD_EDIT_FIELD, HELD_VERSION_FIELD) if f not in fields]
        return [*before, (name, {**options, "fields": fields})]

    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        form: type[forms.ModelForm[Any]] = kwargs.get("form") or self.form  # type: ignore[attr-defined]
        kwargs["form"] = type(
            form.__name__, (OpenedOnHeldEdit, form), {"held_edit_author": request.user}
        )
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        return type(formset.__name__, (HoldingFormSet, formset), {"acting_for": request.user})
