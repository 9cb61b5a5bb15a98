"""Parties of the same name told apart; roles that belong to a case; researchers' cases."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tracker.models import Case, CaseRole, Party, Source, Statement

pytestmark = pytest.mark.django_db


def test_a_qualifier_tells_parties_of_the_same_name_apart(other_party):
    second = Party(name="The prosecution", slug="prosecution-astana", kind="state_body")
    with pytest.raises(ValidationError, match="add a qualifier"):
        second.full_clean()
    second.qualifier = "Astana"
    second.full_clean()
    second.save()
    other_party.qualifier = "Almaty"
    other_party.save()
    assert [str(p) for p in Party.objects.filter(name="The prosecution")] == [
        "The prosecution (Almaty)",
        "The prosecution (Astana)",
    ]


def test_a_role_belongs_to_the_case_not_to_the_party(party, case):
    other_case = Case.objects.create(title="Appeal", slug="appeal")
    CaseRole.objects.create(case=case, party=party, role="defendant")
    CaseRole.objects.create(case=other_case, party=party, role="witness for the defence")
    assert list(case.roles.values_list("role", flat=True)) == ["defendant"]
    assert list(other_case.roles.values_list("role", flat=True)) == ["witness for the defence"]
    assert str(case.roles.get()) == "Arman Dzhumageldiev: defendant"
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseRole.objects.create(case=case, party=party, role="defendant")


def test_a_source_keeps_a_partial_date_as_given(db):
    source = Source.objects.create(slug="april", text="Text.", published_when="April 2014")
    source.refresh_from_db()
    assert (source.published_on, source.published_when) == (None, "April 2014")


def test_statement_kinds_include_denials_pleas_headlines_and_reported_speech():
    assert {"denial", "plea", "headline", "reported_speech"} <= set(Statement.Kind.values)


def test_researchers_create_and_edit_cases_in_the_admin(researcher_client):
    add = reverse("admin:tracker_case_add")
    assert researcher_client.get(add).status_code == 200
    response = researcher_client.post(
        add,
        {
            "title": "Taldykorgan trial",
            "slug": "taldykorgan-trial",
            "version": 0,  # the hidden field every case form carries
            "outcomes-TOTAL_FORMS": 0,
            "outcomes-INITIAL_FORMS": 0,
            "roles-TOTAL_FORMS": 1,
            "roles-INITIAL_FORMS": 0,
            "roles-0-role": "defendant",
            "roles-0-position": 0,
            "roles-0-version": 0,
            "roles-0-party": Party.objects.create(name="A", slug="a", kind="person").pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(slug="taldykorgan-trial")
    assert case.roles.get().role == "defendant"
    change = reverse("admin:tracker_case_change", args=[case.pk])
    assert researcher_client.get(change).status_code == 200


def test_the_qualifier_is_shown_wherever_the_party_is_named(client, statement):
    Party.objects.filter(pk=statement.party_id).update(qualifier="Almaty")
    for url in [
        statement.claim.get_absolute_url(),
        statement.source.get_absolute_url(),
        statement.party.get_absolute_url(),
    ]:
        assert "Arman Dzhumageldiev (Almaty)" in client.get(url).content.decode(), url


def test_a_case_is_public_only_once_a_published_claim_is_in_it(client, researcher_client, case):
    from tracker.models import Claim

    url = reverse("tracker:case-detail", args=[case.slug])
    assert client.get(url).status_code == 404
    assert case.title not in client.get(reverse("tracker:home")).content.decode()
    assert f'value="{case.slug}"' not in client.get(reverse("tracker:claim-list")).content.decode()
    assert researcher_client.get(url).status_code == 200

    Claim.objects.create(case=case, text="Published", slug="published", status="published")
    assert client.get(url).status_code == 200
    assert case.title in client.get(reverse("tracker:home")).content.decode()
