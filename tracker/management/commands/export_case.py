"""Write a case, with every claim, statement, outcome and the parties, sources and tags they
use, as one JSON document (to standard output, or to --output FILE)."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tracker.interchange import dump_case_document, export_case
from tracker.management.base import TrackerCommand
from tracker.models import Case


class Command(TrackerCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The case's slug, as in its page's address.")
        parser.add_argument("--output", "-o", type=Path, help="File to write instead.")

    def handle(self, *args: Any, slug: str, output: Path | None, **options: Any) -> None:
        known = ", ".join(Case.objects.values_list("slug", flat=True)) or "none"
        case = self.row_with_slug(Case, slug, advice=f" (cases: {known})")
        document = dump_case_document(export_case(case))
        if output is None:
            self.stdout.write(document, ending="")
        else:
            self.write_file(output, document)
