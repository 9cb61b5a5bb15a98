"""A researcher pastes a quote into the statement form; the page shows where it stands."""

import pytest

from tracker.models import Claim, Source

pytestmark = pytest.mark.browser


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def choose_source(page, source):
    # The source box is an autocomplete widget; choose as select2 does.
    page.evaluate(
        """([id, label]) => django.jQuery('select[name="source"]')
            .append(new Option(label, id, true, true)).trigger('change')""",
        [source.pk, "seed"],
    )


def test_pasting_a_quote_fills_offsets_and_shows_context(
    seeded_live_server, open_page, django_user_model
):
    django_user_model.objects.create_superuser("editor", password="editor-password")
    Claim.objects.filter(slug="iskakov-acted-on-abish-orders").update(status=Claim.Status.DRAFT)
    source = Source.objects.get()
    page = open_page(1280)
    log_in(page, seeded_live_server, "editor", "editor-password")
    page.goto(f"{seeded_live_server.url}/admin/tracker/statement/add/")
    choose_source(page, source)

    page.fill("textarea[name=quote]", "received a 20-year sentence")
    page.press("textarea[name=quote]", "Tab")

    preview = page.locator(".quote-preview mark")
    preview.wait_for()
    assert preview.inner_text() == "received a 20-year sentence"
    start = source.text.index("received a 20-year sentence")
    assert page.input_value("input[name=quote_start]") == str(start)
    assert page.input_value("input[name=quote_end]") == str(start + 27)
    # The text the offsets count in goes back with them, so a save after an edit is refused.
    assert page.input_value("input[name=source_sha256]") == source.sha256
    assert "«Wild Arman,»" in page.inner_text(".quote-preview")

    page.fill("textarea[name=quote]", "Abish gave the order")
    page.press("textarea[name=quote]", "Tab")
    page.locator(".quote-preview.quote-error").wait_for()
    assert "not in the source" in page.inner_text(".quote-preview")
