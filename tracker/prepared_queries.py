"""Which queries a PostgreSQL connection keeps prepared (``DATABASE_PREPARED_STATEMENTS``).

A prepared query is parsed once, and after a few runs PostgreSQL plans it once for any
values: what a reader page wants of its lookups by key or slug, which it planned afresh on
every request (issue 12). Not what a search wants: one plan for every word reads the trigram
index even for a word that is in most rows, where the plan made for the word scans the table;
at 100,000 statements a search for "a" took 463 ms that way against 150 ms. A search (a
``LIKE``) is therefore never prepared, and is planned for its own words each time.
"""

from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

SEARCHES = "LIKE"  # ILIKE too; Django writes keywords in capitals and names in quotes


def plan_each_search(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Run ``sql``, unprepared if it searches (an execute wrapper)."""
    if SEARCHES not in sql:
        return execute(sql, params, many, context)
    driver_connection = context["connection"].connection
    threshold = driver_connection.prepare_threshold
    driver_connection.prepare_threshold = None
    try:
        return execute(sql, params, many, context)
    finally:
        driver_connection.prepare_threshold = threshold


def keep_searches_unprepared(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """A new connection that prepares queries leaves its searches out (``connection_created``)."""
    prepares = connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
    new = plan_each_search not in connection.execute_wrappers
    if connection.vendor == "postgresql" and prepares and new:
        # First, not last: ``execute_wrapper()`` blocks remove the last wrapper when they end,
        # and a connection opened inside one would otherwise lose this one then.
        connection.execute_wrappers.insert(0, plan_each_search)
