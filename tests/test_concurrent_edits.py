"""Two people open the same row; both save; the second is refused and the first stays."""

import html

import pytest
from django.db import transaction
from django.urls import reverse

from tracker.models import (
    Annotation,
    CaseRole,
    Claim,
    Outcome,
    Revision,
    StaleEditError,
    Statement,
    Tag,
)

from .helpers import (
    add_statement,
    claim_form,
    form_values,
    logged_in,
    member_of,
    statement_row,
)


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


def test_a_save_of_a_row_deleted_since_it_was_read_is_refused_not_added_back(
    draft_claim, party, source
):
    kinds = {"stance": Statement.Stance.DISPUTES, "kind": Statement.Kind.DENIAL}
    mine = add_statement(draft_claim, party, source, "He said he caught looters.", **kinds)
    Statement.objects.filter(pk=mine.pk).delete()
    mine.paraphrase = "Mine"
    with (
        pytest.raises(StaleEditError, match="Someone else deleted this statement"),
        transaction.atomic(),
    ):
        mine.save()
    assert not Statement.objects.filter(pk=mine.pk).exists()
    assert mine.version == 0


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


@pytest.mark.parametrize(
    ("name", "field"), [("party", "description"), ("case", "summary"), ("tag", "name")]
)
def test_second_save_of_a_party_case_or_tag_is_refused_and_the_first_stays(
    researcher_client, reviewer_client, party, case, name, field
):
    tag = Tag.objects.create(name="Torture", slug="torture")
    row = {"party": party, "case": case, "tag": tag}[name]
    url = reverse(f"admin:tracker_{name}_change", args=[row.pk])
    first = form_values(researcher_client.get(url))
    second = form_values(reviewer_client.get(url))

    assert researcher_client.post(url, {**first, field: "First edit"}).status_code == 302
    refused = reviewer_client.post(url, {**second, "title": "Second", "name": "Second"})

    assert refused.status_code == 200
    assert f"Someone else changed this {name} after you opened it" in refused.content.decode()
    assert 'value="Second"' in refused.content.decode()
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


def inline_row(name, party, case, source, statement, author):
    """An inline row, the change page it is edited on, and its form field's prefixed name."""
    claim = statement.claim
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DRAFT)
    if name == "alias":
        return party.aliases.get(), ("party", party), "aliases-0-name"
    if name == "role":
        role = CaseRole.objects.create(case=case, party=party, role="defendant")
        return role, ("case", case), "roles-0-role"
    if name == "outcome":
        outcome = Outcome.objects.create(
            case=case,
            party=party,
            source=source,
            summary="Acquitted",
            quote=statement.quote,
            quote_start=statement.quote_start,
            quote_end=statement.quote_end,
        )
        return outcome, ("case", case), "outcomes-0-summary"
    if name == "claim note":
        note = Annotation.objects.create(claim=claim, author=author, text="Note")
        return note, ("claim", claim), "annotations-0-text"
    note = Annotation.objects.create(statement=statement, author=author, text="Note")
    return note, ("statement", statement), "annotations-0-text"


def open_then_change_elsewhere(client, row, page, field):
    """Open the parent's change page, then change the row through another door (its own admin
    page, an approved held edit), which leaves the parent's version alone."""
    parent_name, parent = page
    url = reverse(f"admin:tracker_{parent_name}_change", args=[parent.pk])
    opened = form_values(client.get(url))
    setattr(row, field.rsplit("-", 1)[1], "First edit")
    row.save()
    return url, opened


@pytest.mark.parametrize("name", ["alias", "role", "outcome", "claim note", "statement note"])
def test_a_stale_inline_row_is_refused_and_keeps_what_was_typed(
    reviewer_client, reviewer, party, case, source, statement, name
):
    row, page, field = inline_row(name, party, case, source, statement, reviewer)
    url, opened = open_then_change_elsewhere(reviewer_client, row, page, field)

    refused = reviewer_client.post(url, {**opened, field: "Second edit"})

    assert refused.status_code == 200
    assert "after you opened it" in refused.content.decode()
    assert "Second edit" in refused.content.decode()
    row.refresh_from_db()
    assert getattr(row, field.rsplit("-", 1)[1]) == "First edit"


def test_an_outcome_changed_on_its_own_page_is_not_undone_by_a_stale_case_form(
    reviewer_client, admin_client, party, case, source, statement
):
    outcome = inline_row("outcome", party, case, source, statement, None)[0]
    case_url = reverse("admin:tracker_case_change", args=[case.pk])
    case_form = form_values(reviewer_client.get(case_url))
    outcome_url = reverse("admin:tracker_outcome_change", args=[outcome.pk])
    outcome_form = form_values(admin_client.get(outcome_url))
    saved = admin_client.post(outcome_url, {**outcome_form, "summary": "Acquitted on appeal"})
    assert saved.status_code == 302

    refused = reviewer_client.post(case_url, {**case_form, "summary": "A case summary"})

    assert "Someone else changed this outcome after you opened it" in refused.content.decode()
    outcome.refresh_from_db()
    case.refresh_from_db()
    assert (outcome.summary, case.summary) == ("Acquitted on appeal", "")


def test_claim_tags_ride_on_the_claims_version(reviewer_client, draft_claim):
    # Tags are the claim form's many-to-many field, not an inline: its version guards them.
    first_tag = Tag.objects.create(name="Torture", slug="torture")
    second_tag = Tag.objects.create(name="Riots", slug="riots")
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    first = form_values(reviewer_client.get(url))
    second = form_values(reviewer_client.get(url))
    assert reviewer_client.post(url, {**first, "tags": [first_tag.pk]}).status_code == 302

    refused = reviewer_client.post(url, {**second, "tags": [second_tag.pk]})

    assert "Someone else changed this claim after you opened it" in refused.content.decode()
    assert list(draft_claim.tags.all()) == [first_tag]


@pytest.mark.parametrize("name", ["alias", "role", "outcome", "claim note", "statement note"])
def test_deleting_an_inline_row_changed_since_it_was_opened_is_refused(
    reviewer_client, reviewer, party, case, source, statement, name
):
    row, page, field = inline_row(name, party, case, source, statement, reviewer)
    url, opened = open_then_change_elsewhere(reviewer_client, row, page, field)
    prefix, attribute = field.rsplit("-", 1)

    refused = reviewer_client.post(url, {**opened, f"{prefix}-DELETE": "on"})

    assert refused.status_code == 200
    assert "after you opened it" in refused.content.decode()
    row.refresh_from_db()
    assert getattr(row, attribute) == "First edit"


def test_a_claim_page_saved_after_one_of_its_statements_was_deleted_is_refused_rows_kept(
    reviewer_client, draft_claim, party, source
):
    # Django no longer finds the deleted row among the claim's and answered "Select a valid
    # choice", showing each row typed after it beside the statement before it.
    deleted = add_statement(
        draft_claim,
        party,
        source,
        "Арман Джумагельдиев denied it.",
        stance="disputes",
        kind="testimony",
    )
    kept = add_statement(
        draft_claim,
        party,
        source,
        "He said he caught looters.",
        stance="supports",
        kind="denial",
        position=1,
    )
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    opened = form_values(reviewer_client.get(url))
    deleted_row, kept_row = statement_row(opened, deleted), statement_row(opened, kept)
    deleting_client = logged_in(member_of("Reviewers", "wanda"))
    delete_url = reverse("admin:tracker_statement_delete", args=[deleted.pk])
    assert deleting_client.post(delete_url, {"post": "yes"}).status_code == 302

    typed = {
        **opened,
        "text": "Typed claim text",
        f"{deleted_row}paraphrase": "Typed on the deleted row",
        f"{kept_row}paraphrase": "Typed on the row after it",
    }
    refused = reviewer_client.post(url, typed)

    assert refused.status_code == 200
    body = html.unescape(refused.content.decode())
    assert (
        "Someone else deleted the statement “Arman Dzhumageldiev disputes: Арман Джумагельдиев "
        "denied it.” after you opened this page. Nothing was saved, and what you typed is kept "
        "below" in body
    )
    assert "Select a valid choice" not in body
    assert "Typed claim text" in body
    # Each typed row is shown beside the statement it was typed for: the kept statement's row
    # still carries its key and what was typed in it.
    rows = refused.context["inline_admin_formsets"][0]
    shown = {
        form.form.prefix: (getattr(form.original, "pk", None), form.form["paraphrase"].value())
        for form in rows
    }
    assert shown[kept_row.removesuffix("-")] == (kept.pk, "Typed on the row after it")
    assert shown[deleted_row.removesuffix("-")] == (deleted.pk, "Typed on the deleted row")
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"
    assert list(Statement.objects.values_list("pk", "paraphrase")) == [(kept.pk, "")]
