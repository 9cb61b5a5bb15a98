from typing import Self

from django.db import models
from django.db.models import Exists, OuterRef
from simple_history.models import HistoricalRecords

from .versioning import Versioned
from .visibility import PublicationQuerySet


class TagQuerySet(PublicationQuerySet):
    def published(self) -> Self:
        """Tags a published claim carries."""
        from .claims import Claim

        return self.filter(Exists(Claim.objects.published().filter(tags=OuterRef("pk"))))


class Tag(Versioned, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = TagQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
