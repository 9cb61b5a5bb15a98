from typing import Any

import django_filters
from django import forms
from django.core.validators import EMPTY_VALUES
from django.forms.renderers import BaseRenderer
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import Case, Claim, ClaimQuerySet, Party, Point, PointQuerySet, Statement, Tag

SEARCH_MAX_LENGTH = 200


class PlainSelect(forms.Select):
    """A ``<select>`` built in one pass, with the markup Django's templates give it: those
    render each option through two template includes, which cost more than the rest of the
    claim list's filter form (issue 12). Option groups are not used here."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option["value"], html_attributes(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            html_attributes(widget["attrs"]),
            options,
        )


def html_attributes(attrs: dict[str, Any]) -> SafeString:
    """``attrs`` as Django's widget template writes them: in order, True as a bare name,
    False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def search_filter(help_text: str) -> django_filters.CharFilter:
    """The ``q`` box: a FilterSet's ``search`` method matches it, ignoring case and accents."""
    return django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.SearchInput,
        help_text=help_text,
    )


def case_filter() -> django_filters.ModelChoiceFilter:
    """A published case, by the slug its links give."""
    return django_filters.ModelChoiceFilter(
        queryset=Case.objects.published(),
        to_field_name="slug",
        empty_label="Any case",
        widget=PlainSelect,
    )


def party_filter(label: str, help_text: str, method: str) -> django_filters.CharFilter:
    """A party by name or nickname, typed, or by the slug a link gives: a choice among every
    party would put thousands of options on each page."""
    return django_filters.CharFilter(
        label=label,
        method=method,
        max_length=SEARCH_MAX_LENGTH,
        help_text=f"{help_text} Its name or a nickname, in any spelling.",
    )


def statement_choice_filter(
    choices: list[tuple[str, str]], label: str, empty_label: str
) -> django_filters.ChoiceFilter:
    """A stance or kind one of the claim's statements has, asked with the other statement
    filters (``with_statement``)."""
    return django_filters.ChoiceFilter(
        choices=choices,
        label=label,
        empty_label=empty_label,
        method="with_statement",
        widget=PlainSelect,
    )


class ReaderFilterSet(django_filters.FilterSet):
    """A reader's list filters: the search box, then the refinements (every other filter),
    which a narrow screen folds away while none is in use, so that the results come first."""

    def search_field(self) -> forms.BoundField:
        return self.form["q"]

    def refinements(self) -> list[forms.BoundField]:
        return [field for field in self.form if field.name != "q"]

    def refinements_in_use(self) -> int:
        """How many refinements the address gives a value, or has refused one of."""
        return sum(
            1
            for field in self.refinements()
            if field.errors or self.data.get(field.name) not in EMPTY_VALUES
        )


class ClaimFilter(ReaderFilterSet):
    """The reader's claim list filters; every value lives in the URL so a search can be shared."""

    q = search_filter("Words from a claim, a quote, or a party's name or nickname, in any script.")
    case = case_filter()
    claimant = party_filter("Claimant", "The party that puts the claim forward.", "put_forward_by")
    # Claim has no party or stance field, so these need their labels spelled out; django-filter
    # would otherwise label them “[invalid name]”.
    party = party_filter("Party", "A party with a statement on the claim.", "with_statement")
    stance = statement_choice_filter(Statement.Stance.choices, "Stance", "Any stance")
    kind = statement_choice_filter(Statement.Kind.choices, "Statement kind", "Any kind")
    tag = django_filters.ModelChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.published(),
        to_field_name="slug",
        empty_label="Any tag",
        widget=PlainSelect,
    )

    statement_filters = ("party", "stance", "kind")

    class Meta:
        model = Claim
        fields = ["q", "case", "claimant", "party", "stance", "kind", "tag"]

    def search(self, queryset: ClaimQuerySet, name: str, value: str) -> ClaimQuerySet:
        return queryset.matching(value)

    def with_statement(self, queryset: ClaimQuerySet, name: str, value: object) -> ClaimQuerySet:
        """Claims with one statement that has every party, stance and kind asked for.

        The three describe one statement together ("claims the prosecution disputes"), so the
        first of them given applies all given as one subquery and the others add nothing; one
        subquery also keeps the list's stance counts free of the joins filters would add.
        """
        data = self.form.cleaned_data
        given = {f: data[f] for f in self.statement_filters if data.get(f) not in EMPTY_VALUES}
        if name != next(iter(given)):
            return queryset
        if "party" in given:
            given["party__in"] = Party.objects.named(given.pop("party"))
        return queryset.filter(pk__in=Statement.objects.filter(**given).values("claim_id"))

    def put_forward_by(self, queryset: ClaimQuerySet, name: str, value: str) -> ClaimQuerySet:
        return queryset.filter(claimant__in=Party.objects.named(value))


class PointFilter(ReaderFilterSet):
    """The reader's list of disputed points, searched by question and by claimant."""

    q = search_filter("Words from a question, or a claimant's name or nickname, in any script.")
    case = case_filter()
    claimant = party_filter(
        "Claimant", "A party with its own version of the point.", "put_forward_by"
    )

    class Meta:
        model = Point
        fields = ["q", "case", "claimant"]

    def search(self, queryset: PointQuerySet, name: str, value: str) -> PointQuerySet:
        return queryset.matching(value)

    def put_forward_by(self, queryset: PointQuerySet, name: str, value: str) -> PointQuerySet:
        return queryset.put_forward_by(Party.objects.named(value))
