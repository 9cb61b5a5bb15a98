import pytest
from django.urls import reverse

from tests.helpers import form_values

pytestmark = pytest.mark.django_db

LIST_URL = reverse("tracker:claim-list")

HOSTILE_LIST_QUERIES = [
    "case=no-such-case",
    "party=%00",
    "stance=loves",
    "kind=%27%3B+DROP+TABLE+tracker_claim%3B--",
    "tag=" + "x" * 5000,
    "q=" + "a" * 201,
    "q=%00",
    "q=wild%00arman",
    "q=%25",
    "q=_",
    "q=%5C",
    "q=%27%22%3C%3E",
    "q=%F0%9F%98%80",
    "q=%ED%A0%80",  # a lone surrogate, undecodable UTF-8
    "q=%FF%FE",
    "q=a&q=b&q=c",
    "case=a&case=b",
    "page=abc",
    "page=0",
    "page=-1",
    "page=99999999999999999999999",
    "page=" + "9" * 5000,  # more digits than int() reads
    "page=1e5",
    "page=%00",
    "page=1&page=2",
    "q[]=x",
    "unknown=param",
]


@pytest.mark.parametrize("query", HOSTILE_LIST_QUERIES)
def test_hostile_list_parameters_never_give_a_server_error(client, seed_case, query):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code in {200, 400, 404}


@pytest.mark.parametrize("query", ["case=no-such-case", "stance=loves", "q=" + "a" * 201, "q=%00"])
def test_invalid_filters_answer_with_a_form_error_and_no_results(client, seed_case, query):
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 400
    assert list(response.context["page"].object_list) == []
    assert 'class="field-error"' in response.content.decode()


def test_search_of_200_characters_is_accepted(client, seed_case):
    assert client.get(f"{LIST_URL}?q={'a' * 200}").status_code == 200


def test_out_of_range_page_is_a_404_that_names_the_pages(client, seed_case):
    response = client.get(f"{LIST_URL}?page=999")
    assert response.status_code == 404
    assert "There is no page 999; this list has 1 page." in response.content.decode()


def test_hostile_search_text_is_escaped_when_echoed(client, seed_case):
    html = client.get(f"{LIST_URL}?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("name", ["claim-detail", "case-detail", "source-detail", "party-detail"])
@pytest.mark.parametrize("slug", ["nope", "a" * 300, "-", "_"])
def test_unknown_slugs_are_404(client, seed_case, name, slug):
    assert client.get(reverse(f"tracker:{name}", args=[slug])).status_code == 404


@pytest.mark.parametrize("path", ["/claims/%00/", "/parties/%E2%80%AE/", "/sources/..%2F/"])
def test_odd_paths_are_404(client, seed_case, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "address", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,x"]
)
def test_a_script_address_stored_outside_the_form_is_never_a_live_link(client, statement, address):
    from tracker.models import Source

    Source.objects.filter(pk=statement.source_id).update(url=address)
    page = client.get(reverse("tracker:source-detail", args=[statement.source.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{address}' not in html
    assert address.split(":")[0] + ":" in html  # shown as text, for the reviewer to fix


def test_a_web_address_is_a_link(client, statement):
    from tracker.models import Source

    Source.objects.filter(pk=statement.source_id).update(url="https://example.org/report")
    page = client.get(reverse("tracker:source-detail", args=[statement.source.slug]))
    assert 'href="https://example.org/report"' in page.content.decode()


@pytest.mark.parametrize("object_id", ["%C2%B2", "%D9%A1", "%EF%BC%91"])
@pytest.mark.parametrize("page", ["workbench/", "workbench/statements/"])
def test_a_source_id_of_non_ascii_digits_is_a_404(researcher_client, source, object_id, page):
    # "²", the Arabic-Indic one and the full-width one pass str.isdigit(); no key is one.
    url = f"/admin/tracker/source/{object_id}/{page}"
    response = researcher_client.post(url) if "statements" in page else researcher_client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "value", ["abc", "", "1.5", "%D9%A3", "99999999999999999999", "9" * 5000, "1,2"]
)
@pytest.mark.parametrize(
    "changelist, parameter",
    [
        ("claim", "claimant__id__exact"),
        ("claim", "point__id__exact"),
        ("claim", "statements__party__id__exact"),
        ("statement", "party__id__exact"),
        ("point", "versions__claimant__id__exact"),
    ],
)
def test_a_chosen_party_or_point_that_is_no_key_is_not_a_server_error(
    admin_client, seed_case, changelist, parameter, value
):
    url = reverse(f"admin:tracker_{changelist}_changelist")
    response = admin_client.get(f"{url}?{parameter}={value}")
    assert response.status_code in {200, 302}


@pytest.mark.parametrize(
    "page",
    [
        "admin:tracker_source_workbench",
        "admin:tracker_claim_review_page",
        "admin:tracker_revision_change",
        "admin:tracker_claim_history",
    ],
)
def test_an_id_of_thousands_of_digits_is_a_404(admin_client, claim, page):
    # int() refuses more than 4,300 digits with a ValueError.
    digits = "9" * 5000
    if page == "admin:tracker_claim_history":
        url = reverse("admin:tracker_claim_simple_history", args=[claim.pk, digits])
    else:
        url = reverse(page, args=[digits])
    assert admin_client.get(url).status_code == 404


# Beyond the largest 64-bit key, SQLite refused the lookup of a many-to-many choice (500).
NO_KEYS = ["abc", "99999999999999999999"]


@pytest.mark.parametrize("no_key", NO_KEYS)
@pytest.mark.parametrize(
    "field", ["case", "claimant", "point", "tags", "statements-0-party", "statements-0-source"]
)
def test_a_choice_posted_as_no_key_is_a_form_error_keeping_what_was_typed(
    admin_client, claim, statement, field, no_key
):
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    values = form_values(admin_client.get(url))
    values.update({"text": "Typed before the tampering", field: no_key})
    response = admin_client.post(url, values)
    assert response.status_code == 200
    assert "Typed before the tampering" in response.content.decode()


@pytest.mark.parametrize("no_key", NO_KEYS)
@pytest.mark.parametrize(
    "page, field",
    [
        ("admin:auth_group_add", "permissions"),
        ("admin:auth_user_change", "groups"),
        ("admin:auth_user_change", "user_permissions"),
    ],
)
def test_an_account_choice_posted_as_no_key_is_a_form_error(
    admin_client, admin_user, page, field, no_key
):
    url = reverse(page, args=[admin_user.pk] if page.endswith("change") else [])
    values = form_values(admin_client.get(url))
    values.update({"name": "Typed before the tampering", field: no_key})
    response = admin_client.post(url, values)
    assert response.status_code == 200
    assert f"“{no_key}” is not a valid value." in response.content.decode()
