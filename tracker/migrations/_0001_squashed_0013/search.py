"""Trigram indexes for search on PostgreSQL; SQLite keeps its plain scans.

Search matches a substring of each model's normalised ``search_text`` (``LIKE '%…%'``), which no
B-tree can serve; a ``pg_trgm`` GIN index can, for the claim list, the point list and the admin
alike; so for the admin's search of sources, on the upper-cased columns it compares. The indexes
live only in the database, not in the models' state, because SQLite has neither the extension
nor GIN: the operations do nothing there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SEARCHED_TABLES = ["claim", "statement", "party", "partyalias", "point"]
# The admin searches sources with icontains, which PostgreSQL runs as UPPER(column) LIKE.
ADMIN_SEARCHED_SOURCE_COLUMNS = ["title", "outlet", "cited_outlet", "url", "text"]


def create_trigram_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED_TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS tracker_{table}_search_trgm "
            f"ON tracker_{table} USING gin (search_text gin_trgm_ops)"
        )
    for column in ADMIN_SEARCHED_SOURCE_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS tracker_source_{column}_upper_trgm "
            f"ON tracker_source USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED_TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS tracker_{table}_search_trgm")
    for column in ADMIN_SEARCHED_SOURCE_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS tracker_source_{column}_upper_trgm")


operations = [
    TrigramExtension(),
    migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
]
