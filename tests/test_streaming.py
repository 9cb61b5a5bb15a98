import pytest
from django.db import connection

from tests.helpers import parties
from tracker.models import Party
from tracker.streaming import in_chunks

pytestmark = pytest.mark.django_db


def test_in_chunks_gives_every_row_in_order_a_chunk_at_a_time():
    made = parties(7)
    chunks = list(in_chunks(Party.objects.order_by("pk"), 3))
    assert [len(chunk) for chunk in chunks] == [3, 3, 1]
    assert [party.pk for chunk in chunks for party in chunk] == [party.pk for party in made]


def test_in_chunks_of_nothing_is_no_chunk():
    assert list(in_chunks(Party.objects.none(), 3)) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL cursor")
def test_in_chunks_reads_postgresql_through_a_cursor_it_keeps_open():
    # The settings turn server-side cursors off, and without one the driver reads the whole
    # result before the first row.
    parties(7)
    chunks = in_chunks(Party.objects.order_by("pk"), 3)
    next(chunks)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_cursors")
        assert cursor.fetchone()[0] == 1
    assert sum(len(chunk) for chunk in chunks) == 4
