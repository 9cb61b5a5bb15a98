"""Researchers write internal notes on claims in any state, by every path; public notes are
reviewers' alone (tracker/permissions.py says why)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.helpers import form_values, logged_in, member_of
from tracker import permissions
from tracker.models import Annotation, Claim, Revision

pytestmark = pytest.mark.django_db

Status = Claim.Status
INTERNAL, PUBLIC = Annotation.Visibility.INTERNAL, Annotation.Visibility.PUBLIC


def claim_in(case, status):
    return Claim.objects.create(case=case, text="A claim", slug=f"a-{status}", status=status)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize(
    ("role", "visibility", "may"),
    [
        ("researcher", INTERNAL, True),
        ("researcher", PUBLIC, False),
        ("reviewer", INTERNAL, True),
        ("reviewer", PUBLIC, True),
    ],
)
def test_who_may_write_a_note_in_each_state(request, case, status, role, visibility, may):
    user = request.getfixturevalue(role)
    note = Annotation(claim=claim_in(case, status), author=user, text="n", visibility=visibility)
    assert permissions.may_edit_annotation(user, note) is may
    assert permissions.may_edit(user, note) is may


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_a_command_saves_a_researchers_internal_note_at_once(researcher, case, status):
    claim = claim_in(case, status)
    note = Annotation(claim=claim, author=researcher, text="This source was later retracted")
    assert permissions.save_as(researcher, note) is None
    assert Annotation.objects.get(claim=claim).visibility == INTERNAL
    assert not Revision.objects.exists()
    note.text = "This source was retracted on 3 May"
    assert permissions.save_as(researcher, note) is None
    assert Annotation.objects.get(claim=claim).text == "This source was retracted on 3 May"


@pytest.mark.parametrize("status", list(Status))
def test_a_command_refuses_a_researchers_public_note(researcher, case, status):
    claim = claim_in(case, status)
    note = Annotation(claim=claim, author=researcher, text="For readers", visibility=PUBLIC)
    with pytest.raises(PermissionDenied):
        permissions.save_as(researcher, note)
    assert not Annotation.objects.exists()


def add_note_page(client, **values):
    url = reverse("admin:tracker_annotation_add")
    return client.post(url, {**form_values(client.get(url)), **values})


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_the_add_page_saves_a_researchers_internal_note_at_once(
    researcher_client, researcher, case, status
):
    claim = claim_in(case, status)
    response = add_note_page(
        researcher_client, claim=claim.pk, text="Source retracted", visibility="public"
    )
    assert response.status_code == 302
    note = Annotation.objects.get(claim=claim)
    assert (note.text, note.visibility, note.author) == ("Source retracted", INTERNAL, researcher)
    assert not Revision.objects.exists()


def test_a_researcher_changes_an_internal_note_of_a_claim_in_review(
    researcher_client, researcher, draft_claim
):
    note = Annotation.objects.create(claim=draft_claim, author=researcher, text="First")
    draft_claim.transition("submit", researcher)
    url = reverse("admin:tracker_annotation_change", args=[note.pk])
    values = {**form_values(researcher_client.get(url)), "text": "Second"}
    assert researcher_client.post(url, values).status_code == 302
    note.refresh_from_db()
    assert note.text == "Second"


def claim_form(client, claim):
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    return url, form_values(client.get(url))


def test_the_claim_form_saves_a_researchers_notes_on_a_published_claim_at_once(
    researcher_client, researcher, claim, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    mine = Annotation.objects.create(claim=claim, author=researcher, text="Mine")
    url, values = claim_form(researcher_client, claim)
    values.update(
        {
            "annotations-0-text": "Mine, corrected",
            "annotations-TOTAL_FORMS": 2,
            "annotations-1-text": "Source retracted",
            "annotations-1-version": 0,
        }
    )
    assert researcher_client.post(url, values).status_code == 302
    mine.refresh_from_db()
    assert mine.text == "Mine, corrected"
    added = Annotation.objects.get(text="Source retracted")
    assert (added.claim, added.visibility) == (claim, INTERNAL)
    assert not Revision.objects.exists()


def test_the_statement_form_saves_a_researchers_note_on_a_published_claim_at_once(
    researcher_client, statement
):
    url = reverse("admin:tracker_statement_change", args=[statement.pk])
    values = form_values(researcher_client.get(url))
    values.update(
        {
            "annotations-TOTAL_FORMS": 1,
            "annotations-0-text": "He later withdrew this",
            "annotations-0-version": 0,
        }
    )
    assert researcher_client.post(url, values).status_code == 302
    note = Annotation.objects.get(statement=statement)
    assert (note.text, note.visibility) == ("He later withdrew this", INTERNAL)
    assert not Revision.objects.exists()


def test_a_researchers_note_of_a_published_claim_is_kept_with_what_was_typed(
    researcher_client, researcher, claim, party
):
    """Deleting is narrower than writing: refused, the form comes back as typed, with why."""
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    note = Annotation.objects.create(claim=claim, author=researcher, text="Mine")
    url, values = claim_form(researcher_client, claim)
    values.update({"annotations-0-DELETE": "on", "annotations-0-text": "Typed before deleting"})
    response = researcher_client.post(url, values)
    assert response.status_code == 200
    page = response.content.decode()
    assert "a note on a claim in review or published" in page
    assert "Typed before deleting" in page
    assert Annotation.objects.get(pk=note.pk).text == "Mine"


def test_a_claim_in_review_offers_its_researcher_a_note_on_it(
    researcher_client, researcher, reviewer_client, draft_claim
):
    draft_claim.transition("submit", researcher)
    page = researcher_client.get(reverse("admin:tracker_claim_change", args=[draft_claim.pk]))
    add_note = f"{reverse('admin:tracker_annotation_add')}?claim={draft_claim.pk}"
    assert f'href="{add_note}"' in page.content.decode()
    chosen = f'<option value="{draft_claim.pk}" selected>{draft_claim.text}</option>'
    assert chosen in researcher_client.get(add_note).content.decode()
    reviewers_page = reviewer_client.get(
        reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    )
    assert add_note not in reviewers_page.content.decode()


def test_a_researchers_note_is_saved_though_another_researchers_change_to_the_claim_waits(
    researcher_client, claim, party
):
    """Saving the claim's page with only a note added changes nothing of the claim, so the
    other researcher's pending change to it is no reason to refuse the note."""
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    url, values = claim_form(researcher_client, claim)
    assert researcher_client.post(url, {**values, "text": "Proposed by Rita"}).status_code == 302
    other = logged_in(member_of("Researchers", "olga"))
    url, values = claim_form(other, claim)
    values.update(
        {
            "annotations-TOTAL_FORMS": 1,
            "annotations-0-text": "Olga: the source was retracted",
            "annotations-0-version": 0,
        }
    )
    response = other.post(url, values)
    assert response.status_code == 302
    assert Annotation.objects.get(claim=claim).text == "Olga: the source was retracted"
    assert Revision.objects.pending().get().proposed == {"text": "Proposed by Rita"}


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.PUBLISHED])
def test_a_reviewers_internal_note_on_a_claim_closed_to_researchers_stays_as_written(
    researcher_client, researcher, reviewer, case, status
):
    """A reviewer's note on a claim in review or published is part of its review: a
    researcher reads it there, and writes their own beside it."""
    claim = claim_in(case, status)
    theirs = Annotation.objects.create(claim=claim, author=reviewer, text="Check the ruling")
    mine = Annotation.objects.create(claim=claim, author=researcher, text="Mine")
    assert not permissions.may_edit_annotation(researcher, theirs)
    assert permissions.may_edit_annotation(researcher, mine)
    theirs.text = "Never mind"
    with pytest.raises(PermissionDenied):
        permissions.save_as(researcher, theirs)
    url = reverse("admin:tracker_annotation_change", args=[theirs.pk])
    values = {**form_values(researcher_client.get(url)), "text": "Never mind"}
    assert researcher_client.post(url, values).status_code == 403
    assert Annotation.objects.get(pk=theirs.pk).text == "Check the ruling"


def test_a_reviewers_internal_note_on_a_published_claims_form_is_read_only_to_a_researcher(
    researcher_client, reviewer, claim, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    theirs = Annotation.objects.create(claim=claim, author=reviewer, text="Check the ruling")
    url, values = claim_form(researcher_client, claim)
    assert (
        researcher_client.post(url, {**values, "annotations-0-text": "Never mind"}).status_code
        == 302
    )
    assert Annotation.objects.get(pk=theirs.pk).text == "Check the ruling"


@pytest.fixture
def own_note_on_a_claim_in_review(researcher, draft_claim, case):
    note = Annotation.objects.create(claim=draft_claim, author=researcher, text="Check witness 2")
    draft_claim.transition("submit", researcher)
    return note, claim_in(case, Status.DRAFT)


def test_a_researchers_note_stays_on_a_claim_in_review_on_its_page(
    researcher_client, own_note_on_a_claim_in_review
):
    # Moved to a draft, it could then be deleted there: a note on a claim in review is not.
    note, draft = own_note_on_a_claim_in_review
    url = reverse("admin:tracker_annotation_change", args=[note.pk])
    values = {**form_values(researcher_client.get(url)), "claim": draft.pk, "text": "Moved"}
    researcher_client.post(url, values)
    note.refresh_from_db()
    assert note.claim_id != draft.pk


def test_a_command_refuses_to_move_a_researchers_note_off_a_claim_in_review(
    researcher, own_note_on_a_claim_in_review
):
    note, draft = own_note_on_a_claim_in_review
    note.claim = draft
    with pytest.raises(PermissionDenied):
        permissions.save_as(researcher, note)
    assert Annotation.objects.get(pk=note.pk).claim_id != draft.pk
