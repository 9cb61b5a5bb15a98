"""Read-only endpoints: published claims and statements, and the cases, parties and sources
they use. Drafts never appear, whoever asks."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse
from rest_framework import viewsets
from rest_framework.serializers import BaseSerializer

from tracker.filters import ClaimFilter, PointFilter
from tracker.interchange.schema import case_document_schema as document_schema
from tracker.models import Case, CaseRole, Claim, Party, Point, Source, Statement

from . import serializers
from .filters import StatementFilter

# As in the site's URLs: anything else is a 404 before it reaches the database.
SLUG = "[-a-zA-Z0-9_]+"


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases with at least one published claim."""

    serializer_class = serializers.CaseSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet:
        roles = (
            CaseRole.objects.filter(party__in=Party.objects.published())
            .select_related("party")
            .order_by("position", "pk")
        )
        return (
            Case.objects.published()
            .prefetch_related(Prefetch("roles", queryset=roles))
            .order_by("title", "pk")
        )


class ClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Published claims with their statements; filtered with the site's claim-list filters
    (``q``, ``case``, ``party``, ``stance``, ``kind``, ``tag``)."""

    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet:
        return (
            Claim.objects.published()
            .select_related("case", "claimant", "point")
            .prefetch_related(
                "tags",
                Prefetch(
                    "statements",
                    queryset=Statement.objects.select_related("party", "relayed_by", "source"),
                ),
            )
            .order_by("case__title", "position", "pk")
        )


class PointViewSet(viewsets.ReadOnlyModelViewSet):
    """Disputed points with at least one published version, each version with its claimant;
    filtered as the site's point list (``q``, ``case``, ``claimant``)."""

    serializer_class = serializers.PointSerializer
    filterset_class = PointFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet:
        versions = (
            Claim.objects.published()
            .select_related("claimant")
            .order_by("point_position", "position", "pk")
        )
        return (
            Point.objects.published()
            .select_related("case")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="published_versions"))
            .order_by("case__title", "position", "pk")
        )


class StatementViewSet(viewsets.ReadOnlyModelViewSet):
    """Statements on published claims."""

    lookup_value_regex = "[0-9]{1,18}"

    serializer_class = serializers.StatementSerializer
    filterset_class = StatementFilter

    def get_queryset(self) -> QuerySet:
        return (
            Statement.objects.published()
            .select_related("claim", "party", "relayed_by", "source")
            .order_by("claim__case__title", "claim__position", "claim", "position", "pk")
        )


class PartyViewSet(viewsets.ReadOnlyModelViewSet):
    """Parties a published claim uses (see ``Party.objects.published``)."""

    serializer_class = serializers.PartySerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet:
        return Party.objects.published().prefetch_related("aliases").order_by("name", "pk")


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sources quoted by published statements; a single source includes its verbatim text."""

    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet:
        return Source.objects.published().order_by("title", "pk")

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "retrieve":
            return serializers.SourceWithTextSerializer
        return serializers.SourceSerializer


def case_document_schema(request: HttpRequest) -> JsonResponse:
    """The JSON Schema of the case documents ``export_case`` writes and ``import_case`` reads."""
    schema = document_schema(request.build_absolute_uri(request.path))
    return JsonResponse(
        schema, content_type="application/schema+json", json_dumps_params={"indent": 2}
    )
