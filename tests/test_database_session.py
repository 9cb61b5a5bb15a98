"""Each PostgreSQL connection is set for a web application's short queries on cached tables
(tracker/settings.py)."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's settings"),
]


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_index_reads_are_priced_for_cached_tables():
    assert float(setting("random_page_cost")) == 1.1


def test_no_plan_is_compiled_to_machine_code_first():
    assert setting("jit") == "off"
