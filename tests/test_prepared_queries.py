"""On PostgreSQL a connection prepares the queries it repeats, so that a reader page's lookups
are not parsed and planned on every request, but never a search, whose best plan depends on
its words (tracker/prepared_queries.py)."""

import pytest
from django.db import connection

from tracker.models import Claim

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements: PostgreSQL's"
    ),
    pytest.mark.skipif(
        connection.settings_dict["OPTIONS"].get("prepare_threshold") is None,
        reason="DATABASE_PREPARED_STATEMENTS=0 turned them off",
    ),
]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_repeated_lookup_is_prepared_and_a_repeated_search_is_not(client, statement):
    claim = statement.claim
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PUBLISHED)
    for word in ("dzhumageldiev", "crowd", "led", "the", "a"):
        assert client.get(claim.get_absolute_url()).status_code == 200
        assert client.get("/claims/", {"q": word}).status_code == 200
    prepared = prepared_statements()
    assert any('FROM "tracker_claim"' in sql and '"slug" =' in sql for sql in prepared)
    assert not [sql for sql in prepared if "LIKE" in sql]
