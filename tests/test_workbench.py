"""The source workbench: a selection of the source text saved as a draft statement."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import count_queries, make_statements
from tracker.models import Claim, Party, Point, Source, Statement

pytestmark = pytest.mark.django_db


def workbench_url(source: Source) -> str:
    return reverse("admin:tracker_source_workbench", args=[source.pk])


def save_url(source: Source) -> str:
    return reverse("admin:tracker_source_workbench_save", args=[source.pk])


def selection(source: Source, words: str, **fields) -> dict:
    """What the panel posts for the first occurrence of ``words`` on the page as it was
    opened (``source.sha256``, the text it shows)."""
    start = source.text.index(words)
    return {
        "source_sha256": source.sha256,
        "quote": words,
        "quote_start": start,
        "quote_end": start + len(words),
        "stance": Statement.Stance.DISPUTES,
        "kind": Statement.Kind.DENIAL,
        **fields,
    }


def test_the_workbench_shows_the_text_its_quotes_and_candidates(
    researcher_client, statement, source
):
    page = researcher_client.get(workbench_url(source)).content.decode()
    assert f'data-statements="{statement.pk}">Арман Джумагельдиев denied it.</mark>' in page
    assert '<span class="candidate">' in page
    assert reverse("admin:tracker_statement_change", args=[statement.pk]) in page
    without_script = page.split("<noscript>")[1].split("</noscript>")[0]
    assert f'href="{reverse("admin:tracker_statement_add")}"' in without_script
    assert researcher_client.get(reverse("admin:tracker_statement_add")).status_code == 200


def test_the_source_pages_link_to_the_workbench(reviewer_client, source):
    for url in [
        reverse("admin:tracker_source_change", args=[source.pk]),
        reverse("admin:tracker_source_changelist"),
    ]:
        assert workbench_url(source) in reviewer_client.get(url).content.decode()


def test_a_selection_is_saved_as_a_draft_statement(
    researcher, researcher_client, source, draft_claim, party
):
    fields = selection(source, "He said he caught looters.", claim=draft_claim.pk, party=party.pk)
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 201, response.content
    saved = Statement.objects.get(pk=response.json()["statement"]["id"])
    assert source.text[saved.quote_start : saved.quote_end] == saved.quote
    assert (saved.claim, saved.party, saved.stance) == (draft_claim, party, "disputes")
    assert saved.history.get().history_user == researcher
    assert f'data-statements="{saved.pk}"' in response.json()["text_html"]
    assert "He said he caught looters." in response.json()["statements_html"]


def test_a_new_claim_is_written_as_a_draft(researcher_client, source, case, party):
    fields = selection(
        source, "denied it", party=party.pk, new_claim="Arman denied it", new_claim_case=case.pk
    )
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(text="Arman denied it")
    assert claim.status == Claim.Status.DRAFT and claim.statements.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"quote_start": 1}, "quote", "differs from the source at offset 1"),
        ({"quote_end": 10_000}, "quote_end", "past the end"),
        ({"quote_start": ""}, "quote_start", "required"),
        ({"claim": ""}, "claim", "Choose a claim"),
    ],
)
def test_wrong_offsets_or_no_claim_are_refused_with_a_message(
    researcher_client, source, draft_claim, party, change, field, words
):
    fields = selection(source, "denied it", claim=draft_claim.pk, party=party.pk) | change
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 400
    assert words in response.json()["errors"][field]
    assert not Statement.objects.exists()


def test_a_researcher_cannot_add_to_a_published_claim(researcher_client, source, claim, party):
    fields = selection(source, "denied it", claim=claim.pk, party=party.pk)
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 400
    assert "valid choice" in response.json()["errors"]["claim"]
    assert not claim.statements.exists()


def test_a_published_claim_is_not_offered_to_researchers(researcher_client, source, claim):
    page = researcher_client.get(workbench_url(source)).content.decode()
    assert claim.text not in page


def test_saving_needs_the_csrf_token(researcher, source, draft_claim, party):
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    fields = selection(source, "denied it", claim=draft_claim.pk, party=party.pk)
    assert client.post(save_url(source), fields).status_code == 403
    assert not Statement.objects.exists()


def test_saving_is_for_staff_with_the_permission(client, reader, staff, source, draft_claim, party):
    fields = selection(source, "denied it", claim=draft_claim.pk, party=party.pk)
    assert client.post(save_url(source), fields).status_code == 302
    client.force_login(reader)
    assert client.post(save_url(source), fields).status_code == 302
    client.force_login(staff)  # staff, without the model permissions
    assert client.post(save_url(source), fields).status_code in (403, 404)
    assert not Statement.objects.exists()


def test_the_workbench_answers_in_as_many_queries_for_3_or_60_statements(
    researcher_client, source, draft_claim, party
):
    make_statements(draft_claim, party, source, 3)
    few = count_queries(researcher_client, workbench_url(source))
    make_statements(draft_claim, party, source, 57)
    other = Party.objects.create(name="Witnesses", slug="witnesses", kind=Party.Kind.GROUP)
    make_statements(draft_claim, other, source, 1)
    assert count_queries(researcher_client, workbench_url(source)) == few


def test_a_new_claim_answers_a_new_disputed_point(researcher_client, source, case, party):
    fields = selection(
        source,
        "He said he caught looters.",
        party=party.pk,
        stance=Statement.Stance.SUPPORTS,
        new_claim="Dzhumageldiev caught looters",
        new_claim_case=case.pk,
        new_point="What did Dzhumageldiev do in the crowd?",
    )
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(text="Dzhumageldiev caught looters")
    assert claim.point.question == "What did Dzhumageldiev do in the crowd?"
    assert (claim.point.case, claim.claimant) == (case, party)


def test_a_new_claim_joins_a_chosen_point_and_takes_its_case(
    researcher_client, source, case, party
):
    point = Point.objects.create(case=case, question="Who led the crowd?", slug="who-led")
    fields = selection(
        source, "denied it", party=party.pk, new_claim="Not Arman", new_claim_point=point.pk
    )
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(text="Not Arman")
    assert (claim.point, claim.case, claim.claimant) == (point, case, None)


def test_a_selection_made_before_the_text_changed_is_refused_not_moved_to_other_words(
    researcher_client, draft_claim, party
):
    source = Source.objects.create(slug="orders", text="Arman: I obeyed. Iskakov: I obeyed.")
    page = researcher_client.get(workbench_url(source)).content.decode()
    assert f'name="source_sha256" value="{source.sha256}"' in page
    iskakov = source.text.rindex("I obeyed")
    fields = selection(source, "I obeyed", claim=draft_claim.pk, party=party.pk)
    fields |= {"quote_start": iskakov, "quote_end": iskakov + len("I obeyed")}
    # Someone adds a line above; Arman's words now stand where Iskakov's were selected.
    source.text = "Abishev: I obeyed. " + source.text
    source.save()
    assert source.text[iskakov - 7 : iskakov] == "Arman: "
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 400
    assert "changed since" in response.json()["errors"]["__all__"]
    assert not Statement.objects.exists()
    # Reloaded, the page shows the text as it is now, and the words are selected there.
    iskakov = source.text.rindex("I obeyed")
    fields |= {"source_sha256": source.sha256, "quote_start": iskakov, "quote_end": iskakov + 8}
    response = researcher_client.post(save_url(source), fields)
    assert response.status_code == 201
