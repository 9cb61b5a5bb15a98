"""The claim list as CSV, filtered exactly as on the site: one row per statement.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (OWASP's "CSV injection"), and hides a leading apostrophe; such a cell is
written with one apostrophe before it, which spreadsheets read as "text" and do not show.
Every other cell is verbatim. Dropping the apostrophe from a cell that starts with one gives
back the exact text, so every quote still equals ``source.text[quote_start:quote_end]``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from .filters import ClaimFilter
from .models import Claim, Source, Statement
from .models.quotations import QUOTE_FIELDS
from .streaming import in_chunks
from .views import listed_claims

SPREADSHEET_ACTIVE_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
CLAIMS_AT_A_TIME = 100

COLUMNS = [
    "case",
    "point",
    "claim",
    "claimant",
    "claim_url",
    "party",
    "stance",
    "kind",
    *QUOTE_FIELDS,
    "attribution",
    "relayed_by",
    "stated",
    "source",
    "source_url",
    "quote_url",
]


def claim_rows(claims: list[Claim], request: HttpRequest) -> Iterator[list[Any]]:
    """A row per statement of each claim, in the list's order; a claim without statements
    still gets one row, so the file lists every claim the page does."""
    statements_of = statements_by_claim(claims)
    for claim in claims:
        claim_cells = [
            claim.case.title,
            claim.point.question if claim.point else "",
            claim.text,
            str(claim.claimant or ""),
            request.build_absolute_uri(claim.get_absolute_url()),
        ]
        statements = statements_of[claim.pk]
        if not statements:
            yield claim_cells + [""] * (len(COLUMNS) - len(claim_cells))
        for statement in statements:
            yield claim_cells + statement_cells(statement, request)


def statements_by_claim(claims: list[Claim]) -> defaultdict[int, list[Statement]]:
    """The claims' statements in their order, by claim. Not prefetched onto the claims: each
    statement would point back at its claim, and rows in such a cycle wait for the garbage
    collector, so the chunks written piled up (11 MB held for a 6 MB file)."""
    statements_of: defaultdict[int, list[Statement]] = defaultdict(list)
    for statement in (
        Statement.objects.filter(claim__in=claims)
        .select_related("party", "relayed_by")
        .prefetch_related(Prefetch("source", queryset=Source.objects.without_text()))
    ):
        statements_of[statement.claim_id].append(statement)
    return statements_of


def statement_cells(statement: Statement, request: HttpRequest) -> list[Any]:
    return [
        str(statement.party),
        statement.stance,
        statement.kind,
        statement.quote,
        statement.quote_start,
        statement.quote_end,
        statement.attribution,
        str(statement.relayed_by or ""),
        statement.stated_on.isoformat() if statement.stated_on else statement.stated_when,
        statement.source.display_title,
        statement.source.link_url,
        request.build_absolute_uri(statement.quote_url),
    ]


def spreadsheet_safe(cell: Any) -> Any:
    """``cell`` as text a spreadsheet shows and never runs (see the module's docstring)."""
    if isinstance(cell, str) and cell.startswith(SPREADSHEET_ACTIVE_STARTS):
        return "'" + cell
    return cell


def claim_list_csv(request: HttpRequest) -> HttpResponseBase:
    filterset = ClaimFilter(request.GET, queryset=listed_claims())
    if not filterset.is_valid():
        problems = "; ".join(
            f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items()
        )
        return HttpResponse(
            f"Some filters could not be used, so no CSV was made. {problems}",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = StreamingHttpResponse(
        csv_text(filterset.qs, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response


def csv_text(claims: QuerySet[Claim], request: HttpRequest) -> Iterator[str]:
    """The file, a chunk of claims at a time: at 100,000 statements it is 40 MB, which the
    response never holds whole."""
    writer = csv.writer(LineByLine())
    yield writer.writerow(COLUMNS)
    for chunk in in_chunks(claims.select_related("case", "point", "claimant"), CLAIMS_AT_A_TIME):
        yield "".join(
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            for row in claim_rows(chunk, request)
        )


class LineByLine:
    """A file for ``csv.writer`` that hands back each line it is given (Django's "Echo")."""

    def write(self, line: str) -> str:
        return line
