"""Print a source's candidate statements: sentences with a reporting word, with their
code-point offsets and the party named as speaker where one is known."""

from typing import Any

from django.core.management.base import CommandParser

from tracker.candidates import find_candidates, known_names
from tracker.management.base import TrackerCommand
from tracker.models import Source


class Command(TrackerCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source_slug", metavar="source", help="The source's slug.")

    def handle(self, *args: Any, source_slug: str, **options: Any) -> None:
        source = self.row_with_slug(Source, source_slug)
        found = find_candidates(source.text, known_names())
        self.write_lines(candidate.describe() for candidate in found)
        self.stdout.write(f"{len(found)} candidate statement(s) in “{source}”.")
