"""Imports at the same moment, on PostgreSQL with real threads: the loser is told, never a 500
or a traceback, and what the winner wrote is whole and not duplicated.

Each race is made certain rather than likely: this test's own connection holds a lock every
import needs (or an uncommitted row it will collide with) until the imports are all waiting
for it, then lets them go together. On SQLite, transactions begin IMMEDIATE (settings.py), so
imports queue for the database's one write lock and cannot interleave.
"""

import html
import io
import json
import threading
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client

from tests.helpers import (
    SEED_CASE,
    Racer,
    empty_the_database,
    upload,
    wait_until_blocked_or_done,
)
from tracker.interchange import ImportRefused, export_case, import_case
from tracker.models import Case, Party, Statement
from tracker.seeding import SEED_FIXTURE

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="imports on SQLite take turns (IMMEDIATE)"
)

# An import's outcome: whether it imported, and what it said.
Outcome = tuple[bool, str]
Door = Callable[[bytes], Outcome]


def at_once(race, works: list[Callable[[], object]], hold: Callable[[], object]) -> list[Racer]:
    """Run each of ``works`` in a racer while a transaction of this connection holds what
    ``hold`` locked, and commit it once every racer waits for a lock, letting them go together;
    the racers."""
    with transaction.atomic():
        hold()
        racers = [race(work) for work in works]
        for racer in racers:
            if not wait_until_blocked_or_done(racer):
                raise AssertionError(
                    f"an import finished while what imports need was held: {racer.outcome()}"
                )
    return racers


def lock_cases() -> None:
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE tracker_case IN EXCLUSIVE MODE")


def through_admin(reviewer) -> Door:
    def door(raw: bytes) -> Outcome:
        client = Client(raise_request_exception=False)
        client.force_login(reviewer)
        response = upload(client, raw)
        assert response.status_code in (302, 400), response.status_code
        return response.status_code == 302, html.unescape(response.content.decode())

    return door


def through_command(tmp_path) -> Door:
    def door(raw: bytes) -> Outcome:
        path = tmp_path / f"case-{threading.get_ident()}.json"
        path.write_bytes(raw)
        try:
            call_command("import_case", str(path), stdout=io.StringIO())
        except CommandError as refusal:
            return False, str(refusal)
        return True, ""

    return door


@pytest.fixture
def document(seed_case) -> dict:
    """The seed case as a document, into a database that no longer holds anything of it."""
    exported = export_case(Case.objects.get(slug=SEED_CASE))
    empty_the_database()
    return exported


@pytest.mark.parametrize("door", ["admin", "command"])
def test_two_imports_of_one_case_at_once_one_imports_and_the_other_is_told(
    race, document, reviewer, tmp_path, door
):
    raw = json.dumps(document).encode()
    importing = through_admin(reviewer) if door == "admin" else through_command(tmp_path)
    outcomes = [
        racer.outcome() for racer in at_once(race, [lambda: importing(raw)] * 2, lock_cases)
    ]
    assert sorted(imported for imported, _ in outcomes) == [False, True]
    told = next(said for imported, said in outcomes if not imported)
    assert "nothing was imported" in told
    assert f"a case with the slug {SEED_CASE!r} is already in this database" in told
    assert export_case(Case.objects.get()) == document
    assert Statement.objects.count() == sum(len(c["statements"]) for c in document["claims"])


def test_a_party_saved_while_an_import_creates_it_refuses_the_import_not_a_crash(race, document):
    slug = document["parties"][0]["slug"]
    [importing] = at_once(
        race,
        [lambda: import_case(document)],
        lambda: Party.objects.create(name="Entered meanwhile", slug=slug, kind=Party.Kind.PERSON),
    )
    with pytest.raises(ImportRefused, match="while this import ran"):
        importing.outcome()
    assert not Case.objects.exists()
    assert Party.objects.get().name == "Entered meanwhile"


def lock_parties() -> None:
    """The table the seed loader writes first, so that both loaders have read the database
    (and found no seed in it) by the time they wait."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE tracker_party IN EXCLUSIVE MODE")


def test_two_seed_loads_at_once_load_it_once_and_the_other_says_it_is_there(race):
    # Two `make serve` (or `make production`) starting at once against one database.
    def load() -> str:
        said = io.StringIO()
        call_command("load_seed_case", stdout=said)
        return said.getvalue()

    said = sorted(racer.outcome() for racer in at_once(race, [load, load], lock_parties))

    assert said[0].startswith("Loaded the seed case")
    assert said[1].startswith("The seed case is already in this database")
    fixture = json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))
    assert Statement.objects.count() == sum(e["model"] == "tracker.statement" for e in fixture)
    assert Case.objects.count() == 1
