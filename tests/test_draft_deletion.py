"""Researchers delete what they created while it is a draft; what readers have seen, or a
reviewer is reading, is never deleted, only unpublished."""

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.helpers import add_statement, logged_in, member_of
from tracker import held_edits, permissions
from tracker.models import Annotation, Claim, Party, Source, Statement, Tag

pytestmark = pytest.mark.django_db


def delete_url(obj):
    return reverse(f"admin:tracker_{obj._meta.model_name}_delete", args=[obj.pk])


def created_as(user, obj):
    """Record ``user`` as who created ``obj``, as the admin's history middleware would."""
    obj.history.filter(history_type="+").update(history_user=user)
    return obj


@pytest.fixture
def own_draft(researcher, case, party):
    return created_as(researcher, Claim.objects.create(case=case, text="Mistake", slug="mistake"))


@pytest.fixture
def own_statement(researcher, draft_claim, party, source):
    statement = add_statement(
        draft_claim, party, source, "denied it", stance="disputes", kind="denial"
    )
    return created_as(researcher, statement)


def test_a_researcher_deletes_an_empty_draft_of_their_own(researcher_client, own_draft):
    assert researcher_client.get(delete_url(own_draft)).status_code == 200
    response = researcher_client.post(delete_url(own_draft), {"post": "yes"})
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=own_draft.pk).exists()


def test_a_researcher_deletes_a_mistaken_statement_of_their_own(researcher_client, own_statement):
    response = researcher_client.post(delete_url(own_statement), {"post": "yes"})
    assert response.status_code == 302
    assert not Statement.objects.filter(pk=own_statement.pk).exists()


def test_a_draft_with_statements_is_refused_naming_them(researcher_client, own_statement):
    claim = own_statement.claim
    created_as(own_statement.history.first().history_user, claim)
    page = researcher_client.get(delete_url(claim)).content.decode()
    assert "would require deleting the following protected related objects" in page
    assert str(own_statement) in page
    researcher_client.post(delete_url(claim), {"post": "yes"})
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_someone_elses_draft_is_refused_to_a_researcher_with_the_reason(
    researcher_client, draft_claim
):
    response = researcher_client.get(delete_url(draft_claim))
    assert response.status_code == 403
    assert "Only a reviewer, or whoever created it" in response.content.decode()
    assert Claim.objects.filter(pk=draft_claim.pk).exists()


def test_a_reviewer_deletes_any_draft(reviewer_client, draft_claim):
    reviewer_client.post(delete_url(draft_claim), {"post": "yes"})
    assert not Claim.objects.filter(pk=draft_claim.pk).exists()


def test_published_material_is_never_deleted_even_by_a_reviewer(reviewer_client, statement):
    claim = statement.claim
    for obj, reason in [
        (claim, "never deleted; a reviewer unpublishes it"),
        (statement, "has been published, or is in review"),
        (statement.party, "is on the public site"),
        (statement.source, "is on the public site"),
    ]:
        response = reviewer_client.get(delete_url(obj))
        assert response.status_code == 403, obj
        assert reason in response.content.decode()
        reviewer_client.post(delete_url(obj), {"post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_an_unpublished_claim_and_one_in_review_are_kept(reviewer, researcher, own_draft):
    own_draft.claimant = Party.objects.create(name="C", slug="c", kind="person")
    own_draft.save()
    own_draft.transition("submit", researcher)
    assert permissions.deletion_refusal(reviewer, own_draft) is not None
    own_draft.transition("publish", reviewer)
    own_draft.transition("unpublish", reviewer)
    refusal = permissions.deletion_refusal(reviewer, own_draft)
    assert refusal is not None and "published" in refusal


def test_deletion_truth_table(researcher, reviewer, staff, own_draft, draft_claim):
    other_researcher = member_of("Researchers", "ruth")
    assert permissions.may_delete(researcher, own_draft)
    assert not permissions.may_delete(other_researcher, own_draft)
    assert permissions.may_delete(reviewer, own_draft)
    assert not permissions.may_delete(researcher, draft_claim)
    assert logged_in(staff).post(delete_url(own_draft), {"post": "yes"}).status_code == 403
    assert not permissions.may_delete(AnonymousUser(), own_draft)


def test_a_tag_claims_carry_is_kept(reviewer_client, draft_claim):
    tag = Tag.objects.create(name="Orders", slug="orders")
    draft_claim.tags.add(tag)
    response = reviewer_client.post(delete_url(tag), {"post": "yes"})
    assert response.status_code == 403
    assert "take it off them first" in response.content.decode()
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_what_a_held_edit_proposes_is_kept_until_it_is_decided(
    researcher, reviewer, reviewer_client, claim, statement, party, other_party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    claim.refresh_from_db()
    tag = Tag.objects.create(name="Orders", slug="orders")
    source = Source.objects.create(title="New", slug="new", text="He gave the orders, she said.")
    claim.tags.add(Tag.objects.create(name="Unrest", slug="unrest"))
    tagging = held_edits.hold(researcher, claim, {"tags": [tag.pk]})
    quoting = held_edits.hold(
        researcher,
        Statement(
            claim=claim,
            party=other_party,
            source=source,
            quote="He gave the orders",
            quote_start=0,
            quote_end=18,
            stance="supports",
            kind="testimony",
        ),
    )
    for row in (tag, source, other_party):
        response = reviewer_client.post(delete_url(row), {"post": "yes"})
        assert response.status_code == 403
        assert "held edit waiting for a reviewer" in response.content.decode()
        assert type(row).objects.filter(pk=row.pk).exists()
    tagging.approve(reviewer)
    quoting.approve(reviewer)
    assert list(claim.tags.all()) == [tag]
    assert claim.statements.filter(source=source, party=other_party).exists()


def test_an_unused_source_of_ones_own_is_deleted(researcher, researcher_client):
    source = created_as(
        researcher, Source.objects.create(title="Wrong", slug="wrong", text="Pasted by mistake.")
    )
    researcher_client.post(delete_url(source), {"post": "yes"})
    assert not Source.objects.filter(pk=source.pk).exists()


def test_the_claim_form_refuses_deleting_someone_elses_statement_inline(
    researcher_client, draft_with_statement
):
    from tests.helpers import form_values

    url = reverse("admin:tracker_claim_change", args=[draft_with_statement.pk])
    values = form_values(researcher_client.get(url))
    statement = draft_with_statement.statements.get()
    values["statements-0-DELETE"] = "on"
    response = researcher_client.post(url, values)
    assert response.status_code == 200
    assert "is kept: Only a reviewer, or whoever created it" in response.content.decode()
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_a_published_claim_form_offers_no_statement_deletion(reviewer_client, statement):
    url = reverse("admin:tracker_claim_change", args=[statement.claim.pk])
    assert "statements-0-DELETE" not in reviewer_client.get(url).content.decode()


def test_a_researcher_deletes_an_internal_note_of_their_own_inline(
    researcher, researcher_client, draft_claim
):
    note = Annotation.objects.create(claim=draft_claim, author=researcher, text="Typo")
    created_as(researcher, note)
    assert permissions.may_delete(researcher, note)


def test_a_draft_published_after_its_deletion_was_confirmed_is_kept_saying_why(
    researcher, researcher_client, reviewer, own_draft, party
):
    listed = reverse("admin:tracker_claim_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [own_draft.pk]}
    assert "Are you sure" in researcher_client.post(listed, chosen).content.decode()
    Claim.objects.filter(pk=own_draft.pk).update(claimant=party)
    own_draft.refresh_from_db()
    own_draft.transition("submit", researcher)
    own_draft.transition("publish", reviewer)

    response = researcher_client.post(listed, {**chosen, "post": "yes"}, follow=True)

    assert response.status_code == 200
    assert (
        "Nothing was deleted. “Mistake” is kept: A claim that has been published is never "
        "deleted; a reviewer unpublishes it." in html.unescape(response.content.decode())
    )
    assert Claim.objects.filter(pk=own_draft.pk).exists()
