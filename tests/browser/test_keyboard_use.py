"""The workbench and the review page from the keyboard alone, with the focus in plain sight on
every control it reaches."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.contrast import AA_NON_TEXT, focus_ring_contrast
from tests.browser.helpers import log_in, open_workbench, user_with
from tests.helpers import add_statement
from tracker.migrations._0001_squashed_0013.roles import ROLES
from tracker.models import Case, Claim, Party, Source, Statement

pytestmark = pytest.mark.browser

TEXT = "Abish denied the order. Iskakov was beaten in custody."


class Keyboard:
    """Presses keys on ``page`` and notes how the focus ring of each control reached shows."""

    def __init__(self, page):
        self.page = page
        self.rings: dict[str, float] = {}

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
            name, contrast = focus_ring_contrast(self.page)
            if not name.startswith("body#"):  # nothing focused
                self.rings[name] = min(contrast, self.rings.get(name, contrast))

    def tab_to(self, selector: str, most: int = 12) -> None:
        """Tab forward until ``selector`` has the keyboard."""
        for _ in range(most):
            self.press("Tab")
            if self.page.locator(selector).evaluate("e => e === document.activeElement"):
                return
        raise AssertionError(f"{selector} is not reached in {most} presses of Tab")

    def select_words(self, words: str) -> None:
        """From the text's start, the caret moves to ``words`` and Shift+arrows select them."""
        self.press("Control+Home", *["ArrowRight"] * TEXT.index(words))
        self.press(*["Shift+ArrowRight"] * len(words))

    def unclear_rings(self) -> dict[str, float]:
        return {name: ring for name, ring in self.rings.items() if ring < AA_NON_TEXT}


def selected_text(page) -> str:
    return page.evaluate(
        """() => {
          const selection = window.getSelection();
          const text = document.getElementById("workbench-text");
          return text.contains(selection.anchorNode) ? selection.toString() : "";
        }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_statement_is_logged_on_the_workbench_with_the_keyboard_alone(
    seeded_live_server, open_page, scheme
):
    source = Source.objects.create(title="Short", slug="short", text=TEXT)
    claim = Claim.objects.create(
        case=Case.objects.get(), text="Iskakov was pressured", slug="iskakov-was-pressured"
    )
    party = Party.objects.get(slug="ruslan-iskakov")
    page = open_page(1280)
    page.emulate_media(color_scheme=scheme)
    open_workbench(page, seeded_live_server, source)
    keys = Keyboard(page)
    text, panel = page.locator("#workbench-text"), page.locator("#workbench-panel")

    keys.press("Tab", "Enter")  # the admin's first link skips to the page's content
    keys.tab_to("#workbench-text")
    keys.select_words("was beaten")
    keys.press("Enter")
    expect(panel).to_be_visible()
    expect(page.locator("#panel-claim")).to_be_focused()
    # Cancelled, the keyboard is back in the text, on the words it had selected.
    keys.tab_to("#panel-cancel")
    keys.press("Enter")
    expect(panel).to_be_hidden()
    expect(text).to_be_focused()
    assert selected_text(page) == "was beaten"
    keys.press("Enter")  # so it opens again on them, and Escape closes it as Cancel does
    expect(page.locator("#panel-quote")).to_have_text("was beaten")
    keys.press("Escape")
    expect(panel).to_be_hidden()
    expect(text).to_be_focused()
    assert selected_text(page) == "was beaten"

    keys.select_words("denied the order")
    keys.press("Enter")
    expect(page.locator("#panel-claim")).to_be_focused()
    page.keyboard.type("Iskakov was")  # a closed list picks the option typed
    keys.tab_to("#id_party")
    page.keyboard.type("Ruslan")
    keys.tab_to("input[name=stance][value=supports]")
    keys.press("ArrowRight")  # the next stance, Disputes, is chosen
    keys.tab_to("#id_kind")
    page.keyboard.type("Denial")
    keys.tab_to("#panel-save")
    page.keyboard.press("Enter")  # not measured: the button is disabled while it saves
    expect(page.locator("#workbench-status")).to_contain_text("Saved")
    expect(text).to_be_focused()

    statement = Statement.objects.get(claim=claim)
    assert (statement.quote, statement.party, statement.stance, statement.kind) == (
        "denied the order",
        party,
        Statement.Stance.DISPUTES,
        Statement.Kind.DENIAL,
    )
    # Enter on the logged quote, with nothing selected, shows its statement in the list.
    keys.press("Control+Home", *["ArrowRight"] * (TEXT.index("denied") + 2), "Enter")
    expect(page.locator(f"#statement-{statement.pk}")).to_have_class("highlighted")
    assert {"div#workbench-text", "select#panel-claim", "button#panel-save"} <= set(keys.rings)
    assert keys.unclear_rings() == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_reviewer_publishes_from_the_review_page_with_the_keyboard_alone(
    live_server, open_page, scheme
):
    party = Party.objects.create(name="Arman", slug="arman", kind=Party.Kind.PERSON)
    source = Source.objects.create(title="Trial report", slug="trial-report", text=TEXT)
    claim = Claim.objects.create(
        case=Case.objects.create(title="Almaty trial", slug="almaty-trial"),
        text="Abish gave the order",
        slug="abish-gave-the-order",
        claimant=party,
    )
    add_statement(
        claim, party, source, "Abish denied the order.",
        stance=Statement.Stance.DISPUTES, kind=Statement.Kind.DENIAL,
    )  # fmt: skip
    researcher = user_with("rita", ROLES["Researchers"])
    claim.transition("submit", researcher)
    user_with("victor", ROLES["Reviewers"])
    page = open_page(1200)
    page.emulate_media(color_scheme=scheme)
    log_in(page, live_server, "victor")
    page.goto(live_server.url + reverse("admin:tracker_claim_review_page", args=[claim.pk]))
    keys = Keyboard(page)

    keys.press("Tab", "Enter")  # the admin's first link skips to the page's content
    keys.tab_to("#id_publish_comment")
    page.keyboard.type("Matches the transcript")
    keys.tab_to(".review-actions input[type=submit][value=Publish]")
    page.keyboard.press("Enter")  # leaves the page, so nothing of it is measured after
    expect(page.locator(".messagelist")).to_be_visible()

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.review_transitions.last().comment == "Matches the transcript"
    assert "textarea#id_publish_comment" in keys.rings
    assert keys.unclear_rings() == {}
