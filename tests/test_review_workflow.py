import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.helpers import claim_form, form_values
from tracker.models import Claim, ClaimAwaitingReview, ReviewTransition, TransitionNotAllowed

Status = Claim.Status


def change_url(claim):
    return reverse("admin:tracker_claim_change", args=[claim.pk])


def in_review(claim, user):
    claim.transition("submit", user)
    return claim


# -- The rules, on the model ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "step", "who", "end"),
    [
        (Status.DRAFT, "submit", "researcher", Status.IN_REVIEW),
        (Status.IN_REVIEW, "publish", "reviewer", Status.PUBLISHED),
        (Status.IN_REVIEW, "request_changes", "reviewer", Status.CHANGES_REQUESTED),
        (Status.CHANGES_REQUESTED, "revise", "researcher", Status.DRAFT),
        (Status.PUBLISHED, "unpublish", "reviewer", Status.UNPUBLISHED),
        (Status.UNPUBLISHED, "revise", "researcher", Status.DRAFT),
    ],
)
def test_each_transition_is_taken_and_recorded(
    draft_claim, researcher, reviewer, start, step, who, end
):
    Claim.objects.filter(pk=draft_claim.pk).update(status=start)
    draft_claim.refresh_from_db()
    actor = {"researcher": researcher, "reviewer": reviewer}[who]
    draft_claim.transition(step, actor, comment="checked against the article")
    draft_claim.refresh_from_db()
    assert draft_claim.status == end
    record = ReviewTransition.objects.get(claim=draft_claim)
    assert (record.actor, record.from_status, record.to_status, record.comment) == (
        actor,
        start,
        end,
        "checked against the article",
    )
    assert record.created_at is not None


@pytest.mark.parametrize("step", ["publish", "request_changes", "unpublish"])
def test_a_researcher_may_not_take_reviewer_steps(draft_claim, researcher, step):
    in_review(draft_claim, researcher)
    with pytest.raises(PermissionDenied):
        draft_claim.transition(step, researcher)
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (Status.DRAFT, "publish"),
        (Status.PUBLISHED, "publish"),
        (Status.CHANGES_REQUESTED, "publish"),
        (Status.DRAFT, "unpublish"),
        (Status.IN_REVIEW, "submit"),
        (Status.DRAFT, "revise"),
    ],
)
def test_steps_from_the_wrong_state_are_refused(draft_claim, reviewer, start, step):
    Claim.objects.filter(pk=draft_claim.pk).update(status=start)
    draft_claim.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        draft_claim.transition(step, reviewer)
    assert not ReviewTransition.objects.exists()


def test_status_cannot_be_changed_by_saving_the_field(draft_claim):
    draft_claim.status = Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        draft_claim.save()
    assert Claim.objects.get(pk=draft_claim.pk).status == Status.DRAFT


def test_a_new_claim_starts_as_a_draft(case):
    assert Claim.objects.create(case=case, text="x", slug="x").status == Status.DRAFT


def test_available_steps_depend_on_role_and_state(draft_claim, researcher, reviewer):
    assert [s.name for s in draft_claim.available_transitions(researcher)] == ["submit"]
    in_review(draft_claim, researcher)
    assert draft_claim.available_transitions(researcher) == []
    assert [s.name for s in draft_claim.available_transitions(reviewer)] == [
        "publish",
        "request_changes",
    ]


# -- The rules, through the admin ---------------------------------------------------------


def test_a_researcher_cannot_publish_by_admin_action(researcher_client, researcher, draft_claim):
    in_review(draft_claim, researcher)
    response = researcher_client.post(
        reverse("admin:tracker_claim_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [draft_claim.pk],
            "confirm_publish": "yes",
            "comment": "Looks fine to me",
            f"version-{draft_claim.pk}": draft_claim.version,
        },
    )
    assert response.status_code in (200, 302)
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.IN_REVIEW


def test_a_researcher_cannot_publish_through_the_review_page(
    researcher_client, researcher, draft_claim
):
    in_review(draft_claim, researcher)
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"])
    assert researcher_client.get(url).status_code == 403
    draft_claim.refresh_from_db()
    researcher_client.post(url, {"comment": "looks fine to me", "version": draft_claim.version})
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.IN_REVIEW
    assert not ReviewTransition.objects.filter(to_status=Status.PUBLISHED).exists()


def test_a_researcher_posting_status_published_by_hand_is_refused(researcher_client, draft_claim):
    response = researcher_client.post(
        change_url(draft_claim), claim_form(draft_claim, status="published", text="Edited")
    )
    assert response.status_code == 302
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Edited"
    assert draft_claim.status == Status.DRAFT


def test_the_status_field_is_not_editable_in_the_change_form(researcher_client, draft_claim):
    form = researcher_client.get(change_url(draft_claim)).context["adminform"].form
    assert "status" not in form.fields


def test_a_reviewer_publishes_by_admin_action(reviewer_client, researcher, draft_claim):
    in_review(draft_claim, researcher)
    draft_claim.refresh_from_db()
    reviewer_client.post(
        reverse("admin:tracker_claim_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [draft_claim.pk],
            "confirm_publish": "yes",
            "comment": "Checked",
            f"version-{draft_claim.pk}": draft_claim.version,
        },
    )
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.PUBLISHED


def test_a_reviewer_requests_changes_with_a_comment(reviewer_client, researcher, draft_claim):
    in_review(draft_claim, researcher)
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "request_changes"])
    page = reviewer_client.get(url)
    assert page.status_code == 200 and b"Request changes" in page.content
    draft_claim.refresh_from_db()
    reviewer_client.post(
        url, {"comment": "Quote the prosecutors, not the outlet.", "version": draft_claim.version}
    )
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.CHANGES_REQUESTED
    record = ReviewTransition.objects.latest()
    assert record.comment == "Quote the prosecutors, not the outlet."


def test_review_history_and_steps_show_on_the_claim_page(reviewer_client, researcher, draft_claim):
    in_review(draft_claim, researcher)
    body = reviewer_client.get(change_url(draft_claim)).content.decode()
    assert "review history" in body.lower()
    assert "rita" in body and "In review" in body
    assert reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"]) in body


def test_a_researchers_edit_to_a_published_claim_is_held_not_applied(
    researcher_client, claim, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    claim.refresh_from_db()
    response = researcher_client.post(change_url(claim), claim_form(claim, text="Rewritten"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Dzhumageldiev led the crowd"
    assert claim.revisions.pending().get().proposed == {"text": "Rewritten"}


def test_a_statement_a_researcher_adds_to_a_published_claim_is_held(
    researcher_client, claim, party, source
):
    response = researcher_client.post(
        reverse("admin:tracker_statement_add"),
        {
            "claim": claim.pk,
            "party": party.pk,
            "source": source.pk,
            "stance": "supports",
            "kind": "testimony",
            "quote": "He said he caught looters.",
            "position": 0,
            "version": 0,
            "annotations-TOTAL_FORMS": 0,
            "annotations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert not claim.statements.exists()
    assert claim.revisions.pending().get().adds_row


def test_the_review_queue_lists_claims_in_review_oldest_first(
    reviewer_client, researcher, case, party
):
    first = Claim.objects.create(case=case, text="First submitted", slug="first", claimant=party)
    second = Claim.objects.create(case=case, text="Second submitted", slug="second", claimant=party)
    Claim.objects.create(case=case, text="Still a draft", slug="still-draft")
    in_review(second, researcher)
    in_review(first, researcher)
    ReviewTransition.objects.filter(claim=second).update(created_at="2026-01-01T00:00:00Z")
    assert list(Claim.objects.awaiting_review()) == [second, first]
    response = reviewer_client.get(reverse("admin:tracker_claimawaitingreview_changelist"))
    assert [c.slug for c in response.context["cl"].result_list] == ["second", "first"]
    assert ClaimAwaitingReview.objects.count() == 3


def test_a_reviewer_cannot_publish_a_claim_changed_since_they_read_it(
    reviewer_client, reviewer, researcher, draft_claim
):
    in_review(draft_claim, researcher)
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"])
    read_version = reviewer_client.get(url).context["form"].initial["version"]
    Claim.objects.filter(pk=draft_claim.pk).update(text="Changed meanwhile", version=99)
    response = reviewer_client.post(url, {"version": read_version}, follow=True)
    assert "Someone else changed this claim" in response.content.decode()
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.IN_REVIEW


def test_claims_in_review_are_frozen_for_researchers(researcher_client, researcher, draft_claim):
    in_review(draft_claim, researcher)
    draft_claim.refresh_from_db()
    response = researcher_client.post(
        change_url(draft_claim), claim_form(draft_claim, text="Slipped in after submission")
    )
    assert response.status_code == 403
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/tracker/claim/abc/review/submit/",
        "/admin/tracker/claim/999999/review/publish/",
        "/admin/tracker/claim/{pk}/review/no-such-step/",
        "/admin/tracker/claim/abc/history/",
        "/admin/tracker/claim/{pk}/history/abc/",
        "/admin/tracker/claim/abc/history/1/",
        "/admin/tracker/statement/abc/history/",
    ],
)
def test_odd_ids_in_admin_urls_are_404(reviewer_client, draft_claim, path):
    assert reviewer_client.get(path.format(pk=draft_claim.pk)).status_code == 404
    assert reviewer_client.post(path.format(pk=draft_claim.pk)).status_code == 404


def test_a_researchers_revert_of_a_published_claim_is_held_for_review(
    researcher_client, researcher, reviewer, draft_claim
):
    old = draft_claim.history.earliest()
    draft_claim.text = "Reviewed wording"
    draft_claim.save()
    in_review(draft_claim, researcher)
    draft_claim.transition("publish", reviewer)
    url = reverse("admin:tracker_claim_simple_history", args=[draft_claim.pk, old.pk])
    response = researcher_client.post(url, form_values(researcher_client.get(url)))
    assert response.status_code == 302
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Reviewed wording"
    assert draft_claim.revisions.pending().get().proposed["text"] == old.text


def test_roles_have_the_permissions_their_work_needs(researcher, reviewer):
    researched = ["add_claim", "change_statement", "change_source", "change_party"]
    for codename in [*researched, "add_case", "change_case", "add_caserole"]:
        assert researcher.has_perm(f"tracker.{codename}")
        assert reviewer.has_perm(f"tracker.{codename}")
    assert researcher.has_perm("tracker.delete_claim")  # a draft of their own: see the policy
    for codename in ["review_claim", "change_outcome", "delete_case"]:
        assert not researcher.has_perm(f"tracker.{codename}")
        assert reviewer.has_perm(f"tracker.{codename}")


def test_a_review_step_refused_shows_its_page_again_with_the_comment_typed(
    reviewer_client, researcher, draft_claim
):
    in_review(draft_claim, researcher)
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "request_changes"])
    read_version = reviewer_client.get(url).context["form"].initial["version"]
    Claim.objects.filter(pk=draft_claim.pk).update(text="Changed meanwhile", version=99)
    comment = "The second quote is the prosecutor's, not the witness's."
    response = reviewer_client.post(url, {"version": read_version, "comment": comment}, follow=True)
    assert response.redirect_chain[-1][0] == url
    body = response.content.decode()
    assert "Someone else changed this claim" in body and "Changed meanwhile" in body
    assert response.context["form"]["comment"].value() == comment
    assert Claim.objects.get(pk=draft_claim.pk).status == Status.IN_REVIEW
    # Shown once: opened again, the form starts empty.
    assert reviewer_client.get(url).context["form"]["comment"].value() in (None, "")


def test_a_review_step_no_longer_possible_gives_back_the_comment_typed(
    reviewer_client, reviewer, researcher, draft_claim
):
    # Another reviewer published the claim while this one wrote why it needs changes: the
    # step is refused, and what they wrote comes back to them rather than vanishing.
    in_review(draft_claim, researcher)
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "request_changes"])
    read_version = reviewer_client.get(url).context["form"].initial["version"]
    Claim.objects.get(pk=draft_claim.pk).transition("publish", reviewer)
    comment = "The second quote is the prosecutor's, not the witness's."
    response = reviewer_client.post(url, {"version": read_version, "comment": comment}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:tracker_claim_change", args=[draft_claim.pk]
    )
    shown = [str(message) for message in response.context["messages"]]
    assert any("not possible" in message and comment in message for message in shown)
    assert not ReviewTransition.objects.filter(comment=comment).exists()
