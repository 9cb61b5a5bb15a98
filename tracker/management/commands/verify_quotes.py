"""Check that every statement's and outcome's quote is its source's text at its offsets, and so
is every one a pending held edit proposes (which a reviewer's approval would publish)."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError

from tracker.models import Outcome, Revision, Statement
from tracker.models.quotations import Quotation, quote_problems


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        failures = []
        checked = 0
        for model in (Statement, Outcome):
            for quotation, problem in quote_problems(model.objects.all()):
                checked += 1
                if problem:
                    failures.append(
                        f"{model._meta.verbose_name} {quotation.pk} ({quotation}): {problem}"
                    )
        kinds = ContentType.objects.get_for_models(Statement, Outcome).values()
        held_edits = Revision.objects.pending().filter(content_type__in=kinds)
        for held in held_edits.select_related("content_type").order_by("pk"):
            proposed = held.proposed_object()
            if not isinstance(proposed, Quotation) or proposed.source_id is None:
                continue
            checked += 1
            problem = proposed.quote_problem()
            if problem:
                failures.append(f"held edit {held.pk} ({held}): {problem}")
        for failure in failures:
            self.stderr.write(failure)
        if failures:
            raise CommandError(f"{len(failures)} of {checked} quotes do not match their sources.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} quotes match their sources."))
