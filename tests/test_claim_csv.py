import csv
import io
import tracemalloc

import pytest
from django.urls import reverse

from tests.helpers import (
    add_statement,
    body,
    count_queries,
    make_statements,
    published_claims,
    statement_on,
)
from tracker.models import Claim, Source, Statement

pytestmark = pytest.mark.django_db

LIST_URL = reverse("tracker:claim-list")
CSV_URL = reverse("tracker:claim-list-csv")


def csv_rows(client, query=""):
    response = client.get(f"{CSV_URL}?{query}")
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8"))))


def on_screen(client, query=""):
    """Every claim the list shows for ``query``, page after page, as absolute URLs."""
    urls, page = [], 1
    while True:
        response = client.get(f"{LIST_URL}?{query}&page={page}")
        assert response.status_code == 200
        shown = response.context["page"]
        urls += [f"http://testserver{claim.get_absolute_url()}" for claim in shown.object_list]
        if not shown.has_next():
            return urls
        page += 1


def claims_in(rows):
    listed = []
    for row in rows:
        if not listed or listed[-1] != row["claim_url"]:
            listed.append(row["claim_url"])
    return listed


@pytest.mark.parametrize(
    "query",
    [
        "",
        "party=arman-dzhumageldiev",
        "stance=qualifies",
        "kind=official_figure",
        "q=wild+arman",
        "tag=casualties",
        "q=no-such-words-anywhere",
    ],
)
def test_csv_lists_the_claims_on_screen_in_the_same_order(client, seed_case, query):
    rows = csv_rows(client, query)
    assert claims_in(rows) == on_screen(client, query)


def test_csv_has_one_row_per_statement_with_its_exact_words(client, seed_case):
    rows = csv_rows(client)
    assert len(rows) == Statement.objects.published().count()
    text = Source.objects.get().text
    for row in rows:
        assert text[int(row["quote_start"]) : int(row["quote_end"])] == row["quote"]
        assert row["stance"] in {"supports", "disputes", "qualifies"}
        assert row["quote_url"].startswith("http://testserver/sources/")


def test_csv_follows_the_list_across_pages(client, case, party, source):
    for number in range(23):
        claim = Claim.objects.create(
            case=case, text=f"Claim {number}", slug=f"claim-{number}", status="published"
        )
        make_statements(claim, party, source, 1 if number % 2 else 0)
    rows = csv_rows(client)
    assert claims_in(rows) == on_screen(client)
    assert len(claims_in(rows)) == 23
    without_statements = [row for row in rows if row["claim"] == "Claim 0"]
    assert without_statements[0]["party"] == ""


def test_csv_leaves_out_drafts(client, statement, draft_with_statement):
    rows = csv_rows(client)
    assert {row["claim"] for row in rows} == {"Dzhumageldiev led the crowd"}


def test_invalid_filter_is_a_400_with_the_reason(client, seed_case):
    response = client.get(f"{CSV_URL}?stance=loves")
    assert response.status_code == 400
    assert b"stance" in response.content
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("query", ["party=%00", "q=%00", "case=" + "x" * 5000, "tag=%E2%80%AE"])
def test_hostile_parameters_never_give_a_server_error(client, seed_case, query):
    assert client.get(f"{CSV_URL}?{query}").status_code in {200, 400}


def test_list_links_to_the_csv_of_the_same_filters(client, seed_case):
    page = client.get(f"{LIST_URL}?stance=disputes&page=1").content.decode()
    assert f'href="{CSV_URL}?stance=disputes"' in page


def test_csv_query_count_is_flat(client, case, party, source):
    def add(count, start):
        for number in range(start, start + count):
            claim = Claim.objects.create(
                case=case, text=f"Claim {number}", slug=f"claim-{number}", status="published"
            )
            make_statements(claim, party, source, 3)

    add(2, 0)
    few = count_queries(client, CSV_URL)
    add(30, 2)
    assert count_queries(client, CSV_URL) == few


def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe_and_keeps_its_exact_text(
    client, case, party
):
    formula = '=HYPERLINK("http://evil.example/","Click me")'
    claim = Claim.objects.create(case=case, text=formula, slug="formula", status="published")
    source = Source.objects.create(
        title="Spreadsheet", slug="spreadsheet", text="Said: -1 for them, 'quoted' and @all."
    )
    for quote in ["-1 for them", "'quoted'", "@all", "Said"]:
        add_statement(claim, party, source, quote, stance="supports", kind="testimony")

    rows = csv_rows(client)

    assert {row["claim"] for row in rows} == {"'" + formula}
    cells = [row["quote"] for row in rows]
    assert cells == ["'-1 for them", "''quoted'", "'@all", "Said"]
    for row in rows:
        exact = row["quote"][1:] if row["quote"].startswith("'") else row["quote"]
        assert exact == source.text[int(row["quote_start"]) : int(row["quote_end"])]


@pytest.mark.parametrize(
    "text", ["=1+1", "+1 said so", "-1", "@here", "\tIndented", "\rAhead", "'Quoted'"]
)
def test_each_start_a_spreadsheet_acts_on_gets_an_apostrophe(client, case, text):
    Claim.objects.create(case=case, text=text, slug="active", status="published")
    Claim.objects.create(case=case, text="Plain words", slug="plain", status="published")
    cells = {row["claim"] for row in csv_rows(client)}
    assert cells == {"'" + text, "Plain words"}


def test_csv_is_sent_a_chunk_of_claims_at_a_time(client, case, party):
    words = "The crowd gathered at the square before noon. " * 40  # 1,880 characters
    source = Source.objects.create(title="Long report", slug="long-report", text=words * 2)
    claims = published_claims(case, 3000)
    Statement.objects.bulk_create(
        statement_on(claim, party, source, quote=words, quote_end=len(words)) for claim in claims
    )
    response = client.get(CSV_URL)
    assert response.streaming
    size = 0
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size > 3000 * len(words)
    # Read whole, as it was, the file's rows and text take several times its size.
    assert peak < size / 2
