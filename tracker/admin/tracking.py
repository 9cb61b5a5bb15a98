"""What every tracked model's admin shares: history with revert, and optimistic locking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.fields import Field
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, HistoricalChanges, ModelChange, ModelDelta

from tracker import held_edits, permissions
from tracker.models.held_locking import lock_for_deletion
from tracker.models.versioning import StaleEditError, Versioned

from .held import HoldsEdits, forgetting_held_edit, opening_held_edit
from .pages import WithPages
from .views import as_key
from .widgets import KeysOnlyAutocompletes


def acting_user(request: HttpRequest) -> User:
    """The staff member an admin request acts for; admin_view lets nobody else in."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class HiddenVersion(KeysOnlyAutocompletes):
    """Optimistic locking: the version a form was loaded at travels with it, hidden. (Every
    tracked admin and inline has it, so it brings their autocompletes' ``KeysOnly`` too.)"""

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if db_field.name == "version":
            kwargs["widget"] = forms.HiddenInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


class RefusesStaleDeletions(BaseInlineFormSet):
    """Deleting a row is refused, as changing it is, if someone saved it after it was opened:
    the deletion would drop their change unseen."""

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if isinstance(form.instance, Versioned):
                form.instance.check_version()


class RefusesRowsGoneAway(BaseInlineFormSet):
    """A row moved to another parent, or deleted, after the page was opened is refused, not
    dropped: Django finds it no longer among the parent's rows, and would skip a moved one with
    what was typed in it, or find a deleted one's key no valid choice."""

    def clean(self) -> None:
        super().clean()
        opened: list[models.Model | None] = []
        refusals: list[str] = []
        for form in self.initial_forms:
            row, refusal = self.row_opened(form)
            opened.append(row)
            refusals.extend([refusal] if refusal else [])
        if refusals:
            # The admin shows each row's form beside its row as now listed: listed without
            # the one gone, the rows after it would show the wrong forms and the last none.
            self._queryset = opened
            raise ValidationError(refusals)

    def row_opened(self, form: forms.ModelForm[Any]) -> tuple[models.Model | None, str | None]:
        """The row ``form`` was opened on, and why its save is refused if it is gone since."""
        if form.instance.pk is not None:
            return form.instance, None
        key = self.model._meta.pk.name
        moved = form.cleaned_data.get(key)
        if moved is not None:
            return moved, moved_away_message(moved, self.fk.name)
        deleted = deleted_row(self.model, form[key].data)
        return deleted, deleted_message(deleted) if deleted is not None else None


def deleted_row(model: type[models.Model], posted_key: Any) -> models.Model | None:
    """The row of ``model`` keyed ``posted_key`` as its history kept it when it was deleted,
    or None if no row of that key was deleted (or no history of its kind is kept)."""
    key = as_key(str(posted_key))
    history = getattr(model, "history", None)
    if key is None or history is None:
        return None
    last = history.filter(**{model._meta.pk.attname: key}).order_by("-history_date", "-pk")
    record = last.first()
    return record.instance if record is not None and record.history_type == "-" else None


def moved_away_message(row: models.Model, parent_field: str) -> str:
    name = row._meta.verbose_name
    parent = row._meta.get_field(parent_field).verbose_name  # type: ignore[union-attr]
    return (
        f"Someone else moved the {name} “{row}” to another {parent}, "
        f"“{getattr(row, parent_field)}”, after you opened this page. Nothing was saved, and "
        f"what you typed is kept below; reload the page to see the {name} gone, then make "
        "your changes again."
    )


def deleted_message(row: models.Model) -> str:
    name = row._meta.verbose_name
    return (
        f"Someone else deleted the {name} “{row}” after you opened this page. Nothing was "
        f"saved, and what you typed is kept below; reload the page to see the {name} gone, "
        "then make your changes again."
    )


class VersionedInline(HiddenVersion):
    """An inline of rows with a version: each row's travels with it, and a stale change or
    deletion of one is refused, as is a save of one moved to another parent, or deleted, since."""

    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        return type(formset.__name__, (RefusesStaleDeletions, RefusesRowsGoneAway, formset), {})


def refusing(
    form_class: type[forms.ModelForm[Any]], refused: ValidationError
) -> type[forms.ModelForm[Any]]:
    """The form, bound to what was posted, invalid with the reason its save was refused."""

    class RefusedForm(form_class):  # type: ignore[valid-type,misc]
        def clean(self) -> dict[str, Any]:
            super().clean()
            raise ValidationError(refused.messages)

    return RefusedForm


class ChecksDeletions(BaseInlineFormSet):
    """An inline formset that refuses, with the edit policy's reason, rows its user may not
    delete: Django asks the inline's delete permission of the parent only."""

    acting_user: User

    def clean(self) -> None:
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                refusal = permissions.deletion_refusal(self.acting_user, form.instance)
                if refusal is not None:
                    raise ValidationError(f"“{form.instance}” is kept: {refusal}")


class InlineDeletionsByPolicy:
    def get_formset(
        self, request: HttpRequest, obj: Any = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        bases = (formset,) if issubclass(formset, ChecksDeletions) else (ChecksDeletions, formset)
        return type(formset.__name__, bases, {"acting_user": acting_user(request)})


LinkedRows = list[dict[str, Any]]


def linked_rows(records: Sequence[HistoricalChanges], name: str) -> dict[Any, LinkedRows]:
    """The rows of many-to-many field ``name`` as each historical record kept them, read in
    one query, in the form and order django-simple-history's ``diff_against`` gives them."""
    m2m_field = records[0].instance_type._meta.get_field(name)
    rows_model = getattr(type(records[0]), name).model
    shown = [
        field
        for field in rows_model._meta.fields
        if field.editable and field.name not in ("id", "m2m_history_id", "history")
    ]
    rows = rows_model._base_manager.filter(history__in=records)
    linked: dict[Any, LinkedRows] = {record.pk: [] for record in records}
    for row in rows.select_related(*(f.name for f in shown)).order_by(
        m2m_field.m2m_reverse_field_name(), "pk"
    ):
        linked[row.history_id].append(
            {
                field.name: getattr(row, field.name)
                or DeletedObject(field.related_model, getattr(row, field.attname))
                for field in shown
            }
        )
    return linked


def same_rows(old: LinkedRows, new: LinkedRows) -> bool:
    return [{k: v.pk for k, v in row.items()} for row in old] == [
        {k: v.pk for k, v in row.items()} for row in new
    ]


class LinkChangesReadOnce:
    """The history page's “Changes” column with many-to-many changes read once for the page:
    django-simple-history reads them twice or four times for each record."""

    def set_history_delta_changes(
        self,
        request: HttpRequest,
        historical_records: Sequence[HistoricalChanges],
        foreign_keys_are_objs: bool = True,
    ) -> None:
        records = list(historical_records)
        if not records or not foreign_keys_are_objs:
            super().set_history_delta_changes(  # type: ignore[misc]
                request, records, foreign_keys_are_objs
            )
            return
        names = [field.name for field in records[0]._history_m2m_fields]
        links = {name: linked_rows(records, name) for name in names}
        for newer, older in zip(records, records[1:], strict=False):
            delta = newer.diff_against(older, excluded_fields=names, foreign_keys_are_objs=True)
            changed = [
                ModelChange(name, links[name][older.pk], links[name][newer.pk])
                for name in names
                if not same_rows(links[name][older.pk], links[name][newer.pk])
            ]
            delta = ModelDelta(
                [*delta.changes, *changed],
                [*delta.changed_fields, *(change.field for change in changed)],
                older,
                newer,
            )
            helper = self.get_historical_record_context_helper(request, newer)  # type: ignore[attr-defined]
            newer.history_delta_changes = helper.context_for_delta_changes(delta)


class TrackedAdmin(WithPages, HoldsEdits, HiddenVersion, LinkChangesReadOnce, SimpleHistoryAdmin):
    """History with what changed, and revert, and held edits, for every tracked model."""

    def current_object_or_404(self, request: HttpRequest, object_id: str) -> models.Model:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id “{object_id}”.")
        return obj

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self.current_object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        current = self.current_object_or_404(request, object_id)
        if as_key(str(version_id)) is None:
            raise Http404("No such version.")
        # Reverting is changing: the library asks only for view permission.
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        request.reverting_history = True  # type: ignore[attr-defined]
        try:
            # All or nothing, as a change form's save is: the row, its links and the log.
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as refused:
            # Refused at write time (see changeform_view): the form again, with the reason.
            self.show_refused(request, refused)
            return super().history_form_view(request, object_id, version_id, extra_context)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and permissions.may_delete(
            request.user, obj
        )

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A deletion asks who may delete the row as locked for it: asked before, the row
        # could change meanwhile (its claim published) and be deleted though no longer
        # deletable. (Django's own view runs in a transaction of its own, nested in this.)
        with transaction.atomic():
            object_key = unquote(object_id)
            key = as_key(object_key)
            if request.method == "POST" and key is not None:
                try:
                    lock_for_deletion(self.model, [key])
                except StaleEditError as moved:
                    raise PermissionDenied(" ".join(moved.messages)) from None
            obj = self.get_object(request, object_key)
            if obj is not None and super().has_delete_permission(request, obj):
                refusal = permissions.deletion_refusal(request.user, obj)
                if refusal is not None:
                    raise PermissionDenied(refusal)
            return super().delete_view(request, object_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponseBase:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refused:
            # Refused at write time (someone saved between this form's validation and its
            # write, or the model refused what the form let through): the transaction was
            # rolled back; show the form again with what was typed and the reason.
            self.show_refused(request, refused)
            return super().changeform_view(request, object_id, form_url, extra_context)

    @staticmethod
    def show_refused(request: HttpRequest, refused: ValidationError) -> None:
        """Have the form shown again with what was typed, and why its save was refused."""
        request.refused_save = refused  # type: ignore[attr-defined]
        if isinstance(refused, held_edits.HeldEditDecided):
            request.POST = forgetting_held_edit(  # type: ignore[assignment]
                request.POST, refused.revision_id, refused.published_version
            )

    def get_form(
        self,
        request: HttpRequest,
        obj: models.Model | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Any]]:
        if obj is not None and getattr(request, "reverting_history", False):
            self.keep_current_state(obj, self.get_readonly_fields(request, obj))
        form_class = opening_held_edit(
            super().get_form(request, obj, change=change, **kwargs), request.user, obj
        )
        refused: ValidationError | None = getattr(request, "refused_save", None)
        return form_class if refused is None else refusing(form_class, refused)

    @staticmethod
    def keep_current_state(old_version: models.Model, read_only: Sequence[str] = ()) -> None:
        """A revert restores what people wrote, not the row's state: the review status,
        the version checked against concurrent edits and other derived fields stay current,
        and so do the fields the reverter may not set (``read_only``: a note's visibility
        for a researcher), which the form leaves at the old version's value."""
        current = type(old_version)._base_manager.get(pk=old_version.pk)
        for field in old_version._meta.concrete_fields:
            if not field.editable or field.name == "version" or field.name in read_only:
                setattr(old_version, field.attname, getattr(current, field.attname))
