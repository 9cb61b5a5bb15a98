"""The reader site's addresses: each answers GET and HEAD, and any other method a 405 that names
those two, without rendering the page or building the CSV (an OPTIONS of claims.csv made the
whole file, a POST rendered the page like a GET); and each page reads exactly the query
parameters its address declares, which are all the page cache keys it by."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.urls import resolve, reverse

from tracker.filters import ClaimFilter, PointFilter
from tracker.models import Case, Claim, Party, Point, Source
from tracker.urls import public_patterns

pytestmark = pytest.mark.django_db


def published_claim() -> Claim:
    return Claim.objects.published().order_by("pk").first()  # type: ignore[return-value]


def published_point() -> Point:
    return Point.objects.published().order_by("pk").first()  # type: ignore[return-value]


ARGUMENTS: dict[str, Callable[[], list[object]]] = {
    "home": list,
    "claim-list": list,
    "claim-list-csv": list,
    "claims-feed": list,
    "sitemap": list,
    "point-list": list,
    "claim-detail": lambda: [published_claim().slug],
    "claim-permalink": lambda: [published_claim().pk],
    "point-detail": lambda: [published_point().slug],
    "point-permalink": lambda: [published_point().pk],
    "case-detail": lambda: [Case.objects.published().get().slug],
    "case-claims-feed": lambda: [Case.objects.published().get().slug],
    "case-annotations": lambda: [Case.objects.published().get().slug],
    "source-detail": lambda: [Source.objects.published().get().slug],
    "source-text": lambda: [Source.objects.published().get().slug],
    "source-annotations": lambda: [Source.objects.published().get().slug],
    "party-detail": lambda: [Party.objects.published().order_by("pk").first().slug],  # type: ignore[union-attr]
}


def test_every_reader_address_is_in_this_test():
    assert {pattern.name for pattern in public_patterns} == set(ARGUMENTS)


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_a_reader_address_answers_get_and_head_and_refuses_every_other_method(
    client, seed_case, name
):
    url = reverse(f"tracker:{name}", args=ARGUMENTS[name]())
    assert client.get(url).status_code in (200, 302)
    assert client.head(url).status_code in (200, 302)
    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert response["Allow"] == "GET, HEAD"


def test_healthz_answers_get_and_head_only(client):
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


class Recording(QueryDict):
    """A query string that notes each parameter a page takes a value of, from it or a copy of
    it (not a test for one's presence: links drop parameters the page may not have)."""

    read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        Recording.read.add(key)
        return super().__getitem__(key)

    def getlist(self, key: str, default: object = None) -> list:  # type: ignore[override]
        Recording.read.add(key)
        return super().getlist(key, default)


# Read through django-filter, which builds its form from the FilterSet these names come from.
FILTERS = {*ClaimFilter.base_filters, *PointFilter.base_filters}


@pytest.mark.parametrize("name", sorted(ARGUMENTS))
def test_a_reader_page_reads_exactly_the_parameters_its_address_declares(rf, seed_case, name):
    url = reverse(f"tracker:{name}", args=ARGUMENTS[name]())
    match = resolve(url)
    declared = match.func.reader_parameters
    request = rf.get(url)
    request.user = AnonymousUser()
    request.GET = Recording("")
    Recording.read = set()
    response = match.func(request, *match.args, **match.kwargs)
    assert response.status_code in (200, 302)
    assert Recording.read <= declared, f"{name} reads {Recording.read - declared} undeclared"
    assert declared - FILTERS <= Recording.read, f"{name} declares what it never reads"
