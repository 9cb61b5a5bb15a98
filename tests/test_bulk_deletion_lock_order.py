"""Statements of several claims deleted at once (the statement list's “Delete selected”) lock
their claims in key order before anything else, as every other path does
(``RevisionQuerySet.in_lock_order``): deleted in statement order, each deletion touching its
claim, two such deletions over the same claims took them in opposite orders, and PostgreSQL
broke one off as a deadlock (a 500).

The races run on PostgreSQL with threads, each on its own connection. This test's connection
holds the last claim, so the first deletion stops on its way through the claims, where it used to
hold one claim and wait for the next, until the second waits for the first; no sleep decides the
order.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.helpers import (
    ROW_LOCK_RACES,
    add_statement,
    form_values,
    logged_in,
    member_of,
    wait_until_blocked_or_done,
)
from tests.test_held_edit_races import page_of
from tracker.models import Claim, Statement

pytestmark = ROW_LOCK_RACES

STATEMENT_LIST = reverse("admin:tracker_statement_changelist")


def deleting(client, statements):
    def delete():
        return client.post(
            STATEMENT_LIST,
            {
                "action": "delete_selected",
                "_selected_action": [s.pk for s in statements],
                "post": "yes",
            },
        )

    return delete


@pytest.mark.parametrize("second_door", ["deletion", "statement moved on its page"])
def test_a_deletion_of_statements_across_claims_and_another_write_both_go_through(
    race, second_door, case, party, source
):
    first_claim, second_claim, third_claim = (
        Claim.objects.create(case=case, text=f"Claim {n}", slug=f"claim-{n}") for n in range(3)
    )

    def on(claim):
        return add_statement(
            claim, party, source, "He said he caught looters.", stance="supports", kind="denial"
        )

    # In statement order, the first deletion meets the second claim, the third, then the first;
    # the second deletion meets the first claim, then the second, as does a move between them.
    first_deletion = [on(second_claim), on(third_claim), on(first_claim)]
    second_deletion = [on(first_claim), on(second_claim)]
    first_client = logged_in(member_of("Reviewers", "victor"))
    second_client = logged_in(member_of("Reviewers", "wanda"))
    if second_door == "deletion":
        second_write = deleting(second_client, second_deletion)
    else:
        moving = second_deletion[0]
        values = {**form_values(second_client.get(page_of(moving))), "claim": second_claim.pk}

        def second_write():
            return second_client.post(page_of(moving), values)

    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=third_claim.pk)
        first = race(deleting(first_client, first_deletion))
        assert wait_until_blocked_or_done(first), "the first deletion did not wait"
        second = race(second_write)
        assert wait_until_blocked_or_done(second), "the second write did not wait"

    assert first.outcome().status_code == 302
    assert second.outcome().status_code == 302
    left = Statement.objects.values_list("pk", "claim_id")
    if second_door == "deletion":
        assert not left.exists()
    else:
        assert set(left) == {(moving.pk, second_claim.pk), (second_deletion[1].pk, second_claim.pk)}


def test_a_statement_moved_while_its_deletion_waits_for_its_claim_is_refused_nothing_deleted(
    race, case, party, source, reviewer_client
):
    claim, other_claim = (
        Claim.objects.create(case=case, text=f"Claim {n}", slug=f"claim-{n}") for n in range(2)
    )
    kept = add_statement(
        claim, party, source, "He said he caught looters.", stance="supports", kind="denial"
    )
    moved = add_statement(
        claim, party, source, "He said he caught looters.", stance="disputes", kind="denial"
    )

    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=claim.pk)
        deletion = race(deleting(reviewer_client, [kept, moved]))
        assert wait_until_blocked_or_done(deletion), "the deletion did not wait for the claim"
        # Moved without a save (as a shell's update() would), so without its claims' locks.
        Statement.objects.filter(pk=moved.pk).update(claim=other_claim)

    refused = deletion.outcome()
    assert refused.status_code == 302
    listed = reviewer_client.get(refused.url)
    assert "was moved to another claim while the deletion was being made" in (
        listed.content.decode()
    )
    assert "Successfully deleted" not in listed.content.decode()
    assert set(Statement.objects.values_list("pk", flat=True)) == {kept.pk, moved.pk}
