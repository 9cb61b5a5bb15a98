import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CLAIM = "wild-arman-tasked-with-crowds-and-peoples-council"


def box(page, selector):
    element = page.locator(selector).first
    element.wait_for()
    return element.bounding_box()


def in_russian(selector: str) -> str:
    return f"() => [...document.querySelectorAll('{selector}')].map(e => e.matches(':lang(ru)'))"


def test_versions_stand_side_by_side_on_a_wide_screen(seeded_live_server, open_page, artifacts):
    from tracker.models import Source

    source = Source.objects.get()
    source.language = "ru"
    source.save()
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}/claims/{CLAIM}/")
    # A screen reader reads each quote in its source's language, and the page's own words not.
    assert page.evaluate(in_russian("blockquote.quote")) == [True] * 3
    assert page.evaluate(in_russian("h1, .statement-meta, .source-link")) == [False] * 7
    # The arrows after links and the breadcrumbs' separators are drawn for the eye; a screen
    # reader does not read out "right arrow" at the end of each link.
    for link in [page.locator(".source-link a").first, page.locator(".point-link-compare a")]:
        expect(link).to_have_accessible_name(re.compile(r"[^→\s]$"))
        assert link.evaluate("link => getComputedStyle(link, '::after').content").startswith('" →"')
    assert "›" not in page.locator(".breadcrumbs").aria_snapshot()
    assert (
        page.locator(".breadcrumbs li")
        .nth(1)
        .evaluate("item => getComputedStyle(item, '::before').content")
        .startswith('"›"')
    )
    supports = box(page, ".stance-column.stance-supports .statement")
    disputes = box(page, ".stance-column.stance-disputes .statement")
    qualifies = box(page, ".stance-column.stance-qualifies .statement")
    assert supports["x"] + supports["width"] <= disputes["x"]
    assert disputes["x"] + disputes["width"] <= qualifies["x"]
    assert abs(supports["y"] - disputes["y"]) < 5
    page.screenshot(path=str(artifacts / "claim-page-1280.png"), full_page=True)


def test_versions_stack_without_sideways_scrolling_on_a_phone(
    seeded_live_server, open_page, artifacts
):
    page = open_page(375, 800)
    page.goto(f"{seeded_live_server.url}/claims/{CLAIM}/")
    supports = box(page, ".stance-column.stance-supports .statement")
    disputes = box(page, ".stance-column.stance-disputes .statement")
    assert supports["y"] + supports["height"] <= disputes["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts / "claim-page-375.png"), full_page=True)


# A name in one unbroken word, as a Cyrillic transliteration or a pasted handle can be: wider
# than a phone, and than a column of the matrix or of the home page at 1280 px.
UNBROKEN = "Джумагельдиевтакназываемыйдикийарманпредседательнародногосоветаалматы"


def give_the_seed_case_unbroken_words() -> None:
    from tracker.models import Case, Claim, Party, Point, Tag

    party = Party.objects.get(slug="arman-dzhumageldiev")
    party.name = f"Арман {UNBROKEN}"
    party.save()
    claim = Claim.objects.get(slug=CLAIM)
    claim.text = f"{claim.text} {UNBROKEN}"
    claim.save()
    for model, field in [(Case, "title"), (Point, "question"), (Tag, "name")]:
        row = model.objects.order_by("pk").first()
        setattr(row, field, f"{getattr(row, field)} {UNBROKEN}")
        row.save()


# 320 px is a phone's narrowest, and 1280 px zoomed to 400 %; what fits it fits 375 px.
@pytest.mark.parametrize("width", [320, 1280])
def test_no_reader_page_scrolls_sideways(seeded_live_server, open_page, width):
    give_the_seed_case_unbroken_words()
    page = open_page(width)
    for path in [
        "/",
        "/claims/",
        "/cases/almaty-trial-january-2022/",
        "/sources/almaty-trial-verdict-report/",
        "/parties/arman-dzhumageldiev/",
        "/points/",
        f"/claims/{CLAIM}/",
    ]:
        page.goto(f"{seeded_live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        # Each menu item stays on one line; a party's other names wrap whole, with the comma
        # after each, so no line starts with a comma.
        for item in page.locator(".site-nav a").all():
            assert item.evaluate("item => item.getClientRects().length") == 1, item.inner_text()
        aliases = page.locator(".alias").all_inner_texts()
        assert all(alias.endswith(",") for alias in aliases[:-1]), aliases
    if width == 1280:
        # On a wide screen the case's matrix fits: no party's column is cut off at the edge.
        page.goto(f"{seeded_live_server.url}/cases/almaty-trial-january-2022/")
        matrix = page.locator(".matrix-wide")
        assert matrix.evaluate("matrix => matrix.scrollWidth <= matrix.clientWidth")


def test_quote_link_lands_on_its_highlighted_span(seeded_live_server, open_page):
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}/claims/{CLAIM}/")
    link = page.locator(".stance-column.stance-qualifies .source-link a").first
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(rf".*/sources/.*#{anchor}$"))
    target = page.locator(":target")
    assert target.evaluate("element => element.tagName") == "MARK"
    assert target.get_attribute("id") == anchor
    assert target.is_visible()
    assert page.evaluate(
        """() => {
            const rect = document.querySelector(':target').getBoundingClientRect();
            return rect.top >= 0 && rect.bottom <= window.innerHeight;
        }"""
    )


def test_search_from_home_reaches_wild_armans_claims_and_filters_explain_themselves(
    seeded_live_server, open_page
):
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}/")
    page.get_by_label("Search claims, quotes and parties").fill("Wild Arman")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/claims/\?q=Wild\+Arman$"))
    # Each filter's hint is on screen and read out with its box.
    party = page.get_by_label("Party", exact=True)
    expect(party).to_have_accessible_description(re.compile("in any spelling"))
    assert page.get_by_text("A party with a statement on the claim.").is_visible()
    results = page.locator(".claim-row-text")
    assert results.count() >= 4
    texts = " ".join(results.all_inner_texts())
    assert "Dzhumageldiev tried to calm protesters" in texts
    results.filter(has_text="tried to calm protesters").click()
    assert "Arman Dzhumageldiev" in page.locator(".stance-column.stance-supports").inner_text()
    # A shared link with a stance that no longer exists: the form says which filter and why,
    # and keeps the search.
    page.goto(f"{seeded_live_server.url}/claims/?q=Wild+Arman&stance=agrees")
    assert page.get_by_role("alert").inner_text().startswith("Some filters could not be used.")
    stance = page.get_by_label("Stance", exact=True)
    expect(stance).to_have_attribute("aria-invalid", "true")
    expect(stance).to_have_accessible_description(re.compile("agrees is not one of the"))
    expect(page.get_by_label("Search", exact=True)).to_have_value("Wild Arman")


def test_keyboard_reaches_the_skip_link_first(seeded_live_server, open_page):
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}/claims/{CLAIM}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_on_a_phone_the_results_come_before_the_folded_refinements(seeded_live_server, open_page):
    page = open_page(390, 844)
    page.goto(f"{seeded_live_server.url}/claims/")
    results = page.get_by_role("heading", name=re.compile(r"^\d+ claims$"))
    assert results.bounding_box()["y"] < 844, "the count of results is below the first screen"
    case = page.get_by_label("Case", exact=True)
    expect(case).to_be_hidden()
    expect(page.get_by_label("Search", exact=True)).to_be_visible()
    page.get_by_text("More filters", exact=True).click()
    expect(case).to_be_visible()
    # A link that uses a refinement opens with it unfolded, saying how many are in use.
    page.goto(f"{seeded_live_server.url}/claims/?stance=disputes&q=arman")
    expect(page.get_by_label("Stance", exact=True)).to_be_visible()
    expect(page.locator(".refinements > summary")).to_have_text("More filters (1 in use)")


def test_beside_the_results_every_filter_is_shown_unfolded(seeded_live_server, open_page):
    page = open_page(1280)
    page.goto(f"{seeded_live_server.url}/points/")
    expect(page.get_by_label("Claimant", exact=True)).to_be_visible()
    expect(page.locator(".refinements > summary")).to_be_hidden()
