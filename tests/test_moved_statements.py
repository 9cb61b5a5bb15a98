"""A statement moved to another claim changes two public pages: the claim it leaves as much as
the one it joins. Readers holding the old claim's page, the sitemap and the feeds must see both
as changed, whichever door moved it (its admin page, or a held edit a reviewer approves)."""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tests.helpers import (
    add_statement,
    form_values,
    held,
    logged_in,
    member_of,
    page_of,
    statement_row,
)
from tracker.models import Claim, PageGeneration, Revision, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reader_page_cache")]

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
QUOTE = "Арман Джумагельдиев denied it."


@pytest.fixture
def other_claim(claim, party):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    return Claim.objects.create(
        case=claim.case,
        text="Abish gave the order",
        slug="abish-gave-the-order",
        claimant=party,
        status=Claim.Status.PUBLISHED,
    )


def changed_days_ago() -> None:
    """Every claim, and the pages' token, last changed days ago (a sitemap dates by the day)."""
    days_ago = timezone.now() - timedelta(days=3)
    Claim.objects.update(updated_at=days_ago)
    PageGeneration.bump()
    PageGeneration.objects.update(changed_at=days_ago)


def move_on_its_page(client: Client, statement: Statement, claim: Claim):
    values = {**form_values(client.get(page_of(statement))), "claim": claim.pk}
    response = client.post(page_of(statement), values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Statement.objects.get(pk=statement.pk).claim_id == claim.pk


def move_by_approved_held_edit(
    researcher_client: Client, reviewer, statement: Statement, claim: Claim
) -> None:
    pending = held(researcher_client, statement, claim=claim.pk)
    Revision.objects.get(pk=pending.pk).approve(reviewer)
    assert Statement.objects.get(pk=statement.pk).claim_id == claim.pk


@pytest.fixture(params=["its page", "approved held edit"])
def move(request, committed, reviewer_client, researcher_client, reviewer):
    """Moves a statement to a claim through one door, as committed outside a test."""
    if request.param == "its page":
        return lambda statement, claim: committed(
            lambda: move_on_its_page(reviewer_client, statement, claim)
        )
    return lambda statement, claim: committed(
        lambda: move_by_approved_held_edit(researcher_client, reviewer, statement, claim)
    )


def sitemap_lastmod(client: Client) -> dict[str, str]:
    urlset = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text
        for url in urlset.iter(f"{SITEMAP}url")
        if url.find(f"{SITEMAP}lastmod") is not None
    }


def feed_updated(client: Client) -> dict[str, str]:
    feed = ET.fromstring(client.get("/claims.atom").content)
    return {
        entry.find(f"{ATOM}link").get("href"): entry.find(f"{ATOM}updated").text
        for entry in feed.iter(f"{ATOM}entry")
    }


def test_a_reader_holding_the_claim_a_statement_left_gets_the_page_again(
    move, claim, other_claim, statement
):
    changed_days_ago()
    reader = Client()
    page = reader.get(claim.get_absolute_url())
    assert QUOTE in page.content.decode()
    since = {"If-Modified-Since": page["Last-Modified"], "If-None-Match": page["ETag"]}
    assert reader.get(claim.get_absolute_url(), headers=since).status_code == 304

    move(statement, other_claim)

    again = reader.get(claim.get_absolute_url(), headers=since)
    assert again.status_code == 200
    assert QUOTE not in again.content.decode()
    only_by_date = reader.get(
        claim.get_absolute_url(), headers={"If-Modified-Since": page["Last-Modified"]}
    )
    assert only_by_date.status_code == 200


def test_the_claim_a_statement_left_is_dated_by_the_move_in_sitemap_and_feed(
    move, client, claim, other_claim, statement
):
    changed_days_ago()
    old_page = f"http://testserver{claim.get_absolute_url()}"
    before = timezone.now()

    move(statement, other_claim)

    assert sitemap_lastmod(client)[old_page] >= before.date().isoformat()
    assert parse_datetime(feed_updated(client)[old_page]) >= before.replace(microsecond=0)
    claim.refresh_from_db()
    assert claim.updated_at >= before


def test_the_page_of_the_claim_a_statement_left_saved_from_before_the_move_is_refused(
    claim, other_claim, statement, party, source, reviewer_client
):
    # Django finds the moved row no longer the claim's and skipped it, dropping what was typed
    # in it, while the claim's own change was saved and reported done.
    second = add_statement(
        claim,
        party,
        source,
        "He said he caught looters.",
        stance="supports",
        kind="denial",
        position=1,
    )
    opened = form_values(reviewer_client.get(page_of(claim)))
    moved_row, second_row = statement_row(opened, statement), statement_row(opened, second)
    move_on_its_page(logged_in(member_of("Reviewers", "wanda")), statement, other_claim)

    typed = {
        **opened,
        "text": "Typed claim text",
        f"{moved_row}paraphrase": "Typed on the moved row",
        f"{second_row}paraphrase": "Typed on the row after it",
    }
    refused = reviewer_client.post(page_of(claim), typed)
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert (
        "Someone else moved the statement “Arman Dzhumageldiev disputes: Арман Джумагельдиев "
        "denied it.” to another claim, “Abish gave the order”, after you opened this page. "
        "Nothing was saved" in body
    )
    assert body.count("Typed on the moved row") == 1
    assert body.count("Typed on the row after it") == 1
    assert "Typed claim text" in body
    # Each typed row is shown beside the statement it was typed for.
    assert body.index("Typed on the moved row") < body.index("Typed on the row after it")
    claim.refresh_from_db()
    assert claim.text == "Dzhumageldiev led the crowd"
    assert Statement.objects.get(pk=statement.pk).claim_id == other_claim.pk
    assert {s.paraphrase for s in Statement.objects.all()} == {""}
