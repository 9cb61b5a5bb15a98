"""Load the seed case (the Almaty trial) unless this database holds it or once did (known by
its source's SHA-256). It is created beside existing rows with fresh keys and never changes a
row that exists."""

from typing import Any

from django.core.management import call_command

from tracker.management.base import TrackerCommand
from tracker.seeding import load_seed_case


class Command(TrackerCommand):
    help = __doc__

    def handle(self, *args: Any, verbosity: int, **options: Any) -> None:
        report = load_seed_case()
        if verbosity >= 1:
            self.write_lines(report.lines())
        if report.already_loaded is None:
            call_command("verify_quotes", verbosity=0)
