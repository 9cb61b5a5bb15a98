"""Every party autocomplete ranks names before descriptions: exact, then prefix, then the rest."""

import pytest
from django.urls import reverse

from tracker.models import Party, PartyAlias

pytestmark = pytest.mark.django_db


def autocomplete(client, term: str, model_name: str = "statement") -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "tracker", "model_name": model_name, "field_name": "party", "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.fixture
def voices(db):
    Party.objects.create(
        name="Anna Berg", slug="anna-berg", kind=Party.Kind.PERSON, description="Editor of Voice"
    )
    Party.objects.create(name="Voiceover Guild", slug="voiceover", kind=Party.Kind.ORGANISATION)
    Party.objects.create(name="Voice", slug="voice", kind=Party.Kind.MEDIA)
    nickname = Party.objects.create(name="Lev Orlov", slug="lev-orlov", kind=Party.Kind.PERSON)
    PartyAlias.objects.create(party=nickname, name="The Voice", kind=PartyAlias.Kind.NICKNAME)


def test_exact_name_comes_before_prefix_alias_and_description(researcher_client, voices):
    assert autocomplete(researcher_client, "Voice") == [
        "Voice",
        "Voiceover Guild",
        "Lev Orlov",
        "Anna Berg",
    ]


def test_an_exact_alias_counts_as_an_exact_name(researcher_client, voices):
    assert autocomplete(researcher_client, "the voice") == ["Lev Orlov"]


def test_every_party_field_is_ranked(researcher_client, voices, party):
    assert autocomplete(researcher_client, "Voice", model_name="caserole")[0] == "Voice"
    assert autocomplete(researcher_client, "wild arman", model_name="outcome") == [str(party)]


def test_the_party_list_shows_and_searches_the_qualifier(reviewer_client, other_party):
    other_party.qualifier = "Almaty"
    other_party.save()
    response = reviewer_client.get(reverse("admin:tracker_party_changelist"), {"q": "Almaty"})
    assert "The prosecution" in response.content.decode()
    assert '<td class="field-qualifier">Almaty</td>' in response.content.decode()
    form = reviewer_client.get(reverse("admin:tracker_party_change", args=[other_party.pk]))
    assert 'name="qualifier"' in form.content.decode()


def test_the_case_form_lists_its_roles(reviewer_client, case, party):
    case.roles.create(party=party, role="defendant")
    response = reviewer_client.get(reverse("admin:tracker_case_change", args=[case.pk]))
    page = response.content.decode()
    assert 'name="roles-0-role"' in page and 'value="defendant"' in page
