"""Which claims, and what of each, the site's pages and lists read (``Claim.objects``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Self

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Max, OuterRef, Prefetch, Q

from tracker.search import normalise_for_search

from .parties import Party, naming_fields
from .review import ClaimStatus, ReviewTransition
from .visibility import PublicationQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# What a claim's page shows of the claim, its case, claimant and point, and no other column:
# compiling the query and making its rows took a claim page longer with whole rows of all four
# (the claim's search text, the case's summary) than running it (issue 12).
CLAIM_PAGE_FIELDS = [
    "text",
    "slug",
    "status",
    "published_at",
    "updated_at",
    "case__title",
    "case__slug",
    *naming_fields("claimant"),
    "claimant__kind",
    "point__question",
    "point__slug",
]


# A search word this long or shorter has at most one trigram to narrow it by (``matching``).
SHORT_WORD = 3


# A point page shows so many of each version's quotes of each stance, and links to the rest:
# with all of them a point of 140 quotes was a 220 KB page that took 90 ms to make.
QUOTES_PER_STANCE = 10
# A claim's page shows a page of so many statements of each stance: with all of them, a claim
# of 10,000 statements made a page of megabytes.
STATEMENTS_PER_STANCE = 50
# A claim with no more statements than this has them read whole and paged in Python.
STATEMENTS_READ_WHOLE = 3 * STATEMENTS_PER_STANCE


class ClaimQuerySet(PublicationQuerySet):
    def published(self) -> Self:
        return self.filter(status=ClaimStatus.PUBLISHED)

    def open_to_researchers(self) -> Self:
        return self.filter(status__in=self.model.OPEN_TO_RESEARCHERS)

    def awaiting_review(self) -> Self:
        """Claims in review, oldest submission first: the reviewers' queue."""
        return (
            self.filter(status=ClaimStatus.IN_REVIEW)
            .annotate(
                submitted_at=Max(
                    "review_transitions__created_at",
                    filter=Q(review_transitions__to_status=ClaimStatus.IN_REVIEW),
                )
            )
            .order_by("submitted_at", "pk")
        )

    def touched_by(self, user: User | AnonymousUser) -> Self:
        """Claims ``user`` created or edited, or whose statements they did, as history records."""
        from .statements import Statement

        claims = self.model.history.filter(history_user_id=user.pk).values("id")
        statements = Statement.history.filter(history_user_id=user.pk).values("claim_id")
        return self.filter(Q(pk__in=claims) | Q(pk__in=statements))

    def with_latest_review_comment(self) -> Self:
        """Each claim's reviewers' comments, newest first, in ``reviewers_comments``: a
        prefetch, so it runs for the claims a page shows, after slicing, not for every claim."""
        comments = ReviewTransition.objects.reviewers_comments()
        return self.prefetch_related(
            Prefetch("review_transitions", queryset=comments, to_attr="reviewers_comments")
        )

    def with_stance_counts(self) -> Self:
        """How many of each claim's statements take each stance, as ``supports_count``,
        ``disputes_count`` and ``qualifies_count``: a subquery each, which PostgreSQL runs
        for the rows a page shows, after its LIMIT, never over every claim."""
        from .statements import stance_counts

        return self.annotate(**stance_counts())

    def for_list(self) -> Self:
        """What a list of claims shows of each (``claim_list.html``), and no other column: a
        page is sorted out of every claim listed, and whole rows (search text, the case's
        summary, the point's and claimant's) sent that sort to disk at 100,000 statements."""
        return (
            self.select_related("case", "claimant", "point")
            .only(
                "text",
                "slug",
                "case__title",
                *naming_fields("claimant"),
                "point__question",
                "point__slug",
            )
            .with_stance_counts()
            .prefetch_related("tags")
        )

    def recently_changed(self) -> Self:
        """Newest change first, with what the home page lists of each and no other column:
        its text, its claimant and the date."""
        return (
            self.select_related("claimant")
            .only("text", "slug", "updated_at", *naming_fields("claimant"))
            .order_by("-updated_at", "-pk")
        )

    def matching(self, query: str) -> Self:
        """Claims whose text, point, claimant (name or alias), or a statement's quote,
        paraphrase or party (name or alias) contains ``query``, ignoring case and accents.

        A longer word is found through each way in's own index (trigram on PostgreSQL), the
        ways joined by UNION: few rows for most words. A word of three characters or fewer has
        at most one trigram, which narrows little ("a", "to", "the" are in nearly every
        statement: the UNION read and merged 200,000 rows for "a" at 100,000 statements). Such a
        word tests each claim against its own words first and the other ways in only if those
        miss, each of them a subquery that PostgreSQL reads once (issue 12).
        """
        from .statements import Statement

        needle = normalise_for_search(query)
        if not needle:
            return self.all()
        parties = Party.objects.matching(needle).order_by().values("pk")
        if len(needle) > SHORT_WORD:
            found = self.model.objects.filter(search_text__contains=needle).order_by().values("pk")
            return self.filter(
                pk__in=found.union(
                    self.model.objects.filter(claimant__in=parties).order_by().values("pk"),
                    self.model.objects.filter(point__search_text__contains=needle)
                    .order_by()
                    .values("pk"),
                    Statement.objects.filter(search_text__contains=needle)
                    .order_by()
                    .values("claim_id"),
                    Statement.objects.filter(party__in=parties).order_by().values("claim_id"),
                )
            )
        statements = Statement.objects.filter(claim=OuterRef("pk")).order_by()
        return self.filter(
            Q(search_text__contains=needle)
            | Q(claimant__in=parties)
            | Q(point__search_text__contains=needle)
            | Exists(statements.filter(search_text__contains=needle))
            | Exists(statements.filter(party__in=parties))
        )

    def in_point_order(self) -> ClaimQuerySet:
        """Versions in the order their point sets them out."""
        return self.order_by("point_position", "position", "pk")

    def with_versions(self) -> Self:
        """What a point page shows of each version: its case, its claimant and the first quotes
        of each stance (``Claim.quotes_by_stance``), with what its stance matrix needs of the
        rest (``first_of_each_stance``); not its tags or notes, which only its own page shows
        (two queries more). Not its point either: ``point.versions`` sets it on each without a
        join."""
        from .statements import Statement

        quotes = Statement.objects.quoted().in_claim_order()
        return self.select_related("case", "claimant").prefetch_related(
            Prefetch("statements", queryset=quotes.first_of_each_stance(QUOTES_PER_STANCE))
        )

    def for_claim_page(self, stance_pages: Mapping[str, int] | None = None) -> Self:
        """Everything a claim's page shows: page ``stance_pages[stance]`` (the first where none
        is given) of each stance's statements as cards with their public notes, the claim's
        tags and its own public notes (``ClaimPages``)."""
        from .annotations import ClaimPages
        from .statements import claim_statement_total

        pages = (
            self.select_related("case", "claimant", "point")
            .only(*CLAIM_PAGE_FIELDS)
            .annotate(statement_total=claim_statement_total())
            .prefetch_related("tags")
        )
        pages._iterable_class = ClaimPages.showing(stance_pages or {})
        return pages
