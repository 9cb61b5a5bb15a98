"""A quote checked against a source's text is never saved with offsets into a text that has
changed meanwhile: the check and the change of text take the source row's lock in turn.

Either the text edit waits for the quote's transaction, and then finds the quote and moves it,
or the quote's check waits for the edit, and then reads the edited text. The races run on
PostgreSQL with two threads, each on its own connection; the test lets one go on only once the
other has either finished or is waiting for a lock (PostgreSQL says which), so no sleep decides
the order.
"""

import copy
import threading

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse

from tests.helpers import (
    RACE_WAIT,
    Racer,
    statement_form,
    wait_while_it_runs_unblocked,
)
from tracker.interchange import ImportRefused, export_case, import_case
from tracker.models import Claim, Revision, Source, Statement

PREFACE = "Preface. "  # what the text edit adds: every quote after it moves by nine

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and real concurrency: PostgreSQL"
)


def new_statement(claim, party, source_pk, quote, **offsets):
    return Statement(
        claim=claim,
        party=party,
        source=Source.objects.get(pk=source_pk),
        quote=quote,
        stance=Statement.Stance.DISPUTES,
        kind=Statement.Kind.TESTIMONY,
        **offsets,
    )


def prefaced(source_pk):
    """Edit the source's text as the admin does (check, then save, in one transaction)."""
    with transaction.atomic():
        source = Source.objects.get(pk=source_pk)
        source.text = PREFACE + source.text
        source.full_clean()
        source.save()


def stands_in_its_source(quotation):
    text = Source.objects.get(pk=quotation.source_id).text
    return text[quotation.quote_start : quotation.quote_end] == quotation.quote


def test_a_quote_is_checked_against_the_text_as_stored_not_as_read_before(claim, party, source):
    # The workbench and every form read the source before they check the quote: someone's
    # edit saved in between must not leave the check reading the text as it was.
    statement = new_statement(claim, party, source.pk, "denied it")
    prefaced(source.pk)

    with transaction.atomic():
        statement.full_clean()
        statement.save()

    assert stands_in_its_source(statement)
    assert statement.quote_start == source.text.index("denied it") + len(PREFACE)


def test_a_quote_is_checked_only_in_the_transaction_that_saves_it(transactional_db, source):
    # Checked outside one, the text could change before the row is written; on SQLite, which
    # has no row locks, only the transaction (BEGIN IMMEDIATE) keeps it from changing.
    statement = Statement(source=source, quote="denied it")
    with pytest.raises(TransactionManagementError, match="transaction"):
        statement.anchor_quote()


@on_postgresql
def test_a_text_edit_waits_for_a_quote_checked_before_it_and_moves_it(
    transactional_db, claim, party, source
):
    checked, go_on = threading.Event(), threading.Event()

    def add_the_statement():
        with transaction.atomic():
            statement = new_statement(claim, party, source.pk, "denied it")
            statement.full_clean()
            checked.set()
            assert go_on.wait(RACE_WAIT)
            statement.save()

    quoting = Racer(add_the_statement)
    quoting.start()
    assert checked.wait(RACE_WAIT)
    editing = Racer(lambda: prefaced(source.pk))
    editing.start()
    wait_while_it_runs_unblocked(editing)
    go_on.set()
    quoting.outcome()
    editing.outcome()

    statement = Statement.objects.get()
    assert stands_in_its_source(statement)
    assert statement.quote_start == source.text.index("denied it") + len(PREFACE)


def edit_held_open(source_pk, edited, go_on):
    """The text edit, its transaction kept open until ``go_on``."""
    with transaction.atomic():
        prefaced(source_pk)
        edited.set()
        assert go_on.wait(RACE_WAIT)


def while_the_text_is_edited(source, work):
    """Run ``work`` while an edit of ``source``'s text is saved but not committed, and let the
    edit commit once ``work`` has finished or waits for it; ``work``'s outcome."""
    edited, go_on = threading.Event(), threading.Event()
    editing = Racer(lambda: edit_held_open(source.pk, edited, go_on))
    editing.start()
    assert edited.wait(RACE_WAIT)
    quoting = Racer(work)
    quoting.start()
    wait_while_it_runs_unblocked(quoting)
    go_on.set()
    editing.outcome()
    return quoting.outcome()


@on_postgresql
def test_a_statement_typed_with_offsets_into_the_old_text_is_refused_and_kept(
    transactional_db, researcher_client, draft_claim, party, source
):
    start = source.text.index("denied it")
    values = statement_form(
        draft_claim, party, source, "denied it", quote_start=start, quote_end=start + 9
    )

    response = while_the_text_is_edited(
        source, lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values)
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors
    assert form["quote"].value() == "denied it"
    assert not Statement.objects.exists()


@on_postgresql
def test_a_statement_saved_while_the_text_is_edited_is_anchored_in_the_edited_text(
    transactional_db, researcher_client, draft_claim, party, source
):
    values = statement_form(draft_claim, party, source, "denied it")

    response = while_the_text_is_edited(
        source, lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values)
    )

    assert response.status_code == 302
    statement = Statement.objects.get()
    assert stands_in_its_source(statement)
    assert statement.quote_start == source.text.index("denied it") + len(PREFACE)


@on_postgresql
def test_a_held_statement_proposed_while_the_text_is_edited_quotes_the_edited_text(
    transactional_db, researcher_client, claim, statement, other_party, source
):
    values = statement_form(claim, other_party, source, "He said he caught looters.")

    response = while_the_text_is_edited(
        source, lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values)
    )

    assert response.status_code == 302
    proposed = Revision.objects.pending().get().proposed_object()
    assert stands_in_its_source(proposed)
    assert stands_in_its_source(Statement.objects.get(pk=statement.pk))


@on_postgresql
def test_a_workbench_selection_saved_while_the_text_is_edited_is_refused(
    transactional_db, researcher_client, draft_claim, party, source
):
    start = source.text.index("denied it")
    selection = {
        "source_sha256": source.sha256,
        "quote": "denied it",
        "quote_start": start,
        "quote_end": start + 9,
        "claim": draft_claim.pk,
        "party": party.pk,
        "stance": "disputes",
        "kind": "testimony",
    }
    url = reverse("admin:tracker_source_workbench_save", args=[source.pk])

    response = while_the_text_is_edited(source, lambda: researcher_client.post(url, selection))

    assert response.status_code == 400
    assert not Statement.objects.exists()


@on_postgresql
def test_an_import_while_a_reused_source_is_edited_is_refused(
    transactional_db, claim, statement, party, source
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    document = copy.deepcopy(export_case(claim.case))
    document["case"]["slug"] = "almaty-trial-copy"

    def import_the_copy():
        with pytest.raises(ImportRefused) as refusal:
            import_case(document)
        return refusal.value

    refusal = while_the_text_is_edited(source, import_the_copy)

    assert "Claim led-the-crowd: statement 1" in "\n".join(refusal.problems)
    assert Statement.objects.count() == 1
    assert stands_in_its_source(Statement.objects.get())


def plan_held_open(source_pk, planned, go_on):
    """The text edit, holding the source's lock from its plan (``clean``) until ``go_on``."""
    with transaction.atomic():
        source = Source.objects.get(pk=source_pk)
        source.text = PREFACE + source.text
        source.full_clean()
        planned.set()
        assert go_on.wait(RACE_WAIT)
        source.save()


def approve_on_the_review_page(client, claim):
    revision = Revision.objects.pending().get()
    url = reverse("admin:tracker_claim_review_held", args=[claim.pk, "approve"])
    return client.post(url, {"version": revision.version, "shown": str(revision.pk)})


def publish_with_the_held_edit(claim, party, reviewer):
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW, claimant=party)
    return lambda: Claim.objects.get(pk=claim.pk).transition("publish", reviewer)


@on_postgresql
@pytest.mark.parametrize("door", ["approve", "review page", "publish"])
def test_a_held_quote_approved_while_its_text_is_edited_is_moved_then_approved(
    transactional_db,
    door,
    researcher_client,
    reviewer,
    reviewer_client,
    claim,
    statement,
    party,
    other_party,
    source,
):
    # The edit's plan moves the held edit's quote: it holds the source, then changes the held
    # edit. An approval that held the held edit (or its claim) while it waited for the source
    # would wait for each other for ever, until PostgreSQL broke one off with an error.
    values = statement_form(claim, other_party, source, "He said he caught looters.")
    assert researcher_client.post(reverse("admin:tracker_statement_add"), values).status_code == 302
    approve = {
        "approve": lambda: Revision.objects.pending().get().approve(reviewer),
        "review page": lambda: approve_on_the_review_page(reviewer_client, claim),
        "publish": publish_with_the_held_edit(claim, party, reviewer),
    }[door]
    planned, go_on = threading.Event(), threading.Event()
    editing = Racer(lambda: plan_held_open(source.pk, planned, go_on))
    editing.start()
    assert planned.wait(RACE_WAIT)
    approving = Racer(approve)
    approving.start()
    wait_while_it_runs_unblocked(approving)
    go_on.set()
    editing.outcome()
    approving.outcome()

    assert Revision.objects.get().status == Revision.Status.APPROVED
    added = Statement.objects.get(quote="He said he caught looters.")
    assert stands_in_its_source(added)
    assert stands_in_its_source(Statement.objects.get(pk=statement.pk))
