import django_filters

from tracker.models import Case, Claim, Party, Source, Statement


class StatementFilter(django_filters.FilterSet):
    """Published statements by case, claim, party, source, stance and kind, named by slug."""

    case = django_filters.ModelChoiceFilter(
        field_name="claim__case", queryset=Case.objects.published(), to_field_name="slug"
    )
    claim = django_filters.ModelChoiceFilter(
        queryset=Claim.objects.published(), to_field_name="slug"
    )
    party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.published(), to_field_name="slug"
    )
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.published(), to_field_name="slug"
    )

    class Meta:
        model = Statement
        fields = ["case", "claim", "party", "source", "stance", "kind"]
