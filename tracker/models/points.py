from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.search import Searchable, normalise_for_search
from tracker.slugs import slug_url

from .parties import naming_fields
from .versioning import Versioned
from .visibility import PublicationQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from .cases import StanceMatrix
    from .claims import Claim
    from .parties import Party


class PointQuerySet(PublicationQuerySet):
    def published(self) -> PointQuerySet:
        """Points with at least one published version: a point is public only through
        claims a reviewer has published."""
        from .claims import Claim

        return self.filter(Exists(Claim.objects.published().filter(point=OuterRef("pk"))))

    def matching(self, query: str) -> PointQuerySet:
        """Points whose question, or a published version's claimant (name or alias),
        contains ``query``, ignoring case and accents."""
        from .claims import Claim
        from .parties import Party

        needle = normalise_for_search(query)
        if not needle:
            return self.all()
        found = Point.objects.filter(search_text__contains=needle).order_by().values("pk")
        claimants = Party.objects.matching(needle).order_by().values("pk")
        versions = Claim.objects.published().filter(claimant__in=claimants)
        return self.filter(pk__in=found.union(versions.order_by().values("point_id")))

    def put_forward_by(self, parties: QuerySet[Party]) -> PointQuerySet:
        """Points where one of ``parties`` is the claimant of a published version."""
        from .claims import Claim

        versions = Claim.objects.published().filter(claimant__in=parties)
        return self.filter(pk__in=versions.order_by().values("point_id"))

    def with_published_versions(self) -> PointQuerySet:
        """What a list of points shows of each (``point_row.html``), and no other column: its
        question, its case's title, and its published versions' claimants, in order."""
        from .claims import Claim

        versions = (
            Claim.objects.published()
            .select_related("claimant")
            .only("point", *naming_fields("claimant"))
            .in_point_order()
        )
        return (
            self.select_related("case")
            .only("question", "slug", "case__title")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="published_versions"))
        )


class Point(Versioned, Searchable):
    """A disputed point: a question in neutral words that parties answer differently, with
    their answers as versions (claims), each put forward by its claimant."""

    case = models.ForeignKey("tracker.Case", on_delete=models.PROTECT, related_name="points")
    question = models.TextField(
        help_text="The question in neutral words that the versions answer differently, e.g. "
        "“Who sent Dzhumageldiev into the streets of Almaty, and to do what?”. "
        "Take no side: the versions say what each party holds."
    )
    slug = models.SlugField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its case.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PointQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "search_text"])

    class Meta:
        ordering = ["case", "position", "pk"]
        verbose_name = "disputed point"

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return slug_url("tracker:point-detail", self.slug)

    def get_permanent_url(self) -> str:
        """An address that survives a change of slug."""
        return reverse("tracker:point-permalink", args=[self.pk])

    def searchable_parts(self) -> list[str]:
        return [self.question]

    @property
    def is_open_to_researchers(self) -> bool:
        """Researchers may change a point's question only while none of its versions is in
        review or published, so that what a reviewer published keeps its question."""
        from .claims import Claim

        return not self.versions.exclude(status__in=Claim.OPEN_TO_RESEARCHERS).exists()

    def versions_for(self, user: User | AnonymousUser) -> list[Claim]:
        """The versions ``user`` may see, in order, with everything the point page shows."""
        return list(self.versions.visible_to(user).with_versions().in_point_order())

    @staticmethod
    def first_published(versions: list[Claim]) -> datetime | None:
        """When the earliest of ``versions`` was published in the tracker, where recorded."""
        dates = [v.published_at for v in versions if v.is_published and v.published_at]
        return min(dates, default=None)

    @staticmethod
    def stance_matrix(versions: list[Claim]) -> StanceMatrix:
        """Who supports, disputes or qualifies each version: agreement at a glance."""
        from .cases import stance_matrix

        return stance_matrix(versions)
