from django.core.management import call_command
from django.core.management.base import BaseCommand

from tracker.models import Source

SEED_FIXTURE = "almaty_trial"
SEED_SOURCE_SLUG = "almaty-trial-verdict-report"


class Command(BaseCommand):
    help = (
        "Load the seed case (the Almaty trial) unless it is already in the database, "
        "so that reviewers' edits are never overwritten."
    )

    def handle(self, *args, **options):
        if Source.objects.filter(slug=SEED_SOURCE_SLUG).exists():
            self.stdout.write("The seed case is already loaded; left as it is.")
            return
        call_command("loaddata", SEED_FIXTURE, verbosity=0)
        call_command("verify_quotes", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Loaded the seed case: the Almaty trial."))
