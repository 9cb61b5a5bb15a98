import re

import pytest
from django.urls import reverse

from tests.helpers import (
    count_queries,
    make_statements,
    parties,
    published_claims,
    rows_fetched,
    statement_on,
)
from tracker.models import Case, Claim, Outcome, Statement
from tracker.views import MATRIX_CLAIMS_PER_PAGE

pytestmark = pytest.mark.django_db

CASE_URL = reverse("tracker:case-detail", args=["almaty-trial-january-2022"])


def matrix_row(html, claim):
    row = re.search(
        rf'<tr>\s*<th scope="row">(?:(?!</th>).)*<a href="{claim.get_absolute_url()}">.*?</tr>',
        html,
        re.S,
    )
    assert row, claim
    return row.group()


def test_case_page_shows_summary_place_period_and_outcomes(client, seed_case):
    case = Case.objects.get()
    html = client.get(CASE_URL).content.decode()
    assert f"<h1>{case.title}</h1>" in html
    assert "closed to the press after its initial sessions" in html
    assert "Almaty, Kazakhstan" in html
    assert "verdict announced on January 27" in html
    for outcome in Outcome.objects.all():
        assert outcome.summary in html
        assert f'href="{outcome.quote_url}"' in html


def test_matrix_shows_each_partys_stance_in_words_linking_to_the_claim(client, seed_case):
    html = client.get(CASE_URL).content.decode()
    claim = Claim.objects.get(slug="wild-arman-tasked-with-crowds-and-peoples-council")
    row = matrix_row(html, claim)
    words = re.findall(rf'<a class="stance-word[^"]*" href="{claim.get_absolute_url()}">(\w+)', row)
    assert sorted(words) == ["Disputes", "Qualifies", "Supports"]
    headers = re.findall(r'<th scope="col"><a href="/parties/([\w-]+)/">', html)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    stance_of = dict(zip(headers, cells, strict=True))
    assert "Supports" in stance_of["prosecution"]
    assert "Disputes" in stance_of["arman-dzhumageldiev"]
    assert "Qualifies" in stance_of["ruslan-iskakov"]
    assert "No statement" in stance_of["witnesses"]


def test_matrix_leaves_out_drafts_and_parties_only_they_mention(client, seed_draft):
    response = client.get(CASE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    published = Claim.objects.get(slug="wild-arman-tasked-with-crowds-and-peoples-council")
    assert published.get_absolute_url() in matrix_row(html, published)
    assert seed_draft.text not in html
    assert seed_draft.get_absolute_url() not in html


def test_unknown_case_is_404(client, db):
    assert client.get(reverse("tracker:case-detail", args=["nope"])).status_code == 404


def test_case_text_is_escaped(client, claim):
    case = claim.case  # public through its published claim
    case.summary = "<img src=x onerror=alert(1)>"
    case.save()
    html = client.get(case.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_case_page_query_count_does_not_grow_with_claims_and_statements(
    client, case, claim, party, other_party, source
):
    make_statements(claim, party, source, 3)
    few = count_queries(client, case.get_absolute_url())
    for n in range(10):
        more = Claim.objects.create(
            case=case, text=f"Claim {n}", slug=f"claim-{n}", status=Claim.Status.PUBLISHED
        )
        make_statements(more, other_party if n % 2 else party, source, 6)
    assert count_queries(client, case.get_absolute_url()) == few


def test_a_claim_with_many_statements_fetches_one_row_per_cell_stance(
    client, case, claim, party, source
):
    """The matrix shows each party's stances on a claim, not its statements: sixty statements
    of one party taking three stances fetch what three do."""
    make_statements(claim, party, source, 3)
    few = rows_fetched(client, case.get_absolute_url())
    make_statements(claim, party, source, 57)
    assert rows_fetched(client, case.get_absolute_url()) == few


def test_case_page_reads_each_part_in_one_query_or_two(client, seed_case):
    """The case; the matrix's keys, claims and statements; the points and their versions; the
    outcomes with their sources; the sources' keys and rows."""
    assert count_queries(client, CASE_URL) == 9


def test_case_page_opens_with_its_disputed_points_and_their_claimants(client, seed_case):
    from tracker.models import Point

    html = client.get(CASE_URL).content.decode()
    points_at = html.index('id="points-title"')
    assert points_at < html.index('id="matrix-title"') < html.index('id="outcomes-title"')
    assert html.index('id="outcomes-title"') < html.index('id="sources-title"')
    rows = re.findall(r'<li class="point-row">.*?</ul>\s*</li>', html, re.S)
    assert len(rows) == Point.objects.count() == 3
    first = rows[0]
    point = Point.objects.get(slug="who-sent-dzhumageldiev-and-to-do-what")
    assert f'href="{point.get_absolute_url()}"' in first
    names = re.findall(r'<span class="claimant">([^<]*)</span>', first)
    assert [n.replace("&#x27;", "'") for n in names] == [
        "Ruslan Iskakov",
        "The prosecution",
        "Arman Dzhumageldiev",
        "Dzhumageldiev's defence",
    ]


def test_case_page_leaves_out_points_without_a_published_version(client, seed_case):
    from tracker.models import Point

    point = Point.objects.get(slug="what-dzhumageldiev-men-did-to-protesters")
    point.versions.update(status=Claim.Status.DRAFT)
    html = client.get(CASE_URL).content.decode()
    assert point.get_absolute_url() not in html


def test_case_page_lists_its_sources(client, seed_case):
    from tracker.models import Source

    html = client.get(CASE_URL).content.decode()
    sources = html[html.index('id="sources-title"') :]
    assert f'href="{Source.objects.get().get_absolute_url()}"' in sources
    assert "citing Tengrinews.kz" in sources


def test_matrix_has_a_list_per_party_for_narrow_screens(client, seed_case):
    html = client.get(CASE_URL).content.decode()
    narrow = re.search(r'<div class="matrix-narrow">.*?</div>', html, re.S).group()
    headers = re.findall(r'<th scope="col"><a href="(/parties/[\w-]+/)">', html)
    listed = re.findall(r'<h3 class="matrix-party-name"><a href="(/parties/[\w-]+/)">', narrow)
    assert listed == headers
    assert len(listed) == 7  # every party with a statement on a published claim


def crowded_matrix(case, source):
    """A page and a bit of claims with ten parties on each, no party on two: most of the
    matrix's cells are empty, as on a case page at 100,000 statements (issue 12)."""
    claims = published_claims(case, MATRIX_CLAIMS_PER_PAGE + 1, prefix="a-claim-of-some-length")
    speakers = parties(10 * len(claims), prefix="almas-dosmukhambetov")
    Statement.objects.bulk_create(
        statement_on(claim, party, source)
        for index, claim in enumerate(claims)
        for party in speakers[10 * index : 10 * index + 10]
    )


def test_an_empty_matrix_cell_is_a_few_dozen_bytes(client, case, source):
    crowded_matrix(case, source)
    html = client.get(case.get_absolute_url()).content.decode()
    empty = re.findall(r"<td>(?:(?!</td>).)*No statement(?:(?!</td>).)*</td>", html, re.S)
    assert len(empty) == MATRIX_CLAIMS_PER_PAGE * 10 * (MATRIX_CLAIMS_PER_PAGE - 1)
    assert max(len(cell) for cell in empty) <= 40


def test_a_crowded_case_page_stays_small(client, case, source):
    # 137 KB. At 20 claims a page, with a hundred bytes to each empty cell, it came to 500 KB,
    # as the case page did at 100,000 statements, where its size alone held the cached page
    # below half the requests a second of a bare view.
    crowded_matrix(case, source)
    assert len(client.get(case.get_absolute_url()).content) < 160 * 1024
