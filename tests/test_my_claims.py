"""A researcher's claims: the "Mine" filter, the latest reviewer comment in the list, and on
the claim's page first."""

import re

import pytest
from django.urls import reverse

from tests.helpers import claim_form, logged_in, member_of
from tracker.models import Claim

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:tracker_claim_changelist")


def add_claim(client, case, text, slug):
    new_claim = claim_form(Claim(case=case, text=text, slug=slug))
    response = client.post(reverse("admin:tracker_claim_add"), new_claim)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Claim.objects.get(slug=slug)


def listed_texts(client, query):
    html = client.get(CHANGELIST + query).content.decode()
    return set(re.findall(r'<th class="field-text"><a [^>]*>([^<]*)</a>', html))


def test_mine_lists_the_claims_i_created_or_edited_by_state(
    researcher, researcher_client, reviewer, case, party
):
    other_client = logged_in(member_of("Researchers", "ruth"))
    mine = add_claim(researcher_client, case, "Mine", "mine")
    theirs = add_claim(other_client, case, "Theirs", "theirs")
    edited = add_claim(other_client, case, "Theirs, edited by me", "edited")
    Claim.history.filter(id=edited.pk).update(history_user=researcher)
    assert listed_texts(researcher_client, "?mine=yes") == {"Mine", "Theirs, edited by me"}
    assert listed_texts(researcher_client, "") == {"Mine", "Theirs", "Theirs, edited by me"}
    mine.claimant = party
    mine.save()
    mine.transition("submit", researcher)
    mine.transition("request_changes", reviewer, "Quote the verdict, not the headline.")
    assert listed_texts(researcher_client, "?mine=yes&status__exact=changes_requested") == {"Mine"}
    html = researcher_client.get(CHANGELIST + "?mine=yes").content.decode()
    assert "Quote the verdict, not the headline." in html
    assert theirs.pk


def test_my_claims_link_is_in_every_admin_page_for_researchers(researcher_client, staff):
    assert (
        f'href="{CHANGELIST}?mine=yes">My claims'
        in researcher_client.get(reverse("admin:index")).content.decode()
    )
    assert "My claims" not in logged_in(staff).get(reverse("admin:index")).content.decode()


def test_the_latest_reviewer_comment_comes_first_on_the_claim_page(
    researcher, researcher_client, reviewer, draft_claim
):
    draft_claim.transition("submit", researcher)
    draft_claim.transition("request_changes", reviewer, "First round of notes.")
    draft_claim.transition("revise", researcher)
    draft_claim.transition("submit", researcher)
    draft_claim.transition("request_changes", reviewer, "Name the court as the claimant.")
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    html = researcher_client.get(url).content.decode()
    assert "Changes requested" in html
    first_fieldset = html[html.index("<fieldset") :]
    first_fieldset = first_fieldset[: first_fieldset.index("</fieldset>")]
    assert "Name the court as the claimant." in first_fieldset
    assert "victor" in first_fieldset
    assert html.index("Name the court as the claimant.") < html.index('name="text"')


def test_a_claim_no_reviewer_commented_on_has_no_such_block(researcher_client, draft_claim):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    assert "Changes requested" not in researcher_client.get(url).content.decode()
