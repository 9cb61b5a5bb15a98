from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.candidates import find_candidates, known_names
from tracker.models import Source


class Command(BaseCommand):
    help = (
        "Print a source's candidate statements: sentences with a reporting word, with their "
        "code-point offsets and the party named as speaker where one is known."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="The source's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Source.objects.filter(slug=options["source"]).first()
        if source is None:
            raise CommandError(f"No source with the slug “{options['source']}”.")
        found = find_candidates(source.text, known_names())
        for candidate in found:
            self.stdout.write(candidate.describe())
        self.stdout.write(f"{len(found)} candidate statement(s) in “{source}”.")
