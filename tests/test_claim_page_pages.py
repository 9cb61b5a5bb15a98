"""A claim's page shows a page of each stance's statements, however many its claim has (issue
12: every list on a public page is bounded)."""

import re

from tests.helpers import make_statements, rows_fetched
from tracker.models import Statement
from tracker.models.claim_queries import STATEMENTS_PER_STANCE

# make_statements deals the stances in turn: two more than a page of each.
OF_EACH = STATEMENTS_PER_STANCE + 2


def cards(html: str, stance: str) -> list[str]:
    """The ids of the statement cards of ``stance`` on a claim's page, in page order."""
    return re.findall(rf'<article class="statement stance-{stance}" id="([^"]+)"', html)


def ids_in_reading_order(claim, stance: str) -> list[str]:
    statements = claim.statements.filter(stance=stance).order_by("position", "pk")
    return [f"statement-{pk}" for pk in statements.values_list("pk", flat=True)]


def test_each_stance_shows_its_first_page_and_counts_all_of_it(client, claim, party, source):
    make_statements(claim, party, source, 3 * OF_EACH)
    html = client.get(claim.get_absolute_url()).content.decode()
    for stance in Statement.Stance:
        shown = cards(html, stance.value)
        assert shown == ids_in_reading_order(claim, stance.value)[:STATEMENTS_PER_STANCE]
        assert f'id="column-{stance.value}">{stance.label} <span class="count">({OF_EACH})' in html
        assert f'href="?{stance.value}_page=2#column-{stance.value}"' in html
    assert "Page 1 of 2" in html


def test_a_later_page_of_one_stance_keeps_the_page_shown_of_the_others(
    client, claim, party, source
):
    make_statements(claim, party, source, 3 * OF_EACH)
    url = f"{claim.get_absolute_url()}?supports_page=2&disputes_page=2"
    html = client.get(url).content.decode()
    assert cards(html, "supports") == ids_in_reading_order(claim, "supports")[-2:]
    assert cards(html, "disputes") == ids_in_reading_order(claim, "disputes")[-2:]
    assert len(cards(html, "qualifies")) == STATEMENTS_PER_STANCE
    # Back to the first page of one column leaves the other where the reader put it.
    assert 'href="?disputes_page=2#column-supports"' in html
    assert (
        'href="?supports_page=2&amp;disputes_page=2&amp;qualifies_page=2#column-qualifies"' in html
    )


def test_a_page_of_few_statements_has_no_page_links(client, claim, party, source):
    make_statements(claim, party, source, 6)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert 'class="pagination"' not in html
    assert all(len(cards(html, stance)) == 2 for stance in Statement.Stance.values)


def test_a_page_past_the_last_is_a_404_that_says_how_many_there_are(client, claim, party, source):
    make_statements(claim, party, source, 3 * OF_EACH)
    response = client.get(f"{claim.get_absolute_url()}?disputes_page=3")
    assert response.status_code == 404
    assert "There is no page 3 of the “Disputes” statements on this claim; they fill 2 pages." in (
        response.content.decode()
    )
    response = client.get(f"{claim.get_absolute_url()}?qualifies_page=2")
    assert response.status_code == 200
    response = client.get(f"{claim.get_absolute_url()}?qualifies_page=second")
    assert response.status_code == 404
    assert "“second” is not a page number" in response.content.decode()


def test_the_page_fetches_a_page_of_each_stance_however_many_the_claim_has(
    client, claim, party, source
):
    make_statements(claim, party, source, 3 * OF_EACH)
    fetched = rows_fetched(client, claim.get_absolute_url())
    make_statements(claim, party, source, 600)
    assert rows_fetched(client, claim.get_absolute_url()) == fetched


def test_a_claim_read_whole_is_paged_as_one_numbered_in_the_database(client, claim, party, source):
    # Under three pages of statements in all, a claim's are read whole and paged in Python.
    make_statements(claim, party, source, STATEMENTS_PER_STANCE + 10)
    Statement.objects.filter(claim=claim).update(stance=Statement.Stance.SUPPORTS)
    supports = ids_in_reading_order(claim, "supports")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert cards(html, "supports") == supports[:STATEMENTS_PER_STANCE]
    assert f'<span class="count">({STATEMENTS_PER_STANCE + 10})' in html
    assert "No statement disputes this claim." in html
    html = client.get(f"{claim.get_absolute_url()}?supports_page=2").content.decode()
    assert cards(html, "supports") == supports[STATEMENTS_PER_STANCE:]
    response = client.get(f"{claim.get_absolute_url()}?supports_page=3")
    assert "they fill 2 pages." in response.content.decode()
    assert client.get(f"{claim.get_absolute_url()}?disputes_page=2").status_code == 404


def test_a_statement_listed_elsewhere_links_to_the_page_of_its_stance_that_shows_it(
    client, claim, party, other_party, source
):
    make_statements(claim, party, source, STATEMENTS_PER_STANCE + 10)
    Statement.objects.filter(claim=claim).update(
        stance=Statement.Stance.SUPPORTS, relayed_by=other_party
    )
    supports = ids_in_reading_order(claim, "supports")
    on_first, on_second = supports[STATEMENTS_PER_STANCE - 1], supports[STATEMENTS_PER_STANCE]
    # Source and relayer list twenty a page in the claim's order: the third holds both.
    for listing in [
        f"{source.get_absolute_url()}?page=3",
        f"{other_party.get_absolute_url()}?relayed_page=3",
    ]:
        html = client.get(listing).content.decode()
        assert f'href="{claim.get_absolute_url()}#{on_first}"' in html
        assert f'href="{claim.get_absolute_url()}?supports_page=2#{on_second}"' in html
    html = client.get(f"{claim.get_absolute_url()}?supports_page=2").content.decode()
    assert on_second in cards(html, "supports")
