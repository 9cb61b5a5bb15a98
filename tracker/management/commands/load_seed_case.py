from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tracker.seeding import load_seed_case


class Command(BaseCommand):
    help = (
        "Load the seed case (the Almaty trial) unless this database holds it or once did "
        "(known by its source's SHA-256). It is created beside existing rows with fresh keys "
        "and never changes a row that exists."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_seed_case()
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
        if report.already_loaded is None:
            call_command("verify_quotes", verbosity=0)
