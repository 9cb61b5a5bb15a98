"""Check that every statement's and outcome's quote is its source's text at its offsets."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tracker.models import Outcome, Statement


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        failures = []
        checked = 0
        for model in (Statement, Outcome):
            for quotation in model.objects.select_related("source").order_by("pk"):
                checked += 1
                problem = quotation.quote_problem()
                if problem:
                    failures.append(
                        f"{model._meta.verbose_name} {quotation.pk} ({quotation}): {problem}"
                    )
        for failure in failures:
            self.stderr.write(failure)
        if failures:
            raise CommandError(f"{len(failures)} of {checked} quotes do not match their sources.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} quotes match their sources."))
