"""Fill an empty database with realistic demo data: parties with aliases (Cyrillic and
transliterated), sources of 3-20 KB quoted at exact offsets, published and draft claims,
cases, disputed points and tags. No history is written for it."""

import time
from typing import Any

from django.core.management.base import CommandParser

from tracker.demo_data import DatabaseHoldsData, generate_demo_data
from tracker.management.base import TrackerCommand


class Command(TrackerCommand):
    help = __doc__
    refusals = (DatabaseHoldsData,)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", type=positive, default=10_000)
        parser.add_argument("--statements", type=positive, default=100_000)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add beside existing tracker data (never changing or deleting any of it).",
        )

    def handle(
        self,
        *args: Any,
        claims: int,
        statements: int,
        seed: int,
        force: bool,
        verbosity: int,
        **options: Any,
    ) -> None:
        began = time.perf_counter()
        counts = generate_demo_data(claims, statements, seed, force)
        if verbosity >= 1:
            added = ", ".join(f"{count} {label}" for label, count in counts.items())
            self.stdout.write(f"Added {added} in {time.perf_counter() - began:.1f} s.")


def positive(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(raw)
    return value
