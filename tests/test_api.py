import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.helpers import SEED_CASE, make_statements
from tracker.models import Claim, Party, Source, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    # The throttle counts requests in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def api(client, path, status=200, headers=None):
    response = client.get(f"/api/{path}", HTTP_ACCEPT="application/json", headers=headers)
    assert response.status_code == status, response.content[:2000]
    return response.json()


def slugs(client, path):
    return {row["slug"] for row in api(client, path)["results"]}


def test_claims_list_every_published_claim_with_its_statements(client, seed_case):
    body = api(client, "claims/")
    assert body["count"] == 12
    claim = next(row for row in body["results"] if row["slug"] == "january-events-casualties")
    assert claim["case"] == SEED_CASE
    assert claim["page"] == "http://testserver/claims/january-events-casualties/"
    source = Source.objects.get()
    for statement in claim["statements"]:
        assert source.text[statement["quote_start"] : statement["quote_end"]] == statement["quote"]


def test_drafts_and_what_only_they_use_never_appear(client, draft_with_statement, statement):
    unpublished_only = Source.objects.create(title="Draft only", slug="draft-only", text="Ab.")
    loner = Party.objects.create(name="Only in drafts", slug="only-in-drafts", kind="person")
    Statement.objects.create(
        claim=draft_with_statement,
        party=loner,
        source=unpublished_only,
        stance="supports",
        kind="testimony",
        quote="Ab",
        quote_start=0,
        quote_end=2,
    )
    assert slugs(client, "claims/") == {"led-the-crowd"}
    assert [row["id"] for row in api(client, "statements/")["results"]] == [statement.pk]
    assert slugs(client, "parties/") == {"arman-dzhumageldiev"}
    assert slugs(client, "sources/") == {"trial-report"}
    api(client, f"claims/{draft_with_statement.slug}/", status=404)
    api(client, "sources/draft-only/", status=404)
    api(client, "parties/only-in-drafts/", status=404)


def test_staff_see_no_drafts_either(client, staff, draft_with_statement, statement):
    client.force_login(staff)
    assert slugs(client, "claims/") == {"led-the-crowd"}


def test_claims_filter_like_the_site(client, seed_case):
    assert slugs(client, "claims/?stance=qualifies") == {
        "wild-arman-tasked-with-crowds-and-peoples-council"
    }
    armans = slugs(client, "claims/?party=arman-dzhumageldiev")
    assert len(armans) == 4
    assert "january-events-casualties" not in armans
    assert slugs(client, "claims/?kind=official_figure") == {"january-events-casualties"}
    assert slugs(client, "claims/?q=wild+arman") >= {
        "wild-arman-tasked-with-crowds-and-peoples-council"
    }


def test_bad_filter_value_is_a_400_naming_the_field(client, seed_case):
    body = api(client, "claims/?case=no-such-case", status=400)
    assert "case" in body
    body = api(client, "statements/?stance=shouting", status=400)
    assert "stance" in body


def test_statements_filter_by_party_and_source(client, seed_case):
    rows = api(client, "statements/?party=arman-dzhumageldiev")["results"]
    assert rows
    assert {row["party"] for row in rows} == {"arman-dzhumageldiev"}
    assert len(api(client, "statements/")["results"]) > len(rows)


def test_pagination_pages_and_page_size(client, claim, party, source):
    make_statements(claim, party, source, 7)
    first = api(client, "statements/?page_size=3")
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["next"].endswith("page=2&page_size=3")
    last = api(client, "statements/?page_size=3&page=3")
    assert len(last["results"]) == 1
    assert last["next"] is None
    seen = [
        row["id"]
        for page in (1, 2, 3)
        for row in api(client, f"statements/?page_size=3&page={page}")["results"]
    ]
    assert len(set(seen)) == 7


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_a_page_that_does_not_exist_is_a_404_not_a_500(client, claim, page):
    body = api(client, f"claims/?page={page}", status=404)
    assert "page" in body["detail"].lower()


def test_claim_list_query_count_is_flat(client, case, party, source, django_assert_max_num_queries):
    def add_claims(count, start):
        for number in range(start, start + count):
            claim = Claim.objects.create(
                case=case, text=f"Claim {number}", slug=f"claim-{number}", status="published"
            )
            make_statements(claim, party, source, 2)

    add_claims(2, 0)
    with django_assert_max_num_queries(8) as few:
        api(client, "claims/")
    add_claims(20, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        api(client, "claims/")


def test_single_source_has_its_verbatim_text(client, statement, source):
    body = api(client, f"sources/{source.slug}/")
    assert body["text"] == source.text
    assert body["sha256"] == source.sha256
    assert "text" not in api(client, "sources/")["results"][0]


@override_settings(API_ANONYMOUS_RATE="3/minute")
def test_anonymous_clients_are_throttled(client, claim):
    for _ in range(3):
        api(client, "claims/")
    response = client.get("/api/claims/", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()
    assert int(response["Retry-After"]) > 0


@override_settings(API_ANONYMOUS_RATE="3/minute")
def test_a_client_cannot_escape_the_throttle_by_naming_other_addresses(client, claim):
    # Anyone can send X-Forwarded-For; unless a proxy is trusted to write it, each new value
    # must not count as a new client.
    for n in range(3):
        api(client, "claims/", headers={"x-forwarded-for": f"203.0.113.{n}"})
    response = client.get(
        "/api/claims/", HTTP_ACCEPT="application/json", HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert response.status_code == 429


@override_settings(API_ANONYMOUS_RATE="2/minute")
def test_behind_a_trusted_proxy_each_client_is_the_address_the_proxy_saw(client, claim, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The proxy appends the address it saw; what the client wrote before it is not believed.
    for spoofed in ["192.0.2.1", "192.0.2.2"]:
        api(client, "claims/", headers={"x-forwarded-for": f"{spoofed}, 198.51.100.7"})
    spoofing = {"x-forwarded-for": "192.0.2.3, 198.51.100.7"}
    assert client.get("/api/claims/", headers=spoofing).status_code == 429
    another_client = {"x-forwarded-for": "198.51.100.8"}
    api(client, "claims/", headers=another_client)


@override_settings(API_ANONYMOUS_RATE="3/minute")
def test_signed_in_users_are_not_throttled_as_anonymous(client, reader, claim):
    client.force_login(reader)
    for _ in range(5):
        api(client, "claims/")


def test_openapi_schema_documents_the_claim_filters(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"] for p in schema["paths"]["/api/claims/"]["get"]["parameters"]}
    assert {"q", "case", "party", "stance", "kind", "tag", "page", "page_size"} <= parameters
    assert "/api/sources/{slug}/" in schema["paths"]


@pytest.mark.parametrize("version", ["<script>alert(1)</script>", "2", "a%0D%0AX-Injected:%201"])
def test_schema_version_is_the_apis_whatever_the_query_says(client, version):
    client.raise_request_exception = False
    response = client.get(f"/api/schema/?format=json&version={version}")
    assert response.status_code == 200
    assert response.json()["info"]["version"] == "1"
    assert response["Content-Disposition"] == 'inline; filename="Claims tracker API (1).json"'


def test_browsable_api_is_an_html_page(client, claim):
    response = client.get("/api/claims/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"led-the-crowd" in response.content
    assert b"https://" not in response.content.split(b"<body")[0]  # no CDN in the head


def test_api_is_read_only(client, claim):
    response = client.post("/api/claims/", {"text": "x"})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "claims/?party=%00",
        "claims/?q=%00",
        "claims/?tag=" + "x" * 5000,
        "statements/?claim=%00",
        "statements/?source=%E2%80%AE",
        "statements/abc/",
        "statements/99999999999999999999999/",
        "claims/?page_size=-3",
        "claims/?page_size=abc",
        "sources/%00/",
    ],
)
def test_hostile_parameters_never_give_a_server_error(client, seed_case, path):
    response = client.get(f"/api/{path}", HTTP_ACCEPT="application/json")
    assert response.status_code in {200, 400, 404}
    response.json()
