"""The point page in Chromium: versions side by side on a wide screen, a sequence on a phone;
the case page's matrix readable on a phone."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

POINT = "/points/who-sent-dzhumageldiev-and-to-do-what/"
CASE = "/cases/almaty-trial-january-2022/"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
FOCUS_OUT_OF_VIEW = """() => {
  const focused = document.activeElement.getBoundingClientRect();
  return focused.top < 0 || focused.bottom > window.innerHeight;
}"""
FOCUS_UNDER_A_STUCK_LABEL = """() => {
  const focused = document.activeElement.getBoundingClientRect();
  return [...document.querySelectorAll(".version-head")].some(head => {
    const label = head.getBoundingClientRect();
    return !head.contains(document.activeElement) && label.top <= 1
      && focused.top < label.bottom && focused.bottom > label.top;
  });
}"""

SCROLL_ENDS_AT_THE_BOTTOM = """() => document.addEventListener("scrollend", () => {
  const bottom = document.documentElement.scrollHeight - window.innerHeight;
  if (window.scrollY >= bottom) window.scrolledToTheBottom = true;
})"""


def column_boxes(page):
    columns = page.locator(".version-column")
    columns.first.wait_for()
    return [columns.nth(i).bounding_box() for i in range(columns.count())]


def test_versions_of_the_first_point_stand_side_by_side(seeded_live_server, open_page, artifacts):
    from tracker.models import Source

    source = Source.objects.get()
    source.language = "ru"
    source.save()
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}{POINT}")
    boxes = column_boxes(page)
    assert len(boxes) == 4
    quotes = page.locator(".version-quote blockquote.quote")
    assert quotes.evaluate_all("quotes => quotes.every(quote => quote.matches(':lang(ru)'))")
    assert quotes.count() == 6
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left["x"] + left["width"] <= right["x"]  # no horizontal overlap
        assert abs(left["y"] - right["y"]) < 2  # one row
    # The rows line up across columns: each version's claim starts at the same height.
    claims = page.locator(".version-claim")
    tops = {round(claims.nth(i).bounding_box()["y"]) for i in range(claims.count())}
    assert len(tops) == 1
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    heads = page.locator(".version-claimant").all_inner_texts()
    assert heads == [
        "Ruslan Iskakov",
        "The prosecution",
        "Arman Dzhumageldiev",
        "Dzhumageldiev's defence",
    ]
    page.screenshot(path=str(artifacts / "point-page-1280.png"), full_page=True)
    # On a tablet held sideways, or 1280 px zoomed to 125 %, too narrow for four columns, the
    # fourth version starts a row below instead of pushing the page sideways; the first three
    # still line up.
    page.set_viewport_size({"width": 1024, "height": 900})
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    first, second, third, fourth = column_boxes(page)
    assert first["y"] == second["y"] == third["y"]
    assert fourth["y"] >= first["y"] + first["height"] and fourth["x"] == first["x"]
    assert len({round(claims.nth(i).bounding_box()["y"]) for i in range(3)}) == 1


# Names long enough to wrap the stuck label onto three lines at 375 px.
LONG_PARTY_NAMES = {
    "The prosecution": "The Prosecutor General's Office of the Republic of Kazakhstan",
    "Ruslan Iskakov": "Ruslan Iskakov, former head of a department of the National Security "
    "Committee",
}


@pytest.mark.parametrize("party_names", ["as in the seed", "long"])
def test_versions_stack_on_a_phone_with_the_party_in_view(
    seeded_live_server, open_page, artifacts, party_names
):
    if party_names == "long":
        from tracker.models import Party

        for name, long_name in LONG_PARTY_NAMES.items():
            party = Party.objects.get(name=name)
            party.name = long_name
            party.save()
    page = open_page(375, 800)
    page.goto(f"{seeded_live_server.url}{POINT}")
    boxes = column_boxes(page)
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert above["y"] + above["height"] <= below["y"]
        assert above["x"] >= 0 and above["x"] + above["width"] <= 375
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(artifacts / f"point-page-375-{party_names}.png"), full_page=True)
    # Scrolled into the middle of the prosecution's version, its party label stays on screen.
    second = page.locator(".version-column").nth(1)
    responses = second.locator(".version-responses")
    responses.scroll_into_view_if_needed()
    scrolled_to = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 150)
    # The wheel scrolls the page a frame or two later, at once (Playwright does not wait for it).
    page.wait_for_function("before => window.scrollY > before", arg=scrolled_to, timeout=5000)
    label = second.locator(".version-head").bounding_box()
    assert 0 <= label["y"] < 5
    assert second.locator(".version-head").is_visible()
    page.screenshot(path=str(artifacts / f"point-page-375-{party_names}-sticky.png"))
    # Tabbing back up through the versions, no link comes to rest under a party's label.
    # End scrolls smoothly, over several frames; a link focused meanwhile was scrolled into view
    # and then carried back down to the bottom by the rest of that scroll, so tabbing starts once
    # it has ended there.
    page.evaluate(SCROLL_ENDS_AT_THE_BOTTOM)
    page.keyboard.press("End")
    page.wait_for_function("() => window.scrolledToTheBottom", timeout=10_000)
    page.locator(".cite a").last.focus()
    for _ in range(page.locator(".version-columns a, .table-scroll, .stance-matrix a").count()):
        page.keyboard.press("Shift+Tab")
        # Once End's scroll is over, Chromium has scrolled the focused link into view by the time
        # the key press returns; waiting rather than asserting at once costs nothing then.
        try:
            page.wait_for_function(
                f"() => !({FOCUS_OUT_OF_VIEW})() && !({FOCUS_UNDER_A_STUCK_LABEL})()",
                timeout=10_000,
            )
        except PlaywrightTimeoutError:
            focused = page.evaluate("document.activeElement.textContent")
            where = (
                "out of view" if page.evaluate(FOCUS_OUT_OF_VIEW) else "under a party's stuck label"
            )
            pytest.fail(f"focus rests {where}: {focused!r}")


def test_case_matrix_shows_every_party_on_a_phone(seeded_live_server, open_page, artifacts):
    page = open_page(375, 800)
    page.goto(f"{seeded_live_server.url}{CASE}")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert not page.locator(".matrix-wide").is_visible()
    names = page.locator(".matrix-narrow .matrix-party-name")
    assert names.count() == 7
    for index in range(names.count()):
        assert names.nth(index).is_visible()
        box = names.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert page.locator(".point-row").count() == 3
    page.screenshot(path=str(artifacts / "case-page-375.png"), full_page=True)


def test_case_page_opens_with_points_on_a_wide_screen(seeded_live_server, open_page, artifacts):
    from tracker.models import Source

    source = Source.objects.get()
    source.language = "kk"
    source.save()
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}{CASE}")
    # An outcome's quote is read in its source's language, as a statement's is.
    languages = page.locator(".outcomes blockquote.quote").evaluate_all(
        "quotes => quotes.map(quote => quote.matches(':lang(kk)'))"
    )
    assert languages == [True] * 5
    assert page.locator(".matrix-wide").is_visible()
    assert not page.locator(".matrix-narrow").is_visible()
    points = page.locator(".point-row").first.bounding_box()
    matrix = page.locator(".matrix-wide").bounding_box()
    assert points["y"] < matrix["y"]
    page.screenshot(path=str(artifacts / "case-page-1280.png"), full_page=True)


def test_source_page_with_a_long_address_does_not_scroll_sideways(
    seeded_live_server, open_page, artifacts
):
    from tracker.models import Source

    source = Source.objects.get()
    source.url = "https://tengrinews.kz/kazakhstan_news/" + "a-very-long-unbroken-path-" * 8
    source.save()
    page = open_page(375, 800)
    page.goto(f"{seeded_live_server.url}{source.get_absolute_url()}")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(artifacts / "source-page-375.png"))


@pytest.mark.parametrize("width", [375, 1280])
def test_point_and_list_pages_do_not_scroll_sideways(seeded_live_server, open_page, width):
    page = open_page(width)
    for path in [
        "/points/",
        "/points/what-dzhumageldiev-men-did-to-protesters/",
        "/claims/abish-told-iskakov-to-seek-dzhumageldiev-help/",
    ]:
        page.goto(f"{seeded_live_server.url}{path}")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), path


def test_an_empty_matrix_cell_shows_a_dot_and_says_no_statement(seeded_live_server, open_page):
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}{CASE}")
    cells = page.get_by_role("cell", name="No statement", exact=True)
    assert cells.count() > 0  # the dot is for the eye only: not part of the cell's name
    cell = cells.first
    assert cell.evaluate("cell => getComputedStyle(cell, '::before').content").startswith('"·"')
    words = cell.locator("span").bounding_box()
    assert words["width"] <= 1 and words["height"] <= 1
    stance = page.locator(".stance-matrix td", has=page.locator("a")).first
    assert stance.evaluate("cell => getComputedStyle(cell, '::before').content") == "none"
