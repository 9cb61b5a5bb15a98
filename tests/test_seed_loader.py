"""The seed loader adds the seed case beside what a database holds and never changes a row."""

import json
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from tracker.models import Case, Claim, Party, Source, Statement, Tag
from tracker.seeding import SEED_CHANGE_REASON, SEED_FIXTURE

pytestmark = pytest.mark.django_db

Snapshot = dict[str, dict[Any, dict[str, Any]]]


def snapshot() -> Snapshot:
    """Every row of every tracker table, history tables included, by primary key."""
    return {
        model._meta.label: {
            row[model._meta.pk.attname]: row for row in model._base_manager.values()
        }
        for model in apps.get_app_config("tracker").get_models()
    }


def fixture_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in json.loads(SEED_FIXTURE.read_text(encoding="utf-8")):
        counts[entry["model"]] = counts.get(entry["model"], 0) + 1
    return counts


def load(capsys: pytest.CaptureFixture[str]) -> str:
    call_command("load_seed_case")
    return capsys.readouterr().out


def test_a_fresh_database_gets_the_seed_with_history_rows(capsys):
    output = load(capsys)

    counts = fixture_counts()
    assert Claim.objects.count() == counts["tracker.claim"]
    assert Statement.objects.count() == counts["tracker.statement"]
    assert Party.objects.count() == counts["tracker.party"]
    assert "Loaded the seed case" in output
    assert f"{counts['tracker.statement']} statements" in output
    for model in (Case, Claim, Statement, Source, Party, Tag):
        created = model.history.filter(history_type="+")  # type: ignore[attr-defined]
        assert created.count() == model.objects.count()
        assert set(created.values_list("history_change_reason", flat=True)) == {SEED_CHANGE_REASON}


def test_loading_twice_changes_nothing_and_says_so(capsys):
    load(capsys)
    before = snapshot()
    output = load(capsys)
    assert snapshot() == before
    assert "already in this database" in output
    assert "nothing was changed" in output


def test_renaming_the_seed_source_does_not_bring_the_seed_back(capsys):
    load(capsys)
    source = Source.objects.get()
    source.slug = "renamed-by-a-researcher"
    source.save()
    before = snapshot()
    load(capsys)
    assert snapshot() == before


def test_edits_and_review_steps_survive_a_reload(capsys, reviewer):
    load(capsys)
    claim = Claim.objects.get(slug="abish-distanced-himself")
    claim.text = "Edited by a reviewer"
    claim.save()
    claim.transition("unpublish", reviewer, "Needs a second source")
    statement = Statement.objects.order_by("pk").first()
    assert statement is not None
    statement.paraphrase = "A researcher's paraphrase"
    statement.save()
    Statement.objects.order_by("pk").last().delete()  # type: ignore[union-attr]
    before = snapshot()

    load(capsys)

    assert snapshot() == before
    claim.refresh_from_db()
    assert (claim.text, claim.status) == ("Edited by a reviewer", Claim.Status.UNPUBLISHED)


def test_a_corrected_seed_source_text_is_still_recognised(capsys):
    load(capsys)
    source = Source.objects.get()
    source.text += "\nA correction appended by a reviewer."
    source.save()
    before = snapshot()
    output = load(capsys)
    assert snapshot() == before
    assert "already in this database" in output


def test_a_deleted_seed_is_not_loaded_again(capsys):
    load(capsys)
    Statement.objects.all().delete()
    from tracker.models import Outcome

    Outcome.objects.all().delete()
    Source.objects.all().delete()
    before = snapshot()
    load(capsys)
    assert snapshot() == before


def test_other_staff_data_is_left_byte_for_byte_and_the_seed_goes_beside_it(
    capsys, case, claim, source, party, statement
):
    Tag.objects.create(name="violence", slug="staff-violence")
    clashing = Source.objects.create(
        title="Staff's own", slug="almaty-trial-verdict-report", text="Another document."
    )
    before = snapshot()

    output = load(capsys)

    after = snapshot()
    for label, rows in before.items():
        for pk, row in rows.items():
            assert after[label][pk] == row, f"{label} {pk} changed"
    counts = fixture_counts()
    assert Claim.objects.count() == 1 + counts["tracker.claim"]
    assert Statement.objects.count() == 1 + counts["tracker.statement"]
    # The staff's party and tag are the seed's too (same slug): used, not duplicated.
    assert Party.objects.count() == counts["tracker.party"]
    assert Party.objects.get(slug=party.slug).statements.count() > 1
    assert Tag.objects.filter(name="violence").count() == 1
    seed_source = Source.objects.exclude(pk__in=[source.pk, clashing.pk]).get()
    assert seed_source.slug == "almaty-trial-verdict-report-2"
    assert "almaty-trial-verdict-report → almaty-trial-verdict-report-2" in output
    call_command("verify_quotes", verbosity=0)
