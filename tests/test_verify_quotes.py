import pytest
from django.core.management import CommandError, call_command

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
