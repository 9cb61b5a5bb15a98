import base64
import hashlib
import tracemalloc

import pytest

from tests.helpers import SEED_CASE, count_queries, make_statements
from tracker.annotations_w3c import ANNOTATIONS_PER_PAGE, anchor_quote_selector, quote_context
from tracker.models import Claim, Party, Source, Statement

pytestmark = pytest.mark.django_db


def collection(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:1000]
    assert response["Content-Type"].startswith("application/ld+json")
    assert 'profile="http://www.w3.org/ns/anno.jsonld"' in response["Content-Type"]
    body = response.json()
    assert body["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert body["type"] == "AnnotationCollection"
    assert body["total"] == len(body["first"]["items"])
    return body


def selectors(annotation):
    return {selector["type"]: selector for selector in annotation["target"]["selector"]}


def test_case_collection_has_every_published_statement(client, seed_case):
    body = collection(client, f"/cases/{SEED_CASE}/annotations")
    assert body["total"] == Statement.objects.published().count() == 15


def test_selectors_reanchor_on_the_stored_text_to_the_stored_offsets(client, seed_case):
    source = Source.objects.get()
    body = collection(client, f"/sources/{source.slug}/annotations")
    assert body["total"] == 15
    stored = {
        f"http://testserver{s.get_absolute_url()}": (s.quote_start, s.quote_end)
        for s in Statement.objects.all()
    }
    for annotation in body["first"]["items"]:
        quote, position = selectors(annotation).values()
        served = client.get(annotation["target"]["source"]["id"]).content.decode("utf-8")
        assert served == source.text
        expected = stored[annotation["id"]]
        assert (position["start"], position["end"]) == expected
        assert served[position["start"] : position["end"]] == quote["exact"]
        assert (
            anchor_quote_selector(served, quote["exact"], quote["prefix"], quote["suffix"])
            == expected
        )


def test_a_repeated_quote_gets_the_context_that_tells_its_occurrences_apart(client, case, party):
    repeated = "They said no. " * 12 + "Then: they said no."
    source = Source.objects.create(title="Repetitive", slug="repetitive", text=repeated)
    claim = Claim.objects.create(case=case, text="No", slug="no", status="published")
    start = repeated.index("said no", 14 * 6)
    Statement.objects.create(
        claim=claim,
        party=party,
        source=source,
        stance="disputes",
        kind="testimony",
        quote="said no",
        quote_start=start,
        quote_end=start + 7,
    )
    (annotation,) = collection(client, "/sources/repetitive/annotations")["first"]["items"]
    quote = selectors(annotation)["TextQuoteSelector"]
    assert len(quote["prefix"]) > 32 or len(quote["suffix"]) > 32
    assert anchor_quote_selector(repeated, "said no", quote["prefix"], quote["suffix"]) == (
        start,
        start + 7,
    )
    assert anchor_quote_selector(repeated, "said no") is None


def test_quote_context_at_the_text_edges():
    text = "Short text."
    assert quote_context(text, 0, 5) == ("", " text.")
    assert anchor_quote_selector(text, "Short", "", " text.") == (0, 5)


def test_quote_context_on_a_text_that_only_repeats_reaches_the_nearer_edge():
    text = "They said no. " * 300
    for occurrence in (0, 1, 150, 298, 299):
        start = 14 * occurrence + 5
        prefix, suffix = quote_context(text, start, start + 7)
        assert text[:start].endswith(prefix) and text[start + 7 :].startswith(suffix)
        # Only the text's start or end tells one occurrence from the others.
        assert len(prefix) == start or len(suffix) == len(text) - start - 7
        assert anchor_quote_selector(text, "said no", prefix, suffix) == (start, start + 7)


def test_quote_context_does_not_copy_the_text_before_each_occurrence():
    # An astral character makes each copy four bytes a character, far more than the list
    # of occurrences the search keeps.
    text = "They said no to the plan, and went on with the meeting 🙂. " * 5_000 + "The end."
    start = text.rindex("said no")
    tracemalloc.start()
    try:
        prefix, suffix = quote_context(text, start, start + 7)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert anchor_quote_selector(text, "said no", prefix, suffix) == (start, start + 7)
    assert peak < len(text)


def test_annotation_describes_the_party_stance_and_claim(client, statement):
    (annotation,) = collection(client, "/sources/trial-report/annotations")["first"]["items"]
    assert annotation["type"] == "Annotation"
    bodies = {body["purpose"]: body for body in annotation["body"]}
    assert bodies["classifying"]["value"] == "Disputes"
    assert "Arman Dzhumageldiev" in bodies["describing"]["value"]
    assert bodies["linking"]["source"] == "http://testserver/claims/led-the-crowd/"


def test_drafts_are_not_annotated(client, statement, draft_with_statement):
    body = collection(client, "/cases/almaty-trial/annotations")
    assert body["total"] == 1
    assert "led-the-crowd" in body["first"]["items"][0]["body"][2]["source"]


def test_sources_and_cases_only_drafts_use_are_404(client, draft_with_statement, case):
    lonely = Source.objects.create(title="Draft only", slug="draft-only", text="Words.")
    Statement.objects.create(
        claim=draft_with_statement,
        party=Party.objects.get(),
        source=lonely,
        stance="supports",
        kind="testimony",
        quote="Words",
        quote_start=0,
        quote_end=5,
    )
    assert client.get("/sources/draft-only/annotations").status_code == 404
    assert client.get("/sources/draft-only/text").status_code == 404
    assert client.get(f"/cases/{case.slug}/annotations").status_code == 404


def test_source_text_is_served_verbatim_with_its_digest(client, statement, source):
    response = client.get("/sources/trial-report/text")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == source.text.encode("utf-8")
    digest = base64.b64encode(hashlib.sha256(response.content).digest()).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"


def test_a_collection_longer_than_a_page_is_paged_each_page_linking_the_next(client, claim, party):
    source = Source.objects.create(title="Long record", slug="long-record", text="Yes. No. Yes.")
    per_page = ANNOTATIONS_PER_PAGE
    make_statements(claim, party, source, 2 * per_page + 5)
    address = "http://testserver/sources/long-record/annotations"
    body = client.get("/sources/long-record/annotations").json()
    assert body["type"] == "AnnotationCollection" and body["total"] == 2 * per_page + 5
    assert body["last"] == f"{address}?page=3"
    page, seen = body["first"], []
    for number in (1, 2, 3):
        assert page["id"] == f"{address}?page={number}"
        assert page["startIndex"] == (number - 1) * per_page
        assert page.get("prev") == (f"{address}?page={number - 1}" if number > 1 else None)
        seen += [annotation["id"] for annotation in page["items"]]
        if number < 3:
            page = client.get(page["next"]).json()
            assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
            assert page["type"] == "AnnotationPage"
            assert page["partOf"]["id"] == address and page["partOf"]["total"] == body["total"]
    assert "next" not in page
    stored = Statement.objects.filter(source=source)
    assert sorted(seen) == sorted(f"http://testserver{s.get_absolute_url()}" for s in stored)


@pytest.mark.parametrize("page", ["0", "4", "-1", "x", "1" * 40])
def test_a_page_the_collection_has_not_is_a_404(client, statement, page):
    response = client.get("/sources/trial-report/annotations", {"page": page})
    assert response.status_code == 404


def test_annotation_query_count_is_flat(client, claim, party, source):
    make_statements(claim, party, source, 2)
    few = count_queries(client, "/sources/trial-report/annotations")
    make_statements(claim, party, source, 3 * ANNOTATIONS_PER_PAGE)
    assert count_queries(client, "/sources/trial-report/annotations") == few
    assert count_queries(client, "/sources/trial-report/annotations?page=2") == few
