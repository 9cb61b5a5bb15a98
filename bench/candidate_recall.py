"""How well candidate statements find what researchers logged: recall and precision against
the seed case's statements. Run: ``.venv/bin/python bench/candidate_recall.py``.

Recall: the share of seed statements whose quote overlaps a candidate. Precision: the share
of candidates that overlap some seed statement. Speakers: of the recalled statements, how
many have a candidate whose speaker is the statement's party. Uses a database file of its
own in a temporary folder.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    folder = tempfile.mkdtemp(prefix="tracker-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from tracker.candidates import find_candidates, known_names
    from tracker.models import Source, Statement

    call_command("migrate", verbosity=0)
    call_command("load_seed_case", verbosity=0)
    source = Source.objects.get()
    found = find_candidates(source.text, known_names())
    statements = list(Statement.objects.select_related("party"))

    def covering(statement: Statement) -> list:
        return [c for c in found if c.start < statement.quote_end and statement.quote_start < c.end]

    recalled = [s for s in statements if covering(s)]
    named = [s for s in recalled if any(c.speaker == s.party for c in covering(s))]
    precise = [
        c for c in found if any(c.start < s.quote_end and s.quote_start < c.end for s in statements)
    ]
    print(f"seed statements: {len(statements)}, candidates: {len(found)}")
    print(f"recall:    {len(recalled)}/{len(statements)} = {len(recalled) / len(statements):.0%}")
    print(f"precision: {len(precise)}/{len(found)} = {len(precise) / len(found):.0%}")
    print(f"speaker matched: {len(named)}/{len(recalled)} of the recalled statements")
    for statement in statements:
        if statement not in recalled:
            print(f"missed: {statement.party}: {statement.quote[:70]}")


if __name__ == "__main__":
    main()
