"""A researcher pastes a quote into the statement form; the page shows where it stands."""

import pytest

from tests.browser.helpers import log_in
from tracker.models import Case, Claim, Party, Source, Statement

pytestmark = pytest.mark.browser


def choose(page, name, row):
    # The box is an autocomplete widget; choose as select2 does.
    page.evaluate(
        """([name, id, label]) => django.jQuery(`select[name="${name}"]`)
            .append(new Option(label, id, true, true)).trigger('change')""",
        [name, row.pk, str(row)],
    )


def choose_source(page, source):
    choose(page, "source", source)


def test_pasting_a_quote_fills_offsets_and_shows_context(
    seeded_live_server, open_page, django_user_model
):
    django_user_model.objects.create_superuser("editor", password="editor-password")
    Claim.objects.filter(slug="iskakov-acted-on-abish-orders").update(status=Claim.Status.DRAFT)
    source = Source.objects.get()
    page = open_page(1280)
    log_in(page, seeded_live_server, "editor")
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


def test_a_quote_pasted_across_a_lone_cr_is_located_and_saved_as_the_source_has_it(
    seeded_live_server, open_page, django_user_model
):
    # An old Mac file stored byte for byte: a lone CR ends its first line. The textarea holds
    # the pasted line break as LF and submits it as CRLF.
    text = "The verdict was read.\rWitnesses said «he beat them»."
    source = Source.objects.create(title="Old report", slug="old-report", text=text)
    claim = Claim.objects.create(case=Case.objects.get(), text="He beat them", slug="beat")
    django_user_model.objects.create_superuser("editor", password="editor-password")
    page = open_page(1280)
    log_in(page, seeded_live_server, "editor")
    page.goto(f"{seeded_live_server.url}/admin/tracker/statement/add/")
    choose(page, "claim", claim)
    choose(page, "party", Party.objects.get(slug="arman-dzhumageldiev"))
    choose_source(page, source)
    page.select_option("select[name=stance]", "supports")
    page.select_option("select[name=kind]", "testimony")

    page.fill("textarea[name=quote]", "read.\rWitnesses said")
    page.press("textarea[name=quote]", "Tab")
    page.locator(".quote-preview mark").wait_for()
    start = text.index("read.")
    assert page.input_value("input[name=quote_start]") == str(start)
    assert page.input_value("input[name=quote_end]") == str(start + len("read.\rWitnesses said"))
    page.click("input[name=_save]")
    page.wait_for_url(f"{seeded_live_server.url}/admin/tracker/statement/")

    statement = Statement.objects.get(claim=claim)
    assert statement.quote == "read.\rWitnesses said"
    assert text[statement.quote_start : statement.quote_end] == statement.quote
