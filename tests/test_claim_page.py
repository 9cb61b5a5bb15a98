import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.html import escape

from tests.helpers import count_queries, make_statements, member_of
from tracker.models import Annotation, Claim, Point, Statement

pytestmark = pytest.mark.django_db

SEED_CLAIM = "wild-arman-tasked-with-crowds-and-peoples-council"


def claim_url(slug):
    return reverse("tracker:claim-detail", args=[slug])


def column(html, stance):
    """The HTML of one stance column of the comparison view."""
    match = re.search(
        rf'<section class="stance-column stance-{stance}".*?</section>', html, flags=re.S
    )
    assert match, f"no {stance} column"
    return match.group()


def test_claim_page_shows_the_claim_and_versions_side_by_side(client, seed_case):
    response = client.get(claim_url(SEED_CLAIM))
    assert response.status_code == 200
    html = response.content.decode()
    claim = Claim.objects.get(slug=SEED_CLAIM)
    assert f'<h1 class="claim-text">{escape(claim.text)}</h1>' in html
    assert "The prosecution" in column(html, "supports")
    assert "Arman Dzhumageldiev" in column(html, "disputes")
    assert "Ruslan Iskakov" in column(html, "qualifies")
    assert "Arman Dzhumageldiev" not in column(html, "supports")


def test_each_statement_links_its_party_and_quote_to_the_source(client, seed_case):
    html = client.get(claim_url(SEED_CLAIM)).content.decode()
    for statement in Statement.objects.filter(claim__slug=SEED_CLAIM):
        card = re.search(rf'<article[^>]*id="statement-{statement.pk}".*?</article>', html, re.S)
        assert card, statement
        card = card.group()
        assert f'href="{statement.party.get_absolute_url()}"' in card
        quote_open = f'<blockquote class="quote" cite="{statement.quote_url}" lang="en">'
        assert quote_open in card
        assert escape(statement.quote) in card
        anchor = (
            f"{statement.source.get_absolute_url()}#q{statement.quote_start}-{statement.quote_end}"
        )
        assert f'href="{anchor}"' in card
        assert statement.get_kind_display() in card


def test_stance_is_written_in_words(client, seed_case):
    html = client.get(claim_url(SEED_CLAIM)).content.decode()
    for word in ("Supports", "Disputes", "Qualifies"):
        assert f'<p class="stance-label">{word}</p>' in html


def test_attribution_relay_and_dates_are_shown_where_known(client, claim, statement, other_party):
    statement.attribution = "He said"
    statement.relayed_by = other_party
    statement.stated_when = "January 27"
    statement.save()
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "“He said”" in html
    assert f'href="{other_party.get_absolute_url()}"' in html
    assert "January 27" in html


def test_unknown_date_is_not_invented(client, claim, statement):
    html = client.get(claim.get_absolute_url()).content.decode()
    assert '<span class="not-stated">not stated</span>' in html


def test_last_changed_is_shown(client, claim, statement):
    claim.refresh_from_db()
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Last changed" in html
    assert claim.updated_at.strftime("%Y-%m-%dT%H:%M") in html


def test_public_annotations_are_shown_and_internal_ones_never(client, claim, statement, staff):
    public = Annotation.Visibility.PUBLIC
    Annotation.objects.create(
        claim=claim, author=staff, text="Public claim note", visibility=public
    )
    Annotation.objects.create(claim=claim, author=staff, text="Internal claim note")
    Annotation.objects.create(
        statement=statement, author=staff, text="Public statement note", visibility=public
    )
    Annotation.objects.create(statement=statement, author=staff, text="Internal statement note")
    for user in (None, staff):
        if user:
            client.force_login(user)
        html = client.get(claim.get_absolute_url()).content.decode()
        assert "Public claim note" in html
        assert "Public statement note" in html
        assert "Internal" not in html


@pytest.mark.parametrize("status", [s for s in Claim.Status if s != Claim.Status.PUBLISHED])
def test_claim_that_is_not_published_is_404_for_readers(client, claim, statement, reader, status):
    Claim.objects.filter(pk=claim.pk).update(status=status)
    assert client.get(claim.get_absolute_url()).status_code == 404
    client.force_login(reader)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_researchers_see_a_draft_with_a_not_published_banner(
    client, draft_with_statement, researcher
):
    client.force_login(researcher)
    response = client.get(draft_with_statement.get_absolute_url())
    assert response.status_code == 200
    assert "Not published." in response.content.decode()


def test_published_claim_has_no_banner_for_staff(client, claim, statement, staff):
    client.force_login(staff)
    assert "Not published." not in client.get(claim.get_absolute_url()).content.decode()


def test_visible_to_truth_table(claim, draft_with_statement, reader, staff, researcher, reviewer):
    inactive_researcher = member_of("Researchers", "gone")
    inactive_researcher.is_active = False
    inactive_researcher.save()
    assert set(Claim.objects.visible_to(AnonymousUser())) == {claim}
    assert set(Claim.objects.visible_to(reader)) == {claim}
    assert set(Claim.objects.visible_to(inactive_researcher)) == {claim}
    # Staff in no group may not review or edit claims, so they see what readers see.
    assert set(Claim.objects.visible_to(staff)) == {claim}
    assert set(Claim.objects.visible_to(researcher)) == {claim, draft_with_statement}
    assert set(Claim.objects.visible_to(reviewer)) == {claim, draft_with_statement}


def test_unknown_claim_is_404_in_a_readers_words(client, db):
    response = client.get(claim_url("no-such-claim"))
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no claim at this address" in page
    assert "matches the given query" not in page


def test_user_text_is_escaped(client, claim, statement):
    claim.text = "<script>alert(1)</script>"
    claim.save()
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_claim_page_query_count_does_not_grow_with_statements(client, claim, party, source):
    make_statements(claim, party, source, 3)
    few = count_queries(client, claim.get_absolute_url())
    make_statements(claim, party, source, 57)
    assert Statement.objects.filter(claim=claim).count() == 60
    assert count_queries(client, claim.get_absolute_url()) == few


def test_claim_page_reads_claim_statements_with_sources_notes_and_tags_in_four_queries(
    client, claim, party, source, staff
):
    """The claim (with its case, claimant and point), its statements (with their parties and
    sources), the public notes on it and on them (one query for both), its tags; a version
    of a point reads its rivals in a fifth."""
    make_statements(claim, party, source, 3)
    claim.tags.create(name="Crowds", slug="crowds")
    first, second, third = claim.statements.order_by("pk")
    public = Annotation.Visibility.PUBLIC
    Annotation.objects.create(claim=claim, author=staff, text="On the claim", visibility=public)
    Annotation.objects.create(statement=second, author=staff, text="On one", visibility=public)
    assert count_queries(client, claim.get_absolute_url()) == 4
    point = Point.objects.create(case=claim.case, question="Who led?", slug="who-led")
    Claim.objects.filter(pk=claim.pk).update(point=point)
    assert count_queries(client, claim.get_absolute_url()) == 5


def test_each_statement_card_shows_its_own_public_notes(client, claim, party, source, staff):
    make_statements(claim, party, source, 3)
    first, second, third = claim.statements.order_by("pk")
    public = Annotation.Visibility.PUBLIC
    Annotation.objects.create(statement=second, author=staff, text="Second's", visibility=public)
    Annotation.objects.create(statement=third, author=staff, text="Third's", visibility=public)
    Annotation.objects.create(
        statement=third, author=staff, text="Third's, later", visibility=public
    )
    elsewhere = Claim.objects.create(
        case=claim.case, text="Elsewhere", slug="elsewhere", status=Claim.Status.PUBLISHED
    )
    make_statements(elsewhere, party, source, 1)
    Annotation.objects.create(
        statement=elsewhere.statements.get(),
        author=staff,
        text="Another claim's",
        visibility=public,
    )
    html = client.get(claim.get_absolute_url()).content.decode()

    def notes_on(statement):
        card = re.search(rf'<article [^>]*id="{statement.element_id}".*?</article>', html, re.S)
        assert card, statement.element_id
        return re.findall(r'<div class="annotation">\s*<p>(.*?)</p>', card.group(), re.S)

    assert [notes_on(s) for s in (first, second, third)] == [
        [],
        ["Second&#x27;s"],
        ["Third&#x27;s", "Third&#x27;s, later"],
    ]
    assert "Another claim" not in html
    assert "Researchers&#x27; notes" not in html


@pytest.mark.parametrize("stance", Statement.Stance.values)
@pytest.mark.parametrize("kind", Statement.Kind.values)
def test_a_statement_is_labelled_as_its_choices_say(stance, kind):
    statement = Statement(stance=stance, kind=kind)
    assert statement.stance_label == statement.get_stance_display()
    assert statement.kind_label == statement.get_kind_display()
