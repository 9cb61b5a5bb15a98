"""A quote checked against a source's text is never saved with offsets into a text that has
changed meanwhile: checks share a lock on the source's row, and a change of its text takes it
alone (``SourceQuerySet.lock``).

Either the text edit waits for the quote's transaction, and then finds the quote and moves it,
or the quote's check waits for the edit, and then reads the edited text. The races run on
PostgreSQL with two threads, each on its own connection; the test lets one go on only once the
other has either finished or is waiting for a lock (PostgreSQL says which), so no sleep decides
the order.
"""

import copy
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.urls import reverse

from tests.helpers import (
    PREFACE,
    RACE_WAIT,
    ROW_LOCK_RACES,
    add_statement,
    form_values,
    plan_held_open,
    prefaced,
    stands_in_its_source,
    statement_form,
    wait_until_blocked_or_done,
)
from tracker.interchange import ImportRefused, export_case, import_case
from tracker.models import Claim, Outcome, Revision, Source, Statement
from tracker.models.quotations import TEXT_CHANGED


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


# Once Abishev's line is added above, Arman's words stand where Iskakov's stood: offsets counted
# in the old text quote the same words, of another speaker.
ORDERS = "Arman: I obeyed. Iskakov: I obeyed."
ABISHEV = "Abishev: I obeyed. "
ISKAKOV = ORDERS.rindex("I obeyed")


@pytest.fixture
def orders(db):
    return Source.objects.create(title="Orders", slug="orders", text=ORDERS)


def iskakov_located(client, source):
    """What the statement form's preview posts for Iskakov's words in the text as it is now:
    their offsets, and the digest of that text."""
    start = Source.objects.get(pk=source.pk).text.rindex("I obeyed")
    url = reverse("admin:tracker_source_locate")
    found = client.get(url, {"source": source.pk, "quote": "I obeyed", "start": start}).json()
    fields = ("quote_start", "quote_end", "source_sha256")
    return dict(zip(fields, (found["start"], found["end"], found["sha256"]), strict=True))


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


@ROW_LOCK_RACES
def test_a_text_edit_waits_for_a_quote_checked_before_it_and_moves_it(race, claim, party, source):
    checked, go_on = threading.Event(), threading.Event()

    def add_the_statement():
        with transaction.atomic():
            statement = new_statement(claim, party, source.pk, "denied it")
            statement.full_clean()
            checked.set()
            assert go_on.wait(RACE_WAIT)
            statement.save()

    quoting = race(add_the_statement)
    assert checked.wait(RACE_WAIT)
    editing = race(lambda: prefaced(source.pk))
    wait_until_blocked_or_done(editing)
    go_on.set()
    quoting.outcome()
    editing.outcome()

    statement = Statement.objects.get()
    assert stands_in_its_source(statement)
    assert statement.quote_start == source.text.index("denied it") + len(PREFACE)


def edit_held_open(source_pk, preface, edited, go_on):
    """The text edit, its transaction kept open until ``go_on``."""
    with transaction.atomic():
        prefaced(source_pk, preface)
        edited.set()
        assert go_on.wait(RACE_WAIT)


def while_the_text_is_edited(race, source, work, preface=PREFACE):
    """Run ``work`` while an edit of ``source``'s text is saved but not committed, and let the
    edit commit once ``work`` has finished or waits for it; ``work``'s outcome."""
    edited, go_on = threading.Event(), threading.Event()
    editing = race(lambda: edit_held_open(source.pk, preface, edited, go_on))
    assert edited.wait(RACE_WAIT)
    quoting = race(work)
    wait_until_blocked_or_done(quoting)
    go_on.set()
    editing.outcome()
    return quoting.outcome()


def test_a_quote_located_before_the_text_changed_is_refused_not_saved_at_other_words(
    researcher_client, draft_claim, other_party, orders
):
    values = statement_form(draft_claim, other_party, orders, "I obeyed")
    values |= iskakov_located(researcher_client, orders)
    prefaced(orders.pk, ABISHEV)

    response = researcher_client.post(reverse("admin:tracker_statement_add"), values)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert TEXT_CHANGED in form.non_field_errors()
    assert form["quote"].value() == "I obeyed"
    assert not Statement.objects.exists()
    # Located again in the text as it is now, the quote is saved there.
    values |= iskakov_located(researcher_client, orders)
    assert researcher_client.post(reverse("admin:tracker_statement_add"), values).status_code == 302
    assert Statement.objects.get().quote_start == len(ABISHEV) + ISKAKOV


def test_a_statement_row_of_a_claim_located_before_the_text_changed_is_refused(
    researcher_client, draft_claim, other_party, orders
):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    located = iskakov_located(researcher_client, orders)
    values = form_values(researcher_client.get(url)) | {"statements-TOTAL_FORMS": 1}
    row = {"party": other_party.pk, "source": orders.pk, "stance": "disputes", "kind": "denial"}
    row |= {"quote": "I obeyed", "position": 0, "version": 0, **located}
    values |= {f"statements-0-{name}": value for name, value in row.items()}
    prefaced(orders.pk, ABISHEV)

    response = researcher_client.post(url, values)

    assert response.status_code == 200
    inlines = response.context["inline_admin_formsets"]
    statements = next(i.formset for i in inlines if i.formset.prefix == "statements")
    assert TEXT_CHANGED in statements.forms[0].non_field_errors()
    assert not Statement.objects.exists()


def test_a_statement_whose_quote_is_left_as_it_was_saves_after_an_edit_of_the_text(
    researcher_client, draft_with_statement, source
):
    statement = draft_with_statement.statements.get()
    url = reverse("admin:tracker_statement_change", args=[statement.pk])
    values = form_values(researcher_client.get(url)) | {"source_sha256": source.sha256}
    source.text += " The end."  # after the quote, which stays where it was
    source.save()

    response = researcher_client.post(url, values | {"paraphrase": "He was looting"})

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.paraphrase == "He was looting"


@ROW_LOCK_RACES
def test_a_statement_located_in_the_text_as_it_was_while_it_is_edited_is_refused(
    race, researcher_client, draft_claim, other_party, orders
):
    values = statement_form(draft_claim, other_party, orders, "I obeyed")
    values |= iskakov_located(researcher_client, orders)

    response = while_the_text_is_edited(
        race,
        orders,
        lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values),
        ABISHEV,
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert TEXT_CHANGED in form.non_field_errors()
    assert form["quote"].value() == "I obeyed"
    assert not Statement.objects.exists()


@ROW_LOCK_RACES
def test_a_statement_saved_while_the_text_is_edited_is_anchored_in_the_edited_text(
    race, researcher_client, draft_claim, party, source
):
    values = statement_form(draft_claim, party, source, "denied it")

    response = while_the_text_is_edited(
        race, source, lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values)
    )

    assert response.status_code == 302
    statement = Statement.objects.get()
    assert stands_in_its_source(statement)
    assert statement.quote_start == source.text.index("denied it") + len(PREFACE)


@ROW_LOCK_RACES
def test_a_held_statement_proposed_while_the_text_is_edited_quotes_the_edited_text(
    race, researcher_client, claim, statement, other_party, source
):
    values = statement_form(claim, other_party, source, "He said he caught looters.")

    response = while_the_text_is_edited(
        race, source, lambda: researcher_client.post(reverse("admin:tracker_statement_add"), values)
    )

    assert response.status_code == 302
    proposed = Revision.objects.pending().get().proposed_object()
    assert stands_in_its_source(proposed)
    assert stands_in_its_source(Statement.objects.get(pk=statement.pk))


@ROW_LOCK_RACES
def test_a_workbench_selection_saved_while_the_text_is_edited_is_refused(
    race, researcher_client, draft_claim, other_party, orders
):
    selection = {
        "source_sha256": orders.sha256,
        "quote": "I obeyed",
        "quote_start": ISKAKOV,
        "quote_end": ISKAKOV + len("I obeyed"),
        "claim": draft_claim.pk,
        "party": other_party.pk,
        "stance": "disputes",
        "kind": "testimony",
    }
    url = reverse("admin:tracker_source_workbench_save", args=[orders.pk])

    response = while_the_text_is_edited(
        race, orders, lambda: researcher_client.post(url, selection), ABISHEV
    )

    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == TEXT_CHANGED
    assert not Statement.objects.exists()


@ROW_LOCK_RACES
def test_an_import_while_a_source_it_reuses_is_edited_is_refused(
    race, claim, party, other_party, orders
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    add_statement(
        claim,
        other_party,
        orders,
        "I obeyed",
        quote_start=ISKAKOV,
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.TESTIMONY,
    )
    document = copy.deepcopy(export_case(claim.case))
    document["case"]["slug"] = "almaty-trial-copy"

    def import_the_copy():
        with pytest.raises(ImportRefused) as refusal:
            import_case(document)
        return refusal.value

    refusal = while_the_text_is_edited(race, orders, import_the_copy, ABISHEV)

    assert f"Claim led-the-crowd: statement 1: {TEXT_CHANGED}" in refusal.problems
    assert Statement.objects.get().quote_start == len(ABISHEV) + ISKAKOV


def approve_on_the_review_page(client, claim):
    revision = Revision.objects.pending().get()
    url = reverse("admin:tracker_claim_review_held", args=[claim.pk, "approve"])
    return client.post(url, {"version": revision.version, "shown": str(revision.pk)})


def publish_with_the_held_edit(claim, party, reviewer):
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW, claimant=party)
    return lambda: Claim.objects.get(pk=claim.pk).transition("publish", reviewer)


@ROW_LOCK_RACES
@pytest.mark.parametrize("door", ["approve", "review page", "publish"])
def test_a_held_quote_approved_while_its_text_is_edited_is_moved_then_approved(
    race,
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
    editing = race(lambda: plan_held_open(source.pk, planned, go_on))
    assert planned.wait(RACE_WAIT)
    approving = race(approve)
    wait_until_blocked_or_done(approving)
    go_on.set()
    editing.outcome()
    approving.outcome()

    assert Revision.objects.get().status == Revision.Status.APPROVED
    added = Statement.objects.get(quote="He said he caught looters.")
    assert stands_in_its_source(added)
    assert stands_in_its_source(Statement.objects.get(pk=statement.pk))


@ROW_LOCK_RACES
def test_two_saves_checking_quotes_of_the_same_sources_in_opposite_orders_both_finish(
    race, case, party, source, orders
):
    # A claim form checks each of its statements in turn: one claim may quote two sources in
    # one order and another in the other. Checks must not wait for each other, only for edits.
    first, second = (
        Claim.objects.create(case=case, text=f"Claim {n}", slug=f"claim-{n}") for n in (1, 2)
    )
    quotes = {source.pk: "denied it", orders.pk: "Arman: I obeyed."}
    checked = {claim.pk: threading.Event() for claim in (first, second)}
    go_on = threading.Event()

    def check_and_save(claim, source_pks):
        with transaction.atomic():
            statements = []
            for source_pk in source_pks:
                statements.append(new_statement(claim, party, source_pk, quotes[source_pk]))
                statements[-1].full_clean()
                if len(statements) == 1:
                    checked[claim.pk].set()
                    assert go_on.wait(RACE_WAIT)
            for statement in statements:
                statement.save()

    saves = [
        race(lambda: check_and_save(first, [source.pk, orders.pk])),
        race(lambda: check_and_save(second, [orders.pk, source.pk])),
    ]
    assert all(event.wait(RACE_WAIT) for event in checked.values())
    go_on.set()
    for save in saves:
        save.outcome()

    assert Statement.objects.count() == 4


def test_a_quote_check_reads_its_source_once_by_the_query_that_locks_it(
    claim, party, source, django_assert_num_queries
):
    # It locked the source by one query, then read the row by a second: the locked read is
    # the row the check uses, so one is enough, on PostgreSQL as on SQLite.
    statement = new_statement(claim, party, source.pk, "denied it")
    with transaction.atomic():
        with django_assert_num_queries(1) as checked:
            statement.anchor_quote()
        assert statement.source.text == source.text
        if connection.vendor == "postgresql":
            assert checked.captured_queries[0]["sql"].endswith("FOR SHARE")


def test_a_change_of_a_sources_text_reads_it_once_by_the_query_that_locks_it(
    source, django_assert_num_queries
):
    source.text = source.text.replace("denied", "rejected")
    ContentType.objects.get_for_models(Statement, Outcome)  # as after a process's first request
    with transaction.atomic():
        # The text, the held edits quoting it, the statements' and the outcomes' quotes.
        with django_assert_num_queries(4) as planned:
            source.plan_reanchoring()
        if connection.vendor == "postgresql":
            assert planned.captured_queries[0]["sql"].endswith("FOR UPDATE")
