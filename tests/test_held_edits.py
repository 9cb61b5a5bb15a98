"""Published means reviewed: a researcher's edit to anything a published claim shows waits for a
reviewer, and the public pages stay byte-identical until one approves it."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from tests.helpers import form_values, logged_in, member_of, statement_form, statement_on
from tracker import held_edits, permissions
from tracker.models import Annotation, Claim, Party, Revision, Statement, Tag
from tracker.models.revisions import RevisionConflict
from tracker.models.versioning import StaleEditError

NEW_VALUE = "Zebrafinch"


@pytest.fixture
def published(claim, statement, party, case, source, reviewer):
    """A published claim (with claimant and tag) and everything it shows."""
    tag = Tag.objects.create(name="Unrest", slug="unrest")
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    claim.refresh_from_db()
    claim.tags.add(tag)
    note = Annotation.objects.create(
        claim=claim, author=reviewer, text="A reviewer's public note", visibility="public"
    )
    return {
        "claim": claim,
        "statement": statement,
        "party": party,
        "partyalias": party.aliases.get(),
        "source": source,
        "tag": tag,
        "case": case,
        "annotation": note,
    }


def public_pages(client, published):
    claim, case, source, party = (published[k] for k in ("claim", "case", "source", "party"))
    urls = [
        claim.get_absolute_url(),
        case.get_absolute_url(),
        source.get_absolute_url(),
        party.get_absolute_url(),
        reverse("tracker:claim-list"),
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content
    return pages


# What a researcher changes on each model, as the admin form field and its new value.
EDITS = {
    "claim": ("text", f"{NEW_VALUE} led the crowd"),
    "statement": ("paraphrase", f"{NEW_VALUE} denied it"),
    "party": ("name", f"Arman {NEW_VALUE}"),
    "partyalias": ("name", f"Wild {NEW_VALUE}"),
    "source": ("title", f"Trial report by {NEW_VALUE}"),
    "tag": ("name", NEW_VALUE),
    "case": ("title", f"{NEW_VALUE} trial"),
}


def researcher_edits(researcher_client, obj, field, value):
    url = reverse(f"admin:tracker_{obj._meta.model_name}_change", args=[obj.pk])
    page = researcher_client.get(url)
    assert "Your changes will be held for a reviewer" in page.content.decode()
    response = researcher_client.post(url, {**form_values(page), field: value})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Revision.objects.pending().of(obj).get()


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_researchers_edit_waits_for_approval_then_shows(
    name, published, researcher, researcher_client, reviewer, client
):
    obj = published[name]
    field, value = EDITS[name]
    before = public_pages(client, published)
    history_before = obj.history.count()
    revision = researcher_edits(researcher_client, obj, field, value)
    assert public_pages(client, published) == before
    assert obj.history.count() == history_before
    revision.approve(reviewer, "Checked against the source")
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    after = public_pages(client, published)
    assert any(NEW_VALUE.encode() in html for html in after.values())
    latest = obj.history.first()
    assert latest.history_user == researcher
    assert "approved by victor" in latest.history_change_reason
    assert Revision.objects.get(pk=revision.pk).status == Revision.Status.APPROVED


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_rejected_edit_leaves_the_public_pages_as_they_were(
    name, published, researcher_client, reviewer, client
):
    obj = published[name]
    before = public_pages(client, published)
    revision = researcher_edits(researcher_client, obj, *EDITS[name])
    revision.reject(reviewer, "Not what the source says")
    assert public_pages(client, published) == before
    revision.refresh_from_db()
    assert (revision.status, revision.reviewer, revision.comment) == (
        Revision.Status.REJECTED,
        reviewer,
        "Not what the source says",
    )
    url = reverse(f"admin:tracker_{obj._meta.model_name}_change", args=[obj.pk])
    assert "Not what the source says" in logged_in(reviewer).get(url).content.decode()


def test_a_change_to_a_public_note_is_held_and_applied_on_approval(
    published, researcher, reviewer, client
):
    note = published["annotation"]
    before = public_pages(client, published)
    note.text = f"{NEW_VALUE} note"
    assert permissions.is_held(researcher, note)
    revision = held_edits.hold(researcher, note)
    assert public_pages(client, published) == before
    revision.approve(reviewer)
    assert NEW_VALUE.encode() in client.get(published["claim"].get_absolute_url()).content


def test_a_statement_added_to_a_published_claim_waits_for_approval(
    published, researcher_client, reviewer, client, other_party, source
):
    claim = published["claim"]
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    values = form_values(researcher_client.get(url))
    prefix = "statements-1-"
    values.update(
        {
            "statements-TOTAL_FORMS": 2,
            f"{prefix}party": other_party.pk,
            f"{prefix}source": source.pk,
            f"{prefix}stance": "supports",
            f"{prefix}kind": "argument",
            f"{prefix}quote": "He said he caught looters.",
            f"{prefix}position": 1,
            f"{prefix}version": 0,
        }
    )
    before = public_pages(client, published)
    assert researcher_client.post(url, values).status_code == 302
    assert public_pages(client, published) == before
    assert claim.statements.count() == 1
    revision = Revision.objects.pending().get(adds_row=True)
    statement = revision.approve(reviewer)
    assert isinstance(statement, Statement) and statement.claim == claim
    assert claim.statements.count() == 2
    assert b"He said he caught looters." in client.get(claim.get_absolute_url()).content


def test_a_note_on_a_statement_held_for_a_reviewer_is_refused_keeping_what_was_typed(
    published, researcher_client, other_party, source
):
    claim = published["claim"]
    url = reverse("admin:tracker_statement_add")
    quote, note = "He said he caught looters.", "Check the date of this."
    values = statement_form(claim, other_party, source, quote, note=note, stance="supports")
    response = researcher_client.post(url, values)
    assert response.status_code == 200
    body = response.content.decode()
    assert "waits for a reviewer" in body
    assert "Check the date of this." in body and "He said he caught looters." in body
    assert not Revision.objects.exists() and not Annotation.objects.filter(statement__isnull=False)
    del values["annotations-0-text"]
    values["annotations-TOTAL_FORMS"] = 0
    assert researcher_client.post(url, values).status_code == 302
    assert Revision.objects.pending().get(adds_row=True).proposed["quote"] == values["quote"]


def test_a_held_statement_by_a_party_deleted_since_its_form_was_checked_is_refused(
    claim, party, other_party, source, researcher
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement = statement_on(claim, other_party, source)
    statement.full_clean()
    Party.objects.filter(pk=other_party.pk).delete()
    with pytest.raises(StaleEditError, match="The party “The prosecution” this names was deleted"):
        held_edits.hold(researcher, statement)
    assert not Revision.objects.exists()


def test_a_reviewers_edit_goes_live_at_once(published, reviewer_client, client):
    party = published["party"]
    url = reverse("admin:tracker_party_change", args=[party.pk])
    page = reviewer_client.get(url)
    assert "Your changes go live when saved" in page.content.decode()
    reviewer_client.post(url, {**form_values(page), "name": f"Arman {NEW_VALUE}"})
    assert NEW_VALUE.encode() in client.get(party.get_absolute_url()).content
    assert not Revision.objects.exists()


def test_things_only_drafts_use_are_edited_directly(researcher_client, draft_with_statement):
    party = draft_with_statement.statements.get().party
    url = reverse("admin:tracker_party_change", args=[party.pk])
    page = researcher_client.get(url)
    assert "held for a reviewer" not in page.content.decode()
    researcher_client.post(url, {**form_values(page), "name": "Renamed"})
    party.refresh_from_db()
    assert party.name == "Renamed" and not Revision.objects.exists()


def test_a_second_researcher_cannot_overwrite_a_pending_change(
    published, researcher_client, client
):
    party = published["party"]
    researcher_edits(researcher_client, party, "name", "First proposal")
    other = logged_in(member_of("Researchers", "rosa"))
    url = reverse("admin:tracker_party_change", args=[party.pk])
    page = other.get(url)
    assert "is waiting for a reviewer" in page.content.decode()
    response = other.post(url, {**form_values(page), "name": "Second proposal"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "already waiting for a reviewer" in body and "Second proposal" in body
    assert Revision.objects.pending().of(party).get().proposed == {"name": "First proposal"}


def test_the_author_editing_again_updates_their_pending_change(published, researcher_client):
    party = published["party"]
    first = researcher_edits(researcher_client, party, "name", "First proposal")
    url = reverse("admin:tracker_party_change", args=[party.pk])
    page = researcher_client.get(url)
    values = form_values(page)
    assert values["name"] == "First proposal"  # the form opens on their pending change
    researcher_client.post(url, {**values, "description": "Also this"})
    first.refresh_from_db()
    assert first.proposed == {"name": "First proposal", "description": "Also this"}
    assert first.version == 1
    stale = researcher_client.post(url, {**values, "description": "From an old window"})
    assert "in another window" in stale.content.decode()
    first.refresh_from_db()
    assert first.proposed["description"] == "Also this"


def test_a_window_opened_before_the_authors_pending_change_does_not_overwrite_it(
    published, researcher_client
):
    party = published["party"]
    url = reverse("admin:tracker_party_change", args=[party.pk])
    first_window = form_values(researcher_client.get(url))
    second_window = form_values(researcher_client.get(url))
    researcher_client.post(url, {**first_window, "name": "First proposal"})
    stale = researcher_client.post(url, {**second_window, "description": "From an old window"})
    assert stale.status_code == 200
    body = stale.content.decode()
    assert "in another window" in body and "From an old window" in body
    assert Revision.objects.pending().of(party).get().proposed == {"name": "First proposal"}


def test_an_inline_row_opened_before_the_authors_pending_change_does_not_overwrite_it(
    published, researcher_client
):
    statement = published["statement"]
    url = reverse("admin:tracker_claim_change", args=[published["claim"].pk])
    first_window = form_values(researcher_client.get(url))
    second_window = form_values(researcher_client.get(url))
    prefix = next(k for k in first_window if k.endswith("-paraphrase")).removesuffix("paraphrase")
    first = {**first_window, f"{prefix}paraphrase": "First proposal"}
    assert researcher_client.post(url, first).status_code == 302
    second = {**second_window, f"{prefix}attribution": "Prosecutors argued"}
    stale = researcher_client.post(url, second)
    assert stale.status_code == 200
    assert "in another window" in stale.content.decode()
    assert Revision.objects.pending().of(statement).get().proposed == {
        "paraphrase": "First proposal"
    }
    page = researcher_client.get(url)
    assert f'name="{prefix}held_edit_version" value="0"' in page.content.decode()
    again = form_values(page)
    assert again[f"{prefix}paraphrase"] == "First proposal"
    again[f"{prefix}attribution"] = "Prosecutors argued"
    assert researcher_client.post(url, again).status_code == 302
    assert Revision.objects.pending().of(statement).get().proposed == {
        "paraphrase": "First proposal",
        "attribution": "Prosecutors argued",
    }


def test_approval_is_refused_when_the_object_changed_since(published, researcher, reviewer):
    party = published["party"]
    party.name = "Proposed name"
    revision = held_edits.hold(researcher, party)
    type(party).objects.filter(pk=party.pk).update(name="Changed by a reviewer meanwhile")
    with pytest.raises(RevisionConflict, match="changed after this edit was proposed"):
        revision.approve(reviewer)
    party.refresh_from_db()
    assert party.name == "Changed by a reviewer meanwhile"
    assert Revision.objects.get(pk=revision.pk).status == Revision.Status.PENDING


def test_a_change_read_before_someone_elses_save_is_not_held(published, researcher, reviewer):
    # The form checks the version as it validates; hold() checks it again under its lock,
    # for a save that lands between the two.
    party = published["party"]
    stale = type(party).objects.get(pk=party.pk)
    party.description = "Changed by a reviewer meanwhile"
    party.save()
    stale.name = "Proposed name"
    with pytest.raises(StaleEditError, match="Someone else changed this party"):
        held_edits.hold(researcher, stale)
    assert not Revision.objects.exists()


def test_one_pending_change_per_object_is_a_database_rule(published, researcher, reviewer):
    from django.db import IntegrityError, transaction

    party = published["party"]
    party.name = "One"
    revision = held_edits.hold(researcher, party)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(
            content_type=revision.content_type,
            object_id=party.pk,
            proposed={"name": "Two"},
            author=reviewer,
        )


def test_review_page_shows_the_word_level_difference_and_publishing_applies_it(
    published, researcher, researcher_client, reviewer_client, client
):
    statement = published["statement"]
    researcher.email = "rita@example.org"
    researcher.save()
    researcher_edits(researcher_client, statement, "paraphrase", "He flatly denied it")
    claim = published["claim"]
    page = reviewer_client.get(reverse("admin:tracker_claim_review_page", args=[claim.pk]))
    body = page.content.decode()
    assert "<ins>He flatly denied it</ins>" in body
    assert body.index("Publish changes") < body.index("He flatly denied it")
    url = reverse("admin:tracker_claim_review_held", args=[claim.pk, "approve"])
    with_comment = {"comment": "Good catch", "version": 0}
    assert reviewer_client.post(url, with_comment).status_code == 302
    assert b"He flatly denied it" in client.get(claim.get_absolute_url()).content


def test_word_diff_marks_insertions_and_deletions():
    from tracker.diffing import word_diff

    assert str(word_diff("he denied it", "he flatly denied <that>")) == (
        "he <ins>flatly </ins>denied <del>it</del><ins>&lt;that&gt;</ins>"
    )


def test_emails_name_the_claim_and_the_comment(
    published, researcher, researcher_client, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    researcher.email = "rita@example.org"
    researcher.save()
    revision = researcher_edits(researcher_client, published["statement"], "paraphrase", "X")
    with django_capture_on_commit_callbacks(execute=True):
        revision.reject(reviewer, "Keep to the source's words")
    (message,) = mail.outbox
    assert message.to == ["rita@example.org"]
    assert "Dzhumageldiev led the crowd" in message.body
    assert "Keep to the source's words" in message.body


def test_changes_requested_and_published_email_the_claims_authors(
    researcher, reviewer, draft_claim, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    researcher.email = "rita@example.org"
    researcher.save()
    draft_claim.text = "Abish gave the order,\nit is said"  # no line break reaches a subject
    draft_claim._history_user = researcher
    permissions.save_as(researcher, draft_claim)
    draft_claim.refresh_from_db()
    draft_claim.transition("submit", researcher)
    with django_capture_on_commit_callbacks(execute=True):
        draft_claim.transition("request_changes", reviewer, "Name the source")
    draft_claim.transition("revise", researcher)
    draft_claim.transition("submit", researcher)
    with django_capture_on_commit_callbacks(execute=True):
        draft_claim.transition("publish", reviewer, "Well sourced")
    assert [m.to for m in mail.outbox] == [["rita@example.org"]] * 2
    assert mail.outbox[0].subject == "Changes requested: “Abish gave the order, it is said”"
    assert "Name the source" in mail.outbox[0].body and draft_claim.text in mail.outbox[0].body
    assert "Well sourced" in mail.outbox[1].body


def test_a_role_changed_on_a_published_case_waits_for_approval(
    published, researcher_client, reviewer, client
):
    from tracker.models import CaseRole

    case, party = published["case"], published["party"]
    role = CaseRole.objects.create(case=case, party=party, role="defendant")
    url = reverse("admin:tracker_case_change", args=[case.pk])
    values = form_values(researcher_client.get(url))
    before = public_pages(client, published)
    prefix = next(k for k in values if k.endswith("-role")).removesuffix("role")
    values[f"{prefix}role"] = f"{NEW_VALUE} witness"
    assert researcher_client.post(url, values).status_code == 302
    assert public_pages(client, published) == before
    role.refresh_from_db()
    assert role.role == "defendant"
    Revision.objects.pending().of(role).get().approve(reviewer)
    role.refresh_from_db()
    assert role.role == f"{NEW_VALUE} witness"


def test_a_held_edit_revised_onto_another_claim_is_listed_with_that_claim(
    published, researcher_client, reviewer_client, draft_claim
):
    statement, claim = published["statement"], published["claim"]
    revision = researcher_edits(researcher_client, statement, "claim", draft_claim.pk)
    assert revision.claim == draft_claim  # publishing the draft would apply the move
    url = reverse("admin:tracker_statement_change", args=[statement.pk])
    values = form_values(researcher_client.get(url))
    # The author thinks better of the move and keeps only a new paraphrase.
    researcher_client.post(url, {**values, "claim": claim.pk, "paraphrase": "Reworded only"})
    revision.refresh_from_db()
    assert revision.proposed == {"paraphrase": "Reworded only"}
    assert revision.claim == claim
    review_page = reverse("admin:tracker_claim_review_page", args=[claim.pk])
    assert "Reworded only" in reviewer_client.get(review_page).content.decode()


def test_a_researchers_revert_of_a_published_claim_holds_its_tags_too(
    published, researcher_client, client
):
    claim, tag = published["claim"], published["tag"]
    pages_before = public_pages(client, published)
    other_tag = Tag.objects.create(name="Looting", slug="looting")
    url = reverse("admin:tracker_claim_simple_history", args=[claim.pk, claim.history.first().pk])
    values = {**form_values(researcher_client.get(url)), "tags": [other_tag.pk]}
    values["text"] = f"{NEW_VALUE} led the crowd"
    response = researcher_client.post(url, values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(claim.tags.all()) == [tag]
    assert Revision.objects.pending().of(claim).get().proposed["tags"] == [other_tag.pk]
    assert public_pages(client, published) == pages_before


def claim_page_proposing(client, claim, paraphrase):
    """Save the claim's page with its statement's paraphrase changed: its address, and the
    prefix of the statement's row."""
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    values = form_values(client.get(url))
    row = next(k for k in values if k.endswith("-paraphrase")).removesuffix("paraphrase")
    response = client.post(url, {**values, f"{row}paraphrase": paraphrase})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return url, row


def test_saving_a_page_again_leaves_the_pending_edits_it_did_not_change_as_they_were(
    published, researcher_client, reviewer_client
):
    # The claim page posts every statement row again, each as the author's pending change
    # shows it: a reviewer who opened that change must still be able to decide it.
    claim, statement = published["claim"], published["statement"]
    url, _ = claim_page_proposing(researcher_client, claim, "Proposed")
    held = Revision.objects.pending().of(statement).get()
    updated_at = held.updated_at
    assert researcher_client.post(url, form_values(researcher_client.get(url))).status_code == 302
    held.refresh_from_db()
    assert (held.version, held.updated_at, held.proposed) == (
        0,
        updated_at,
        {"paraphrase": "Proposed"},
    )
    decided = reviewer_client.post(
        reverse("admin:tracker_revision_decide", args=[held.pk, "approve"]),
        {"version": 0},
        follow=True,
    )
    assert "Approved: " in decided.content.decode()
    statement.refresh_from_db()
    assert statement.paraphrase == "Proposed"


def test_saving_ones_own_pending_edit_unchanged_keeps_its_version_and_a_change_raises_it(
    published, researcher_client
):
    party = published["party"]
    held = researcher_edits(researcher_client, party, "name", "First proposal")
    url = reverse("admin:tracker_party_change", args=[party.pk])
    researcher_client.post(url, form_values(researcher_client.get(url)))
    held.refresh_from_db()
    assert (held.version, held.proposed) == (0, {"name": "First proposal"})
    researcher_client.post(url, {**form_values(researcher_client.get(url)), "name": "Second"})
    held.refresh_from_db()
    assert (held.version, held.proposed) == (1, {"name": "Second"})


def test_an_author_whose_pending_edit_was_rejected_while_the_form_was_open_is_told(
    published, researcher_client, reviewer
):
    party = published["party"]
    first = researcher_edits(researcher_client, party, "name", "First proposal")
    url = reverse("admin:tracker_party_change", args=[party.pk])
    opened = form_values(researcher_client.get(url))
    first.reject(reviewer, "Cite the ruling")
    refused = researcher_client.post(url, {**opened, "description": "As the ruling says"})
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert "rejected your earlier change" in body and "Cite the ruling" in body
    assert "As the ruling says" in body and "First proposal" in body  # kept as typed
    assert not Revision.objects.pending().exists()
    again = researcher_client.post(url, form_values(refused))
    assert again.status_code == 302
    assert Revision.objects.pending().of(party).get().proposed == {
        "name": "First proposal",
        "description": "As the ruling says",
    }


def test_an_author_whose_pending_row_edit_was_decided_while_the_page_was_open_is_told(
    published, researcher_client, reviewer
):
    claim, statement = published["claim"], published["statement"]
    url, row = claim_page_proposing(researcher_client, claim, "First proposal")
    opened = form_values(researcher_client.get(url))
    Revision.objects.pending().of(statement).get().reject(reviewer)
    refused = researcher_client.post(url, {**opened, f"{row}attribution": "Prosecutors argued"})
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert "rejected your earlier change" in body and "Prosecutors argued" in body
    assert not Revision.objects.pending().exists()
    assert researcher_client.post(url, form_values(refused)).status_code == 302
    assert Revision.objects.pending().of(statement).get().proposed == {
        "paraphrase": "First proposal",
        "attribution": "Prosecutors argued",
    }


@pytest.mark.parametrize(
    "decision, told",
    [
        ("approve", "approved your earlier change to this party, without a comment"),
        ("reject", "rejected your earlier change to this party, without a comment"),
    ],
)
def test_an_author_whose_pending_edit_was_decided_while_the_form_was_open_is_told(
    decision, told, published, researcher_client, reviewer
):
    party = published["party"]
    first = researcher_edits(researcher_client, party, "name", "First proposal")
    url = reverse("admin:tracker_party_change", args=[party.pk])
    opened = form_values(researcher_client.get(url))
    getattr(first, decision)(reviewer)
    refused = researcher_client.post(url, {**opened, "description": "Also this"})
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert told in body and "Also this" in body
    assert not Revision.objects.pending().exists()


def test_an_author_whose_pending_edit_was_approved_while_the_form_was_open_is_told_so(
    published, researcher_client, reviewer
):
    # The approval saved the party, so the form's version check took it for someone else's
    # change: the author read "Someone else changed this party" about their own edit.
    party = published["party"]
    first = researcher_edits(researcher_client, party, "name", "First proposal")
    url = reverse("admin:tracker_party_change", args=[party.pk])
    opened = form_values(researcher_client.get(url))
    first.approve(reviewer, "Matches the ruling")
    refused = researcher_client.post(url, {**opened, "description": "As the ruling says"})
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert (
        "While you had this form open, victor approved your earlier change to this party, "
        "with the comment “Matches the ruling”: it is published now (Name: “First proposal”). "
        "Nothing was saved, and your form is kept as you typed it: save again to propose "
        "what else you typed as a new change." in body
    )
    assert "Someone else changed" not in body
    assert "As the ruling says" in body and "First proposal" in body  # kept as typed
    again = researcher_client.post(url, form_values(refused))
    assert again.status_code == 302
    party.refresh_from_db()
    assert party.name == "First proposal"
    assert Revision.objects.pending().of(party).get().proposed == {
        "description": "As the ruling says"
    }


def test_an_author_whose_pending_row_edit_was_approved_while_the_page_was_open_is_told_so(
    published, researcher_client, reviewer
):
    claim, statement = published["claim"], published["statement"]
    url, row = claim_page_proposing(researcher_client, claim, "First proposal")
    opened = form_values(researcher_client.get(url))
    Revision.objects.pending().of(statement).get().approve(reviewer)
    refused = researcher_client.post(url, {**opened, f"{row}attribution": "Prosecutors argued"})
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert (
        "While you had this form open, victor approved your earlier change to this "
        "statement, without a comment: it is published now (Paraphrase: “First proposal”)." in body
    )
    assert "Someone else changed" not in body and "Prosecutors argued" in body
    assert researcher_client.post(url, form_values(refused)).status_code == 302
    statement.refresh_from_db()
    assert statement.paraphrase == "First proposal"
    assert Revision.objects.pending().of(statement).get().proposed == {
        "attribution": "Prosecutors argued"
    }


def test_an_approved_edit_and_another_change_since_the_form_opened_is_someone_elses_change(
    published, researcher_client, reviewer
):
    # Only the approval of the author's own edit is theirs to build on: a change made after it
    # by someone else is refused as one, so that a save again does not overwrite it unseen.
    party = published["party"]
    first = researcher_edits(researcher_client, party, "name", "First proposal")
    url = reverse("admin:tracker_party_change", args=[party.pk])
    opened = form_values(researcher_client.get(url))
    first.approve(reviewer)
    party.refresh_from_db()
    party.description = "The reviewer's own words"
    party.save()
    refused = researcher_client.post(url, {**opened, "description": "Also this"})
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert "Someone else changed this party after you opened it" in body and "Also this" in body
    again = researcher_client.post(url, form_values(refused))
    assert again.status_code == 200
    party.refresh_from_db()
    assert party.description == "The reviewer's own words"
    assert not Revision.objects.pending().exists()


@pytest.mark.parametrize("held_edit", ["abc", "-1", "99999999999999999999999", "own", "other"])
def test_a_form_naming_a_held_edit_it_was_not_opened_on_is_refused_clearly(
    held_edit, published, researcher_client, reviewer
):
    party, tag = published["party"], published["tag"]
    researcher_edits(researcher_client, party, "name", "First proposal")
    other = researcher_edits(researcher_client, tag, "name", "Another proposal")
    other.reject(reviewer)
    url = reverse("admin:tracker_party_change", args=[party.pk])
    opened = form_values(researcher_client.get(url))
    posted = {"own": opened["held_edit"], "other": other.pk}.get(held_edit, held_edit)
    refused = researcher_client.post(
        url, {**opened, "held_edit": posted, "held_edit_version": 7, "description": "Typed"}
    )
    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert "reload the page" in body and "Typed" in body
    assert Revision.objects.pending().of(party).get().proposed == {"name": "First proposal"}
