"""Points in the admin: versions inline in order, and the claims' review rules."""

import pytest
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse

from tracker.models import Claim, Party, Point

from .helpers import form_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(case):
    return Point.objects.create(case=case, question="Who gave the order?", slug="who-gave")


def change_url(point):
    return reverse("admin:tracker_point_change", args=[point.pk])


def test_point_page_lists_its_versions_inline_in_order(admin_client, seed_case):
    point = Point.objects.get(slug="who-sent-dzhumageldiev-and-to-do-what")
    response = admin_client.get(change_url(point))
    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.claimant.slug for form in inline.initial_forms] == [
        "ruslan-iskakov",
        "prosecution",
        "arman-dzhumageldiev",
        "dzhumageldiev-defence",
    ]


def test_a_version_added_inline_takes_the_points_case(admin_client, point, party):
    values = {
        "question": point.question,
        "slug": point.slug,
        "case": point.case_id,
        "position": 0,
        "version": point.version,
        "versions-TOTAL_FORMS": 1,
        "versions-INITIAL_FORMS": 0,
        "versions-0-point_position": 1,
        "versions-0-claimant": party.pk,
        "versions-0-text": "Abish gave the order",
        "versions-0-slug": "abish-gave-the-order",
        "versions-0-version": 0,
    }
    response = admin_client.post(change_url(point), values)
    assert response.status_code == 302, response.context["errors"]
    added = Claim.objects.get(slug="abish-gave-the-order")
    assert (added.point, added.case, added.claimant, added.status) == (
        point,
        point.case,
        party,
        Claim.Status.DRAFT,
    )


def test_researchers_edit_a_point_only_while_no_version_is_in_review_or_published(
    researcher_client, reviewer_client, point, party
):
    claim = Claim.objects.create(
        case=point.case, point=point, claimant=party, text="A version", slug="a-version"
    )
    page = researcher_client.get(change_url(point))
    values = {**form_values(page), "question": "Who gave the order, and when?"}
    assert researcher_client.post(change_url(point), values).status_code == 302
    point.refresh_from_db()
    assert point.question == "Who gave the order, and when?"

    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED)
    page = researcher_client.get(change_url(point))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    values = {**form_values(page), "question": "Changed behind the reviewer's back"}
    researcher_client.post(change_url(point), values)
    point.refresh_from_db()
    assert point.question == "Who gave the order, and when?"

    page = reviewer_client.get(change_url(point))
    values = {**form_values(page), "question": "Who gave the order?"}
    assert reviewer_client.post(change_url(point), values).status_code == 302
    point.refresh_from_db()
    assert point.question == "Who gave the order?"


def test_point_changelist_searches_question_and_claimant_alias(admin_client, seed_case):
    url = reverse("admin:tracker_point_changelist")
    for query in ("streets", "Wild Arman", "Prosecutors"):
        response = admin_client.get(url, {"q": query})
        slugs = {p.slug for p in response.context["cl"].result_list}
        assert "who-sent-dzhumageldiev-and-to-do-what" in slugs, query


def test_claim_form_offers_claimant_and_point_by_autocomplete(admin_client, seed_case):
    claim = Claim.objects.get(slug="abish-told-iskakov-to-seek-dzhumageldiev-help")
    response = admin_client.get(reverse("admin:tracker_claim_change", args=[claim.pk]))
    form = response.context["adminform"].form
    # Django's autocomplete, in the KeysOnly form every autocomplete field has.
    assert isinstance(form.fields["claimant"].widget.widget, AutocompleteSelect)
    assert isinstance(form.fields["point"].widget.widget, AutocompleteSelect)
    html = response.content.decode()
    assert "Ruslan Iskakov" in html
    assert "Who sent Dzhumageldiev into the streets of Almaty" in html


def test_claim_changelist_filters_by_claimant(admin_client, seed_case):
    url = reverse("admin:tracker_claim_changelist")
    witnesses = Party.objects.get(slug="witnesses")
    response = admin_client.get(url, {"claimant__id__exact": witnesses.pk})
    assert [c.slug for c in response.context["cl"].result_list] == [
        "dzhumageldiev-men-beat-and-tortured-protesters"
    ]


def test_review_step_shows_the_claimant_and_the_point_the_reviewer_publishes(
    reviewer_client, seed_case
):
    claim = Claim.objects.get(slug="abish-told-iskakov-to-seek-dzhumageldiev-help")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.IN_REVIEW)
    url = reverse("admin:tracker_claim_review", args=[claim.pk, "publish"])
    html = reviewer_client.get(url).content.decode()
    assert "Claimant: <strong>Ruslan Iskakov</strong>" in html
    assert "Who sent Dzhumageldiev into the streets of Almaty, and to do what?" in html
