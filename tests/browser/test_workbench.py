"""A researcher selects words on a source's workbench and logs them as a draft statement."""

import pytest
from playwright.sync_api import expect

from tests.browser.contrast import AA_BODY_TEXT, settled_contrast
from tests.browser.helpers import open_workbench
from tracker.models import Case, Claim, Party, Source, Statement

pytestmark = pytest.mark.browser

# Select the first occurrence of ``words`` in the workbench text with a DOM Range, as a mouse
# drag would, and release the mouse there.
# Given [first, last], select from the start of ``first`` to the end of ``last`` after it.
SELECT_WORDS = """(words) => {
  const text = document.getElementById("workbench-text");
  const [first, last] = Array.isArray(words) ? words : [words, words];
  const at = text.textContent.indexOf(first);
  const until = text.textContent.indexOf(last, at) + last.length;
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let passed = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.data.length;
    if (at >= passed && at < passed + length) range.setStart(node, at - passed);
    if (until > passed && until <= passed + length) {
      range.setEnd(node, until - passed);
      break;
    }
    passed += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  text.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
}"""


def save_panel(page, claim, party, stance="disputes", kind="denial"):
    page.select_option("#panel-claim", str(claim.pk))
    page.select_option("#id_party", str(party.pk))
    page.check(f"input[name=stance][value={stance}]")
    page.select_option("#id_kind", kind)
    page.click("#panel-save")
    page.locator("#workbench-status", has_text="Saved").wait_for()


def test_a_selection_becomes_a_draft_statement(seeded_live_server, open_page, artifacts):
    source = Source.objects.get()
    claim = Claim.objects.create(
        case=Case.objects.get(), text="Iskakov was pressured", slug="iskakov-was-pressured"
    )
    party = Party.objects.get(slug="ruslan-iskakov")
    words = "received a 20-year sentence"
    page = open_page(1400)
    open_workbench(page, seeded_live_server, source)
    page.screenshot(path=artifacts / "workbench.png", full_page=False)

    page.evaluate(SELECT_WORDS, words)
    assert page.locator("#panel-quote").inner_text() == words
    page.screenshot(path=artifacts / "workbench_panel.png")
    save_panel(page, claim, party, stance="qualifies", kind="finding")

    statement = Statement.objects.get(claim=claim)
    assert statement.quote == words
    assert source.text[statement.quote_start : statement.quote_end] == words
    assert page.locator(f'mark.just-logged[data-statements~="{statement.pk}"]').count() >= 1
    assert page.locator(f"#statement-{statement.pk}").count() == 1
    page.screenshot(path=artifacts / "workbench_saved.png")
    # With the admin's dark theme (the researcher's system setting), the saved message and the
    # statements of a clicked quote stay readable on their tinted backgrounds.
    page.emulate_media(color_scheme="dark")
    page.locator(f'mark.just-logged[data-statements~="{statement.pk}"]').first.click()
    highlighted = page.locator(f"#statement-{statement.pk}.highlighted")
    for text in [
        page.locator("#workbench-status"),
        highlighted.locator("a").first,
        highlighted.locator(".statement-meta"),
    ]:
        assert settled_contrast(text) >= AA_BODY_TEXT


def log_two_selections(page, live_server, text, second_words):
    """On a new source of ``text``, log "We never gave that order" (its offset checked in the
    panel), then the selection ``second_words``; both statements, as saved."""
    source = Source.objects.create(title="Report", slug="report", text=text)
    claim = Claim.objects.create(
        case=Case.objects.get(), text="The owner gave the order", slug="owner-gave-order"
    )
    party = Party.objects.get(slug="samat-abish")
    open_workbench(page, live_server, source)

    page.evaluate(SELECT_WORDS, "We never gave that order")
    assert page.locator("#panel-start").inner_text() == str(text.index("We never"))
    save_panel(page, claim, party)
    page.evaluate(SELECT_WORDS, second_words)
    save_panel(page, claim, party, stance="supports", kind="testimony")
    return Statement.objects.get(claim=claim, stance="disputes"), Statement.objects.get(
        claim=claim, stance="supports"
    )


def test_offsets_count_code_points_after_emoji_and_combining_marks(
    seeded_live_server, open_page, artifacts
):
    text = (
        "Protest 👩🏽‍⚖️ in Almaty. The cafe\u0301 owner 🎉 said: "
        "«We never gave that order», and left.\n\nA second 𝒳 line."
    )
    page = open_page(1280)
    statement, second = log_two_selections(page, seeded_live_server, text, "second 𝒳 line")

    assert statement.quote == "We never gave that order"
    assert text[statement.quote_start : statement.quote_end] == statement.quote
    assert text[second.quote_start : second.quote_end] == "second 𝒳 line"
    page.screenshot(path=artifacts / "workbench_emoji.png")


@pytest.mark.parametrize("line_break", ["crlf", "cr"])
def test_offsets_count_each_line_break_as_the_source_stores_it(
    seeded_live_server, open_page, artifacts, line_break
):
    # A file stored byte for byte keeps its CRLF (or an old Mac's lone CR) line breaks. HTML
    # parsing turns each into one LF, which shifted every offset after a CRLF by one; a
    # browser sends the lone CR of a selected quote as CRLF.
    stored = {"crlf": "\r\n", "cr": "\r"}[line_break]
    text = (
        f"Almaty, 5 January.{stored}The owner said: «We never gave that order».{stored}"
        f"{stored}He left the court at noon."
    )
    page = open_page(1280)
    statement, across = log_two_selections(
        page, seeded_live_server, text, ["that order»", "He left"]
    )

    assert text[statement.quote_start : statement.quote_end] == "We never gave that order"
    assert across.quote == f"that order».{stored}{stored}He left"
    assert text[across.quote_start : across.quote_end] == across.quote
    page.screenshot(path=artifacts / f"workbench_{line_break}.png")


def test_keyboard_selection_opens_the_panel(seeded_live_server, open_page):
    source = Source.objects.create(title="Short", slug="short", text="Abish 🙂 denied the order.")
    page = open_page(1280)
    open_workbench(page, seeded_live_server, source)
    page.click("#workbench-text")
    page.keyboard.press("Control+Home")
    for _ in range(8):  # past "Abish", the emoji (two UTF-16 units, one caret step) and a space
        page.keyboard.press("ArrowRight")
    for _ in range(6):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    assert page.locator("#panel-quote").inner_text() == "denied"
    assert page.locator("#panel-start").inner_text() == str(source.text.index("denied"))
    assert source.text == Source.objects.get(pk=source.pk).text
    assert page.locator("#workbench-text").inner_text() == source.text
    # Each stance's circle stands apart from the word before it, so none reads as the
    # previous word's.
    labels = page.locator(".panel-stance label")
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert [box["y"] for box in boxes] == [boxes[0]["y"]] * 3
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert right["x"] - (left["x"] + left["width"]) >= 8
    # Saved with nothing chosen, the panel keeps the quote, takes the keyboard to the first
    # field to correct and says what is wrong with each.
    page.locator("#panel-save").press("Enter")
    claim = page.locator("#panel-claim")
    expect(claim).to_be_focused()
    expect(claim).to_have_attribute("aria-invalid", "true")
    expect(claim).to_have_accessible_description("Choose a claim, or write a new one.")
    supports = page.get_by_role("radio", name="Supports")
    expect(supports).to_have_attribute("aria-invalid", "true")
    expect(supports).to_have_accessible_description("This field is required.")
    assert page.locator("#panel-quote").inner_text() == "denied"
    page.get_by_role("radio", name="Disputes").check()
    page.click("#panel-save")
    expect(page.locator("#id_kind")).to_have_accessible_description("This field is required.")
    expect(supports).not_to_have_attribute("aria-invalid", "true")
    expect(supports).to_have_accessible_description("")
