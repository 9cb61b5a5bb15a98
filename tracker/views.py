from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .filters import ClaimFilter
from .highlighting import highlight_quotes
from .models import Case, Claim, Party, Source

CLAIMS_PER_PAGE = 20
RECENT_CLAIMS = 8


def home(request: HttpRequest) -> HttpResponse:
    recent = Claim.objects.published().select_related("case").order_by("-updated_at", "-pk")
    context = {"cases": Case.objects.all(), "recent_claims": recent[:RECENT_CLAIMS]}
    return render(request, "tracker/home.html", context)


def claim_list(request: HttpRequest) -> HttpResponse:
    claims = (
        Claim.objects.published()
        .with_stance_counts()
        .select_related("case")
        .prefetch_related("tags")
        .order_by("case__title", "position", "pk")
    )
    filterset = ClaimFilter(request.GET, queryset=claims)
    valid = filterset.is_valid()
    page = Paginator(filterset.qs if valid else claims.none(), CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"filter": filterset, "page": page}
    return render(request, "tracker/claim_list.html", context, status=200 if valid else 400)


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.visible_to(request.user).with_versions(), slug=slug)
    return render(request, "tracker/claim_detail.html", {"claim": claim})


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(Case, slug=slug)
    context = {
        "case": case,
        "outcomes": case.outcomes.select_related("party", "source"),
        "matrix": case.stance_matrix(),
    }
    return render(request, "tracker/case_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    statements = list(
        source.statements.published()
        .for_display()
        .select_related("claim")
        .order_by("quote_start", "quote_end", "pk")
    )
    outcomes = list(source.outcomes.select_related("case", "party"))
    spans = [(q.quote_start, q.quote_end) for q in [*statements, *outcomes]]
    context = {
        "source": source,
        "highlighted_text": highlight_quotes(source.text, spans),
        "statements": statements,
        "outcomes": outcomes,
    }
    return render(request, "tracker/source_detail.html", context)


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(Party.objects.prefetch_related("aliases"), slug=slug)
    by_claim = ("claim__case__title", "claim__position", "claim", "position", "pk")
    context = {
        "party": party,
        "statements": party.statements.published()
        .for_display()
        .select_related("claim")
        .order_by(*by_claim),
        "relayed": party.relayed_statements.published()
        .for_display()
        .select_related("claim")
        .order_by(*by_claim),
        "outcomes": party.outcomes.select_related("case", "source"),
    }
    return render(request, "tracker/party_detail.html", context)
