"""Widgets and formsets the statement forms use, and the quote shown in its source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, IntegerField, ManyToManyField, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.forms.forms import BaseForm
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.models import Source
from tracker.models.quotations import Quotation
from tracker.quoting import excerpt

from .views import as_key

QUOTE_CONTEXT_CHARS = 120


class QuotePreviewMedia:
    """Fills a statement's offsets as its quote is pasted and shows it in its context."""

    js = [
        "admin/js/jquery.init.js",
        "tracker/admin/quote_preview.js",
        "tracker/admin/statement_rows.js",
    ]
    css = {"all": ["tracker/admin/quote_preview.css"]}


def quote_in_context(quotation: Quotation) -> str:
    """The quoted span highlighted inside the words around it, for the reviewer to check."""
    if quotation.pk is None or quotation.source_id is None:
        return "Shown once saved."
    text = quotation.source.text
    around = excerpt(text, quotation.quote_start, quotation.quote_end, QUOTE_CONTEXT_CHARS)
    html: SafeString = format_html(
        '<div class="quote-in-context">{}{}<mark>{}</mark>{}{}</div>'
        "<p>Offsets {}–{} of {} characters.</p>",
        "…" if around.cut_before else "",
        around.before,
        around.quote,
        around.after,
        "…" if around.cut_after else "",
        quotation.quote_start,
        quotation.quote_end,
        len(text),
    )
    return html


class KeysOnly:
    """An autocomplete shown again with what was posted leaves out a value that is no key
    (a tampered form): Django's looks it up as one and answers 500, where the field's own
    error says it is not a valid choice."""

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        keys = [choice for choice in value if as_key(str(choice)) is not None]
        groups: list[tuple[str | None, list[dict[str, Any]], int | None]]
        groups = super().optgroups(name, keys, attr)  # type: ignore[misc]
        return groups


class KeysOnlyMultipleChoiceField(ModelMultipleChoiceField):
    """A many-to-many choice posted as no key (a tampered form) is the field's "not a valid
    value" error before any lookup: beyond the largest 64-bit key, SQLite refused Django's
    lookup of it with a 500."""

    def clean(self, value: Any) -> QuerySet[Any]:
        model = self.queryset.model if self.queryset is not None else None
        keyed_by_integers = self.to_field_name is None and isinstance(
            model and model._meta.pk, IntegerField
        )
        for choice in value if keyed_by_integers and isinstance(value, list | tuple) else ():
            if as_key(str(choice)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": choice},
                )
        return super().clean(value)


class KeysOnlyAutocompleteSelect(KeysOnly, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnly, AutocompleteSelectMultiple):
    pass


class KeysOnlyAutocompletes:
    """ModelAdmin and inline side: every autocomplete field gets a ``KeysOnly`` widget."""

    def keys_only_widget(
        self,
        db_field: ForeignKey[Any, Any] | ManyToManyField[Any, Any],
        request: HttpRequest,
        widget_class: type[KeysOnlyAutocompleteSelect | KeysOnlyAutocompleteSelectMultiple],
        kwargs: dict[str, Any],
    ) -> dict[str, Any]:
        """``kwargs`` with the ``KeysOnly`` widget for ``db_field``, where it is autocompleted
        and no widget is chosen already."""
        if "widget" in kwargs or db_field.name not in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            return kwargs
        widget = widget_class(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return {**kwargs, "widget": widget}

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        kwargs = self.keys_only_widget(db_field, request, KeysOnlyAutocompleteSelect, kwargs)
        field: ModelChoiceField | None = super().formfield_for_foreignkey(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        return field

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField | None:
        kwargs = self.keys_only_widget(
            db_field, request, KeysOnlyAutocompleteSelectMultiple, kwargs
        )
        kwargs.setdefault("form_class", KeysOnlyMultipleChoiceField)
        field: ModelMultipleChoiceField | None = super().formfield_for_manytomany(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        return field


class LoadedChoiceAutocomplete(KeysOnly, AutocompleteSelect):
    """An autocomplete whose chosen option's label is given, not looked up: the inline rows'
    related objects are already loaded, so the form does not query once per row."""

    known_labels: dict[str, str] | None = None

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
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
    """Gives each row's autocompletes the labels of the objects the row already holds."""

    def _construct_form(self, i: int, **kwargs: Any) -> BaseForm:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, LoadedChoiceAutocomplete) and form.instance.pk is not None:
                related = getattr(form.instance, name)
                widget.known_labels = {str(related.pk): str(related)} if related else {}
        return form


class LoadedChoicesInline:
    """Inline side: each row's autocompletes name the related objects the row already holds
    (its queryset loads them with the rows), where Django's would look each one up again."""

    formset: type[BaseInlineFormSet[Any, Any, Any]] = LoadedChoicesFormSet

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:  # type: ignore[attr-defined]
            widget = LoadedChoiceAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
            kwargs["widget"] = widget
        field: ModelChoiceField | None = super().formfield_for_foreignkey(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        return field


class StatementFormSet(LoadedChoicesFormSet):
    """New statement rows start with the source the researcher most likely quotes next."""

    default_source: Source | None = None

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs(index)
        if self.default_source is not None and (
            index is None or index >= self.initial_form_count()
        ):
            kwargs["initial"] = {**kwargs.get("initial", {}), "source": self.default_source.pk}
        return kwargs


class ShowsQuoteInContext:
    """Adds the read-only field ``quote_in_context`` to a statement's or outcome's form."""

    @admin.display(description="Quote in its source")
    def quote_in_context(self, quotation: Quotation) -> str:
        return quote_in_context(quotation)
