from django.shortcuts import get_object_or_404, render

from .models import Case, Claim, Party, Source


def home(request):
    cases = Case.objects.all()
    return render(request, "tracker/home.html", {"cases": cases})


def claim_list(request):
    claims = Claim.objects.published().select_related("case")
    return render(request, "tracker/claim_list.html", {"claims": claims})


def claim_detail(request, slug):
    claim = get_object_or_404(Claim.objects.published().with_versions(), slug=slug)
    return render(request, "tracker/claim_detail.html", {"claim": claim})


def case_detail(request, slug):
    case = get_object_or_404(Case, slug=slug)
    return render(request, "tracker/case_detail.html", {"case": case})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return render(request, "tracker/source_detail.html", {"source": source})


def party_detail(request, slug):
    party = get_object_or_404(Party, slug=slug)
    return render(request, "tracker/party_detail.html", {"party": party})
