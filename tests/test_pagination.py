"""Every list on a public page comes a page at a time, whatever the size of the database."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import count_queries, make_statements, parties, published_claims, statement_on
from tracker.models import Outcome, Source, Statement
from tracker.views import CLAIMS_PER_PAGE, MATRIX_CLAIMS_PER_PAGE, STATEMENTS_PER_PAGE

pytestmark = pytest.mark.django_db


def texts(page):
    return [row.text for row in page.object_list]


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "2.5", "١", "99", "9" * 30])
@pytest.mark.parametrize("list_url", ["claim-list", "point-list"])
def test_a_page_that_does_not_exist_is_a_clear_404(client, claim, bad, list_url):
    response = client.get(reverse(f"tracker:{list_url}"), {"page": bad})
    assert response.status_code == 404
    assert "page" in response.content.decode()
    a_page_number = bad.isascii() and bad.isdigit() and bad != "0"
    expected = "has 1 page." if a_page_number else "is not a page number"
    assert expected in response.content.decode()


def test_bad_page_numbers_on_detail_pages_are_404s_not_500s(client, statement, case, source):
    urls = [
        (case.get_absolute_url(), "page"),
        (case.get_absolute_url(), "sources_page"),
        (case.get_absolute_url(), "points_page"),
        (source.get_absolute_url(), "page"),
        (statement.party.get_absolute_url(), "relayed_page"),
        (statement.party.get_absolute_url(), "claims_page"),
    ]
    for url, param in urls:
        assert client.get(url, {param: "2"}).status_code == 404
        assert client.get(url, {param: "x\x01"}).status_code in (400, 404)
        assert client.get(url, {param: "1"}).status_code == 200


def test_claim_list_page_2_holds_the_next_claims(client, case):
    published_claims(case, CLAIMS_PER_PAGE + 3)
    first = client.get(reverse("tracker:claim-list"))
    second = client.get(reverse("tracker:claim-list"), {"page": "2"})
    assert texts(first.context["page"]) == [f"claim {n:03}" for n in range(CLAIMS_PER_PAGE)]
    assert texts(second.context["page"]) == [
        f"claim {n:03}" for n in range(CLAIMS_PER_PAGE, CLAIMS_PER_PAGE + 3)
    ]
    assert second.context["page"].paginator.count == CLAIMS_PER_PAGE + 3
    html = second.content.decode()
    assert '<nav class="pagination" aria-label="Pages of results">' in html
    assert 'rel="prev" href="?"' in html
    assert "Page 2 of 2" in html


def test_case_matrix_shows_a_page_of_claims_with_only_their_parties(client, case, source):
    claims = published_claims(case, MATRIX_CLAIMS_PER_PAGE + 2)
    speakers = parties(len(claims))
    Statement.objects.bulk_create(
        statement_on(claim, party, source) for claim, party in zip(claims, speakers, strict=True)
    )
    first = client.get(case.get_absolute_url())
    second = client.get(case.get_absolute_url(), {"page": "2"})
    assert [row.claim.text for row in first.context["matrix"].rows] == [
        f"claim {n:03}" for n in range(MATRIX_CLAIMS_PER_PAGE)
    ]
    rest = [MATRIX_CLAIMS_PER_PAGE, MATRIX_CLAIMS_PER_PAGE + 1]
    assert [row.claim.text for row in second.context["matrix"].rows] == [
        f"claim {n:03}" for n in rest
    ]
    assert [p.name for p in second.context["matrix"].parties] == [f"party {n:03}" for n in rest]
    assert "party 000" not in second.content.decode()
    assert 'href="?#matrix-title"' in second.content.decode()


def test_case_page_lists_sources_by_page(client, case, party):
    claim = published_claims(case, 1)[0]
    sources = Source.objects.bulk_create(
        Source(title=f"Source {n:03}", slug=f"source-{n:03}", text=f"Words {n}") for n in range(23)
    )
    Statement.objects.bulk_create(statement_on(claim, party, source) for source in sources)
    second = client.get(case.get_absolute_url(), {"sources_page": "2"})
    assert [s.title for s in second.context["sources"].object_list] == [
        "Source 020",
        "Source 021",
        "Source 022",
    ]


def test_party_page_lists_statements_relayed_statements_and_claims_by_page(
    client, case, party, other_party, source
):
    count = STATEMENTS_PER_PAGE + 4
    claims = published_claims(case, count, claimant=party)
    Statement.objects.bulk_create(
        statement_on(claim, party, source, relayed_by=other_party) for claim in claims
    )
    url = party.get_absolute_url()
    second = client.get(url, {"page": "2"}).context
    assert [s.claim.text for s in second["statements"].object_list] == [
        f"claim {n:03}" for n in range(STATEMENTS_PER_PAGE, count)
    ]
    assert len(second["put_forward"].object_list) == STATEMENTS_PER_PAGE
    claims_page = client.get(url, {"claims_page": "2"}).context["put_forward"]
    assert texts(claims_page) == [f"claim {n:03}" for n in range(STATEMENTS_PER_PAGE, count)]
    relayed = client.get(other_party.get_absolute_url(), {"relayed_page": "2"}).context["relayed"]
    assert len(relayed.object_list) == 4


def test_source_page_shows_its_text_once_with_every_quote_and_lists_statements_by_page(
    client, case, party, source
):
    claims = published_claims(case, STATEMENTS_PER_PAGE + 1)
    words = ["Prosecutors", "witnesses", "looters"]
    Statement.objects.bulk_create(
        Statement(
            claim=claim,
            party=party,
            source=source,
            stance=Statement.Stance.SUPPORTS,
            kind=Statement.Kind.TESTIMONY,
            quote=words[n % 3],
            quote_start=source.text.index(words[n % 3]),
            quote_end=source.text.index(words[n % 3]) + len(words[n % 3]),
        )
        for n, claim in enumerate(claims)
    )
    second = client.get(source.get_absolute_url(), {"page": "2"})
    html = second.content.decode()
    assert len(second.context["statements"].object_list) == 1
    assert html.count("He said he caught") == 1
    assert html.count("<mark") >= 3  # every quote highlighted, not only the page's one


def test_public_pages_do_not_load_source_texts_they_do_not_show(client, statement, case, party):
    start = statement.source.text.index("He said")
    Outcome.objects.create(
        case=case,
        party=party,
        source=statement.source,
        summary="Acquitted",
        quote="He said",
        quote_start=start,
        quote_end=start + 7,
    )
    untitled = Source.objects.create(slug="untitled", text="An untitled report\nsecond line")
    Statement.objects.create(
        claim=statement.claim,
        party=party,
        source=untitled,
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.TESTIMONY,
        quote="An",
        quote_start=0,
        quote_end=2,
    )
    for url in [
        party.get_absolute_url(),
        case.get_absolute_url(),
        statement.claim.get_absolute_url(),
    ]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        for query in queries:
            selected = re.sub(r'SUBSTR(ING)?\("tracker_source"\."text"', "", query["sql"])
            assert '"tracker_source"."text"' not in selected, (url, query["sql"])
        assert "“An untitled report…” (untitled)" in html


def test_outcomes_deleted_from_their_display_list_leave_their_sources_unread(
    statement, case, party
):
    """A deletion collects the rows without the joins the list was read with: their sources
    are then not there to be given their openings, and must not be read one by one."""
    start = statement.source.text.index("He said")
    for summary in ("Acquitted", "Released", "Fined"):
        Outcome.objects.create(
            case=case,
            party=party,
            source=statement.source,
            summary=summary,
            quote="He said",
            quote_start=start,
            quote_end=start + 7,
        )
    with CaptureQueriesContext(connection) as queries:
        Outcome.objects.for_display().delete()
    assert not Outcome.objects.exists()
    assert not [query["sql"] for query in queries if 'FROM "tracker_source"' in query["sql"]]


def test_party_filter_is_a_typed_name_not_a_list_of_every_party(client, statement):
    response = client.get(reverse("tracker:claim-list"), {"party": "wild arman"})
    assert [c.slug for c in response.context["page"].object_list] == ["led-the-crowd"]
    assert (
        client.get(reverse("tracker:claim-list"), {"party": "prosecution"})
        .context["page"]
        .object_list
        == []
    )
    html = response.content.decode()
    assert '<select name="party"' not in html
    assert '<select name="claimant"' not in html
    assert 'value="wild arman"' in html


def test_claim_list_searches_once_per_page(client, statement):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tracker:claim-list"), {"q": "Wild Arman"})
    assert response.context["page"].paginator.count == 1
    assert len([q for q in queries if "%wild arman%" in q["sql"]]) == 1


def test_list_pages_stay_the_same_size_and_query_count_as_the_data_grows(client, case, source):
    speakers = parties(3)

    def grow(prefix, count):
        claims = published_claims(case, count, prefix=prefix, claimant=speakers[0])
        Statement.objects.bulk_create(
            statement_on(claim, speaker, source, relayed_by=speakers[1])
            for claim in claims
            for speaker in speakers
        )

    grow("first", 2 * STATEMENTS_PER_PAGE)
    urls = [
        reverse("tracker:claim-list"),
        case.get_absolute_url(),
        source.get_absolute_url(),
        speakers[0].get_absolute_url(),
        speakers[1].get_absolute_url(),
    ]
    few = [(count_queries(client, url), len(client.get(url).content)) for url in urls]
    grow("later", 5 * STATEMENTS_PER_PAGE)
    more = [(count_queries(client, url), len(client.get(url).content)) for url in urls]
    for url, (queries_few, size_few), (queries_more, size_more) in zip(
        urls, few, more, strict=True
    ):
        assert queries_more == queries_few, url
        # The same rows; only the counts of pages and rows in the text differ.
        assert abs(size_more - size_few) < 200, url


def test_admin_party_filter_links_only_the_chosen_party(admin_client, statement, other_party):
    parties(30)
    changelist = reverse("admin:tracker_claim_changelist")
    html = admin_client.get(changelist).content.decode()
    assert "party 029" not in html
    chosen = admin_client.get(changelist, {"statements__party__id__exact": statement.party_id})
    assert [c.slug for c in chosen.context["cl"].result_list] == ["led-the-crowd"]
    assert "Arman Dzhumageldiev" in chosen.content.decode()


def test_admin_claim_list_counts_stances_of_the_rows_shown(admin_client, statement, other_party):
    make_statements(statement.claim, other_party, statement.source, 3)
    response = admin_client.get(reverse("admin:tracker_claim_changelist"), {"q": "wild arman"})
    (claim,) = response.context["cl"].result_list
    assert (claim.supports_count, claim.disputes_count, claim.qualifies_count) == (1, 2, 1)
    assert response.context["cl"].show_full_result_count is False
