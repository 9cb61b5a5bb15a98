from typing import Self

from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from simple_history.models import HistoricalRecords

from tracker.search import Searchable, normalise_for_search
from tracker.slugs import slug_url

from .versioning import Versioned
from .visibility import PublicationQuerySet

# What a page needs of a party to name it (``__str__``) and link to it (``get_absolute_url``).
NAMING_FIELDS = ("name", "qualifier", "slug")


def naming_fields(relation: str) -> list[str]:
    """``NAMING_FIELDS`` of the party at ``relation``, for ``only()``: ``claimant__name`` …"""
    return [relation, *(f"{relation}__{field}" for field in NAMING_FIELDS)]


class PartyQuerySet(PublicationQuerySet):
    def published(self) -> Self:
        """Parties a published claim uses: with or relaying one of its statements, or putting
        it forward; and parties an outcome of a public case names, since its page shows them."""
        from .cases import Outcome
        from .claims import Claim
        from .statements import Statement

        statements = Statement.objects.published()
        outcomes = Outcome.objects.published()
        return self.filter(
            Exists(statements.filter(party=OuterRef("pk")))
            | Exists(statements.filter(relayed_by=OuterRef("pk")))
            | Exists(Claim.objects.published().filter(claimant=OuterRef("pk")))
            | Exists(outcomes.filter(party=OuterRef("pk")))
        )

    def matching(self, query: str) -> Self:
        """Parties whose name or an alias contains ``query``, ignoring case and accents."""
        needle = normalise_for_search(query)
        if not needle:
            return self.all()
        named = Party.objects.filter(search_text__contains=needle).order_by().values("pk")
        aliased = (
            PartyAlias.objects.filter(search_text__contains=needle).order_by().values("party_id")
        )
        return self.filter(pk__in=named.union(aliased))

    def named(self, words: str) -> Self:
        """The party whose slug is ``words``, as links give it, or else those a reader
        typing ``words`` means: name or alias containing them."""
        words = words.strip()
        return self.filter(
            Q(slug=words) | Q(pk__in=Party.objects.matching(words).order_by().values("pk"))
        )

    def ranked_for(self, term: str) -> Self:
        """Parties in the order a researcher typing ``term`` means them: an exact name or
        alias first, then names and aliases starting with it, then anything else that
        matched (a description, say), each group alphabetical."""
        term = term.strip()
        if not term:
            return self.all()
        aliases = PartyAlias.objects.filter(party=OuterRef("pk"))
        return self.annotate(
            name_rank=Case(
                When(
                    Q(name__iexact=term) | Exists(aliases.filter(name__iexact=term)),
                    then=Value(0),
                ),
                When(
                    Q(name__istartswith=term) | Exists(aliases.filter(name__istartswith=term)),
                    then=Value(1),
                ),
                When(
                    Q(name__icontains=term) | Exists(aliases.filter(name__icontains=term)),
                    then=Value(2),
                ),
                default=Value(3),
                output_field=IntegerField(),
            )
        ).order_by("name_rank", "name", "qualifier", "pk")


class Party(Versioned, Searchable):
    """Anyone who asserts something: a person, a body, a group of witnesses, a court."""

    class Kind(models.TextChoices):
        PERSON = "person"
        ORGANISATION = "organisation"
        STATE_BODY = "state_body", "State body"
        COURT = "court"
        GROUP = "group", "Group of people"
        MEDIA = "media", "News outlet"

    name = models.CharField(max_length=200, help_text="The name readers know the party by.")
    qualifier = models.CharField(
        max_length=100,
        blank=True,
        help_text="Tells apart parties of the same name, shown after it: the place or case, "
        "e.g. “Almaty” for “The prosecution (Almaty)”.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(
        blank=True,
        help_text="Role or position as the sources describe it, "
        "e.g. “former head of a KNB department”.",
    )

    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    class Meta:
        ordering = ["name", "qualifier"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "qualifier"],
                name="unique_party_name_and_qualifier",
                violation_error_message="A party of this name and qualifier exists already; "
                "if this is another one, add a qualifier (the place or case) to tell them apart.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.qualifier})" if self.qualifier else self.name

    def get_absolute_url(self) -> str:
        return slug_url("tracker:party-detail", self.slug)

    def searchable_parts(self) -> list[str]:
        return [self.name]


class PartyAlias(Versioned, Searchable):
    """Another name a party goes by, so that search finds it under any of them."""

    class Kind(models.TextChoices):
        NICKNAME = "nickname"
        TRANSLITERATION = "transliteration"
        NATIVE = "native", "Native spelling"
        SHORT = "short", "Short form"
        TITLE = "title", "Title or office"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    class Meta:
        ordering = ["party", "name"]
        verbose_name_plural = "party aliases"
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="unique_alias_per_party"),
        ]

    def __str__(self) -> str:
        return self.name

    def searchable_parts(self) -> list[str]:
        return [self.name]
