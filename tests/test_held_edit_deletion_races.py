"""A row deleted at the instant a researcher's held edit comes to name it (a new statement's
party): the deletion is refused, naming the held edit, or the held edit is refused with what
the researcher typed kept; never a held edit left naming a row that is gone, which a reviewer
could then only reject.

The races run on PostgreSQL with threads, each on its own connection; this test's own
connection holds its transaction open until the racer waits for it (PostgreSQL says when it
waits), so no sleep decides the order.
"""

import html

from django.db import transaction
from django.urls import reverse

from tests.helpers import (
    ROW_LOCK_RACES,
    statement_form,
    statement_on,
    wait_until_blocked_or_done,
)
from tracker import held_edits
from tracker.models import Claim, Party, Revision
from tracker.models.held_locking import lock_for_deletion

pytestmark = ROW_LOCK_RACES

QUOTE = "He said he caught looters."


def test_a_party_deleted_while_a_held_statement_by_it_is_saved_is_kept(
    race, claim, party, other_party, source, researcher, reviewer_client
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    delete_page = reverse("admin:tracker_party_delete", args=[other_party.pk])
    with transaction.atomic():
        statement = statement_on(claim, other_party, source)
        statement.full_clean()
        proposal = held_edits.hold(researcher, statement)
        deletion = race(lambda: reviewer_client.post(delete_page, {"post": "yes"}))
        assert wait_until_blocked_or_done(deletion), "the deletion did not wait for the held edit"

    refused = deletion.outcome()
    assert refused.status_code == 403
    assert "A held edit waiting for a reviewer uses this party" in refused.content.decode()
    assert Party.objects.filter(pk=other_party.pk).exists()
    assert Revision.objects.pending().get().pk == proposal.pk


def test_a_held_statement_by_a_party_deleted_meanwhile_is_refused_keeping_what_was_typed(
    race, claim, party, other_party, source, researcher_client
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    values = statement_form(claim, other_party, source, QUOTE, paraphrase="Typed by Rita")
    with transaction.atomic():
        lock_for_deletion(Party, [other_party.pk])
        Party.objects.filter(pk=other_party.pk).delete()
        saving = race(
            lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values)
        )
        assert wait_until_blocked_or_done(saving), "the held edit did not wait for the deletion"

    response = saving.outcome()
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "The party “The prosecution” this names was deleted" in body
    assert "Typed by Rita" in body and QUOTE in body
    assert not Revision.objects.exists()
