"""The edit policy holds outside the admin: a command, the API or an import asks it too."""

import pytest
from django.core.exceptions import PermissionDenied

from tracker import permissions
from tracker.models import Annotation, Claim, Statement

pytestmark = pytest.mark.django_db


def test_a_researcher_saving_a_published_claim_outside_the_admin_is_held(researcher, claim, party):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    claim.refresh_from_db()
    claim.text = "Rewritten after publication"
    held = permissions.save_as(researcher, claim)
    assert held is not None and held.proposed == {"text": "Rewritten after publication"}
    claim.refresh_from_db()
    assert claim.text == "Dzhumageldiev led the crowd"


def test_a_researcher_saving_a_statement_of_a_published_claim_is_held(researcher, statement):
    statement.paraphrase = "He denied it"
    held = permissions.save_as(researcher, statement)
    assert held is not None and held.proposed == {"paraphrase": "He denied it"}
    assert Statement.objects.get(pk=statement.pk).paraphrase == ""


def test_a_researcher_moving_a_statement_onto_a_published_claim_is_held(
    researcher, claim, draft_with_statement
):
    moved = draft_with_statement.statements.get()
    moved.claim = claim
    held = permissions.save_as(researcher, moved)
    assert held is not None and held.proposed == {"claim_id": claim.pk}
    assert Statement.objects.get(pk=moved.pk).claim == draft_with_statement


def test_a_researcher_may_not_edit_a_claim_in_review(researcher, draft_claim):
    draft_claim.transition("submit", researcher)
    draft_claim.text = "Slipped in during review"
    with pytest.raises(PermissionDenied):
        permissions.save_as(researcher, draft_claim)


def test_a_researcher_saves_a_draft_and_a_reviewer_a_published_claim(
    researcher, reviewer, draft_claim, claim, other_party
):
    draft_claim.text = "Abish gave the order, the prosecution says"
    permissions.save_as(researcher, draft_claim)
    claim.text = "Dzhumageldiev led part of the crowd"
    claim.claimant = other_party
    permissions.save_as(reviewer, claim)
    assert Claim.objects.get(pk=draft_claim.pk).text == draft_claim.text
    assert Claim.objects.get(pk=claim.pk).text == claim.text


def test_a_reader_may_not_save_even_a_draft(reader, draft_claim):
    with pytest.raises(PermissionDenied):
        permissions.save_as(reader, draft_claim)


@pytest.mark.parametrize(
    ("status", "researcher_may", "reviewer_may"),
    [
        (Claim.Status.DRAFT, True, True),
        (Claim.Status.CHANGES_REQUESTED, True, True),
        (Claim.Status.UNPUBLISHED, True, True),
        (Claim.Status.IN_REVIEW, False, True),
        (Claim.Status.PUBLISHED, True, True),  # a researcher's change is held for review
    ],
)
def test_who_may_edit_a_claim_in_each_state(
    researcher, reviewer, case, status, researcher_may, reviewer_may
):
    claim = Claim(case=case, text="A claim", slug="a-claim", status=status)
    assert permissions.may_edit_claim(researcher, claim) is researcher_may
    assert permissions.may_edit_claim(reviewer, claim) is reviewer_may


def test_researchers_write_internal_notes_on_any_claim_and_delete_them_on_open_ones(
    researcher, reviewer, draft_claim, claim
):
    def note(on, visibility):
        return Annotation(claim=on, author=researcher, text="n", visibility=visibility)

    internal, public = Annotation.Visibility.INTERNAL, Annotation.Visibility.PUBLIC
    assert permissions.may_edit_annotation(researcher, note(draft_claim, internal))
    assert not permissions.may_edit_annotation(researcher, note(draft_claim, public))
    # An internal note is no part of what readers see or a reviewer publishes (the policy
    # module's docstring): written on a published claim too, but not deleted there.
    assert permissions.may_edit_annotation(researcher, note(claim, internal))
    assert permissions.annotation_deletion_refusal(researcher, note(claim, internal))
    assert not permissions.annotation_deletion_refusal(researcher, note(draft_claim, internal))
    assert permissions.may_edit_annotation(reviewer, note(claim, public))
    assert not permissions.may_set_note_visibility(researcher)
    assert permissions.may_set_note_visibility(reviewer)
