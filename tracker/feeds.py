"""Atom feeds of newly published claims, for the whole site and for each case."""

from __future__ import annotations

import datetime
import re

from django.contrib.syndication.views import Feed
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Case, Claim

FEED_LENGTH = 50
# What XML 1.0 cannot hold: control characters other than tab and line breaks (a word
# processor's line break, pasted, is 0x0B), and U+FFFE and U+FFFF. Django refuses to write
# a feed with one, so one claim's text would take the feed down for every reader.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_text(text: str) -> str:
    """``text`` as a feed can carry it: each character XML cannot hold becomes a space."""
    return NOT_IN_XML.sub(" ", text)


def newly_published(case: Case | None = None) -> QuerySet[Claim]:
    """Published claims (of ``case``, if given), latest publication first, each with its
    ``last_published_at``: when a reviewer last published it (or, for a claim loaded already
    published, when it was created)."""
    claims = Claim.objects.published()
    if case is not None:
        claims = claims.filter(case=case)
    return (
        claims.annotate(
            last_published_at=Coalesce(
                Max(
                    "review_transitions__created_at",
                    filter=Q(review_transitions__to_status=Claim.Status.PUBLISHED),
                ),
                "created_at",
            )
        )
        .select_related("case")
        .order_by("-last_published_at", "-pk")
    )


class PublishedClaimsFeed(Feed):
    feed_type = Atom1Feed
    title = "Claims tracker: newly published claims"
    subtitle = "Contested claims with every party's statements in the exact words of sources."

    def link(self) -> str:
        return reverse("tracker:claim-list")

    def items(self) -> QuerySet[Claim]:
        return newly_published()[:FEED_LENGTH]

    def item_title(self, claim: Claim) -> str:
        return feed_text(claim.text)

    def item_description(self, claim: Claim) -> str:
        return feed_text(f"A claim in the case “{claim.case.title}”.")

    def item_pubdate(self, claim: Claim) -> datetime.datetime:
        return claim.last_published_at  # type: ignore[attr-defined]

    def item_updateddate(self, claim: Claim) -> datetime.datetime:
        return claim.updated_at

    def item_categories(self, claim: Claim) -> list[str]:
        return [feed_text(claim.case.title)]


class CaseClaimsFeed(PublishedClaimsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Case:
        return get_object_or_404(Case.objects.published(), slug=slug)

    def title(self, case: Case) -> str:  # type: ignore[override]
        return feed_text(f"Claims tracker: newly published claims in {case.title}")

    def link(self, case: Case) -> str:  # type: ignore[override]
        return case.get_absolute_url()

    def items(self, case: Case) -> QuerySet[Claim]:  # type: ignore[override]
        return newly_published(case)[:FEED_LENGTH]
