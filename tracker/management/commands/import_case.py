"""Import a case document written by export_case, all or nothing: every source is checked
against its SHA-256 and every quote against its source, parties are matched by name and
alias; anything untrustworthy refuses the whole file, writing nothing."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from tracker.interchange import ImportRefused, import_case, read_case_document
from tracker.management.base import TrackerCommand


class Command(TrackerCommand):
    help = __doc__
    refusals = (ImportRefused,)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON document; - reads standard input.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        raw = sys.stdin.buffer.read() if file == "-" else self.read_file(Path(file))
        self.write_lines(import_case(read_case_document(raw)).lines())
