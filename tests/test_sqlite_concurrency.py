"""On SQLite, the default database, the losers of a race get the conflict message, not a 500."""

import json
import subprocess
import sys

from tests.helpers import ROOT
from tests.scenarios.sqlite_race import SAVERS


def test_simultaneous_saves_of_one_claim_one_wins_the_rest_are_told(seeded_sqlite_copy):
    finished = subprocess.run(
        [sys.executable, "-m", "tests.scenarios.sqlite_race", str(seeded_sqlite_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    outcome = json.loads(finished.stdout.strip().splitlines()[-1])
    saves = outcome["saves"]

    assert len(saves) == SAVERS
    assert [save["status"] for save in saves].count(500) == 0
    assert not any(save["database_locked"] for save in saves)
    winners = [number for number, save in enumerate(saves) if save["status"] == 302]
    assert len(winners) == 1
    losers = [save for number, save in enumerate(saves) if number not in winners]
    assert all(save["status"] == 200 and save["conflict"] for save in losers)
    assert all(save["kept_input"] for save in losers)
    assert outcome["text"] == f"Edit {winners[0]}"
    assert outcome["version"] == 1
