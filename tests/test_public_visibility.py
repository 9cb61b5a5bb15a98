"""Sources, parties, cases and tags are public only through a published claim (or an outcome
of a public case); drafts show on the public site only to those who review or edit claims."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from tests.helpers import add_statement
from tracker.models import Case, CaseRole, Claim, Outcome, Party, Source, Statement, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unused(case):
    """A party, a source, a tag and a case that only a draft uses."""
    party = Party.objects.create(name="Hidden witness", slug="hidden-witness", kind="person")
    source = Source.objects.create(title="Secret memo", slug="secret-memo", text="Secret words.")
    tag = Tag.objects.create(name="Secret tag", slug="secret-tag")
    other_case = Case.objects.create(title="Sealed case", slug="sealed-case")
    draft = Claim.objects.create(case=other_case, text="A draft", slug="a-draft", claimant=party)
    draft.tags.add(tag)
    add_statement(draft, party, source, "Secret", stance="supports", kind="testimony")
    return {"party": party, "source": source, "tag": tag, "case": other_case}


def add_outcome(case, party, source, quote, summary="Ten years"):
    outcome = Outcome(case=case, party=party, source=source, summary=summary, quote=quote)
    outcome.full_clean()
    outcome.save()
    return outcome


PAGES = {
    "party": "/parties/hidden-witness/",
    "source": "/sources/secret-memo/",
    "case": "/cases/sealed-case/",
}


def test_pages_of_what_only_a_draft_uses_are_404_for_readers_and_staff_without_a_role(
    client, staff, unused, statement
):
    for user in (None, staff):
        if user is not None:
            client.force_login(user)
        for url in PAGES.values():
            assert client.get(url).status_code == 404, (user, url)
        assert client.get("/sources/secret-memo/text").status_code == 404
        assert client.get("/sources/secret-memo/annotations").status_code == 404
        assert client.get("/cases/sealed-case/annotations").status_code == 404
        assert client.get("/cases/sealed-case/claims.atom").status_code == 404


def test_researchers_and_reviewers_see_those_pages_in_place(
    researcher_client, reviewer_client, unused
):
    for client in (researcher_client, reviewer_client):
        for url in PAGES.values():
            assert client.get(url).status_code == 200, url


def test_publishing_the_claim_makes_them_public(client, reviewer, unused):
    claim = Claim.objects.get(slug="a-draft")
    claim.transition("submit", reviewer)
    claim.transition("publish", reviewer)
    for url in PAGES.values():
        assert client.get(url).status_code == 200, url
    assert unused["tag"] in Tag.objects.published()


def test_published_truth_table(case, party, other_party, source, claim, draft_claim):
    """Each way a published claim uses a party makes it public; a draft's use does not."""
    relayer = Party.objects.create(name="Relayer", slug="relayer", kind="media")
    convicted = Party.objects.create(name="Convicted", slug="convicted", kind="person")
    claimant = Party.objects.create(name="Claimant", slug="claimant", kind="person")
    nobody = Party.objects.create(name="Nobody", slug="nobody", kind="person")
    verdict = Source.objects.create(title="Verdict", slug="verdict", text="Ten years.")
    Source.objects.create(title="Unused", slug="unused", text="Nothing.")
    add_statement(
        claim,
        party,
        source,
        "He said he caught looters.",
        stance="supports",
        kind="testimony",
        relayed_by=relayer,
    )
    add_statement(draft_claim, other_party, source, "denied it", stance="disputes", kind="denial")
    Claim.objects.filter(pk=claim.pk).update(claimant=claimant)
    add_outcome(case, convicted, verdict, "Ten years")
    # The draft's claimant is ``party``, public anyway; ``other_party`` only speaks in the draft.
    assert set(Party.objects.published()) == {party, relayer, claimant, convicted}
    assert set(Source.objects.published()) == {source, verdict}
    assert nobody not in Party.objects.visible_to(AnonymousUser())


def test_an_outcome_of_an_unpublished_case_makes_nothing_public(unused):
    add_outcome(unused["case"], unused["party"], unused["source"], "Secret")
    assert unused["party"] not in Party.objects.published()
    assert unused["source"] not in Source.objects.published()


def test_filters_offer_only_what_published_claims_use(client, unused, statement):
    statement.claim.tags.add(Tag.objects.create(name="Public tag", slug="public-tag"))
    html = client.get("/claims/").content.decode()
    assert 'value="public-tag"' in html
    assert 'value="almaty-trial"' in html
    for slug in ("secret-tag", "hidden-witness", "sealed-case"):
        assert f'value="{slug}"' not in html, slug
    response = client.get("/claims/", {"tag": "secret-tag"})
    assert response.status_code == 400
    # Parties are typed, not listed: a party that only an unpublished claim uses finds nothing.
    assert statement.claim.text in client.get("/claims/", {"party": "Arman"}).content.decode()
    hidden = client.get("/claims/", {"party": "hidden-witness"})
    assert hidden.status_code == 200
    assert statement.claim.text not in hidden.content.decode()


def test_sitemap_and_api_leave_them_out(client, unused, statement):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/parties/arman-dzhumageldiev/" in sitemap
    for url in PAGES.values():
        assert url not in sitemap
    for path, slug in [
        ("parties/", "hidden-witness"),
        ("sources/", "secret-memo"),
        ("cases/", "sealed-case"),
    ]:
        listed = client.get(f"/api/{path}", HTTP_ACCEPT="application/json").json()["results"]
        assert slug not in {row["slug"] for row in listed}
        assert client.get(f"/api/{path}{slug}/").status_code == 404
    statements = client.get("/api/statements/", {"party": "hidden-witness"})
    assert statements.status_code == 400


def test_api_case_roles_name_only_public_parties(client, case, unused, statement, party):
    CaseRole.objects.create(case=case, party=party, role="defendant")
    CaseRole.objects.create(case=case, party=unused["party"], role="witness")
    body = client.get("/api/cases/almaty-trial/", HTTP_ACCEPT="application/json").json()
    assert body["roles"] == [{"party": party.slug, "role": "defendant"}]


def test_party_and_source_pages_show_no_outcome_of_an_unpublished_case(
    client, unused, statement, party, source
):
    add_outcome(unused["case"], party, source, "denied", summary="Sealed sentence")
    assert "Sealed sentence" not in client.get(party.get_absolute_url()).content.decode()
    assert "Sealed sentence" not in client.get(source.get_absolute_url()).content.decode()
    assert Statement.objects.filter(party=party).exists()
