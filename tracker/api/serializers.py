"""How published cases, claims, statements, parties and sources read as JSON.

Related rows are named by slug (statements by id), as in the site's URLs, so a client can
join the lists and link to the reader pages without knowing database keys.
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from tracker.models import Case, CaseRole, Claim, Party, PartyAlias, Point, Source, Statement
from tracker.models.quotations import QUOTE_FIELDS


class PageLinks(serializers.ModelSerializer):
    """Adds the reader page's absolute address as ``page``."""

    page = serializers.SerializerMethodField(help_text="The reader page on this site.")

    def get_page(self, obj: models.Model) -> str:
        url = obj.get_absolute_url()  # type: ignore[attr-defined]
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


def slug_of_related(help_text: str | None = None) -> serializers.SlugRelatedField:
    """A related row, named by its slug as in the site's URLs."""
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text=help_text)


def rows_within(
    model: type[models.Model], fields: list[str], **declared: serializers.Field
) -> serializers.ModelSerializer:
    """The rows of ``model`` that belong to the one shown, listed inside it with ``fields``.

    The serializer is named for the model (``CaseRoleSerializer``), so the OpenAPI schema
    names the rows' component ``CaseRole``.
    """
    meta = type("Meta", (), {"model": model, "fields": fields})
    rows = type(
        f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta, **declared}
    )
    return rows(many=True, read_only=True)


class PartySerializer(PageLinks):
    aliases = rows_within(PartyAlias, ["name", "kind"])

    class Meta:
        model = Party
        fields = ["slug", "name", "qualifier", "kind", "description", "aliases", "page"]


class SourceSerializer(PageLinks):
    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "outlet",
            "cited_outlet",
            "url",
            "published_on",
            "published_when",
            "language",
            "kind",
            "sha256",
            "page",
        ]


class SourceWithTextSerializer(SourceSerializer):
    """A source with its verbatim text, which every quote's offsets index."""

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class CaseSerializer(PageLinks):
    roles = rows_within(CaseRole, ["party", "role"], party=slug_of_related())

    class Meta:
        model = Case
        fields = [
            "slug",
            "title",
            "summary",
            "place",
            "period",
            "began_on",
            "ended_on",
            "roles",
            "page",
        ]


class StatementSerializer(PageLinks):
    claim: serializers.SlugRelatedField = slug_of_related()
    party: serializers.SlugRelatedField = slug_of_related()
    relayed_by: serializers.SlugRelatedField = slug_of_related()
    # Named like DRF's Field.source, which the stubs type as a string.
    source = slug_of_related()  # type: ignore[assignment]

    class Meta:
        model = Statement
        fields = [
            "id",
            "claim",
            "party",
            "stance",
            "kind",
            *QUOTE_FIELDS,
            "source",
            "paraphrase",
            "relayed_by",
            "attribution",
            "stated_on",
            "stated_when",
            "page",
        ]


class ClaimStatementSerializer(StatementSerializer):
    """A statement inside its claim, which need not be named again."""

    class Meta(StatementSerializer.Meta):
        fields = [name for name in StatementSerializer.Meta.fields if name != "claim"]


class ClaimSerializer(PageLinks):
    case: serializers.SlugRelatedField = slug_of_related()
    tags: serializers.RelatedField = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    claimant: serializers.SlugRelatedField = slug_of_related(
        help_text="The party that puts the claim forward."
    )
    point: serializers.SlugRelatedField = slug_of_related(
        help_text="The disputed point it is a version of."
    )
    statements = ClaimStatementSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "slug",
            "text",
            "claimant",
            "case",
            "point",
            "tags",
            "published_at",
            "updated_at",
            "statements",
            "page",
        ]


class PointVersionSerializer(PageLinks):
    claimant: serializers.SlugRelatedField = slug_of_related()

    class Meta:
        model = Claim
        fields = ["slug", "text", "claimant", "page"]


class PointSerializer(PageLinks):
    case: serializers.SlugRelatedField = slug_of_related()
    versions = PointVersionSerializer(
        many=True, read_only=True, source="published_versions", help_text="Published versions."
    )

    class Meta:
        model = Point
        fields = ["slug", "question", "case", "versions", "page"]
