import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker import held_edits, permissions
from tracker.held_edits import OpenedOn
from tracker.models import Claim, Outcome, Party, Source, StaleEditError, Statement
from tracker.reanchoring import reanchor, unchanged_blocks

from .helpers import add_statement, form_values


def refusal(source):
    """Why checking ``source`` with its changed text refuses it."""
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    return refused.value.message_dict["text"][0]


def test_an_edit_that_breaks_quotes_is_refused_listing_them(statement):
    source = statement.source
    source.text = source.text.replace("denied it", "rejected it")
    message = refusal(source)
    assert f"statement {statement.pk}" in message
    assert statement.quote in message
    assert str(statement.party) in message


def test_a_breaking_edit_is_refused_even_without_validation(statement):
    source = Source.objects.get(pk=statement.source_id)
    source.text = "Nothing of the sort."
    with pytest.raises(ValidationError):
        source.save()
    assert Source.objects.get(pk=source.pk).text == statement.source.text


def test_quotes_move_with_their_words_when_text_is_inserted(statement):
    source = statement.source
    source.text = "Correction appended by the editor. " + source.text
    source.full_clean()
    source.save()
    statement.refresh_from_db()
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote
    assert statement.quote_start == source.text.index(statement.quote)


def test_repeats_are_told_apart_by_the_words_around_them(db, claim, party):
    source = Source.objects.create(
        slug="repeats",
        text="Iskakov said: I obeyed. Witnesses said: I obeyed, said the guard.",
    )
    second = source.text.index("I obeyed", 20)
    statement = Statement(
        claim=claim,
        party=party,
        source=source,
        stance="supports",
        kind="testimony",
        quote="I obeyed",
        quote_start=second,
    )
    statement.full_clean()
    statement.save()
    source.text = "Iskakov said: I obeyed. Then the court heard many witnesses. " + (
        "Witnesses said: I obeyed, said the guard."
    )
    source.save()
    statement.refresh_from_db()
    assert statement.quote_start == source.text.index("Witnesses said: I obeyed") + 16
    assert source.text[statement.quote_start : statement.quote_end] == "I obeyed"


def test_repeats_follow_the_edit_or_are_refused():
    old = "A: he said yes. B: he said yes."
    assert reanchor(old, "A: he said yes. C: no. B: he said yes.", 19, 31) == (26, 38)
    # Where the diff keeps nothing of the quote's place, the words around it decide; two
    # copies that neither side's context prefers: refused, not guessed.
    old, new = "He said yes. He said yes.", "No. He said yes; he said yes!"
    assert reanchor(old, new, 3, 11, blocks=[]) is None
    # The word-level diff sees "He said yes" kept in place (only the punctuation changed).
    assert reanchor(old, new, 3, 11) == (7, 15)


def test_the_diff_keeps_runs_that_an_edit_left_in_place():
    old = "Line one stays.\nIskakov said he obeyed.\nLine three stays.\n" * 3
    new = old.replace("he obeyed", "he had obeyed", 1) + "An appended line.\n"
    for old_from, old_to, new_from in unchanged_blocks(old, new):
        assert old[old_from:old_to] == new[new_from : new_from + old_to - old_from]
    kept = sum(old_to - old_from for old_from, old_to, _ in unchanged_blocks(old, new))
    assert kept == len(old)
    second = old.index("Iskakov", 40)
    assert reanchor(old, new, second, second + 7) == (second + 4, second + 11)


def test_the_diff_is_found_inside_one_long_line():
    old = " ".join(f"word{number}" for number in range(50_000))
    new = old.replace("word100 ", "word100 inserted ").replace("word40000", "w40000")
    start = old.index("word45000")
    anchor = reanchor(old, new, start, start + len("word45000"))
    assert anchor is not None
    assert new[anchor.start : anchor.end] == "word45000"


def test_outcomes_are_kept_anchored_too(seed_case):
    source = Source.objects.get()
    source.text = source.text.replace("Almaty court", "Almaty City Court", 1)
    source.full_clean()
    source.save()
    for quotation in [*Statement.objects.all(), *Outcome.objects.all()]:
        assert source.text[quotation.quote_start : quotation.quote_end] == quotation.quote


def test_admin_shows_the_refusal_on_the_text_field(admin_client, statement):
    url = reverse("admin:tracker_source_change", args=[statement.source_id])
    values = form_values(admin_client.get(url))
    values["text"] = "A different article altogether."
    response = admin_client.post(url, values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text"]
    assert "would break 1 quote" in errors[0]
    statement.source.refresh_from_db()
    assert statement.quote in statement.source.text


def test_a_quote_is_not_moved_to_a_passage_that_merely_repeats_its_words():
    old = "The court sentenced Iskakov to 15 years. The defence asked for less."
    new = "The court sentenced Iskakov to 16 years. The prosecution had asked for 15 years."
    start = old.index("15 years")
    assert reanchor(old, new, start, start + len("15 years")) is None


def test_a_moved_passage_takes_its_quote_along():
    old = "Intro. Witnesses said: I obeyed, said the guard. Outro."
    new = "Witnesses said: I obeyed, said the guard. A new opening paragraph. Intro."
    start = old.index("I obeyed")
    anchor = reanchor(old, new, start, start + len("I obeyed"))
    assert new[anchor.start : anchor.end] == "I obeyed"
    assert anchor.start == new.index("I obeyed")


def as_a_browser_posts_a_textarea(text):
    """A textarea's value as a browser sends it back: every line break (CR, LF or CRLF) as
    CRLF, the HTML parser having read each as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def test_saving_a_crlf_source_unchanged_keeps_its_text_byte_for_byte(admin_client, db, case):
    text = "First line of the verdict.\r\nWitnesses said «he beat them».\r\nAn old Mac\rline.\n🙂"
    source = Source.objects.create(slug="windows-report", text=text)
    statement = Statement(
        claim=Claim.objects.create(case=case, text="He beat them", slug="beat"),
        party=Party.objects.create(name="Witnesses", slug="witnesses", kind="group"),
        source=source,
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.TESTIMONY,
        quote="verdict.\r\nWitnesses said",
    )
    statement.full_clean()
    statement.save()
    url = reverse("admin:tracker_source_change", args=[source.pk])
    values = form_values(admin_client.get(url))
    values["text"] = as_a_browser_posts_a_textarea(values["text"])
    response = admin_client.post(url, {**values, "title": "A new title"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "A new title"
    assert source.text == text
    assert source.sha256 == Source.digest(text)
    statement.refresh_from_db()
    assert text[statement.quote_start : statement.quote_end] == "verdict.\r\nWitnesses said"


# Held edits: a researcher's proposed statement (or change to one) on a published claim waits
# for a reviewer with its offsets in ``Revision.proposed`` and ``Revision.base``; a source edit
# moves them as it moves the stored statements' offsets, or is refused.


def proposed_statement(researcher, claim, party, source, quote, **fields):
    """A researcher's new statement on the published ``claim``, held for a reviewer."""
    statement = Statement(
        claim=claim,
        party=party,
        source=source,
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.TESTIMONY,
        quote=quote,
        **fields,
    )
    revision = permissions.save_as(researcher, statement)
    assert revision is not None and revision.adds_row
    return revision


def quoted_words(source, values):
    source.refresh_from_db()
    return source.text[values["quote_start"] : values["quote_end"]]


def test_a_proposed_statement_moves_with_its_words_and_is_approved_at_them(
    claim, party, researcher, reviewer
):
    # Offsets left where they were would fall on Arman's words, and approving would file
    # Iskakov's statement under them: the quote check sees the same words.
    source = Source.objects.create(slug="orders", text="Arman: I obeyed. Iskakov: I obeyed.")
    second = source.text.rindex("I obeyed")
    revision = proposed_statement(researcher, claim, party, source, "I obeyed", quote_start=second)
    source.text = "Abishev: I obeyed. " + source.text
    source.full_clean()
    source.save()
    revision.refresh_from_db()
    assert revision.proposed["quote_start"] == source.text.index("Iskakov: I obeyed") + 9
    assert quoted_words(source, revision.proposed) == "I obeyed"
    statement = revision.approve(reviewer)
    assert source.text[statement.quote_start - 9 : statement.quote_end] == "Iskakov: I obeyed"


def test_a_proposed_change_to_a_quote_moves_on_both_sides_and_stays_approvable(
    statement, researcher, reviewer
):
    edited = Statement.objects.get(pk=statement.pk)
    longer = "Арман Джумагельдиев denied it. He said he caught looters."
    edited.quote, edited.quote_end = longer, None
    revision = permissions.save_as(researcher, edited)
    assert set(revision.proposed) == {"quote", "quote_end"}  # its start stays the stored one
    source = statement.source
    source.text = "Correction appended by the editor. " + source.text
    source.full_clean()
    source.save()
    revision.refresh_from_db()
    assert quoted_words(source, revision.proposed) == longer
    assert quoted_words(source, revision.base) == statement.quote
    assert [change.label for change in revision.changes()] == ["Quote", "Quote end"]
    approved = revision.approve(reviewer)
    approved.refresh_from_db()
    assert source.text[approved.quote_start : approved.quote_end] == longer


def test_a_statement_proposed_onto_another_source_moves_with_each_of_them(
    statement, researcher, reviewer
):
    other = Source.objects.create(slug="verdict", text="The court heard he caught looters.")
    moved = Statement.objects.get(pk=statement.pk)
    moved.source, moved.quote, moved.quote_start, moved.quote_end = (
        other,
        "caught looters",
        None,
        None,
    )
    revision = permissions.save_as(researcher, moved)
    for source in (statement.source, other):
        source.text = "An editor's note. " + source.text
        source.full_clean()
        source.save()
    revision.refresh_from_db()
    assert quoted_words(other, revision.proposed) == "caught looters"
    assert quoted_words(statement.source, revision.base) == statement.quote
    approved = revision.approve(reviewer)
    assert (approved.source, approved.quote) == (other, "caught looters")


def test_a_proposed_outcome_moves_with_its_words(case, party, source, researcher, reviewer):
    outcome = Outcome(case=case, party=party, source=source, summary="Denial", quote="denied it")
    outcome.full_clean()
    revision = held_edits.hold(researcher, outcome)
    source.text = source.text.replace("Prosecutors argued", "Prosecutors at the trial argued")
    source.save()
    revision.refresh_from_db()
    assert quoted_words(source, revision.proposed) == "denied it"
    assert revision.approve(reviewer).quote == "denied it"


def test_an_edit_that_breaks_a_proposed_quote_is_refused_naming_the_held_edit(
    claim, party, source, researcher
):
    revision = proposed_statement(researcher, claim, party, source, "He said he caught looters.")
    proposed_before = dict(revision.proposed)
    text_before = source.text
    source.text = source.text.replace("caught looters", "stopped looters")
    message = refusal(source)
    assert f"held edit {revision.pk}" in message
    assert "He said he caught looters." in message
    with pytest.raises(ValidationError):  # and at write time, without validation
        source.save()
    assert Source.objects.get(pk=source.pk).text == text_before
    revision.refresh_from_db()
    assert revision.proposed == proposed_before


def test_held_edits_already_decided_neither_move_nor_refuse_an_edit(
    claim, party, source, researcher, reviewer
):
    revision = proposed_statement(researcher, claim, party, source, "He said he caught looters.")
    revision.reject(reviewer, "Not what the report says")
    proposed_before = dict(revision.proposed)
    source.text = "An editor's note. " + source.text.replace("caught looters", "stopped looters")
    source.full_clean()
    source.save()
    revision.refresh_from_db()
    assert revision.proposed == proposed_before


def test_admin_shows_a_refusal_for_a_pending_quote_and_keeps_the_typed_text(
    admin_client, claim, party, source, researcher
):
    revision = proposed_statement(researcher, claim, party, source, "He said he caught looters.")
    text_before = source.text
    url = reverse("admin:tracker_source_change", args=[source.pk])
    values = form_values(admin_client.get(url))
    typed = "Prosecutors argued a great deal. " + source.text.replace("caught", "stopped")
    response = admin_client.post(url, {**values, "text": typed})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert f"held edit {revision.pk}" in form.errors["text"][0]
    assert form["text"].value() == typed
    assert Source.objects.get(pk=source.pk).text == text_before


def test_planning_reads_as_many_queries_for_many_held_edits_as_for_two(
    claim, party, source, researcher
):
    def queries_to_plan():
        edited = Source.objects.get(pk=source.pk)
        edited.text = "An editor's note. " + edited.text
        with CaptureQueriesContext(connection) as queries:
            assert edited.plan_reanchoring()
        return len(queries)

    def propose_a_change(quote):
        edited = add_statement(claim, party, source, quote, stance="supports", kind="testimony")
        edited.paraphrase, edited.quote, edited.quote_start, edited.quote_end = (
            "New",
            quote[1:],
            None,
            None,
        )
        assert permissions.save_as(researcher, edited) is not None

    proposed_statement(researcher, claim, party, source, "He said he caught looters.")
    propose_a_change("denied it")
    two = queries_to_plan()
    for quote in ("witnesses agreed", "led the crowd", "Prosecutors argued"):
        proposed_statement(researcher, claim, party, source, quote)
    for quote in ("caught looters", "«Wild Arman»"):
        propose_a_change(quote)
    assert queries_to_plan() == two


def test_a_held_edit_changed_after_the_edit_was_checked_is_not_overwritten(statement, researcher):
    edited = Statement.objects.get(pk=statement.pk)
    edited.quote, edited.quote_start, edited.quote_end = "denied it", None, None
    revision = permissions.save_as(researcher, edited)
    source = statement.source
    text_before = source.text
    source.text = "Correction appended by the editor. " + source.text
    source.full_clean()  # plans the moves, for save() to reuse
    edited.paraphrase = "He denied leading the crowd."
    held_edits.hold(researcher, edited, opened_on=OpenedOn(revision.pk, revision.version))
    with pytest.raises(StaleEditError):
        source.save()
    revision.refresh_from_db()
    assert revision.proposed["paraphrase"] == "He denied leading the crowd."
    assert Source.objects.get(pk=source.pk).text == text_before


def test_a_held_change_of_the_text_moves_pending_quotes_when_approved(
    claim, party, source, researcher, reviewer
):
    revision = proposed_statement(researcher, claim, party, source, "He said he caught looters.")
    edited = Source.objects.get(pk=source.pk)
    edited.text = "Correction appended by the editor. " + edited.text
    edited.full_clean()
    held_change = held_edits.hold(researcher, edited)
    revision.refresh_from_db()
    assert quoted_words(source, revision.proposed) == "He said he caught looters."
    held_change.approve(reviewer)
    revision.refresh_from_db()
    assert quoted_words(source, revision.proposed) == "He said he caught looters."
    assert source.text.startswith("Correction")
