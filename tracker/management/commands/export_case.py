from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.interchange import dump_case_document, export_case
from tracker.models import Case


class Command(BaseCommand):
    help = (
        "Write a case, with every claim, statement, outcome and the parties, sources and tags "
        "they use, as one JSON document (to standard output, or to --output FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The case's slug, as in its page's address.")
        parser.add_argument("--output", "-o", type=Path, help="File to write instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        case = Case.objects.filter(slug=options["slug"]).first()
        if case is None:
            known = ", ".join(Case.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No case has the slug {options['slug']!r} (cases: {known}).")
        document = dump_case_document(export_case(case))
        if options["output"] is None:
            self.stdout.write(document, ending="")
        else:
            options["output"].write_text(document, encoding="utf-8")
