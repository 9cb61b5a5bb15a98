"""A researcher picks the source and pastes a quote: offsets fill in, or the form says why not."""

import pytest
from django.urls import reverse

from tracker.models import Annotation, Source, Statement
from tracker.permissions import save_as

from .helpers import form_values, statement_form

LOCATE = "admin:tracker_source_locate"


def locate(client, **params):
    return client.get(reverse(LOCATE), params)


def test_locating_a_pasted_quote_gives_offsets_and_context(researcher_client, source):
    response = locate(researcher_client, source=source.pk, quote="He said he caught looters.")
    assert response.status_code == 200
    found = response.json()
    start = source.text.index("He said")
    assert (found["start"], found["end"]) == (start, len(source.text))
    assert found["before"].endswith("denied it. ")
    assert found["quote"] == "He said he caught looters."


@pytest.mark.parametrize(
    ("quote", "field", "words"),
    [
        ("he", "quote_start", "occurs"),
        ("Abish gave the order", "quote", "not in the source"),
    ],
)
def test_locating_says_why_a_quote_cannot_be_anchored(
    researcher_client, source, quote, field, words
):
    response = locate(researcher_client, source=source.pk, quote=quote)
    assert response.status_code == 422
    assert words in response.json()["errors"][field]


def test_locating_an_ambiguous_quote_with_its_start(researcher_client, source):
    start = source.text.index("He said")
    response = locate(researcher_client, source=source.pk, quote="He", start=start)
    assert response.json()["start"] == start


@pytest.mark.parametrize(
    "params",
    [{}, {"source": "x", "quote": "a"}, {"source": 999, "quote": "a"}, {"source": 1, "start": -3}],
)
def test_locating_with_bad_parameters_is_a_clear_400(researcher_client, source, params):
    response = locate(researcher_client, **params)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_locating_is_for_staff_only(client, source):
    response = locate(client, source=source.pk, quote="He said")
    assert response.status_code == 302


def test_the_statement_forms_carry_the_quote_preview(researcher_client, draft_claim):
    for url in [
        reverse("admin:tracker_statement_add"),
        reverse("admin:tracker_claim_change", args=[draft_claim.pk]),
    ]:
        assert "tracker/admin/quote_preview.js" in researcher_client.get(url).content.decode()


def test_saving_a_pasted_quote_reports_its_offsets_in_context(
    researcher_client, draft_claim, party, source
):
    response = researcher_client.post(
        reverse("admin:tracker_statement_add"),
        statement_form(draft_claim, party, source, "Арман Джумагельдиев denied it."),
        follow=True,
    )
    statement = Statement.objects.get()
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote
    notices = [str(m) for m in response.context["messages"]]
    assert any(f"offsets {statement.quote_start}–{statement.quote_end}" in m for m in notices)


def test_a_note_written_with_a_new_statement_is_saved_on_it(
    researcher_client, researcher, draft_claim, party, source
):
    quote, written = "Арман Джумагельдиев denied it.", "Check the date of this."
    response = researcher_client.post(
        reverse("admin:tracker_statement_add"),
        statement_form(draft_claim, party, source, quote, note=written),
    )
    assert response.status_code == 302
    note = Annotation.objects.get()
    assert (note.statement, note.claim, note.author) == (Statement.objects.get(), None, researcher)
    assert note.text == "Check the date of this."


def test_inline_annotations_get_their_author_from_the_server(
    researcher_client, researcher, reviewer, draft_claim
):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    values = form_values(researcher_client.get(url))
    values.update(
        {
            "annotations-TOTAL_FORMS": 1,
            "annotations-0-version": 0,  # the hidden field every note row carries
            "annotations-0-text": "Compare with the Russian-language report.",
            "annotations-0-visibility": "internal",
            "annotations-0-author": reviewer.pk,
        }
    )
    assert researcher_client.post(url, values).status_code == 302
    note = Annotation.objects.get()
    assert (note.author, note.claim, note.visibility) == (researcher, draft_claim, "internal")
    assert note.created_at is not None


def test_notes_by_researchers_stay_internal(researcher_client, draft_claim):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    values = form_values(researcher_client.get(url))
    values.update(
        {
            "annotations-TOTAL_FORMS": 1,
            "annotations-0-version": 0,  # the hidden field every note row carries
            "annotations-0-text": "Public note",
            "annotations-0-visibility": "public",
        }
    )
    assert researcher_client.post(url, values).status_code == 302
    assert Annotation.objects.get().visibility == Annotation.Visibility.INTERNAL


def test_reviewers_annotate_statements_publicly(reviewer_client, reviewer, statement):
    url = reverse("admin:tracker_statement_change", args=[statement.pk])
    values = form_values(reviewer_client.get(url))
    values.update(
        {
            "annotations-TOTAL_FORMS": 1,
            "annotations-0-version": 0,  # the hidden field every note row carries
            "annotations-0-text": "The outlet does not name the witnesses.",
            "annotations-0-visibility": "public",
        }
    )
    assert reviewer_client.post(url, values).status_code == 302
    note = Annotation.objects.get()
    assert (note.statement, note.author, note.visibility) == (statement, reviewer, "public")


def statement_formset(response):
    return next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Statement
    )


def test_a_new_row_starts_with_the_source_of_the_claims_last_row(
    reviewer_client, draft_with_statement, source
):
    other = Source.objects.create(title="Other", slug="other", text="Something else entirely.")
    response = reviewer_client.get(
        reverse("admin:tracker_claim_change", args=[draft_with_statement.pk])
    )
    formset = statement_formset(response)
    assert formset.empty_form["source"].value() == source.pk
    assert formset.forms[0]["source"].value() == source.pk
    assert other.pk != source.pk


def test_a_new_claim_starts_with_the_source_this_user_last_quoted(
    researcher, researcher_client, draft_claim, party, source
):
    Source.objects.create(title="Newer", slug="newer", text="Added after the quote was logged.")
    statement = Statement(
        claim=draft_claim,
        party=party,
        source=source,
        quote="denied it",
        stance="disputes",
        kind="denial",
    )
    statement._history_user = researcher  # what the history middleware sets in the admin
    save_as(researcher, statement)
    response = researcher_client.get(reverse("admin:tracker_claim_add"))
    assert statement_formset(response).empty_form["source"].value() == source.pk


def test_a_user_who_never_quoted_starts_with_no_source(researcher_client, source):
    response = researcher_client.get(reverse("admin:tracker_claim_add"))
    assert statement_formset(response).empty_form["source"].value() is None


def test_rarely_used_statement_fields_fold_away(reviewer_client, draft_with_statement):
    response = reviewer_client.get(
        reverse("admin:tracker_claim_change", args=[draft_with_statement.pk])
    )
    page = response.content.decode()
    folded = page[page.index("<details><summary>") :]
    for name in ["attribution", "relayed_by", "stated_when", "stated_on", "quote_start"]:
        assert f'name="statements-0-{name}"' in folded
    assert 'name="statements-0-quote"' not in folded.split("</details>")[0]


# An old Mac file stored byte for byte: its line breaks are lone CRs, and one a CRLF.
LONE_CR_TEXT = "The verdict was read.\rWitnesses said «he beat them».\r\nThe court rose."


@pytest.fixture
def lone_cr_source(db):
    return Source.objects.create(slug="old-mac-report", text=LONE_CR_TEXT)


def test_locating_a_quote_across_a_lone_cr_as_the_textarea_gives_it(
    researcher_client, lone_cr_source
):
    # A textarea's value has every line break as LF, whatever was pasted into it.
    response = locate(researcher_client, source=lone_cr_source.pk, quote="read.\nWitnesses")
    assert response.status_code == 200
    found = response.json()
    assert found["quote"] == "read.\rWitnesses"
    assert LONE_CR_TEXT[found["start"] : found["end"]] == "read.\rWitnesses"


@pytest.mark.parametrize("start", [None, LONE_CR_TEXT.index("read.")])
def test_saving_a_quote_across_a_lone_cr_and_a_crlf_as_the_browser_posts_it(
    researcher_client, draft_claim, party, lone_cr_source, start
):
    # Submitted, every line break of the textarea is CRLF.
    posted = "read.\r\nWitnesses said «he beat them».\r\nThe court"
    values = statement_form(draft_claim, party, lone_cr_source, posted)
    if start is not None:  # the offset the preview filled in
        values["quote_start"] = start
    response = researcher_client.post(reverse("admin:tracker_statement_add"), values)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    assert statement.quote == "read.\rWitnesses said «he beat them».\r\nThe court"
    assert LONE_CR_TEXT[statement.quote_start : statement.quote_end] == statement.quote
