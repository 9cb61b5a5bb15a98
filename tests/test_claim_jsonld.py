import extruct
import pytest

from tests.helpers import count_queries, make_statements
from tracker.models import Claim, Source

pytestmark = pytest.mark.django_db


def extracted_claims(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode("utf-8")
    data = extruct.extract(html, base_url="http://testserver" + url, syntaxes=["json-ld"])
    return [thing for thing in data["json-ld"] if thing.get("@type") == "Claim"]


def test_claim_page_embeds_a_schema_org_claim(client, statement, source):
    source.url = "https://example.org/trial"
    source.outlet = "Example News"
    source.save()
    (claim,) = extracted_claims(client, "/claims/led-the-crowd/")
    assert claim["@context"] == "https://schema.org"
    assert claim["name"] == "Dzhumageldiev led the crowd"
    assert claim["url"] == "http://testserver/claims/led-the-crowd/"
    assert claim["about"]["name"] == "Almaty trial"
    (appearance,) = claim["appearance"]
    assert appearance["@type"] == "NewsArticle"
    assert appearance["url"] == "https://example.org/trial"
    assert appearance["archivedAt"] == "http://testserver/sources/trial-report/"
    assert appearance["publisher"] == {"@type": "Organization", "name": "Example News"}


def test_a_source_without_an_address_appears_as_our_copy(client, statement):
    (claim,) = extracted_claims(client, "/claims/led-the-crowd/")
    assert claim["appearance"][0]["url"] == "http://testserver/sources/trial-report/"


def test_script_breaking_text_is_escaped_and_still_parses(client, case):
    text = 'He wrote </script><script>alert("x")</script> & left'
    Claim.objects.create(case=case, text=text, slug="hostile", status="published")
    response = client.get("/claims/hostile/")
    assert b"</script><script>" not in response.content
    (claim,) = extracted_claims(client, "/claims/hostile/")
    assert claim["name"] == text


def test_draft_pages_seen_by_researchers_embed_nothing(client, researcher, draft_with_statement):
    client.force_login(researcher)
    assert extracted_claims(client, f"/claims/{draft_with_statement.slug}/") == []


def test_seed_claims_list_each_source_once(client, seed_case):
    (claim,) = extracted_claims(client, "/claims/january-events-casualties/")
    assert len(claim["appearance"]) == Source.objects.count() == 1


def test_embedding_adds_no_queries_as_statements_grow(client, claim, party, source):
    make_statements(claim, party, source, 2)
    few = count_queries(client, claim.get_absolute_url())
    other = Source.objects.create(title="Another", slug="another", text=source.text)
    make_statements(claim, party, other, 30)
    assert count_queries(client, claim.get_absolute_url()) == few
