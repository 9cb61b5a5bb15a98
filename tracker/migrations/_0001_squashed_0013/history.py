"""Historical models (django-simple-history), derived from their models' columns as the library
derives them, so that each field is written once."""

from typing import Any

import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils.text import camel_case_to_spaces

from .columns import Column, id_column, model

# Every tracked model keeps these out of its history: they change with each save.
UNTRACKED = {"version", "search_text"}


def history_user_column() -> Column:
    return (
        "history_user",
        models.ForeignKey(
            null=True,
            on_delete=models.SET_NULL,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
        ),
    )


def history_columns() -> list[Column]:
    return [
        ("history_id", models.AutoField(primary_key=True, serialize=False)),
        ("history_date", models.DateTimeField(db_index=True)),
        ("history_change_reason", models.CharField(max_length=100, null=True)),
        (
            "history_type",
            models.CharField(
                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
            ),
        ),
    ]


def recorded(column: Column) -> Column:
    """The copy of a column that a historical model keeps: its key, a unique value or a link
    may repeat from one record to the next, and a link outlives what it points to."""
    name, field = column
    _, _, args, options = field.deconstruct()
    if isinstance(field, models.BigAutoField):
        return name, models.BigIntegerField(
            auto_created=True, blank=True, db_index=True, verbose_name="ID"
        )
    if isinstance(field, models.ForeignKey):
        options.update(
            blank=True,
            null=True,
            db_constraint=False,
            on_delete=models.DO_NOTHING,
            related_name="+",
        )
        return name, models.ForeignKey(*args, **options)
    if options.pop("auto_now", False) or options.pop("auto_now_add", False):
        options.update(blank=True, editable=False)
    if options.pop("unique", False):
        options["db_index"] = True
    return name, type(field)(*args, **options)


def tracked_model(
    name: str, *columns: Column, added_since_history_began: tuple[str, ...] = (), **options: Any
) -> list[migrations.CreateModel]:
    """The table ``model(name, *columns, **options)`` makes, and its historical model.

    The historical columns stand in the order migrations 0001-0013 gave them, so that a new
    database is the same as one migrated through those: the key and the plain columns, those
    that say when and how it changed, the links with who changed it (sorted by name), then the
    columns the model gained since its history began.
    """
    tracked = [
        column for column in columns if column[0] not in UNTRACKED and not column[1].many_to_many
    ]
    began = [column for column in tracked if column[0] not in added_since_history_began]
    since = [column for column in tracked if column[0] in added_since_history_began]
    links = [recorded(column) for column in began if column[1].is_relation]
    verbose_name = options.get("verbose_name", camel_case_to_spaces(name))
    plural = options.get("verbose_name_plural", f"{verbose_name}s")
    historical = migrations.CreateModel(
        name=f"Historical{name}",
        fields=[
            recorded(id_column()),
            *(recorded(column) for column in began if not column[1].is_relation),
            *history_columns(),
            *sorted([*links, history_user_column()], key=lambda column: column[0]),
            *(recorded(column) for column in since),
        ],
        options={
            "verbose_name": f"historical {verbose_name}",
            "verbose_name_plural": f"historical {plural}",
            "ordering": ("-history_date", "-history_id"),
            "get_latest_by": ("history_date", "history_id"),
        },
        bases=(simple_history.models.HistoricalChanges, models.Model),
    )
    return [model(name, *columns, **options), historical]
