"""The race tests' own machinery, on PostgreSQL: it sees a racer as PostgreSQL has it now, and a
racer still running when its test ends is stopped with its transaction, so a race test that
fails says why instead of hanging or deadlocking the next test's setup."""

import pytest
from django.db import connection, transaction

from tests.helpers import wait_until_blocked_or_done
from tracker.models import Party

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="racers wait for PostgreSQL's locks"
)


def lock(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")


def create_a_party() -> Party:
    return Party.objects.create(name="Created", slug="created", kind=Party.Kind.PERSON)


def test_a_racer_that_connects_after_the_holding_transaction_looked_is_seen_waiting(race):
    with transaction.atomic():
        lock("tracker_party")
        with connection.cursor() as cursor:
            # What the race tests' transactions did by chance: the backends it lists now are
            # all this transaction sees from here on unless it asks afresh.
            cursor.execute("SELECT count(*) FROM pg_stat_activity")
        creating = race(create_a_party)
        assert wait_until_blocked_or_done(creating)
    assert creating.outcome().slug == "created"


def test_a_racer_stopped_while_it_waits_ends_and_its_transaction_is_rolled_back(race):
    def create_a_party_then_lock_the_cases():
        with transaction.atomic():
            create_a_party()
            lock("tracker_case")

    with transaction.atomic():
        lock("tracker_case")
        creating = race(create_a_party_then_lock_the_cases)
        assert wait_until_blocked_or_done(creating)
        creating.stop()
        assert not creating.is_alive()
    assert not Party.objects.exists()
