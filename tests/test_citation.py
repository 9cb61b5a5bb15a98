"""Readers cite and share: a “Cite this” block and link-preview meta tags."""

import re
from html import unescape

import pytest
from django.urls import reverse

from tracker.models import Claim, Point

pytestmark = pytest.mark.django_db

CLAIM = "wild-arman-tasked-with-crowds-and-peoples-council"
POINT = "who-sent-dzhumageldiev-and-to-do-what"


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert found, name
    return unescape(found.group(1))


def cite_block(html):
    found = re.search(r'<section class="cite".*?</section>', html, re.S)
    assert found
    return unescape(found.group())


def test_claim_page_has_a_cite_block_with_title_case_claimant_date_and_permanent_url(
    client, seed_case
):
    claim = Claim.objects.get(slug=CLAIM)
    block = cite_block(client.get(claim.get_absolute_url()).content.decode())
    assert claim.text in block
    assert claim.case.title in block
    assert "The prosecution" in block
    assert "26 November 2026" in block
    assert f"http://testserver{reverse('tracker:claim-permalink', args=[claim.pk])}" in block


def test_point_page_has_a_cite_block_naming_every_claimant(client, seed_case):
    point = Point.objects.get(slug=POINT)
    block = cite_block(client.get(point.get_absolute_url()).content.decode())
    assert point.question in block
    assert (
        "Ruslan Iskakov, The prosecution, Arman Dzhumageldiev and Dzhumageldiev's defence" in block
    )
    assert f"http://testserver{point.get_permanent_url()}" in block
    assert "26 November 2026" in block
    assert "to do what?” In" in block  # no full stop after the question mark


def test_unpublished_claim_is_cited_without_a_publication_date(client, seed_draft, researcher):
    client.force_login(researcher)
    block = cite_block(client.get(seed_draft.get_absolute_url()).content.decode())
    assert "not yet published" in block
    assert "Claimant" in block and "not recorded" in block


def test_claim_permalink_survives_a_new_slug(client, seed_case):
    claim = Claim.objects.get(slug=CLAIM)
    Claim.objects.filter(pk=claim.pk).update(slug="renamed")
    response = client.get(claim.get_permanent_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("tracker:claim-detail", args=["renamed"])


def test_claim_permalink_does_not_reveal_drafts(client, seed_draft):
    assert client.get(seed_draft.get_permanent_url()).status_code == 404


def test_point_page_previews_with_the_question_and_the_parties(client, seed_case):
    point = Point.objects.get(slug=POINT)
    html = client.get(point.get_absolute_url()).content.decode()
    url = f"http://testserver{point.get_absolute_url()}"
    assert meta(html, "property", "og:title") == point.question
    assert meta(html, "name", "twitter:title") == point.question
    description = meta(html, "property", "og:description")
    for name in ("Ruslan Iskakov", "The prosecution", "Arman Dzhumageldiev", "defence"):
        assert name in description
    assert meta(html, "name", "twitter:description") == description
    assert meta(html, "property", "og:url") == url
    assert meta(html, "name", "twitter:card") == "summary"
    assert f'<link rel="canonical" href="{url}">' in html


def test_claim_page_previews_with_the_claim_and_its_claimant(client, seed_case):
    claim = Claim.objects.get(slug=CLAIM)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert meta(html, "property", "og:title") == claim.text
    assert meta(html, "property", "og:description").startswith("Put forward by The prosecution, in")
    assert meta(html, "property", "og:type") == "article"


def test_shared_text_is_escaped_in_meta_tags(client, claim, party):
    claim.text = '"><script>alert(1)</script>'
    claim.claimant = party
    claim.save()
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert meta(html, "property", "og:title") == claim.text
