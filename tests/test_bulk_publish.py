"""Bulk Publish lists the selected claims on a confirmation page, requires a comment and
records it on every claim's review step."""

import pytest
from django.urls import reverse

from tests.helpers import back_in_review
from tracker import held_edits
from tracker.models import Claim, ReviewTransition, Revision, Statement

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:tracker_claim_changelist")
Status = Claim.Status


@pytest.fixture
def in_review(case, party, researcher):
    claims = []
    for index in range(2):
        claim = Claim.objects.create(
            case=case, text=f"Claim number {index}", slug=f"claim-{index}", claimant=party
        )
        claim.transition("submit", researcher)
        claims.append(claim)
    return claims


def select(claims):
    return {"action": "publish_selected", "_selected_action": [c.pk for c in claims]}


def confirm(claims, comment):
    return {
        **select(claims),
        "confirm_publish": "yes",
        "comment": comment,
        **{f"version-{c.pk}": Claim.objects.get(pk=c.pk).version for c in claims},
    }


def test_selecting_asks_for_confirmation_listing_the_claims(reviewer_client, in_review):
    response = reviewer_client.post(CHANGELIST, select(in_review))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Publish these claims?" in html
    for claim in in_review:
        assert claim.text in html
    assert all(c.status == Status.IN_REVIEW for c in Claim.objects.all())


def test_a_comment_is_required(reviewer_client, in_review):
    response = reviewer_client.post(CHANGELIST, confirm(in_review, ""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Claim.objects.filter(status=Status.PUBLISHED).exists()


def test_confirming_publishes_each_claim_with_the_comment_recorded(reviewer_client, in_review):
    response = reviewer_client.post(CHANGELIST, confirm(in_review, "Checked every quote."))
    assert response.status_code == 302
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    steps = ReviewTransition.objects.filter(to_status=Status.PUBLISHED)
    assert sorted(steps.values_list("claim_id", flat=True)) == sorted(c.pk for c in in_review)
    assert set(steps.values_list("comment", flat=True)) == {"Checked every quote."}


def test_a_claim_changed_after_the_page_was_opened_is_not_published(reviewer_client, in_review):
    data = confirm(in_review, "Looks right.")
    changed = in_review[0]
    changed.refresh_from_db()
    changed.text = "Changed meanwhile"
    changed.save()
    reviewer_client.post(CHANGELIST, data)
    assert Claim.objects.get(pk=changed.pk).status == Status.IN_REVIEW
    assert Claim.objects.get(pk=in_review[1].pk).status == Status.PUBLISHED


def test_researchers_are_not_offered_bulk_publish(researcher_client, in_review):
    researcher_client.post(CHANGELIST, confirm(in_review, "Sneaky"))
    assert not Claim.objects.filter(status=Status.PUBLISHED).exists()
    page = researcher_client.get(CHANGELIST).content.decode()
    assert 'value="publish_selected"' not in page


@pytest.fixture
def back_in_review_with_held_edit(reviewer, researcher, claim, statement, party):
    """A claim whose statement a researcher changed while it was published (held for a
    reviewer), then unpublished, returned to draft and submitted again: publishing it would
    approve that held edit."""
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement.paraphrase = "Words no reviewer has read"
    revision = held_edits.hold(researcher, statement)
    back_in_review(claim, reviewer, researcher)
    return revision


def test_a_claim_with_held_edits_is_refused_and_sent_to_its_review_page(
    reviewer_client, in_review, back_in_review_with_held_edit
):
    revision = back_in_review_with_held_edit
    held = revision.claim
    page = reviewer_client.post(CHANGELIST, select([held, *in_review])).content.decode()
    assert "Words no reviewer has read" not in page  # the confirmation page never shows it
    response = reviewer_client.post(
        CHANGELIST, confirm([held, *in_review], "Checked every quote."), follow=True
    )
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    assert Statement.objects.get(pk=revision.object_id).paraphrase == ""
    assert Claim.objects.get(pk=held.pk).status == Status.IN_REVIEW
    assert all(Claim.objects.get(pk=c.pk).status == Status.PUBLISHED for c in in_review)
    notices = [str(m) for m in response.context["messages"]]
    review_page = reverse("admin:tracker_claim_review_page", args=[held.pk])
    refusal = next(n for n in notices if held.text in n)
    assert "held edits" in refusal
    assert f'<a href="{review_page}">' in response.content.decode()
