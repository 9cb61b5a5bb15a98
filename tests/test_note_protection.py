"""A reviewer's public note is read-only to researchers everywhere, inline forms included."""

import pytest
from django.urls import reverse

from tests.helpers import form_values
from tracker.models import Annotation

pytestmark = pytest.mark.django_db

PUBLIC = Annotation.Visibility.PUBLIC


@pytest.fixture
def public_note(draft_claim, reviewer):
    return Annotation.objects.create(
        claim=draft_claim, author=reviewer, text="Reviewer's public note", visibility=PUBLIC
    )


def claim_form(client, claim):
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    return url, form_values(client.get(url))


def test_a_researcher_cannot_rewrite_a_public_note_through_the_claim_form(
    researcher_client, draft_claim, public_note
):
    url, values = claim_form(researcher_client, draft_claim)
    values["annotations-0-text"] = "Rewritten by a researcher"
    values["annotations-0-visibility"] = "internal"
    response = researcher_client.post(url, values)
    assert response.status_code == 302
    public_note.refresh_from_db()
    assert public_note.text == "Reviewer's public note"
    assert public_note.visibility == PUBLIC


def test_the_public_notes_text_is_shown_read_only(researcher_client, draft_claim, public_note):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    html = researcher_client.get(url).content.decode()
    assert 'name="annotations-0-text"' in html
    textarea = html[html.index('name="annotations-0-text"') - 200 :]
    assert "disabled" in textarea[: textarea.index(">", 200)]


def test_a_researcher_cannot_delete_a_public_note_inline(
    researcher_client, draft_claim, public_note
):
    url, values = claim_form(researcher_client, draft_claim)
    values["annotations-0-DELETE"] = "on"
    response = researcher_client.post(url, values)
    assert response.status_code == 200
    assert "is kept" in response.content.decode()
    assert Annotation.objects.filter(pk=public_note.pk).exists()


def test_the_statement_form_protects_its_public_notes_too(
    researcher_client, reviewer, draft_with_statement
):
    statement = draft_with_statement.statements.get()
    note = Annotation.objects.create(
        statement=statement, author=reviewer, text="On the statement", visibility=PUBLIC
    )
    url = reverse("admin:tracker_statement_change", args=[statement.pk])
    values = form_values(researcher_client.get(url))
    values["annotations-0-text"] = "Rewritten"
    researcher_client.post(url, values)
    note.refresh_from_db()
    assert note.text == "On the statement"


def test_researchers_still_edit_their_internal_notes_and_reviewers_public_ones(
    researcher, researcher_client, reviewer_client, draft_claim, public_note
):
    Annotation.objects.create(claim=draft_claim, author=researcher, text="Mine")
    url, values = claim_form(researcher_client, draft_claim)
    values["annotations-1-text"] = "Mine, corrected"
    assert researcher_client.post(url, values).status_code == 302
    assert Annotation.objects.filter(text="Mine, corrected").exists()
    url, values = claim_form(reviewer_client, draft_claim)
    values["annotations-0-text"] = "Reviewer's note, corrected"
    assert reviewer_client.post(url, values).status_code == 302
    public_note.refresh_from_db()
    assert public_note.text == "Reviewer's note, corrected"


def test_a_researcher_cannot_make_a_note_public_by_reverting_it(
    researcher_client, researcher, draft_claim
):
    note = Annotation.objects.create(
        claim=draft_claim, author=researcher, text="First wording", visibility=PUBLIC
    )
    note.visibility = Annotation.Visibility.INTERNAL  # a reviewer took it off the public site
    note.text = "Second wording"
    note.save()
    public_version = note.history.earliest()
    url = reverse("admin:tracker_annotation_simple_history", args=[note.pk, public_version.pk])
    response = researcher_client.post(url, form_values(researcher_client.get(url)))
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "First wording"  # what they may change is reverted
    assert note.visibility == Annotation.Visibility.INTERNAL
