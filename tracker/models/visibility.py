"""What the public site shows: each model's queryset says what of it is ``published()``;
``visible_to`` adds the drafts for those the edit policy lets see them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


class PublicationQuerySet(models.QuerySet):
    def published(self) -> Self:
        raise NotImplementedError

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """What readers may see; everything for those who review or edit claims, who check
        drafts in place."""
        from tracker.permissions import may_see_drafts

        return self.all() if may_see_drafts(user) else self.published()
