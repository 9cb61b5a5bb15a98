"""The loop a team runs: a researcher corrects a published statement, a reviewer reads the
word-level difference on the claim's review page and publishes it with a comment."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.browser.contrast import AA_BODY_TEXT, settled_contrast
from tests.browser.helpers import log_in, user_with
from tests.helpers import add_statement
from tracker.migrations._0001_squashed_0013.roles import ROLES
from tracker.models import Case, Claim, Party, Source, Statement

pytestmark = pytest.mark.browser


@pytest.fixture
def published_statement(transactional_db):
    case = Case.objects.create(title="Almaty trial", slug="almaty-trial")
    party = Party.objects.create(name="Arman", slug="arman", kind=Party.Kind.PERSON)
    source = Source.objects.create(
        title="Trial report", slug="trial-report", text="Arman denied it. He caught looters."
    )
    claim = Claim.objects.create(
        case=case, text="Arman led the crowd", slug="led-the-crowd", claimant=party
    )
    statement = add_statement(
        claim,
        party,
        source,
        "Arman denied it.",
        stance=Statement.Stance.DISPUTES,
        kind=Statement.Kind.DENIAL,
        paraphrase="He denied it",
    )
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED)
    return statement


def test_a_researchers_correction_is_reviewed_as_a_difference_and_published(
    live_server, open_page, published_statement, artifacts
):
    statement = published_statement
    claim = statement.claim
    user_with("rita", ROLES["Researchers"], email="rita@example.org")
    user_with("victor", ROLES["Reviewers"])
    public_url = live_server.url + claim.get_absolute_url()

    researcher = open_page(1200)
    log_in(researcher, live_server, "rita")
    researcher.goto(
        live_server.url + reverse("admin:tracker_statement_change", args=[statement.pk])
    )
    assert "will be held for a reviewer" in researcher.text_content(".edit-notice")
    for scheme in ["light", "dark"]:  # the admin follows the system's theme
        researcher.emulate_media(color_scheme=scheme)
        assert settled_contrast(researcher.locator(".edit-notice")) >= AA_BODY_TEXT, scheme
    researcher.fill("#id_paraphrase", "He flatly denied it")
    researcher.click("input[name=_save]")
    researcher.wait_for_selector(".messagelist")
    assert "held for a reviewer" in researcher.text_content(".messagelist")
    researcher.goto(public_url)
    assert "He flatly denied it" not in researcher.content()

    reviewer = open_page(1200)
    log_in(reviewer, live_server, "victor")
    reviewer.goto(live_server.url + reverse("admin:tracker_claim_review_page", args=[claim.pk]))
    assert reviewer.text_content(".word-diff ins").strip() == "flatly"
    reviewer.screenshot(path=artifacts / "held_edit_review_page.png", full_page=True)
    publish = reviewer.locator(".review-actions form").first
    publish.locator("textarea").fill("Matches the transcript")
    publish.locator("input[type=submit]").click()
    reviewer.wait_for_selector(".messagelist")

    reviewer.goto(public_url)
    assert "He flatly denied it" in reviewer.content()
    (message,) = mail.outbox
    assert message.to == ["rita@example.org"]
    assert "Arman led the crowd" in message.body
    assert "Matches the transcript" in message.body
