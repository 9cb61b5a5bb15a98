"""Two people open the same row; both save; the second is refused and the first stays."""

import pytest
from django.db import transaction
from django.urls import reverse

from tracker.models import Revision, StaleEditError, Statement

from .helpers import form_values
from .test_review_workflow import claim_form


def test_second_save_of_a_claim_is_refused_and_the_first_stays(
    researcher_client, reviewer_client, draft_claim
):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    first = form_values(researcher_client.get(url))
    second = form_values(reviewer_client.get(url))

    assert researcher_client.post(url, {**first, "text": "First edit"}).status_code == 302
    refused = reviewer_client.post(url, {**second, "text": "Second edit"})

    assert refused.status_code == 200
    assert "Someone else changed this claim after you opened it" in refused.content.decode()
    draft_claim.refresh_from_db()
    assert draft_claim.text == "First edit"
    assert draft_claim.version == 1


def test_second_save_of_an_inline_statement_is_refused(
    researcher_client, reviewer_client, statement
):
    claim = statement.claim
    type(claim).objects.filter(pk=claim.pk).update(status="draft")
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    first = form_values(researcher_client.get(url))
    second = form_values(reviewer_client.get(url))

    accepted = researcher_client.post(url, {**first, "statements-0-paraphrase": "First"})
    assert accepted.status_code == 302
    refused = reviewer_client.post(url, {**second, "statements-0-paraphrase": "Second"})

    assert refused.status_code == 200
    assert "Someone else changed this statement" in refused.content.decode()
    statement.refresh_from_db()
    assert statement.paraphrase == "First"


def test_second_save_of_a_statement_change_form_is_refused(
    researcher_client, reviewer_client, statement
):
    type(statement.claim).objects.filter(pk=statement.claim_id).update(status="draft")
    url = reverse("admin:tracker_statement_change", args=[statement.pk])
    first = form_values(researcher_client.get(url))
    second = form_values(reviewer_client.get(url))

    assert researcher_client.post(url, {**first, "paraphrase": "First"}).status_code == 302
    refused = reviewer_client.post(url, {**second, "paraphrase": "Second"})

    assert "Someone else changed this statement" in refused.content.decode()
    statement.refresh_from_db()
    assert statement.paraphrase == "First"


def test_the_database_refuses_a_stale_save_that_skipped_validation(statement):
    mine = Statement.objects.get(pk=statement.pk)
    theirs = Statement.objects.get(pk=statement.pk)
    theirs.paraphrase = "Theirs"
    theirs.save()
    mine.paraphrase = "Mine"
    with pytest.raises(StaleEditError), transaction.atomic():
        mine.save()
    statement.refresh_from_db()
    assert statement.paraphrase == "Theirs"
    assert mine.version == theirs.version - 1


def test_saves_in_turn_each_raise_the_version(draft_claim):
    draft_claim.text = "One"
    draft_claim.save()
    draft_claim.text = "Two"
    draft_claim.save()
    draft_claim.refresh_from_db()
    assert (draft_claim.text, draft_claim.version) == ("Two", 2)


def test_claim_form_helper_posts_what_the_page_shows(researcher_client, draft_claim):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    shown = form_values(researcher_client.get(url))
    expected = claim_form(draft_claim)
    assert {k: str(v) for k, v in shown.items() if k in expected} == {
        k: str(v) for k, v in expected.items() if k in shown
    }


def test_second_save_of_a_source_is_refused(admin_client, reviewer_client, source):
    url = reverse("admin:tracker_source_change", args=[source.pk])
    first = form_values(admin_client.get(url))
    second = form_values(reviewer_client.get(url))
    assert admin_client.post(url, {**first, "title": "First title"}).status_code == 302
    refused = reviewer_client.post(url, {**second, "title": "Second title"})
    assert "Someone else changed this source" in refused.content.decode()
    source.refresh_from_db()
    assert source.title == "First title"


@pytest.mark.parametrize(("name", "field"), [("party", "description"), ("case", "summary")])
def test_second_save_of_a_party_or_case_is_refused_and_the_first_stays(
    researcher_client, reviewer_client, party, case, name, field
):
    row = {"party": party, "case": case}[name]
    url = reverse(f"admin:tracker_{name}_change", args=[row.pk])
    first = form_values(researcher_client.get(url))
    second = form_values(reviewer_client.get(url))

    assert researcher_client.post(url, {**first, field: "First edit"}).status_code == 302
    refused = reviewer_client.post(url, {**second, "title": "Second", "name": "Second"})

    assert refused.status_code == 200
    assert "after you opened it" in refused.content.decode()
    row.refresh_from_db()
    assert getattr(row, field) == "First edit"


def test_a_held_edit_made_on_a_stale_form_cannot_undo_a_reviewers_change(
    researcher_client, reviewer_client, statement
):
    # The party is public through the published claim: a researcher's change is held.
    party = statement.party
    url = reverse("admin:tracker_party_change", args=[party.pk])
    opened = form_values(researcher_client.get(url))
    reviewed = form_values(reviewer_client.get(url))
    assert reviewer_client.post(url, {**reviewed, "description": "Checked"}).status_code == 302

    refused = researcher_client.post(url, {**opened, "name": "Renamed"})

    assert refused.status_code == 200
    assert "after you opened it" in refused.content.decode()
    assert not Revision.objects.exists()  # nothing that would restore the old description
    party.refresh_from_db()
    assert party.description == "Checked"
