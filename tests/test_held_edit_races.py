"""A researcher revising a held edit at the instant a reviewer decides it: one of them is told
that the other changed it, nothing is lost, and neither waits for the other for ever.

Every path takes its locks in one order: the sources whose text it reads, then the held edits,
in key order, then the rows they change (``RevisionQuerySet.locked``). The races run on
PostgreSQL with threads, each on its own connection; this test's own connection holds a lock
the racers need until they wait in the order the race needs (PostgreSQL says when they wait),
so no sleep decides the order.
"""

import html
import re
import threading
from dataclasses import asdict
from functools import partial

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.helpers import (
    RACE_WAIT,
    ROW_LOCK_RACES,
    add_statement,
    held,
    logged_in,
    page_of,
    plan_held_open,
    prefaced,
    proposed_on_its_page,
    stands_in_its_source,
    statement_row,
    wait_until_blocked_or_done,
)
from tracker.models import Claim, Revision, Source, Statement
from tracker.models.review import HeldEditsRead
from tracker.models.versioning import StaleEditError

pytestmark = ROW_LOCK_RACES

FIRST, SECOND = "First proposal", "Second proposal"
# What a reviewer is told of a held edit changed since they read it, or while it was decided.
CHANGED_SINCE_READ = "The author changed this edit after you opened it; read it again."
CHANGED_WHILE_DECIDED = "A held edit was changed while it was being decided"


def with_held_edits_locked(race, revisions, first, second):
    """Start ``first`` then ``second`` while this connection holds ``revisions`` locked, each
    once the one before it waits for a lock; then let them go, in that order."""
    with transaction.atomic():
        list(Revision.objects.filter(pk__in=[r.pk for r in revisions]).select_for_update())
        racers = []
        for work in (first, second):
            racers.append(race(work))
            assert wait_until_blocked_or_done(racers[-1]), "it did not wait for the held edit"
    return racers


def approve(revision, reviewer):
    return lambda: Revision.objects.get(pk=revision.pk).approve(reviewer)


def decide_as_read(reviewer_client, revision):
    """The reviewer's Approve button on the held edit's page, as read before the race."""
    url = reverse("admin:tracker_revision_decide", args=[revision.pk, "approve"])
    return lambda: reviewer_client.post(url, {"version": revision.version}, follow=True)


def told_of_the_approval(response, typed: str, published: str = "Paraphrase: “First proposal”"):
    """The author's save, refused: told that a reviewer approved their earlier change (not that
    "someone else changed this", which the approval's save of the row made it look), with what
    they typed kept to save again."""
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "While you had this form open, victor approved your earlier change to this " in body
    assert f"it is published now ({published})." in body
    assert "save again to propose what else you typed as a new change." in body
    assert "Someone else changed this" not in body
    assert typed in body  # what the author typed is there to save again


@pytest.fixture
def pending(claim, statement, party, researcher_client):
    """The researcher's held edit of the published claim's statement."""
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    return held(researcher_client, statement, paraphrase=FIRST)


@pytest.mark.parametrize("first_in_line", ["the reviewer", "the author"])
def test_an_author_revising_a_held_edit_a_reviewer_is_approving_one_of_them_is_told(
    race, first_in_line, pending, statement, researcher_client, reviewer_client
):
    # The approval holds the held edit, then writes the statement; the author's save held the
    # statement first, then waited for the held edit. The reviewer read the first proposal:
    # the second, saved first, is not theirs to approve unseen.
    resaved = proposed_on_its_page(researcher_client, statement, paraphrase=SECOND)
    approving = decide_as_read(reviewer_client, pending)
    revising = partial(researcher_client.post, page_of(statement), resaved)
    in_line = [approving, revising] if first_in_line == "the reviewer" else [revising, approving]
    first, second = with_held_edits_locked(race, [pending], *in_line)
    decided, revised = (first, second) if first_in_line == "the reviewer" else (second, first)

    page = decided.outcome().content.decode()
    pending.refresh_from_db()
    stored = Statement.objects.get(pk=statement.pk)
    if first_in_line == "the reviewer":
        assert "Approved: " in page
        told_of_the_approval(revised.outcome(), SECOND)
        assert (pending.status, stored.paraphrase) == (Revision.Status.APPROVED, FIRST)
    else:
        assert revised.outcome().status_code == 302
        assert CHANGED_SINCE_READ in html.unescape(page)
        assert (pending.status, pending.proposed["paraphrase"]) == (Revision.Status.PENDING, SECOND)
        assert stored.paraphrase == ""


@pytest.mark.parametrize("door", ["approve the statement's", "review page"])
def test_an_author_revising_a_claim_page_while_its_held_edits_are_approved_is_told(
    race, door, claim, statement, pending, researcher_client, reviewer, reviewer_client
):
    # The claim page holds the claim's own edit and then its statements': the claim row held
    # first was waited for by an approval touching it, and held edits taken out of key order
    # by the review page, which takes them all in key order.
    claim_edit = held(researcher_client, claim, text="Dzhumageldiev led the crowd, they say")
    assert pending.pk < claim_edit.pk
    values = proposed_on_its_page(researcher_client, claim)
    values[statement_row(values, statement) + "paraphrase"] = SECOND
    review_page = reverse("admin:tracker_claim_review_held", args=[claim.pk, "approve"])
    shown = asdict(HeldEditsRead.of(Revision.objects.pending()))
    approving, revising = with_held_edits_locked(
        race,
        [pending],
        approve(pending, reviewer)
        if door == "approve the statement's"
        else lambda: reviewer_client.post(review_page, shown, follow=True),
        lambda: researcher_client.post(page_of(claim), values),
    )

    approving.outcome()
    told_of_the_approval(
        revising.outcome(),
        SECOND,
        "Paraphrase: “First proposal”"
        if door == "approve the statement's"
        else "Text: “Dzhumageldiev led the crowd, they say”",
    )
    assert Revision.objects.get(pk=pending.pk).status == Revision.Status.APPROVED
    assert Statement.objects.get(pk=statement.pk).paraphrase == FIRST


LOOTERS = "He said he caught looters."


def moved_to(client: Client, statement: Statement, source: Source):
    values = proposed_on_its_page(client, statement, source=source.pk)
    return lambda: client.post(page_of(statement), values)


def approve_on_the_review_page(reviewer, claim):
    """The reviewer's Publish changes button on the claim's review page, as read now."""
    url = reverse("admin:tracker_claim_review_held", args=[claim.pk, "approve"])
    shown = asdict(HeldEditsRead.of(Revision.objects.pending()))
    return lambda: logged_in(reviewer).post(url, shown, follow=True)


@pytest.mark.parametrize(
    "mover, door", [("its author", "approve"), ("a reviewer", "approve"), ("a reviewer", "page")]
)
def test_a_held_quote_moved_to_another_source_while_approved_and_that_text_edited(
    race,
    mover,
    door,
    claim,
    party,
    statement,
    source,
    reviewer,
    researcher_client,
    reviewer_client,
):
    # The approval locked the sources the held edit quoted when it read it; then its author
    # moved its quote to another source (or a reviewer moved the statement it changes), whose
    # text someone began to edit. The approval, holding the held edit, waited to check the
    # quote in that text, while the text's edit waited for the held edit to move its quote.
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    pending = held(researcher_client, statement, quote=LOOTERS, quote_start="", quote_end="")
    report = Source.objects.create(title="Second report", slug="second-report", text=source.text)
    client = researcher_client if mover == "its author" else reviewer_client
    moving_it = moved_to(client, statement, report)
    planned, go_on = threading.Event(), threading.Event()
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).lock(for_change=True)
        approving = race(
            approve(pending, reviewer)
            if door == "approve"
            else approve_on_the_review_page(reviewer, claim)
        )
        assert wait_until_blocked_or_done(approving)
        moving = race(moving_it)
        assert moving.outcome().status_code == 302
        editing = race(lambda: plan_held_open(report.pk, planned, go_on))
        assert planned.wait(RACE_WAIT)
    wait_until_blocked_or_done(approving)
    go_on.set()
    editing.outcome()

    if door == "approve":
        with pytest.raises(StaleEditError, match=re.escape(CHANGED_WHILE_DECIDED)):
            approving.outcome()
    else:
        assert CHANGED_WHILE_DECIDED in html.unescape(approving.outcome().content.decode())
    pending.refresh_from_db()
    assert pending.status == Revision.Status.PENDING
    proposed = pending.proposed_object()
    assert (proposed.source_id, proposed.quote) == (report.pk, LOOTERS)
    assert stands_in_its_source(proposed)
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.source_id == (source.pk if mover == "its author" else report.pk)
    assert stands_in_its_source(stored)


def test_a_statement_moved_to_another_source_while_its_held_edit_is_approved_and_edited(
    race, claim, party, source, reviewer, researcher_client, reviewer_client
):
    # The review page locked the source its held edits quoted, then waited for the held
    # edits. Meanwhile a reviewer moved the statement the second one changes to another
    # source, whose text someone then edited: that edit waits for the second held edit, to
    # move its quote. The approval must not go on to lock that source, or the statement,
    # after the held edit: each would wait for the other. (The move cannot come later, once
    # the approval holds the claim: it waits for the claim, which a statement's save locks
    # before its row.)
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    kinds = {"stance": Statement.Stance.DISPUTES, "kind": Statement.Kind.TESTIMONY}
    kept_waiting = add_statement(claim, party, source, LOOTERS, **kinds)
    statement = add_statement(claim, party, source, LOOTERS, **kinds)
    held(researcher_client, kept_waiting, paraphrase=FIRST)
    pending = held(
        researcher_client, statement, quote="caught looters", quote_start="", quote_end=""
    )
    report = Source.objects.create(title="Second report", slug="second-report", text=source.text)
    moving_it = moved_to(reviewer_client, statement, report)
    approving_it = approve_on_the_review_page(reviewer, claim)
    with transaction.atomic():
        list(Revision.objects.select_for_update())
        approving = race(approving_it)
        assert wait_until_blocked_or_done(approving)
        assert race(moving_it).outcome().status_code == 302
        editing = race(lambda: prefaced(report.pk))
        assert wait_until_blocked_or_done(editing), "the text edit did not wait"

    assert CHANGED_WHILE_DECIDED in html.unescape(approving.outcome().content.decode())
    editing.outcome()
    assert not Revision.objects.exclude(status=Revision.Status.PENDING).exists()
    pending.refresh_from_db()
    proposed = pending.proposed_object()
    assert (proposed.source_id, proposed.quote) == (report.pk, "caught looters")
    assert stands_in_its_source(proposed)
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.source_id == report.pk and stands_in_its_source(stored)
