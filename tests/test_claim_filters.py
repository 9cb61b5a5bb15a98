import pytest
from django.urls import reverse

from tests.helpers import add_statement, count_queries, make_statements, published_claims
from tracker.models import Case, Claim, Party, PartyAlias, Point, Statement

pytestmark = pytest.mark.django_db

LIST_URL = reverse("tracker:claim-list")
ARMANS_CLAIMS = {
    "wild-arman-tasked-with-crowds-and-peoples-council",
    "dzhumageldiev-men-beat-and-tortured-protesters",
    "iskakov-asked-dzhumageldiev-to-protect-people",
    "dzhumageldiev-calmed-protesters-and-caught-looters",
}


def listed(client, query=""):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200, response.content[:2000]
    return {claim.slug for claim in response.context["page"].object_list}


def test_unfiltered_list_shows_every_published_claim(client, seed_case):
    assert len(listed(client)) == 12


def test_list_leaves_out_claims_that_are_not_published(client, seed_draft):
    Claim.objects.filter(slug="january-events-were-attempted-coup").update(
        status=Claim.Status.UNPUBLISHED
    )
    slugs = listed(client)
    assert seed_draft.slug not in slugs
    assert "january-events-were-attempted-coup" not in slugs
    assert len(slugs) == 11


def test_filter_by_case(client, seed_case):
    other = Case.objects.create(title="Another case", slug="another-case")
    Claim.objects.create(
        case=other, text="Something else", slug="something-else", status=Claim.Status.PUBLISHED
    )
    assert "something-else" in listed(client)
    kept = listed(client, "case=almaty-trial-january-2022")
    assert len(kept) == 12
    assert "something-else" not in kept
    assert listed(client, "case=another-case") == {"something-else"}


def test_filter_by_party(client, seed_case):
    assert listed(client, "party=arman-dzhumageldiev") == ARMANS_CLAIMS


def test_filter_by_stance(client, seed_case):
    assert listed(client, "stance=qualifies") == {
        "wild-arman-tasked-with-crowds-and-peoples-council"
    }


def test_filter_by_statement_kind(client, seed_case):
    assert listed(client, "kind=official_figure") == {"january-events-casualties"}


def test_filter_by_tag(client, seed_case):
    assert listed(client, "tag=blame") == {"abish-distanced-himself"}
    assert len(listed(client, "tag=orders")) == 5


def test_party_and_stance_describe_the_same_statement(client, seed_case):
    assert listed(client, "party=arman-dzhumageldiev&stance=disputes") == {
        "wild-arman-tasked-with-crowds-and-peoples-council",
        "dzhumageldiev-men-beat-and-tortured-protesters",
    }
    # The prosecution supports claim 5, Iskakov qualifies it; nobody's statement is both.
    assert listed(client, "party=prosecution&stance=qualifies") == set()
    assert listed(client, "party=ruslan-iskakov&stance=qualifies") == {
        "wild-arman-tasked-with-crowds-and-peoples-council"
    }


def test_filters_combine(client, seed_case):
    assert listed(client, "party=arman-dzhumageldiev&tag=law-enforcement") == {
        "dzhumageldiev-calmed-protesters-and-caught-looters"
    }


@pytest.mark.parametrize(
    "query", ["wild arman", "WILD ARMAN", "Jumageldiev", "Джумагельдиев", "джумагельдиев"]
)
def test_search_finds_a_party_by_alias_transliteration_and_native_spelling(
    client, seed_case, query
):
    found = listed(client, f"q={query}")
    assert found >= ARMANS_CLAIMS
    assert "january-events-casualties" not in found


def test_search_ignores_accents(client, seed_case):
    found = listed(client, "q=dzhumageldíev")
    assert found >= ARMANS_CLAIMS
    assert "iskakov-acted-on-abish-orders" not in found


def test_search_covers_claim_text_quotes_and_paraphrases(client, seed_case):
    assert listed(client, "q=attempted coup") == {"january-events-were-attempted-coup"}
    assert listed(client, "q=4,500") == {"january-events-casualties"}
    # Only in a quote: "catch looters".
    assert "dzhumageldiev-calmed-protesters-and-caught-looters" in listed(client, "q=catch looters")
    # Only in a paraphrase.
    assert "iskakov-acted-on-abish-orders" in listed(client, "q=initial ses")


# Each way in, and the words that find by it alone: words longer than three characters are
# searched another way than shorter ones (ClaimQuerySet.matching).
WORDS_FOR_EACH_WAY_IN = {
    "longer words": ["looters", "gates", "old kairat", "wild arman", "witnesses"],
    "short words": ["oot", "gat", "old", "wil", "ess"],
}


@pytest.mark.parametrize("words", WORDS_FOR_EACH_WAY_IN.values(), ids=WORDS_FOR_EACH_WAY_IN)
def test_search_finds_each_claim_by_each_way_in_and_lists_it_once(
    client, case, party, other_party, source, words
):
    abish = Party.objects.create(name="Kairat Abish", slug="abish", kind=Party.Kind.PERSON)
    PartyAlias.objects.create(party=abish, name="Old Kairat", kind=PartyAlias.Kind.NICKNAME)
    gates = Point.objects.create(case=case, question="Who opened the gates?", slug="gates")

    def published(slug, text, **fields):
        return Claim.objects.create(
            case=case, slug=slug, text=text, status=Claim.Status.PUBLISHED, **fields
        )

    def says(claim, speaker, quote):
        stance, kind = Statement.Stance.SUPPORTS, Statement.Kind.TESTIMONY
        add_statement(claim, speaker, source, quote, stance=stance, kind=kind)

    published("by-text", "Looters were caught")
    published("by-point", "The guards did", point=gates)
    published("by-claimant", "The crowd was calm", claimant=abish)
    says(published("by-quote", "Nobody saw it"), other_party, "witnesses agreed")
    says(published("by-party", "He was there"), party, "denied it")
    says(published("by-text-and-quote", "Witnesses agreed"), other_party, "witnesses agreed")

    text, point, claimant, party_alias, quote = words
    assert listed(client, f"q={text}") == {"by-text"}
    assert listed(client, f"q={point}") == {"by-point"}
    assert listed(client, f"q={claimant}") == {"by-claimant"}
    assert listed(client, f"q={party_alias}") == {"by-party"}
    assert listed(client, f"q={quote}") == {"by-quote", "by-text-and-quote"}
    response = client.get(LIST_URL, {"q": quote})
    assert response.context["page"].paginator.count == 2


def test_search_drops_claims_that_do_not_match(client, seed_case):
    assert listed(client, "q=no such words anywhere") == set()


def test_search_does_not_find_draft_claims(client, seed_draft):
    assert seed_draft.slug not in listed(client, "q=planned the unrest")


def test_rows_show_stance_counts_not_inflated_by_filters(client, seed_case):
    queries = ["", "tag=people-s-council", "party=ruslan-iskakov", "q=wild arman&stance=supports"]
    for query in queries:
        response = client.get(f"{LIST_URL}?{query}")
        claim = next(
            c
            for c in response.context["page"].object_list
            if c.slug == "wild-arman-tasked-with-crowds-and-peoples-council"
        )
        assert (claim.supports_count, claim.disputes_count, claim.qualifies_count) == (1, 1, 1)
    html = client.get(LIST_URL).content.decode()
    assert "supporting" in html
    assert "disputing" in html


def test_filters_and_page_live_in_the_url(client, case):
    published_claims(case, 25)
    first = client.get(f"{LIST_URL}?case=almaty-trial")
    assert len(first.context["page"].object_list) == 20
    assert 'href="?case=almaty-trial&amp;page=2"' in first.content.decode()
    second = client.get(f"{LIST_URL}?case=almaty-trial&page=2")
    assert [c.slug for c in second.context["page"].object_list] == [
        f"claim-{n:03}" for n in range(20, 25)
    ]
    assert 'value="almaty-trial" selected' in second.content.decode()


def test_search_form_keeps_the_query(client, seed_case):
    html = client.get(f"{LIST_URL}?q=Wild+Arman").content.decode()
    assert 'value="Wild Arman"' in html


def test_list_query_count_does_not_grow_with_claims_and_statements(client, case, party, source):
    first = Claim.objects.create(
        case=case, text="First", slug="first", status=Claim.Status.PUBLISHED
    )
    make_statements(first, party, source, 3)
    urls = [LIST_URL, f"{LIST_URL}?q=first&stance=supports&party={party.slug}"]
    few = [count_queries(client, url) for url in urls]
    for n in range(30):
        more = Claim.objects.create(
            case=case, text=f"First {n}", slug=f"first-{n}", status=Claim.Status.PUBLISHED
        )
        make_statements(more, party, source, 4)
    assert [count_queries(client, url) for url in urls] == few


@pytest.mark.parametrize(
    ("query", "in_use"),
    [
        ("", 0),
        ("q=arman", 0),
        ("q=arman&stance=&tag=", 0),
        ("stance=disputes", 1),
        ("stance=disputes&party=Iskakov&q=arman", 2),
        ("stance=agrees", 1),  # refused, so the reader must see it to correct it
    ],
)
def test_refinements_in_use_count_what_the_address_sets_apart_from_the_search(
    client, case, query, in_use
):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.context["filter"].refinements_in_use() == in_use
    assert (b'<details class="refinements" open>' in response.content) == bool(in_use)
