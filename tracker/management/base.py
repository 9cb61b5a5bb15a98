"""What the tracker's commands share: finding a row by the slug a user typed, reading and
writing a file, and ending on a refusal with its reason, as a ``CommandError`` that a terminal
prints."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.db import models

M = TypeVar("M", bound=models.Model)


class TrackerCommand(BaseCommand):
    # The tracker's own refusals (nothing was written, and the message says why): each ends
    # the command as a CommandError with that message.
    refusals: tuple[type[Exception], ...] = ()

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except self.refusals as refusal:
            raise CommandError(str(refusal)) from refusal

    def row_with_slug(self, model: type[M], slug: str, advice: str = "") -> M:
        """The ``model`` row with ``slug``, or a CommandError that names what is missing."""
        row = model._default_manager.filter(slug=slug).first()
        if row is None:
            raise CommandError(f"No {model._meta.verbose_name} with the slug “{slug}”{advice}.")
        return row

    def read_file(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

    def write_file(self, path: Path, text: str) -> None:
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error

    def write_lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.stdout.write(line)
