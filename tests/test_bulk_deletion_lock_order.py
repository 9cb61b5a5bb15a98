"""Statements of several claims deleted at once (the statement list's “Delete selected”) lock
their claims in key order before anything else, as every other path does
(``RevisionQuerySet.in_lock_order``): deleted in statement order, each deletion touching its
claim, two such deletions over the same claims took them in opposite orders, and PostgreSQL
broke one off as a deadlock (a 500).

Who may delete each row is asked of it as locked for the deletion: asked before the locks were
taken, a claim published while the deletion waited for it was deleted (or its statements were)
though the policy no longer lets anyone delete it.

The races run on PostgreSQL with threads, each on its own connection. This test's connection
holds the last claim, so the first deletion stops on its way through the claims, where it used to
hold one claim and wait for the next, until the second waits for the first; no sleep decides the
order.
"""

import html

import pytest
from django.db import transaction
from django.urls import reverse

from tests.helpers import (
    ROW_LOCK_RACES,
    Racer,
    add_statement,
    form_values,
    logged_in,
    member_of,
    page_of,
    wait_until_blocked_or_done,
)
from tracker.models import Claim, Statement

pytestmark = ROW_LOCK_RACES

STATEMENT_LIST = reverse("admin:tracker_statement_changelist")


def deleting(client, rows):
    """“Delete selected”, confirmed, of ``rows`` (of one kind) on their list."""
    listed = reverse(f"admin:tracker_{rows[0]._meta.model_name}_changelist")

    def delete():
        return client.post(
            listed,
            {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
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


def created_as(user, obj):
    """Record ``user`` as who created ``obj``, as the admin's history middleware would."""
    obj.history.filter(history_type="+").update(history_user=user)
    return obj


def published_while_waiting(race, claim, work, researcher, reviewer) -> Racer:
    """Run ``work`` while this connection holds ``claim``, submit and publish the claim once
    ``work`` waits for it, then let it go."""
    with transaction.atomic():
        Claim.objects.select_for_update().get(pk=claim.pk)
        racer = race(work)
        assert wait_until_blocked_or_done(racer), "the deletion did not wait for the claim"
        claim.transition("submit", researcher)
        claim.transition("publish", reviewer)
    return racer


def deleting_on_its_page(client, row):
    """The Delete button of ``row``'s delete page."""
    page = reverse(f"admin:tracker_{row._meta.model_name}_delete", args=[row.pk])
    return lambda: client.post(page, {"post": "yes"})


@pytest.mark.parametrize("door", ["delete selected", "its delete page"])
@pytest.mark.parametrize(
    ("chosen", "kept"),
    [
        ("claim", "A claim that has been published is never deleted; a reviewer unpublishes it."),
        ("statement", "A statement of a claim that has been published, or is in review, is not"),
    ],
)
def test_a_row_its_deleter_may_no_longer_delete_once_locked_is_kept_nothing_deleted(
    race, door, chosen, kept, draft_claim, party, source, researcher, reviewer
):
    # The researcher's own draft, or their statements on it, chosen for deletion while a
    # draft; published while the deletion waited for the claim's lock.
    created_as(researcher, draft_claim)
    rows = [draft_claim]
    if chosen == "statement":
        rows = [
            created_as(
                researcher,
                add_statement(draft_claim, party, source, quote, stance="supports", kind="denial"),
            )
            for quote in ("He said he caught looters.", "Арман Джумагельдиев denied it.")
        ]
    researcher_client = logged_in(researcher)
    if door == "delete selected":
        work = deleting(researcher_client, rows)
    else:
        work = deleting_on_its_page(researcher_client, rows[0])

    deletion = published_while_waiting(race, draft_claim, work, researcher, reviewer)

    refused = deletion.outcome()
    if door == "delete selected":
        assert refused.status_code == 302
        told = html.unescape(researcher_client.get(refused.url).content.decode())
        assert f"Nothing was deleted. “{rows[0]}” is kept: {kept}" in told
        assert "Successfully deleted" not in told
    else:
        assert refused.status_code == 403
        assert kept in html.unescape(refused.content.decode())
    assert Claim.objects.get(pk=draft_claim.pk).status == Claim.Status.PUBLISHED
    assert set(draft_claim.statements.values_list("pk", flat=True)) == {
        row.pk for row in rows if isinstance(row, Statement)
    }
