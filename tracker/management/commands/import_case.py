"""Import a case document written by export_case, all or nothing: every source is checked
against its SHA-256 and every quote against its source, parties are matched by name and
alias; anything untrustworthy refuses the whole file, writing nothing. A document with notes
or review steps needs --user, who is recorded as importing them; public notes arrive internal
unless --keep-public-notes, which takes a reviewer."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import CommandError, CommandParser

from tracker.interchange import ImportRefused, import_case, read_case_document
from tracker.management.base import TrackerCommand


class Command(TrackerCommand):
    help = __doc__
    refusals = (ImportRefused,)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON document; - reads standard input.")
        parser.add_argument(
            "--user",
            help="Username of the user importing it: the author of its notes and the actor of "
            "its review steps here (their original people are kept by name).",
        )
        parser.add_argument(
            "--keep-public-notes",
            action="store_true",
            help="Keep the document's public notes public (the user must be a reviewer); "
            "otherwise they arrive as internal notes.",
        )

    def handle(
        self,
        *args: Any,
        file: str,
        user: str | None = None,
        keep_public_notes: bool = False,
        **options: Any,
    ) -> None:
        importer = None if user is None else self.user_named(user)
        raw = sys.stdin.buffer.read() if file == "-" else self.read_file(Path(file))
        report = import_case(read_case_document(raw), importer, keep_public_notes)
        self.write_lines(report.lines())

    def user_named(self, username: str) -> User:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No user with the username “{username}”.")
        return user
