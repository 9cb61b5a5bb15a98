from typing import Any, TypeVar

from django.contrib import admin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, QuerySet, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_filters import FilterSet

from .filters import ClaimFilter, PointFilter
from .highlighting import highlight_quotes
from .models import Case, Claim, ClaimQuerySet, Party, Point, Source, Statement
from .models.statements import stance_page_parameter

REFUSED_WITHOUT_REASON = "Your account may not open this page or do this."
CSRF_REFUSED = (
    "This form could not be sent: the token that shows it came from this site is missing or out "
    "of date (you may have signed out or in again since the page opened, or your browser refuses "
    "the site's cookies). Nothing was saved. Use your browser's Back button: the form still holds "
    "what you typed. Copy what you need, reload the page, and send it again."
)
CLAIMS_PER_PAGE = 20
STATEMENTS_PER_PAGE = 20
# Each claim brings its own parties as columns, so a page's cells grow as the square of its
# claims: at 100,000 statements, 20 claims made 161 columns and 3,200 cells (258 KB), a dozen
# make 100 and 1,200 (137 KB); the seed case's dozen still fit on one page.
MATRIX_CLAIMS_PER_PAGE = 12
CASE_LIST_PER_PAGE = 20
RECENT_CLAIMS = 8
HOME_CASES = 30
MAX_PAGE_NUMBER = 10**9  # beyond any list; a larger offset would overflow the database


M = TypeVar("M", bound=Model)


def shown_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """The row of ``queryset`` that ``lookup`` names, or a 404 that says so in a reader's words
    (Django's own, "No Claim matches the given query.", names a class)."""
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist:
        name = queryset.model._meta.verbose_name
        raise Http404(
            f"There is no {name} at this address: it may not be published, "
            "or the address may be mistyped."
        ) from None


def requested_page(number: str | None) -> int:
    """Page ``number`` of a list as a reader asked for it (1 when not given), or a 404 that
    says how pages are numbered; a number past every list is ``MAX_PAGE_NUMBER + 1``."""
    wanted = "1" if number in (None, "") else str(number)
    digits = wanted.lstrip("0")
    if not wanted.isascii() or not wanted.isdigit() or not digits:
        raise Http404(f"“{wanted[:20]}” is not a page number; pages are numbered from 1.")
    # A number longer than any page's is past every list, and may be past what int() reads.
    too_long = len(digits) > len(str(MAX_PAGE_NUMBER))
    return MAX_PAGE_NUMBER + 1 if too_long else int(digits)


def page_of(
    items: QuerySet[Any], number: str | None, per_page: int, rows_from: QuerySet[Any] | None = None
) -> Page[Any]:
    """Page ``number`` (1 when not given) of ``items``, its total counted along with it (see
    ``listed_rows``). A page that does not exist is a 404 that says which pages do."""
    paginator: Paginator[Any] = Paginator(items, per_page)
    page_number = requested_page(number)
    wanted = str(number or 1)
    offset = (page_number - 1) * per_page
    rows: list[Any] = []
    if page_number <= MAX_PAGE_NUMBER:
        rows, paginator.count = listed_rows(items, slice(offset, offset + per_page), rows_from)
    if not rows and page_number > 1:
        paginator.count = items.count()
        pages = paginator.num_pages
        raise Http404(
            f"There is no page {wanted[:20]}; this list has {pages} page{pluralize(pages)}."
        )
    return Page(rows, page_number, paginator)


def listed_rows(
    items: QuerySet[Any], window: slice, rows_from: QuerySet[Any] | None
) -> tuple[list[Any], int]:
    """The rows of ``items`` in ``window``, and how many ``items`` lists in all: the total rides
    along with the rows as a window count, so a search runs once per page, not once more to
    count.

    Given ``rows_from``, the window is found by its keys alone, and its rows are then read by
    key from ``rows_from``: ``items`` itself, or without the filters that cost too much to
    apply twice (a search). Otherwise every row listed is carried through the sort and the
    count with its texts and joined names: a page of the claim list or of a party's statements
    took twice the time that way at 100,000 statements (issue 12)."""
    counted = items.annotate(listed_total=Window(Count("*")))
    if rows_from is None:
        rows = list(counted[window])
        return rows, rows[0].listed_total if rows else 0
    keys = list(counted.prefetch_related(None).values_list("pk", "listed_total")[window])
    found = rows_from.in_bulk([pk for pk, _ in keys])
    return [found[pk] for pk, _ in keys if pk in found], keys[0][1] if keys else 0


def healthz(request: HttpRequest) -> HttpResponse:
    """That the server answers: for a load balancer, and the benchmark's bare baseline."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def home(request: HttpRequest) -> HttpResponse:
    points = (
        Point.objects.published()
        .with_published_versions()
        .order_by("case__title", "position", "pk")
    )
    context = {
        "cases": Case.objects.published()[:HOME_CASES],
        "points": points[:RECENT_CLAIMS],
        "recent_claims": Claim.objects.published().recently_changed()[:RECENT_CLAIMS],
    }
    return render(request, "tracker/home.html", context)


def listed_claims() -> ClaimQuerySet:
    """Published claims in the claim list's order, which its CSV download keeps too."""
    return Claim.objects.published().order_by("case__title", "position", "pk")


def claim_list(request: HttpRequest) -> HttpResponse:
    return filtered_page(
        request, ClaimFilter, listed_claims().for_list(), "tracker/claim_list.html"
    )


def point_list(request: HttpRequest) -> HttpResponse:
    points = (
        Point.objects.published()
        .with_published_versions()
        .order_by("case__title", "position", "pk")
    )
    return filtered_page(request, PointFilter, points, "tracker/point_list.html")


def filtered_page(
    request: HttpRequest, filterset_class: type[FilterSet], items: QuerySet[Any], template: str
) -> HttpResponse:
    """One page of ``items`` as filtered by the URL; invalid filters answer 400 with their
    errors on the form, and an empty page."""
    filterset = filterset_class(request.GET, queryset=items)
    valid = filterset.is_valid()
    page = page_of(
        filterset.qs if valid else items.none(), request.GET.get("page"), CLAIMS_PER_PAGE, items
    )
    context = {"filter": filterset, "page": page}
    return render(request, template, context, status=200 if valid else 400)


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    wanted = {
        stance: requested_page(request.GET.get(stance_page_parameter(stance)))
        for stance in Statement.Stance.values
    }
    claim = shown_or_404(Claim.objects.visible_to(request.user).for_claim_page(wanted), slug=slug)
    columns = []
    for stance, label, statements in claim.stance_columns(wanted):
        if not statements and statements.number > 1:
            pages = statements.paginator.num_pages
            raise Http404(
                f"There is no page {statements.number} of the “{label}” statements on this "
                f"claim; they fill {pages} page{pluralize(pages)}."
            )
        columns.append((stance, label, statements, stance_page_parameter(stance)))
    context = {"claim": claim, "columns": columns, "rival_versions": claim.rival_versions()}
    return render(request, "tracker/claim_detail.html", context)


def claim_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    claim = shown_or_404(Claim.objects.visible_to(request.user), pk=pk)
    return redirect(claim, permanent=False)


def point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    point = shown_or_404(Point.objects.visible_to(request.user).select_related("case"), slug=slug)
    versions = point.versions_for(request.user)
    if not versions:
        raise Http404("No published version of this point.")
    context = {
        "point": point,
        "versions": versions,
        "matrix": Point.stance_matrix(versions),
        "published_at": Point.first_published(versions),
    }
    return render(request, "tracker/point_detail.html", context)


def point_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    point = shown_or_404(Point.objects.visible_to(request.user), pk=pk)
    return redirect(point, permanent=False)


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = shown_or_404(Case.objects.visible_to(request.user), slug=slug)
    in_matrix = case.matrix_claims()
    claims = page_of(in_matrix, request.GET.get("page"), MATRIX_CLAIMS_PER_PAGE, in_matrix)
    points = case.points.published().with_published_versions().order_by("position", "pk")
    context = {
        "case": case,
        "claims": claims,
        "matrix": Case.stance_matrix(claims),
        "points": page_of(points, request.GET.get("points_page"), CASE_LIST_PER_PAGE),
        "outcomes": page_of(
            case.outcomes.for_display(), request.GET.get("outcomes_page"), CASE_LIST_PER_PAGE
        ),
        "sources": page_of(
            case.sources(),
            request.GET.get("sources_page"),
            CASE_LIST_PER_PAGE,
            Source.objects.without_text(),
        ),
    }
    return render(request, "tracker/case_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The text once, every published quote in it highlighted; the statements by page."""
    source = shown_or_404(Source.objects.visible_to(request.user), slug=slug)
    statements = (
        source.statements.published()
        .select_related("party", "claim", "claim__claimant")
        .with_place_in_stance()
        .order_by("quote_start", "quote_end", "pk")
    )
    outcomes = (
        source.outcomes.visible_to(request.user)
        .select_related("case", "party")
        .order_by("quote_start", "pk")
    )
    spans = [
        *statements.values_list("quote_start", "quote_end"),
        *outcomes.values_list("quote_start", "quote_end"),
    ]
    context = {
        "source": source,
        "highlighted_text": highlight_quotes(source.text, spans),
        "statements": page_of(statements, request.GET.get("page"), STATEMENTS_PER_PAGE),
        "outcomes": page_of(outcomes, request.GET.get("outcomes_page"), STATEMENTS_PER_PAGE),
    }
    return render(request, "tracker/source_detail.html", context)


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = shown_or_404(
        Party.objects.visible_to(request.user).prefetch_related("aliases"), slug=slug
    )
    by_claim = ("claim__case__title", "claim__position", "claim", "position", "pk")
    statements = party.statements.published()
    relayed = (
        party.relayed_statements.published()
        .select_related("party", "claim__claimant")
        .with_place_in_stance()
    )
    put_forward = party.claims_put_forward.published().select_related("case", "point")
    pages = request.GET
    context = {
        "party": party,
        "statements": page_of(
            statements.order_by(*by_claim),
            pages.get("page"),
            STATEMENTS_PER_PAGE,
            statements.under_their_claims(),
        ),
        "relayed": page_of(
            relayed.order_by(*by_claim), pages.get("relayed_page"), STATEMENTS_PER_PAGE
        ),
        "outcomes": page_of(
            party.outcomes.visible_to(request.user).for_display(),
            pages.get("outcomes_page"),
            STATEMENTS_PER_PAGE,
        ),
        "put_forward": page_of(
            put_forward.order_by("case__title", "position", "pk"),
            pages.get("claims_page"),
            STATEMENTS_PER_PAGE,
        ),
    }
    return render(request, "tracker/party_detail.html", context)


def refused(
    request: HttpRequest, exception: Exception | None = None, *, link_back: bool = True
) -> HttpResponse:
    """A 403 with the reason the refusal gave and a way back, in the admin's own look for
    admin pages and the reader site's elsewhere."""
    reason = str(exception or "") if isinstance(exception, PermissionDenied) else ""
    referer = request.headers.get("referer", "")
    safe = url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure())
    in_admin = request.path.startswith(reverse("admin:index")) and request.user.is_staff
    home = reverse("admin:index") if in_admin else reverse("tracker:home")
    context = {
        **(admin.site.each_context(request) if in_admin else {}),
        "reason": reason or REFUSED_WITHOUT_REASON,
        "back_url": (referer if referer and safe else home) if link_back else "",
        "title": "Not allowed",
    }
    template = "admin/refused.html" if in_admin else "403.html"
    return render(request, template, context, status=403)


def csrf_refused(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token. The page offers no link back to the form: a link
    would load it afresh, empty, where the browser's Back button returns to it as typed."""
    return refused(request, PermissionDenied(CSRF_REFUSED), link_back=False)
