"""A claim with more statements of a stance than its page shows, in Chromium: the column pages
on by itself, and the page stays readable on a phone."""

import pytest

from tests.helpers import make_statements

pytestmark = pytest.mark.browser

CLAIM = "/claims/wild-arman-tasked-with-crowds-and-peoples-council/"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.parametrize("width", [320, 1280])
def test_a_stance_column_pages_on_by_itself(seeded_live_server, open_page, width):
    from tracker.models import Claim
    from tracker.models.claim_queries import STATEMENTS_PER_STANCE

    claim = Claim.objects.get(slug=CLAIM.split("/")[2])
    quoted = claim.statements.order_by("pk").last()
    make_statements(claim, quoted.party, quoted.source, STATEMENTS_PER_STANCE + 5)
    claim.statements.filter(pk__gt=quoted.pk).update(stance=quoted.stance)
    of_stance = claim.statements.filter(stance=quoted.stance).order_by("position", "pk")
    last = of_stance.last()
    page = open_page(width)
    page.goto(f"{seeded_live_server.url}{CLAIM}")
    column = page.locator(f".stance-column.stance-{quoted.stance}")
    others = page.locator(f".stance-column:not(.stance-{quoted.stance}) article.statement")
    shown_elsewhere = others.count()
    assert shown_elsewhere > 0
    assert column.locator("article.statement").count() == STATEMENTS_PER_STANCE
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    column.get_by_role("link", name="Next page").click()
    page.wait_for_url(f"**{CLAIM}?{quoted.stance}_page=2#column-{quoted.stance}")
    assert column.locator("article.statement").count() == of_stance.count() - STATEMENTS_PER_STANCE
    assert column.get_by_text("Page 2 of 2").is_visible()
    assert page.locator(f"#statement-{last.pk}").is_visible()
    assert others.count() == shown_elsewhere
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
