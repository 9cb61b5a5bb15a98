import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tracker.models import Claim, Outcome, Party, Source, Statement
from tracker.quoting import reanchor, unchanged_blocks

from .helpers import form_values


def test_an_edit_that_breaks_quotes_is_refused_listing_them(statement):
    source = statement.source
    source.text = source.text.replace("denied it", "rejected it")
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    message = refused.value.message_dict["text"][0]
    assert f"statement {statement.pk}" in message
    assert statement.quote in message
    assert str(statement.party) in message


def test_a_breaking_edit_is_refused_even_without_validation(statement):
    source = Source.objects.get(pk=statement.source_id)
    source.text = "Nothing of the sort."
    with pytest.raises(ValidationError):
        source.save()
    assert Source.objects.get(pk=source.pk).text == statement.source.text


def test_quotes_move_with_their_words_when_text_is_inserted(statement):
    source = statement.source
    source.text = "Correction appended by the editor. " + source.text
    source.full_clean()
    source.save()
    statement.refresh_from_db()
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote
    assert statement.quote_start == source.text.index(statement.quote)


def test_repeats_are_told_apart_by_the_words_around_them(db, claim, party):
    source = Source.objects.create(
        slug="repeats",
        text="Iskakov said: I obeyed. Witnesses said: I obeyed, said the guard.",
    )
    second = source.text.index("I obeyed", 20)
    statement = Statement(
        claim=claim,
        party=party,
        source=source,
        stance="supports",
        kind="testimony",
        quote="I obeyed",
        quote_start=second,
    )
    statement.full_clean()
    statement.save()
    source.text = "Iskakov said: I obeyed. Then the court heard many witnesses. " + (
        "Witnesses said: I obeyed, said the guard."
    )
    source.save()
    statement.refresh_from_db()
    assert statement.quote_start == source.text.index("Witnesses said: I obeyed") + 16
    assert source.text[statement.quote_start : statement.quote_end] == "I obeyed"


def test_repeats_follow_the_edit_or_are_refused():
    old = "A: he said yes. B: he said yes."
    assert reanchor(old, "A: he said yes. C: no. B: he said yes.", 19, 31) == (26, 38)
    # Where the diff keeps nothing of the quote's place, the words around it decide; two
    # copies that neither side's context prefers: refused, not guessed.
    old, new = "He said yes. He said yes.", "No. He said yes; he said yes!"
    assert reanchor(old, new, 3, 11, blocks=[]) is None
    # The word-level diff sees "He said yes" kept in place (only the punctuation changed).
    assert reanchor(old, new, 3, 11) == (7, 15)


def test_the_diff_keeps_runs_that_an_edit_left_in_place():
    old = "Line one stays.\nIskakov said he obeyed.\nLine three stays.\n" * 3
    new = old.replace("he obeyed", "he had obeyed", 1) + "An appended line.\n"
    for old_from, old_to, new_from in unchanged_blocks(old, new):
        assert old[old_from:old_to] == new[new_from : new_from + old_to - old_from]
    kept = sum(old_to - old_from for old_from, old_to, _ in unchanged_blocks(old, new))
    assert kept == len(old)
    second = old.index("Iskakov", 40)
    assert reanchor(old, new, second, second + 7) == (second + 4, second + 11)


def test_the_diff_is_found_inside_one_long_line():
    old = " ".join(f"word{number}" for number in range(50_000))
    new = old.replace("word100 ", "word100 inserted ").replace("word40000", "w40000")
    start = old.index("word45000")
    anchor = reanchor(old, new, start, start + len("word45000"))
    assert anchor is not None
    assert new[anchor.start : anchor.end] == "word45000"


def test_outcomes_are_kept_anchored_too(seed_case):
    source = Source.objects.get()
    source.text = source.text.replace("Almaty court", "Almaty City Court", 1)
    source.full_clean()
    source.save()
    for quotation in [*Statement.objects.all(), *Outcome.objects.all()]:
        assert source.text[quotation.quote_start : quotation.quote_end] == quotation.quote


def test_admin_shows_the_refusal_on_the_text_field(admin_client, statement):
    url = reverse("admin:tracker_source_change", args=[statement.source_id])
    values = form_values(admin_client.get(url))
    values["text"] = "A different article altogether."
    response = admin_client.post(url, values)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text"]
    assert "would break 1 quote" in errors[0]
    statement.source.refresh_from_db()
    assert statement.quote in statement.source.text


def test_a_quote_is_not_moved_to_a_passage_that_merely_repeats_its_words():
    old = "The court sentenced Iskakov to 15 years. The defence asked for less."
    new = "The court sentenced Iskakov to 16 years. The prosecution had asked for 15 years."
    start = old.index("15 years")
    assert reanchor(old, new, start, start + len("15 years")) is None


def test_a_moved_passage_takes_its_quote_along():
    old = "Intro. Witnesses said: I obeyed, said the guard. Outro."
    new = "Witnesses said: I obeyed, said the guard. A new opening paragraph. Intro."
    start = old.index("I obeyed")
    anchor = reanchor(old, new, start, start + len("I obeyed"))
    assert new[anchor.start : anchor.end] == "I obeyed"
    assert anchor.start == new.index("I obeyed")


def as_a_browser_posts_a_textarea(text):
    """A textarea's value as a browser sends it back: every line break (CR, LF or CRLF) as
    CRLF, the HTML parser having read each as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def test_saving_a_crlf_source_unchanged_keeps_its_text_byte_for_byte(admin_client, db, case):
    text = "First line of the verdict.\r\nWitnesses said «he beat them».\r\nAn old Mac\rline.\n🙂"
    source = Source.objects.create(slug="windows-report", text=text)
    statement = Statement(
        claim=Claim.objects.create(case=case, text="He beat them", slug="beat"),
        party=Party.objects.create(name="Witnesses", slug="witnesses", kind="group"),
        source=source,
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.TESTIMONY,
        quote="verdict.\r\nWitnesses said",
    )
    statement.full_clean()
    statement.save()
    url = reverse("admin:tracker_source_change", args=[source.pk])
    values = form_values(admin_client.get(url))
    values["text"] = as_a_browser_posts_a_textarea(values["text"])
    response = admin_client.post(url, {**values, "title": "A new title"})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "A new title"
    assert source.text == text
    assert source.sha256 == Source.digest(text)
    statement.refresh_from_db()
    assert text[statement.quote_start : statement.quote_end] == "verdict.\r\nWitnesses said"
