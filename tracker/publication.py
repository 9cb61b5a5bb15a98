"""What the public site, the API, the feeds and the sitemap may show besides claims.

A case, party or source is public only while a published claim uses it, so a draft's new
party or source never leaks through an export channel. The held-edits work moves these
rules onto the models' querysets; these functions then become one-line calls to them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tracker.models import Case, Claim, Party, Source, Statement


def public_cases() -> QuerySet[Case]:
    return Case.objects.published()


def public_parties() -> QuerySet[Party]:
    statements = Statement.objects.published()
    return Party.objects.filter(
        Q(pk__in=statements.values("party_id"))
        | Q(pk__in=statements.values("relayed_by_id"))
        | Q(pk__in=Claim.objects.published().values("claimant_id"))
    )


def public_sources() -> QuerySet[Source]:
    return Source.objects.filter(pk__in=Statement.objects.published().values("source_id"))
