"""Store a UTF-8 text file as a source, byte for byte, and print its candidate statements.
Refuses a file that is not UTF-8, is empty, or is already stored (same SHA-256), writing
nothing."""

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify

from tracker.candidates import find_candidates, known_names
from tracker.management.base import TrackerCommand
from tracker.models import Case, Source
from tracker.slugs import free_slug


class Command(TrackerCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A UTF-8 text file.")
        parser.add_argument("--case", required=True, help="Slug of the case it is evidence in.")
        parser.add_argument("--title", default="", help="The document's own title, if any.")
        parser.add_argument("--slug", default="", help="Defaults to one made from the title.")
        parser.add_argument("--outlet", default="", help="Who published it.")
        parser.add_argument("--url", default="", help="Where it was published.")
        parser.add_argument("--published", default="", help="Publication date, YYYY-MM-DD.")

    def handle(
        self,
        *args: Any,
        file: Path,
        case: str,
        title: str,
        slug: str,
        outlet: str,
        url: str,
        published: str,
        **options: Any,
    ) -> None:
        evidence_in = self.row_with_slug(Case, case, advice="; create it first")
        text = self.read_text(file)
        duplicate = Source.objects.filter(sha256=Source.digest(text)).first()
        if duplicate is not None:
            raise CommandError(
                f"This text is already stored as source “{duplicate}” "
                f"(slug {duplicate.slug}); nothing was written."
            )
        source = Source(
            title=title,
            slug=slug or free_slug(Source, slugify(title or file.stem)[:190] or "source"),
            outlet=outlet,
            url=url,
            published_on=publication_date(published),
            text=text,
        )
        with transaction.atomic():
            try:
                source.full_clean()
            except Exception as invalid:
                raise CommandError(f"Not stored: {invalid}") from invalid
            source._change_reason = f"Ingested from {file.name}"  # type: ignore[attr-defined]
            source.save()
        self.stdout.write(
            f"Stored source #{source.pk} “{source}” ({len(text)} characters, SHA-256 "
            f"{source.sha256[:12]}…) for the case “{evidence_in}”."
        )
        found = find_candidates(text, known_names())
        for candidate in found:
            self.stdout.write("  " + candidate.describe())
        self.stdout.write(f"{len(found)} candidate statement(s).")

    def read_text(self, path: Path) -> str:
        raw = self.read_file(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{path} is not UTF-8 text (byte {error.start} is 0x{raw[error.start]:02x}); "
                "convert it to UTF-8 first. Nothing was written."
            ) from error
        if not text.strip():
            raise CommandError(f"{path} holds no text; nothing was written.")
        return text


def publication_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--published must be a date as YYYY-MM-DD, not “{value}”.") from error
