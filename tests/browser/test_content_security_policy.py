"""Every page works under the Content-Security-Policy: Chromium reports no violation, nor any
other error (a missing icon or script would be one)."""

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage

from tracker.models import Claim, Source, Statement

pytestmark = pytest.mark.browser


def visit_and_collect_violations(page, url: str) -> list[str]:
    violations: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", note)
    try:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        # goto() returns once the page's scripts, styles and images have loaded, which is when
        # Chromium has applied the policy to all of them.
        page.wait_for_load_state("load")
    finally:
        page.remove_listener("console", note)
    return violations


def test_reader_and_admin_pages_raise_no_csp_violation(
    seeded_live_server, open_page, django_user_model
):
    claim = Claim.objects.get(slug="iskakov-acted-on-abish-orders")
    statement = Statement.objects.filter(claim=claim).first()
    assert statement is not None
    reader_urls = [
        reverse("tracker:home"),
        reverse("tracker:claim-list") + "?q=wild+arman",
        claim.get_absolute_url(),
        Source.objects.get().get_absolute_url(),
        reverse("tracker:party-detail", args=[statement.party.slug]),
        reverse("tracker:case-detail", args=[claim.case.slug]),
    ]
    page = open_page(1280)
    for url in reader_urls:
        assert visit_and_collect_violations(page, seeded_live_server.url + url) == [], url

    django_user_model.objects.create_superuser("editor", password="editor-password")
    page.goto(f"{seeded_live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "editor-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{seeded_live_server.url}/admin/")
    admin_urls = [
        reverse("admin:tracker_claim_change", args=[claim.pk]),
        reverse("admin:tracker_statement_change", args=[statement.pk]),
        reverse("admin:tracker_statement_add"),
        reverse("admin:tracker_source_change", args=[Source.objects.get().pk]),
        reverse("admin:tracker_source_workbench", args=[Source.objects.get().pk]),
    ]
    for url in admin_urls:
        assert visit_and_collect_violations(page, seeded_live_server.url + url) == [], url
