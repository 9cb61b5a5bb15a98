"""Admin labels read as words: "From"/"To" in the review history, no "None" in history pages,
breadcrumbs on custom pages."""

import re

import pytest
from django.urls import reverse

from tracker.models import Claim

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_review_history_columns_read_from_and_to(reviewer_client, researcher, draft_claim):
    draft_claim.transition("submit", researcher)
    html = reviewer_client.get(reverse("admin:tracker_claim_change", args=[draft_claim.pk]))
    page = text_of(html.content.decode())
    assert " From " in page and " To " in page
    assert "status label" not in page.lower()
    listing = text_of(
        reviewer_client.get(reverse("admin:tracker_reviewtransition_changelist")).content.decode()
    )
    assert " From " in listing and " To " in listing
    assert "status label" not in listing.lower()


def test_history_pages_show_no_none(reviewer_client, researcher, draft_claim):
    draft_claim.text = "Reworded"
    draft_claim.save()  # no change reason, no user: both blank, not "None"
    draft_claim.transition("submit", researcher)
    url = reverse("admin:tracker_claim_history", args=[draft_claim.pk])
    page = text_of(reviewer_client.get(url).content.decode())
    assert "None" not in page
    assert "Submit for review" in page  # the reason a review step records
    assert " Action " in page


def test_history_page_has_no_inline_style(reviewer_client, draft_claim):
    url = reverse("admin:tracker_claim_history", args=[draft_claim.pk])
    assert 'style="' not in reviewer_client.get(url).content.decode()


def test_custom_pages_have_breadcrumbs_back_to_their_list(reviewer_client, researcher, case, party):
    claim = Claim.objects.create(case=case, text="To publish", slug="to-publish", claimant=party)
    claim.transition("submit", researcher)
    response = reviewer_client.post(
        reverse("admin:tracker_claim_changelist"),
        {"action": "publish_selected", "_selected_action": [claim.pk]},
    )
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', response.content.decode(), re.S)
    assert crumbs is not None
    assert reverse("admin:tracker_claim_changelist") in crumbs.group(1)
    assert "Publish the selected claims" in crumbs.group(1)
