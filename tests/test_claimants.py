"""Every claim names the party that puts it forward; readers see it first and filter by it."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tracker.models import Claim, Point

pytestmark = pytest.mark.django_db

LIST_URL = reverse("tracker:claim-list")


def test_claim_page_names_its_claimant_before_the_claim(client, seed_case):
    claim = Claim.objects.get(slug="iskakov-asked-dzhumageldiev-to-protect-people")
    html = client.get(claim.get_absolute_url()).content.decode()
    claimant = html.index(f'<a class="claimant" href="{claim.claimant.get_absolute_url()}">')
    assert claimant < html.index('<h1 class="claim-text">')


def test_claim_page_links_its_point_and_the_rival_versions(client, seed_case):
    claim = Claim.objects.get(slug="abish-told-iskakov-to-seek-dzhumageldiev-help")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert f'href="{claim.point.get_absolute_url()}"' in html
    for rival in claim.rival_versions():
        assert f'href="{rival.get_absolute_url()}"' in html
        assert escape(rival.claimant.name) in html
    assert len(claim.rival_versions()) == 3


def test_claim_page_shows_each_quotes_source_outlet_and_date_where_known(client, claim, statement):
    source = statement.source
    source.outlet, source.cited_outlet, source.published_on = "Vlast.kz", "Tengrinews.kz", None
    source.save()
    html = client.get(claim.get_absolute_url()).content.decode()
    line = re.search(r'<p class="source-line">.*?</p>', html, re.S).group()
    assert "Vlast.kz" in line and "citing Tengrinews.kz" in line
    assert "<time" not in line
    source.published_on = "2024-01-28"
    source.save()
    assert "28 January 2024" in client.get(claim.get_absolute_url()).content.decode()


def test_claim_list_shows_each_claimant_before_its_claim(client, seed_case):
    html = client.get(LIST_URL).content.decode()
    rows = re.findall(
        r'<li class="claim-row">.*?</li>\s*(?=<li class="claim-row">|</ol>)', html, re.S
    )
    assert len(rows) == 12
    for row in rows:
        assert row.index('class="claimant"') < row.index('class="claim-row-text"')


def test_claim_list_filters_by_claimant(client, seed_case):
    response = client.get(f"{LIST_URL}?claimant=ruslan-iskakov")
    slugs = {claim.slug for claim in response.context["page"].object_list}
    assert slugs == {
        "iskakov-acted-on-abish-orders",
        "abish-told-iskakov-to-seek-dzhumageldiev-help",
        "order-to-enlist-dzhumageldiev-was-justified",
        "abish-distanced-himself",
    }
    assert "wild-arman-tasked-with-crowds-and-peoples-council" not in slugs  # he qualifies it


def test_claim_search_finds_claims_by_claimant_alias_and_point_question(client, seed_case):
    response = client.get(f"{LIST_URL}?q=his defense")
    assert {c.slug for c in response.context["page"].object_list} == {
        "dzhumageldiev-acted-as-law-enforcement"
    }
    response = client.get(f"{LIST_URL}?q=into the streets")
    point = Point.objects.get(slug="who-sent-dzhumageldiev-and-to-do-what")
    assert {c.slug for c in response.context["page"].object_list} == set(
        point.versions.values_list("slug", flat=True)
    )


def test_claim_list_filters_are_labelled_in_words(client, seed_case):
    html = client.get(LIST_URL).content.decode()
    assert "[invalid name]" not in html
    for field, label in [("party", "Party"), ("stance", "Stance"), ("claimant", "Claimant")]:
        assert f'<label for="id_{field}">{label}</label>' in html


def test_party_and_source_pages_name_the_claimant_of_each_claim(client, seed_case):
    html = client.get(reverse("tracker:party-detail", args=["ruslan-iskakov"])).content.decode()
    assert 'Claim put forward by</span> <span class="claimant">The prosecution</span>' in html
    assert "Its own claim" in html
    source = reverse("tracker:source-detail", args=["almaty-trial-verdict-report"])
    html = client.get(source).content.decode()
    assert "a claim by Witnesses: <a" in html
    assert "a claim by The prosecution: <a" in html
