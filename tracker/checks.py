"""System checks that read the database, run by ``migrate`` and ``check --database``; the
migrations one is asked again just before ``migrate`` applies anything, checks skipped or not."""

from collections.abc import Sequence
from importlib import import_module
from typing import Any

from django.core.checks import CheckMessage, Error
from django.core.management import CommandError
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

SQUASHED = "0001_squashed_0013"
# The last commit that has the migrations 0001_squashed_0013 replaces, each on its own.
LAST_COMMIT_WITH_REPLACED = "f39d984"


def old_migrations_finished(
    databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """A database that stopped part way through the migrations 0001_squashed_0013 replaces is
    refused: that migration cannot finish them, and Django, finding it only partly applied,
    would leave the tracker's tables as they are and report nothing to migrate."""
    replaced = import_module(f"tracker.migrations.{SQUASHED}").Migration.replaces
    errors: list[CheckMessage] = []
    for alias in databases or []:
        recorder = MigrationRecorder(connections[alias])
        if not recorder.has_table():
            continue
        applied = recorder.applied_migrations()
        missing = [name for app_label, name in replaced if (app_label, name) not in applied]
        if 0 < len(missing) < len(replaced):
            errors.append(
                Error(
                    f"Database {alias!r} stopped part way through the tracker's migrations "
                    f"0001-0013: it has not applied {', '.join(missing)}. This version replaces "
                    f"them with {SQUASHED}, which cannot finish them.",
                    hint=f"Migrate it first with the tracker at commit "
                    f"{LAST_COMMIT_WITH_REPLACED}, which still has them, then with this version.",
                    id="tracker.E001",
                )
            )
    return errors


def refuse_to_migrate_unfinished_old_migrations(using: str, **kwargs: Any) -> None:
    """A ``pre_migrate`` receiver: ``migrate --skip-checks``, or ``call_command("migrate")``,
    which skips checks unless asked, must refuse such a database too."""
    for error in old_migrations_finished(databases=[using]):
        raise CommandError(f"{error.id}: {error.msg}\nHINT: {error.hint}")
