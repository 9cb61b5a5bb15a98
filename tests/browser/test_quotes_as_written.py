import pytest

from tests.helpers import add_statement
from tracker.models import Source, Statement

pytestmark = pytest.mark.browser

# A witness's answer over two lines, the second indented as the record has it.
RECORD = "Q: Who led them?\nA: I did not see.\n   He was at home,  I think.\n"
QUOTE = "I did not see.\n   He was at home,  I think."


def test_a_quote_reads_on_the_claim_page_with_the_line_breaks_and_spaces_of_its_source(
    transactional_db, live_server, open_page, claim, party
):
    source = Source.objects.create(title="Hearing record", slug="hearing-record", text=RECORD)
    add_statement(claim, party, source, QUOTE, stance=Statement.Stance.DISPUTES, kind="testimony")
    page = open_page(1280)
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    shown = page.locator("blockquote.quote p").first.evaluate("quote => quote.innerText")
    assert shown == QUOTE
