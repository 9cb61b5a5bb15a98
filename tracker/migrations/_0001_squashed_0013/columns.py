"""Columns that several tables share, made afresh for each (a field belongs to one model)."""

from typing import Any

from django.db import migrations, models
from django.db.models import Field

Column = tuple[str, Field]


def id_column() -> Column:
    return (
        "id",
        models.BigAutoField(
            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
        ),
    )


def version_column(
    help_text: str = "Raised by every save; a save from an older version is refused.",
) -> Column:
    return ("version", models.PositiveIntegerField(default=0, help_text=help_text))


def search_text_column() -> Column:
    return (
        "search_text",
        models.TextField(
            blank=True,
            default="",
            editable=False,
            help_text="Normalised words the reader site searches; maintained on save.",
        ),
    )


def position_column(help_text: str) -> Column:
    return ("position", models.PositiveSmallIntegerField(default=0, help_text=help_text))


def timestamp_columns() -> list[Column]:
    return [
        ("created_at", models.DateTimeField(auto_now_add=True)),
        ("updated_at", models.DateTimeField(auto_now=True)),
    ]


def quotation_columns() -> list[Column]:
    """A source's exact words and their code-point offsets, as ``Quotation`` declares them."""
    return [
        (
            "quote",
            models.TextField(
                help_text="The source's exact words. Paste them; the offsets are found for you."
            ),
        ),
        (
            "quote_start",
            models.PositiveIntegerField(
                blank=True,
                help_text="Offset of the quote's first character in the source text (code "
                "points). Leave empty to have it found; needed only when the quote occurs more "
                "than once.",
            ),
        ),
        (
            "quote_end",
            models.PositiveIntegerField(
                blank=True,
                help_text="Offset just past the quote's last character. Leave empty to have it "
                "found.",
            ),
        ),
    ]


def quote_not_empty(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(quote_end__gt=models.F("quote_start")),
        name=f"tracker_{model_name}_quote_not_empty",
    )


def protected(to: str, related_name: str, **options: Any) -> models.ForeignKey:
    """A link whose target cannot be deleted while this row points to it."""
    return models.ForeignKey(to=to, on_delete=models.PROTECT, related_name=related_name, **options)


def model(name: str, *columns: Column, **options: Any) -> migrations.CreateModel:
    """A table with the key every tracker model has, then ``columns``."""
    return migrations.CreateModel(name=name, fields=[id_column(), *columns], options=options)


def slug_column(max_length: int = 200) -> Column:
    return ("slug", models.SlugField(max_length=max_length, unique=True))
