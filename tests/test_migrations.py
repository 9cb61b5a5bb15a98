"""0001_squashed_0013 stands for migrations 0001-0013: a database that applied them migrates
nothing, a new one gets the roles and indexes they made, and one that stopped part way through
them is refused with a message saying what to do.

Each test rewrites the test database's record of applied migrations inside its transaction,
which is all Django reads to decide what a database has applied."""

from importlib import import_module
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from tracker.checks import old_migrations_finished

pytestmark = pytest.mark.django_db

SQUASHED = ("tracker", "0001_squashed_0013")
REPLACED = import_module("tracker.migrations.0001_squashed_0013").Migration.replaces
# The migrations written since the squash, which every database applies after it.
AFTER_SQUASH = {("tracker", "0014_imported_notes_and_review_steps")}

# What migrations 0001-0013 left each role holding, read from databases they migrated: the
# tracker models each role may view, add, change, delete and review.
ROLE_PERMISSIONS = {
    "Researchers": {
        "view": [
            *["annotation", "case", "caserole", "claim", "claimawaitingreview", "outcome"],
            *["party", "partyalias", "point", "reviewtransition", "revision", "source"],
            *["statement", "tag"],
        ],
        "add": [
            *["annotation", "case", "caserole", "claim", "party", "partyalias", "point"],
            *["source", "statement", "tag"],
        ],
        "change": [
            *["annotation", "case", "caserole", "claim", "party", "partyalias", "point"],
            *["source", "statement", "tag"],
        ],
        "delete": ["annotation", "claim", "party", "partyalias", "source", "statement", "tag"],
    },
    "Reviewers": {
        "view": [
            *["annotation", "case", "caserole", "claim", "claimawaitingreview", "outcome"],
            *["party", "partyalias", "point", "reviewtransition", "revision", "source"],
            *["statement", "tag"],
        ],
        "add": [
            *["annotation", "case", "caserole", "claim", "outcome", "party", "partyalias"],
            *["point", "source", "statement", "tag"],
        ],
        "change": [
            *["annotation", "case", "caserole", "claim", "outcome", "party", "partyalias"],
            *["point", "source", "statement", "tag"],
        ],
        "delete": [
            *["annotation", "case", "caserole", "claim", "outcome", "party", "partyalias"],
            *["point", "source", "statement", "tag"],
        ],
        "review": ["claim"],
    },
}

TRIGRAM_INDEXES = {
    *(
        f"tracker_{table}_search_trgm"
        for table in ["claim", "statement", "party", "partyalias", "point"]
    ),
    *(
        f"tracker_source_{column}_upper_trgm"
        for column in ["title", "outlet", "cited_outlet", "url", "text"]
    ),
}


def recorded_tracker_migrations():
    return MigrationRecorder.Migration.objects.filter(app="tracker")


def schema() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        return {
            table.name: [
                column.name
                for column in connection.introspection.get_table_description(cursor, table.name)
            ]
            for table in connection.introspection.get_table_list(cursor)
        }


def migrate(skip_checks: bool = False) -> str:
    """``manage.py migrate`` as run from the command line, system checks included unless
    ``skip_checks`` (``--skip-checks``, and ``call_command``'s default)."""
    output = StringIO()
    call_command("migrate", interactive=False, skip_checks=skip_checks, stdout=output)
    return output.getvalue()


def test_a_new_database_records_the_squashed_migration_and_those_it_replaces():
    recorded = set(recorded_tracker_migrations().values_list("app", "name"))
    assert recorded == {*REPLACED, SQUASHED, *AFTER_SQUASH}
    assert len(REPLACED) == 13


def test_a_database_that_applied_the_old_migrations_migrates_nothing():
    recorded_tracker_migrations().filter(name=SQUASHED[1]).delete()
    recorded = set(recorded_tracker_migrations().values_list("app", "name"))
    assert recorded == {*REPLACED, *AFTER_SQUASH}
    tables = schema()
    roles = {group.name: set(group.permissions.all()) for group in Group.objects.all()}

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert SQUASHED in executor.loader.applied_migrations
    assert "No migrations to apply." in migrate()

    assert schema() == tables
    assert {group.name: set(group.permissions.all()) for group in Group.objects.all()} == roles


def test_a_new_database_gives_each_role_the_permissions_the_old_migrations_gave_it():
    for name, models_by_action in ROLE_PERMISSIONS.items():
        granted = Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
        expected = [
            ("tracker", f"{action}_{model}")
            for action, models in models_by_action.items()
            for model in models
        ]
        assert sorted(granted) == sorted(expected)


def trigram_index_definitions() -> dict[str, str]:
    """Each trigram index's name and definition, read from the database's own catalogue."""
    if connection.vendor == "postgresql":
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%trgm'"
    else:
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE '%trgm'"
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


def test_a_new_database_has_the_trigram_search_indexes_on_postgresql_and_none_on_sqlite():
    definitions = trigram_index_definitions()
    if connection.vendor == "postgresql":
        assert set(definitions) == TRIGRAM_INDEXES
        assert all("USING gin" in definition for definition in definitions.values())
        assert all("gin_trgm_ops" in definition for definition in definitions.values())
    else:
        # SQLite has neither pg_trgm nor GIN: the migration leaves its plain scans alone.
        assert definitions == {}


@pytest.mark.parametrize("skip_checks", [False, True], ids=["checks", "checks skipped"])
def test_a_database_that_stopped_part_way_through_the_old_migrations_is_refused(skip_checks):
    unapplied = [
        "0011_reader_page_generation",
        "0012_search_indexes",
        "0013_versions_everywhere_and_reader_indexes",
    ]
    # Such a database never reached the migrations written after the squash either.
    later = [name for _, name in AFTER_SQUASH]
    recorded_tracker_migrations().filter(name__in=[*unapplied, SQUASHED[1], *later]).delete()

    # What the check is for: Django drops a partly applied squash from its plan, and with the
    # replaced migrations gone it finds nothing of them to apply (only what came after) and
    # says nothing.
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert {(migration.app_label, migration.name) for migration, _ in plan} == AFTER_SQUASH
    assert SQUASHED not in executor.loader.applied_migrations

    with pytest.raises(SystemCheckError if not skip_checks else CommandError) as refusal:
        migrate(skip_checks)
    message = str(refusal.value)
    assert "tracker.E001" in message
    assert ", ".join(unapplied) in message
    assert "0010_researchers_delete_drafts" not in message
    assert "Migrate it first with the tracker at commit f39d984" in message


def test_a_database_without_the_old_migrations_or_with_all_of_them_passes_the_check():
    assert old_migrations_finished(databases=["default"]) == []
    recorded_tracker_migrations().filter(name=SQUASHED[1]).delete()
    assert old_migrations_finished(databases=["default"]) == []
    recorded_tracker_migrations().delete()
    assert old_migrations_finished(databases=["default"]) == []
