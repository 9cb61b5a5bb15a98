import pytest
from django.urls import reverse

from tests.helpers import count_queries
from tracker.models import Case, Claim

pytestmark = pytest.mark.django_db


def test_home_lists_cases_recent_claims_and_a_search_box(client, seed_case):
    html = client.get(reverse("tracker:home")).content.decode()
    case = Case.objects.get()
    assert f'href="{case.get_absolute_url()}"' in html
    assert 'action="/claims/"' in html
    assert 'name="q"' in html
    newest = Claim.objects.order_by("-updated_at", "-pk").first()
    assert f'href="{newest.get_absolute_url()}"' in html


def test_home_leaves_out_drafts(client, seed_draft):
    html = client.get(reverse("tracker:home")).content.decode()
    assert seed_draft.text not in html


def test_home_query_count_is_flat(client, case):
    few = count_queries(client, reverse("tracker:home"))
    Claim.objects.bulk_create(
        Claim(case=case, text=f"C{n}", slug=f"c{n}", status=Claim.Status.PUBLISHED)
        for n in range(30)
    )
    assert count_queries(client, reverse("tracker:home")) == few


def test_home_lists_the_published_disputed_points(client, seed_case):
    from tracker.models import Point

    html = client.get(reverse("tracker:home")).content.decode()
    for point in Point.objects.all():
        assert f'href="{point.get_absolute_url()}"' in html
    Point.objects.get(slug="what-were-the-january-2022-events").versions.update(
        status=Claim.Status.DRAFT
    )
    html = client.get(reverse("tracker:home")).content.decode()
    assert "/points/what-were-the-january-2022-events/" not in html
