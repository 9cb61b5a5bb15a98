import re

import pytest
from django.urls import reverse

from tests.helpers import count_queries, make_statements
from tracker.models import Claim, Party

pytestmark = pytest.mark.django_db

ARMAN_URL = reverse("tracker:party-detail", args=["arman-dzhumageldiev"])


def test_party_page_shows_names_aliases_kind_and_role(client, seed_case):
    html = client.get(ARMAN_URL).content.decode()
    assert "<h1>Arman Dzhumageldiev</h1>" in html
    for alias in ("Wild Arman", "Jumageldiev", "Джумагельдиев"):
        assert alias in html
    assert "Party · Person" in html
    assert "Criminal authority" in html


def test_party_page_groups_statements_by_claim(client, seed_case):
    party = Party.objects.get(slug="arman-dzhumageldiev")
    html = client.get(ARMAN_URL).content.decode()
    claims = Claim.objects.filter(statements__party=party).distinct()
    headings = re.findall(r'<h3 id="claim-(\d+)">', html)
    assert sorted(map(int, headings)) == sorted(c.pk for c in claims)
    assert html.count('<article class="statement') == party.statements.count()


def test_party_page_shows_outcomes(client, seed_case):
    html = client.get(ARMAN_URL).content.decode()
    assert "20-year sentence" in html


def test_party_page_hides_draft_statements(client, seed_draft):
    html = client.get(ARMAN_URL).content.decode()
    assert seed_draft.text not in html
    assert "closed to the press" not in html


def test_unknown_party_is_404(client, db):
    assert client.get(reverse("tracker:party-detail", args=["nope"])).status_code == 404


def test_party_page_query_count_does_not_grow_with_statements(client, claim, party, source, case):
    make_statements(claim, party, source, 3)
    few = count_queries(client, party.get_absolute_url())
    for n in range(5):
        more = Claim.objects.create(
            case=case, text=f"Claim {n}", slug=f"claim-{n}", status=Claim.Status.PUBLISHED
        )
        make_statements(more, party, source, 10)
    assert count_queries(client, party.get_absolute_url()) == few


def test_party_page_reads_each_part_in_one_query_or_two(client, seed_case):
    """The party and its aliases; its statements' keys, their rows with their sources, and
    their public notes; the statements it relays; its outcomes with their sources; the claims
    it puts forward."""
    assert count_queries(client, ARMAN_URL) == 8


def test_party_page_lists_the_claims_it_puts_forward_with_their_points(client, seed_case):
    html = client.get(reverse("tracker:party-detail", args=["witnesses"])).content.decode()
    section = html[html.index('id="put-forward-title"') : html.index('id="statements-title"')]
    claim = Claim.objects.get(slug="dzhumageldiev-men-beat-and-tortured-protesters")
    assert f'href="{claim.get_absolute_url()}"' in section
    assert f'href="{claim.point.get_absolute_url()}"' in section
