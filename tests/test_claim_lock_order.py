"""Two reviewers saving at the same instant a claim's page (the claim and its statements) and
one of its statements (its own page, or approving a held edit of it): every path locks the
claim before the statement (``RevisionQuerySet.in_lock_order``), so the later save is refused
as stale, with the form kept, where PostgreSQL used to break one off as a deadlock (a 500).

The races run on PostgreSQL with threads, each on its own connection. This test's connection
keeps statements' history from being written (a table lock), so the statement's save stops
after writing its row, where it used to go on to its claim's, until the claim page's save
waits too; no sleep decides the order.
"""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from tests.helpers import (
    ROW_LOCK_RACES,
    add_statement,
    form_values,
    held,
    logged_in,
    member_of,
    page_of,
    statement_row,
    wait_until_blocked_or_done,
)
from tracker.models import Claim, Revision, StaleEditError, Statement

pytestmark = ROW_LOCK_RACES

TYPED_CLAIM = "Dzhumageldiev led part of the crowd"


def claim_page_values(client, claim, statement) -> dict:
    """What the claim page posts with the claim's text and its statement's paraphrase changed."""
    values = form_values(client.get(page_of(claim)))
    row = statement_row(values, statement)
    return {**values, "text": TYPED_CLAIM, f"{row}paraphrase": "Changed on the claim page"}


def with_statement_history_held(race, first, second):
    """Start ``first``, then ``second`` once ``first`` waits to record a statement's history,
    which this connection keeps from being written; then let them go."""
    history_table = connection.ops.quote_name(Statement.history.model._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {history_table} IN SHARE MODE")
        first_racer = race(first)
        assert wait_until_blocked_or_done(first_racer), "the statement's save did not wait"
        second_racer = race(second)
        assert wait_until_blocked_or_done(second_racer), "the claim page's save did not wait"
    return first_racer, second_racer


@pytest.mark.parametrize("door", ["statement page", "held edit approved"])
def test_a_claim_page_and_its_statement_saved_at_once_one_is_refused_not_deadlocked(
    race, door, claim, party, statement, reviewer, researcher_client
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    other_reviewer = member_of("Reviewers", "wanda")
    statement_client, claim_client = logged_in(other_reviewer), logged_in(reviewer)
    if door == "statement page":
        values = {**form_values(statement_client.get(page_of(statement))), "paraphrase": "Own"}

        def saving_the_statement():
            return statement_client.post(page_of(statement), values)
    else:
        pending = held(researcher_client, statement, paraphrase="Own")

        def saving_the_statement():
            return Revision.objects.get(pk=pending.pk).approve(other_reviewer)

    claim_values = claim_page_values(claim_client, claim, statement)
    statement_saving, claim_saving = with_statement_history_held(
        race,
        saving_the_statement,
        lambda: claim_client.post(page_of(claim), claim_values),
    )

    saved = statement_saving.outcome()
    if door == "statement page":
        assert saved.status_code == 302
    refused = claim_saving.outcome()
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Someone else changed this statement after you opened it" in body
    assert TYPED_CLAIM in body and "Changed on the claim page" in body
    claim.refresh_from_db()
    assert claim.text == "Dzhumageldiev led the crowd"
    assert Statement.objects.get(pk=statement.pk).paraphrase == "Own"


def test_a_claim_page_saved_as_its_statement_is_deleted_is_refused_not_deadlocked(
    race, draft_claim, party, source, reviewer
):
    statement = add_statement(
        draft_claim, party, source, "He said he caught looters.", stance="disputes", kind="denial"
    )
    deleting_client, claim_client = logged_in(member_of("Reviewers", "wanda")), logged_in(reviewer)
    delete_url = reverse("admin:tracker_statement_delete", args=[statement.pk])
    claim_values = claim_page_values(claim_client, draft_claim, statement)
    deleting, claim_saving = with_statement_history_held(
        race,
        lambda: deleting_client.post(delete_url, {"post": "yes"}),
        lambda: claim_client.post(page_of(draft_claim), claim_values),
    )

    assert deleting.outcome().status_code == 302
    refused = claim_saving.outcome()
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Someone else deleted this statement after you opened it" in body
    assert TYPED_CLAIM in body
    assert not Statement.objects.filter(pk=statement.pk).exists()  # not added back
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"


def test_a_statement_moved_to_another_claim_while_its_held_edit_is_approved_is_refused(
    race, claim, party, statement, reviewer, researcher_client
):
    # The approval read the claim the statement is on and waited to lock it; meanwhile the
    # statement was moved to another claim, without its claims' locks (a save of the statement
    # now locks the claim it leaves, so waits behind the approval: the next test). Approving
    # it now would touch that claim after locking the statement, against the order.
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    other = Claim.objects.create(
        case=claim.case, text="Abish gave the order", slug="abish-gave-the-order", claimant=party
    )
    pending = held(researcher_client, statement, paraphrase="Own")
    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=claim.pk)
        approving = race(lambda: Revision.objects.get(pk=pending.pk).approve(reviewer))
        assert wait_until_blocked_or_done(approving), "the approval did not wait for the claim"
        Statement.objects.filter(pk=statement.pk).update(claim=other)

    with pytest.raises(StaleEditError, match="moved to another claim while the edit was being"):
        approving.outcome()
    pending.refresh_from_db()
    assert pending.status == Revision.Status.PENDING
    assert Statement.objects.get(pk=statement.pk).claim_id == other.pk


def test_a_statement_moved_on_its_page_while_its_held_edit_is_approved_waits_and_is_refused(
    race, claim, party, statement, reviewer, researcher_client, reviewer_client
):
    # The move locks the claim the statement leaves as the approval does, so it waits for the
    # approval, which changed the statement: the move is refused as stale, what was typed kept.
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    other = Claim.objects.create(
        case=claim.case, text="Abish gave the order", slug="abish-gave-the-order", claimant=party
    )
    pending = held(researcher_client, statement, paraphrase="Own")
    values = {
        **form_values(reviewer_client.get(page_of(statement))),
        "claim": other.pk,
        "attribution": "Prosecutors argued",
    }
    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=claim.pk)
        approving = race(lambda: Revision.objects.get(pk=pending.pk).approve(reviewer))
        assert wait_until_blocked_or_done(approving), "the approval did not wait for the claim"
        moving = race(lambda: reviewer_client.post(page_of(statement), values))
        assert wait_until_blocked_or_done(moving), "the move did not wait for the claim"

    approving.outcome()
    refused = moving.outcome()
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Someone else changed this statement after you opened it" in body
    assert "Prosecutors argued" in body
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.claim_id, stored.paraphrase, stored.attribution) == (claim.pk, "Own", "")
    assert Revision.objects.get(pk=pending.pk).status == Revision.Status.APPROVED
