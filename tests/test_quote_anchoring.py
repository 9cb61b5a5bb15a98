import pytest
from django.core.exceptions import ValidationError

from tests.helpers import statement_on
from tracker.models import Source, Statement
from tracker.quoting import QuoteError, locate_quote


def new_statement(claim, party, source, quote, start=None, end=None):
    return statement_on(
        claim,
        party,
        source,
        kind=Statement.Kind.ARGUMENT,
        quote=quote,
        quote_start=start,
        quote_end=end,
    )


def test_offsets_are_found_for_a_unique_quote(claim, party, source):
    statement = new_statement(claim, party, source, "He said he caught looters.")
    statement.full_clean()
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote
    assert statement.quote_end == len(source.text)


def test_offsets_count_code_points_around_guillemets_dashes_and_cyrillic(claim, party, source):
    text = source.text
    cases = {
        "«Wild Arman»": text.index("«"),
        "crowd—and": text.index("crowd"),
        "Джумагельдиев": text.index("Дж"),
    }
    for quote, expected_start in cases.items():
        statement = new_statement(claim, party, source, quote)
        statement.full_clean()
        assert (statement.quote_start, statement.quote_end) == (
            expected_start,
            expected_start + len(quote),
        )
    # Code points, not UTF-8 bytes or UTF-16 units: the Cyrillic surname starts at 79.
    assert cases["Джумагельдиев"] == 79
    assert len("Джумагельдиев".encode()) == 26


def test_offsets_count_astral_characters_as_one(db):
    source = Source.objects.create(slug="emoji", text="🙂 «да» — нет")
    anchor = locate_quote(source.text, "«да»")
    assert (anchor.start, anchor.end) == (2, 6)


def test_a_changed_quote_is_refused_saying_where_it_differs(claim, party, source):
    start = source.text.index("witnesses agreed")
    statement = new_statement(claim, party, source, "witnesses denied", start, start + 16)
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    message = refused.value.message_dict["quote"][0]
    assert f"offset {start + 10}" in message
    assert "character 11 of the quote" in message
    assert "«denied»" in message and "«agreed»" in message


def test_a_quote_at_the_wrong_offsets_is_refused(claim, party, source):
    statement = new_statement(claim, party, source, "Wild Arman", 0, 10)
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    assert "differs from the source at offset 0" in refused.value.message_dict["quote"][0]


def test_an_ambiguous_quote_asks_for_offsets(claim, party, source):
    statement = new_statement(claim, party, source, "he")
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    assert "give the start offset" in refused.value.message_dict["quote_start"][0]


def test_an_ambiguous_quote_with_its_start_offset_is_anchored(claim, party, source):
    second = source.text.index("He said")
    statement = new_statement(claim, party, source, "He", start=second)
    statement.full_clean()
    assert (statement.quote_start, statement.quote_end) == (second, second + 2)


def test_a_quote_not_in_the_source_says_so(claim, party, source):
    statement = new_statement(claim, party, source, "Abish gave the order")
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    assert "not in the source" in refused.value.message_dict["quote"][0]


def test_a_quote_with_other_capitals_points_to_the_right_words(claim, party, source):
    statement = new_statement(claim, party, source, "wild arman")
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    assert "«Wild Arman»" in refused.value.message_dict["quote"][0]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(40, 30, "quote_end"), (0, 10_000, "quote_end")],
)
def test_impossible_offsets_are_refused_on_their_field(start, end, field):
    with pytest.raises(QuoteError) as refused:
        locate_quote("short text", "short", start, end)
    assert refused.value.field == field


def test_attribution_must_be_the_source_words(claim, party, source):
    statement = new_statement(claim, party, source, "He said he caught looters.")
    statement.attribution = "According to the police"
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    assert "attribution" in refused.value.message_dict


def test_source_digest_follows_its_text(source):
    before = source.sha256
    source.text += " More."
    source.save()
    source.refresh_from_db()
    assert source.sha256 == Source.digest(source.text) != before


def test_a_quote_pasted_across_a_line_break_matches_the_stored_text(claim, party, db):
    source = Source.objects.create(slug="two-lines", text="First line ends.\nSecond line.")
    statement = new_statement(claim, party, source, "ends.\r\nSecond")
    statement.full_clean()
    assert statement.quote == "ends.\nSecond"
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote


def test_each_occurrence_of_an_ambiguous_quote_is_listed_with_its_words(claim, party, source):
    statement = new_statement(claim, party, source, "he")
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    message = refused.value.message_dict["quote_start"][0]
    for position in [i for i in range(len(source.text)) if source.text.startswith("he", i)]:
        assert f"at {position} («" in message
    assert "at 112 («…магельдиев denied it. He said he caught looters.»)" in message


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("“Wild Arman” led the crowd", "the same words with other quotation marks"),
        ("led the crowd-and witnesses", "the same words with other quotation marks"),
        ("denied\nit. He said", "the same words with other quotation marks"),
        ("denied  it.", "the same words with other quotation marks"),
        ("He said he cought looters.", "The closest passage, at"),
    ],
    ids=["curly quotes", "hyphen for dash", "line break", "doubled space", "typo"],
)
def test_a_near_miss_is_told_where_the_source_has_it(claim, party, source, pasted, expected):
    statement = new_statement(claim, party, source, pasted)
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    message = refused.value.message_dict["quote"][0]
    assert expected in message
    assert "not in the source text" in message


@pytest.mark.parametrize("pasted", ["ends.\r\nSecond", "ends.\nSecond"])
def test_a_quote_across_a_crlf_line_break_matches_a_source_stored_with_crlf(
    claim, party, db, pasted
):
    # A source uploaded or ingested byte for byte keeps its CRLF line breaks; a quote
    # across one is those exact code points.
    source = Source.objects.create(slug="crlf", text="First line ends.\r\nSecond line.\r\n")
    statement = new_statement(claim, party, source, pasted)
    statement.full_clean()
    assert statement.quote == "ends.\r\nSecond"
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote
    statement.save()
    statement.full_clean()  # an edit of another field re-checks the stored quote
    assert statement.quote == "ends.\r\nSecond"


def test_a_quote_whose_words_stand_twice_with_other_line_breaks_asks_which(claim, party, db):
    text = "First line ends.\rSecond line. Again: ends.\nSecond line."
    source = Source.objects.create(slug="mixed", text=text)
    statement = new_statement(claim, party, source, "ends.\r\nSecond")
    with pytest.raises(ValidationError) as refused:
        statement.full_clean()
    message = refused.value.message_dict["quote_start"][0]
    assert "occurs 2 times" in message
    chosen = new_statement(claim, party, source, "ends.\r\nSecond", start=text.index("ends."))
    chosen.full_clean()
    assert chosen.quote == "ends.\rSecond"
    assert text[chosen.quote_start : chosen.quote_end] == chosen.quote
