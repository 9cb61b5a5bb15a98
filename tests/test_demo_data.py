"""manage.py generate_demo_data: realistic rows, exact quotes, never over real data."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tracker.models import Claim, Party, PartyAlias, Point, Source, Statement
from tracker.search import normalise_for_search

SMALL = ["--claims", "30", "--statements", "300", "--seed", "7"]


@pytest.fixture
def demo(db):
    call_command("generate_demo_data", *SMALL, verbosity=0)


def test_counts_are_as_asked(demo):
    assert Claim.objects.count() == 30
    assert Statement.objects.count() == 300
    assert Point.objects.exists() and Source.objects.count() == 15


def test_every_quote_is_its_source_at_its_offsets(demo):
    for statement in Statement.objects.select_related("source"):
        text = statement.source.text
        assert text[statement.quote_start : statement.quote_end] == statement.quote
        assert statement.attribution in text
    call_command("verify_quotes", verbosity=0)  # exits non-zero on any mismatch


def test_sources_are_3_to_20_kb(demo):
    for text in Source.objects.values_list("text", flat=True):
        assert 3000 <= len(text) <= 20_100


def test_published_and_draft_claims_all_with_claimants(demo):
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert Claim.Status.PUBLISHED in statuses and Claim.Status.DRAFT in statuses
    assert not Claim.objects.filter(claimant=None).exists()


def test_parties_have_cyrillic_and_transliterated_aliases(demo):
    party = Party.objects.filter(aliases__kind=PartyAlias.Kind.NATIVE).first()
    native = party.aliases.get(kind=PartyAlias.Kind.NATIVE).name
    assert any("а" <= character <= "я" for character in native.lower())
    assert party.name.isascii()


def test_search_text_is_what_save_would_write(demo):
    for model in (Claim, Statement, Party, PartyAlias, Point):
        row = model.objects.order_by("?").first()
        stored = row.search_text
        row.refresh_search_text()
        assert row.search_text == stored and stored


def test_search_finds_claims_by_an_alias_in_cyrillic(demo):
    native = PartyAlias.Kind.NATIVE
    party = Statement.objects.published().filter(party__aliases__kind=native).first().party
    alias = party.aliases.get(kind=native)
    published = Claim.objects.published()
    expected = published.filter(statements__party=party) | published.filter(claimant=party)
    page = Client().get(reverse("tracker:claim-list"), {"q": alias.name})
    assert page.status_code == 200
    shown = {claim.pk for claim in page.context["page"].object_list}
    assert shown and shown <= set(expected.values_list("pk", flat=True))
    assert normalise_for_search(alias.name) in alias.search_text


def test_reader_pages_work_on_demo_data(demo):
    claim = Claim.objects.published().filter(statements__isnull=False).first()
    statement = claim.statements.first()
    for url in (
        claim.get_absolute_url(),
        statement.source.get_absolute_url(),
        statement.party.get_absolute_url(),
        claim.case.get_absolute_url(),
    ):
        assert Client().get(url).status_code == 200, url


class Undo(Exception):
    pass


def test_the_same_seed_gives_the_same_data(db):
    def generated():
        call_command("generate_demo_data", *SMALL, verbosity=0)
        fields = ("quote", "quote_start", "party__name", "claim__slug", "source__slug")
        return list(Statement.objects.order_by("pk").values_list(*fields))

    with pytest.raises(Undo), transaction.atomic():
        first = generated()
        raise Undo
    assert not Statement.objects.exists()
    assert generated() == first


def test_refuses_a_database_holding_data(seed_case):
    before = Statement.objects.count()
    with pytest.raises(CommandError, match="holds tracker data"):
        call_command("generate_demo_data", *SMALL, verbosity=0)
    assert Statement.objects.count() == before


def test_force_adds_beside_existing_data_and_changes_none_of_it(seed_case):
    def snapshot():
        return {
            model: list(model.objects.order_by("pk").values())
            for model in (Claim, Statement, Party, Source)
        }

    before = snapshot()
    call_command("generate_demo_data", *SMALL, "--force", verbosity=0)
    after = snapshot()
    for model, rows in before.items():
        kept = [row for row in after[model] if row["id"] in {r["id"] for r in rows}]
        assert kept == rows, model
    assert Statement.objects.count() == len(before[Statement]) + 300


def test_a_second_forced_run_adds_beside_the_first(demo):
    call_command("generate_demo_data", *SMALL, "--force", verbosity=0)
    assert Claim.objects.count() == 60


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="visibility maps and VACUUM are PostgreSQL's"
)
def test_demo_rows_are_left_ready_for_index_only_scans(transactional_db):
    call_command("generate_demo_data", *SMALL, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'tracker_statement'")
        assert cursor.fetchone()[0] > 0
