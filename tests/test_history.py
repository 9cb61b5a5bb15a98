import pytest
from django.urls import reverse
from django.utils import dateformat

from tracker import held_edits
from tracker.models import Annotation, Claim, Party, Revision, Source, Statement

from .helpers import form_values, member_of


@pytest.mark.parametrize("model", [Claim, Statement, Party, Source, Annotation])
def test_every_change_is_recorded_with_who_and_when(
    researcher_client, researcher, statement, model
):
    obj = {
        Claim: statement.claim,
        Statement: statement,
        Party: statement.party,
        Source: statement.source,
        Annotation: Annotation.objects.create(claim=statement.claim, author=researcher, text="n"),
    }[model]
    # On a draft, so that the change is saved rather than held for review.
    Claim.objects.filter(pk=statement.claim_id).update(status="draft")
    obj.refresh_from_db()
    url = reverse(f"admin:tracker_{model._meta.model_name}_change", args=[obj.pk])
    before = obj.history.count()
    values = form_values(researcher_client.get(url))
    field = {Claim: "text", Statement: "paraphrase", Party: "description", Source: "title"}.get(
        model, "text"
    )
    assert researcher_client.post(url, {**values, field: "Changed"}).status_code == 302
    latest = obj.history.first()
    assert obj.history.count() == before + 1
    assert latest.history_user == researcher
    assert latest.history_date is not None
    assert getattr(latest, field) == "Changed"


def test_history_page_shows_what_changed(admin_client, draft_claim):
    draft_claim.text = "Abish gave no order"
    draft_claim.save()
    url = reverse("admin:tracker_claim_history", args=[draft_claim.pk])
    body = admin_client.get(url).content.decode()
    assert "Abish gave the order" in body and "Abish gave no order" in body


def test_a_claim_is_reverted_to_an_earlier_version(admin_client, draft_claim):
    original = draft_claim.history.earliest()
    draft_claim.text = "A wrong rewording"
    draft_claim.save()
    url = reverse("admin:tracker_claim_simple_history", args=[draft_claim.pk, original.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    response = admin_client.post(url, form_values(page))
    assert response.status_code == 302
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"
    assert draft_claim.history.count() == 3


def test_a_revert_does_not_change_review_status(admin_client, admin_user, draft_claim):
    draft_version = draft_claim.history.earliest()
    draft_claim.transition("submit", admin_user)
    draft_claim.transition("publish", admin_user)
    url = reverse("admin:tracker_claim_simple_history", args=[draft_claim.pk, draft_version.pk])
    draft_claim.text = "Reworded after publication"
    draft_claim.save()
    response = admin_client.post(url, form_values(admin_client.get(url)))
    assert response.status_code == 302
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"
    assert draft_claim.status == Claim.Status.PUBLISHED


def test_a_statement_is_reverted_to_an_earlier_version(admin_client, statement):
    original = statement.history.earliest()
    statement.paraphrase = "Wrong"
    statement.save()
    url = reverse("admin:tracker_statement_simple_history", args=[statement.pk, original.pk])
    response = admin_client.post(url, form_values(admin_client.get(url)))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.paraphrase == ""


def test_a_stale_revert_is_refused(admin_client, draft_claim):
    original = draft_claim.history.earliest()
    url = reverse("admin:tracker_claim_simple_history", args=[draft_claim.pk, original.pk])
    opened = form_values(admin_client.get(url))
    draft_claim.text = "Changed while the revert page was open"
    draft_claim.save()
    response = admin_client.post(url, opened)
    assert "Someone else changed this claim" in response.content.decode()
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Changed while the revert page was open"


def test_review_transitions_appear_in_history_with_their_actor(reviewer, researcher, draft_claim):
    draft_claim.transition("submit", researcher, "ready")
    latest = draft_claim.history.first()
    assert latest.status == Claim.Status.IN_REVIEW
    assert latest.history_user == researcher
    assert latest.history_change_reason == "Submit for review: ready"


def test_the_public_claim_page_shows_when_the_claim_last_changed(client, statement):
    claim = statement.claim
    Claim.objects.filter(pk=claim.pk).update(updated_at="2025-01-02T03:04:00Z")
    assert "2 January 2025, 03:04" in client.get(claim.get_absolute_url()).content.decode()
    statement.paraphrase = "A reviewer's correction"
    statement.save()
    claim.refresh_from_db()
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "2 January 2025" not in page
    assert dateformat.format(claim.updated_at, "j F Y, H:i") in page


def test_a_revert_refused_as_it_is_written_shows_the_form_again_with_what_was_typed(
    researcher_client, statement, party
):
    # Another researcher's change to the published claim waits for a reviewer, so this one,
    # checked by the form, is refused only when it is held.
    claim = statement.claim
    claim.claimant = party
    claim.save()
    claim.text = "Olga's change"
    held_edits.hold(member_of("Researchers", "olga"), claim)
    url = reverse("admin:tracker_claim_simple_history", args=[claim.pk, claim.history.first().pk])
    values = {**form_values(researcher_client.get(url)), "text": "Rita's typed change"}
    response = researcher_client.post(url, values)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rita&#x27;s typed change" in page
    assert "already waiting for a reviewer" in page
    assert Revision.objects.pending().get().proposed == {"text": "Olga's change"}
