import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import make_statements
from tracker import permissions
from tracker.models import Outcome, Revision, Source, Statement

pytestmark = pytest.mark.django_db


def test_verify_quotes_fails_listing_each_corrupted_statement(seed_case, capsys):
    broken = Statement.objects.order_by("pk")[:2]
    for statement in broken:
        Statement.objects.filter(pk=statement.pk).update(quote=statement.quote + " (sic)")
    with pytest.raises(CommandError, match="2 of .* quotes do not match"):
        call_command("verify_quotes")
    errors = capsys.readouterr().err
    for statement in broken:
        assert f"statement {statement.pk} " in errors


def test_verify_quotes_notices_a_source_changed_under_its_quotes(seed_case, capsys):
    source = Source.objects.get()
    Source.objects.filter(pk=source.pk).update(text=source.text.replace("Iskakov", "Iskakоv"))
    with pytest.raises(CommandError):
        call_command("verify_quotes")
    assert "differs from the source" in capsys.readouterr().err


def test_verify_quotes_checks_outcomes_too(seed_case, capsys):
    outcome = Outcome.objects.first()
    Outcome.objects.filter(pk=outcome.pk).update(quote_start=outcome.quote_start + 1)
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_quotes")
    assert f"outcome {outcome.pk} " in capsys.readouterr().err


def test_verify_quotes_checks_what_pending_held_edits_propose(
    claim, party, source, researcher, capsys
):
    statement = Statement(
        claim=claim, party=party, source=source, stance="supports", kind="testimony"
    )
    statement.quote = "He said he caught looters."
    revision = permissions.save_as(researcher, statement)
    call_command("verify_quotes")
    assert "All 1 quotes match" in capsys.readouterr().out
    # As a source edit left a proposed statement before held edits were re-anchored.
    shifted = {**revision.proposed, "quote_start": revision.proposed["quote_start"] + 3}
    Revision.objects.filter(pk=revision.pk).update(proposed=shifted)
    with pytest.raises(CommandError, match="1 of 1 quotes"):
        call_command("verify_quotes")
    assert f"held edit {revision.pk} " in capsys.readouterr().err


def sources_with_statements(claim, party, sources, per_source, prefix="report"):
    """``sources`` new sources, each quoted by ``per_source`` statements, added to one
    source after another, the last first, so that the keys of the two run apart."""
    made = [
        Source.objects.create(title=f"{prefix} {n}", slug=f"{prefix}-{n}", text=f"{prefix} {n}.")
        for n in range(sources)
    ]
    for _ in range(per_source):
        for source in reversed(made):
            make_statements(claim, party, source, 1)
    return made


def test_verify_quotes_checks_each_quote_against_its_own_source(claim, party, capsys):
    first, second, third = sources_with_statements(claim, party, 3, 2)
    wrong = Statement.objects.filter(source=second).order_by("pk").last()
    Statement.objects.filter(pk=wrong.pk).update(quote_start=1, quote_end=7)
    with pytest.raises(CommandError, match="1 of 6 quotes"):
        call_command("verify_quotes")
    assert f"statement {wrong.pk} " in capsys.readouterr().err


def test_verify_quotes_query_count_is_flat_with_quotes_and_sources(claim, party):
    sources_with_statements(claim, party, 2, 1)
    with CaptureQueriesContext(connection) as few:
        call_command("verify_quotes")
    sources_with_statements(claim, party, 8, 10, prefix="more")
    with CaptureQueriesContext(connection) as many:
        call_command("verify_quotes")
    assert len(many) == len(few)


def test_verify_quotes_holds_each_source_text_once_not_once_per_quote(claim, party):
    long_text = "The court heard the defendant. " * 4_000  # 124,000 characters
    source = Source.objects.create(title="Transcript", slug="transcript", text=long_text)
    make_statements(claim, party, source, 300)
    tracemalloc.start()
    try:
        call_command("verify_quotes", stdout=io.StringIO())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Held once per quote, the text alone would take 300 × 124 kB.
    assert peak < 40 * len(long_text)
