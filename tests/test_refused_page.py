"""A refused page is the admin's own (or the reader site's) page with the reason and a way
back, not a bare 403."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from tests.helpers import logged_in
from tracker.views import CSRF_REFUSED, REFUSED_WITHOUT_REASON, refused

pytestmark = pytest.mark.django_db


def test_admin_refusal_is_the_admins_page_with_the_reason_and_a_way_back(
    researcher_client, draft_claim
):
    url = reverse("admin:tracker_claim_delete", args=[draft_claim.pk])
    change = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    response = researcher_client.get(url, HTTP_REFERER=f"http://testserver{change}")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Claims tracker — review" in html  # the admin's header
    assert 'class="breadcrumbs"' in html
    assert "Only a reviewer, or whoever created it, deletes this claim." in html
    assert f'href="http://testserver{change}">Go back' in html
    assert f'href="{reverse("admin:index")}">Go to the admin home' in html


def test_a_refusal_without_a_reason_says_so_in_words(researcher_client, draft_claim):
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"])
    response = researcher_client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert REFUSED_WITHOUT_REASON in html
    assert f'href="{reverse("admin:index")}">Go back' in html


def test_a_way_back_never_leads_off_the_site(researcher_client, draft_claim):
    url = reverse("admin:tracker_claim_delete", args=[draft_claim.pk])
    html = researcher_client.get(url, HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_a_refusal_outside_the_admin_is_a_reader_page(db):
    request = RequestFactory().get("/claims/")
    request.user = AnonymousUser()
    response = refused(request, PermissionDenied("Not for readers."))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Not for readers." in html
    assert 'class="site-header"' in html
    assert f'href="{reverse("tracker:home")}">Go back' in html


def test_a_form_sent_without_its_csrf_token_is_refused_in_words_and_sends_back_not_afresh(
    researcher, draft_claim
):
    client = logged_in(researcher, enforce_csrf_checks=True)
    change = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    response = client.post(
        change, {"text": "Typed at length"}, HTTP_REFERER=f"http://testserver{change}"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Claims tracker — review" in html
    assert escape(CSRF_REFUSED) in html
    assert "Go back" not in html  # a link would open the form afresh, without what was typed
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"
