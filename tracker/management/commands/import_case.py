import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.interchange import ImportRefused, import_case, read_case_document


class Command(BaseCommand):
    help = (
        "Import a case document written by export_case, all or nothing: every source is "
        "checked against its SHA-256 and every quote against its source, parties are matched "
        "by name and alias; anything untrustworthy refuses the whole file, writing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON document; - reads standard input.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = (
                sys.stdin.buffer.read()
                if options["file"] == "-"
                else Path(options["file"]).read_bytes()
            )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from error
        try:
            report = import_case(read_case_document(raw))
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in report.lines():
            self.stdout.write(line)
