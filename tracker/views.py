from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_filters import FilterSet

from .filters import ClaimFilter, PointFilter
from .highlighting import highlight_quotes
from .models import Case, Claim, ClaimQuerySet, Party, Point, Source

REFUSED_WITHOUT_REASON = "Your account may not open this page or do this."
CLAIMS_PER_PAGE = 20
RECENT_CLAIMS = 8


def healthz(request: HttpRequest) -> HttpResponse:
    """That the server answers: for a load balancer, and the benchmark's bare baseline."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def home(request: HttpRequest) -> HttpResponse:
    recent = (
        Claim.objects.published().select_related("case", "claimant").order_by("-updated_at", "-pk")
    )
    points = (
        Point.objects.published()
        .with_published_versions()
        .order_by("case__title", "position", "pk")
    )
    context = {
        "cases": Case.objects.published(),
        "points": points[:RECENT_CLAIMS],
        "recent_claims": recent[:RECENT_CLAIMS],
    }
    return render(request, "tracker/home.html", context)


def listed_claims() -> ClaimQuerySet:
    """Published claims in the claim list's order, which its CSV download keeps too."""
    return Claim.objects.published().order_by("case__title", "position", "pk")


def claim_list(request: HttpRequest) -> HttpResponse:
    claims = (
        listed_claims()
        .with_stance_counts()
        .select_related("case", "claimant", "point")
        .prefetch_related("tags")
    )
    return filtered_page(request, ClaimFilter, claims, "tracker/claim_list.html")


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
    page = Paginator(filterset.qs if valid else items.none(), CLAIMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"filter": filterset, "page": page}
    return render(request, template, context, status=200 if valid else 400)


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.visible_to(request.user).with_versions(), slug=slug)
    context = {"claim": claim, "rival_versions": claim.rival_versions()}
    return render(request, "tracker/claim_detail.html", context)


def claim_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.visible_to(request.user), pk=pk)
    return redirect(claim, permanent=False)


def point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    point = get_object_or_404(Point.objects.select_related("case"), slug=slug)
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
    point = get_object_or_404(Point.objects.visible_to(request.user), pk=pk)
    return redirect(point, permanent=False)


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.visible_to(request.user), slug=slug)
    context = {
        "case": case,
        "points": case.points.published().with_published_versions(),
        "outcomes": case.outcomes.select_related("party", "source"),
        "matrix": case.stance_matrix(),
        "sources": case.sources(),
    }
    return render(request, "tracker/case_detail.html", context)


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.visible_to(request.user), slug=slug)
    statements = list(
        source.statements.published()
        .for_display()
        .select_related("claim", "claim__claimant")
        .order_by("quote_start", "quote_end", "pk")
    )
    outcomes = list(source.outcomes.visible_to(request.user).select_related("case", "party"))
    spans = [(q.quote_start, q.quote_end) for q in [*statements, *outcomes]]
    context = {
        "source": source,
        "highlighted_text": highlight_quotes(source.text, spans),
        "statements": statements,
        "outcomes": outcomes,
    }
    return render(request, "tracker/source_detail.html", context)


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    party = get_object_or_404(
        Party.objects.visible_to(request.user).prefetch_related("aliases"), slug=slug
    )
    by_claim = ("claim__case__title", "claim__position", "claim", "position", "pk")
    context = {
        "party": party,
        "statements": party.statements.published()
        .for_display()
        .select_related("claim", "claim__claimant")
        .order_by(*by_claim),
        "relayed": party.relayed_statements.published()
        .for_display()
        .select_related("claim", "claim__claimant")
        .order_by(*by_claim),
        "outcomes": party.outcomes.visible_to(request.user).select_related("case", "source"),
        "put_forward": party.claims_put_forward.published()
        .select_related("case", "point")
        .order_by("case__title", "position", "pk"),
    }
    return render(request, "tracker/party_detail.html", context)


def refused(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
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
        "back_url": referer if referer and safe else home,
        "title": "Not allowed",
    }
    template = "admin/refused.html" if in_admin else "403.html"
    return render(request, template, context, status=403)
