"""Disputed points and claimants travel through the API, the CSV, JSON-LD and the sitemap."""

import csv
import io

import extruct
import pytest
from django.urls import reverse

from tests.helpers import body
from tracker.models import Claim, Party, Point

pytestmark = pytest.mark.django_db

FIRST_POINT = "Who sent Dzhumageldiev into the streets of Almaty, and to do what?"


def test_the_api_lists_points_with_their_published_versions_and_claimants(client, seed_case):
    point = Point.objects.get(question=FIRST_POINT)
    hidden = point.versions.order_by("pk").first()
    assert hidden is not None
    Claim.objects.filter(pk=hidden.pk).update(status=Claim.Status.DRAFT)

    listed = client.get("/api/points/").json()
    first = next(p for p in listed["results"] if p["question"] == FIRST_POINT)
    slugs = [version["slug"] for version in first["versions"]]
    assert hidden.slug not in slugs
    assert len(slugs) == point.versions.published().count()
    claimants = {version["claimant"] for version in first["versions"]}
    assert {"prosecution", "arman-dzhumageldiev"} <= claimants

    claim = client.get(f"/api/claims/{point.versions.published().first().slug}/").json()
    assert claim["point"] == point.slug
    assert claim["claimant"]


def test_the_csv_names_each_row_point_and_claimant(client, seed_case):
    response = client.get(reverse("tracker:claim-list-csv"), {"q": "people's council"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert rows
    assert {row["point"] for row in rows} == {FIRST_POINT}
    assert {row["claimant"] for row in rows} == {"The prosecution"}


def jsonld_of(client, url):
    html = client.get(url).content.decode()
    return extruct.extract(html, base_url="http://testserver" + url, syntaxes=["json-ld"])[
        "json-ld"
    ]


def test_claim_and_point_pages_name_the_claimant_as_author(client, seed_case):
    prosecution = Party.objects.get(slug="prosecution")
    claim = Claim.objects.published().filter(claimant=prosecution).first()
    assert claim is not None
    [thing] = jsonld_of(client, claim.get_absolute_url())
    assert thing["author"]["name"] == "The prosecution"
    assert thing["author"]["url"].endswith(prosecution.get_absolute_url())

    point = Point.objects.get(question=FIRST_POINT)
    [graph] = jsonld_of(client, point.get_absolute_url())
    authors = {thing["author"]["name"] for thing in graph["@graph"]}
    assert {"Ruslan Iskakov", "The prosecution", "Arman Dzhumageldiev"} <= authors
    assert all(thing["@type"] == "Claim" and thing["appearance"] for thing in graph["@graph"])


def test_the_sitemap_lists_published_points_only(client, seed_case):
    point = Point.objects.get(question=FIRST_POINT)
    sitemap = client.get(reverse("tracker:sitemap")).content.decode()
    assert point.get_absolute_url() in sitemap
    Claim.objects.filter(point=point).update(status=Claim.Status.DRAFT)
    assert point.get_absolute_url() not in client.get(reverse("tracker:sitemap")).content.decode()
