import fcntl
import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import AppConfig
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from xdist.scheduler import LoadScopeScheduling

from tests.helpers import (
    ROOT,
    Racer,
    TableSnapshot,
    add_statement,
    environment,
    logged_in,
    member_of,
)
from tracker.migrations._0001_squashed_0013.roles import ROLES
from tracker.models import Case, Claim, Party, PartyAlias, Source, Statement

# With PYTHONDONTWRITEBYTECODE set, as on the machines this suite runs on, pytest rewrote the
# asserts of every test module afresh in each test process (2.5 s of a worker's 4 s collection),
# and every process the tests start (gunicorn, manage.py, `make production`, and xdist's workers,
# started after this is read) compiled the tracker afresh. Kept in __pycache__ (which git
# ignores), they are read back by every later run, as wherever the variable is not set.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

SOURCE_TEXT = (
    "Prosecutors argued that «Wild Arman» led the crowd—and witnesses agreed. "
    "Арман Джумагельдиев denied it. He said he caught looters."
)


def roles_outlive_a_flush(sender: AppConfig, using: str, **kwargs: object) -> None:
    """A transactional test (the browser tests' live server) ends by flushing every table, and
    the flush makes content types and permissions again but not the roles the migration made:
    without this, a test that needs a role failed when it ran after a browser test."""
    if sender.label != "tracker":
        return
    for name, codenames in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label="tracker", codename__in=codenames
            )
        )


post_migrate.connect(roles_outlive_a_flush)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Tests log in with force_login, so real password hashing only costs time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def seed_case_rows(django_db_setup, django_db_blocker):
    """The rows `load_seed_case` writes, read once per test process and written back for each
    test that asks for the seed case, instead of running the loader's checks every time."""
    with django_db_blocker.unblock(), transaction.atomic():
        rows = TableSnapshot()
        call_command("load_seed_case", verbosity=0)
        rows.take()
        transaction.set_rollback(True)
    return rows


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """A test's transaction never commits, so the page cache's token would never change in it:
    tests/test_page_cache.py turns the cache on and commits what it changes."""
    settings.READER_PAGE_CACHE = False


@pytest.fixture
def reader_page_cache(settings):
    """The page cache on, as outside the tests, and empty: used with ``committed``."""
    settings.READER_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed():
    """Runs a change as if its transaction committed, as it does outside a test: everything
    the transaction queued for its commit runs, and the queue starts afresh."""

    def run(change: Callable[[], Any]) -> Any:
        result = change()
        queued, connection.run_on_commit = connection.run_on_commit, []
        for _, callback, _ in queued:
            callback()
        return result

    return run


# Both commands in one process: starting Django a second time, with its system checks, added a
# second to the two that the work takes.
MIGRATE_AND_SEED = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_seed_case", verbosity=0)
"""


@pytest.fixture(scope="session")
def seeded_sqlite_database(tmp_path_factory, worker_id):
    """An SQLite file migrated and holding the seed case, made once per test run for the tests
    that serve the tracker from processes of their own (the first worker to want it makes it;
    the others wait for it)."""
    folder = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        folder = folder.parent
    path = folder / "seeded.sqlite3"
    with (folder / "seeded.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            making = folder / "seeded.sqlite3.making"
            subprocess.run(
                [sys.executable, "-c", MIGRATE_AND_SEED],
                cwd=ROOT,
                env={**environment(), "DATABASE_URL": f"sqlite:///{making}"},
                check=True,
                timeout=300,
                capture_output=True,
            )
            making.rename(path)
    return path


@pytest.fixture
def seeded_sqlite_copy(seeded_sqlite_database, tmp_path) -> Path:
    """A copy of the seeded SQLite file for one test to change as it likes."""
    return Path(shutil.copy(seeded_sqlite_database, tmp_path / "seeded.sqlite3"))


@pytest.fixture
def seed_case(db, seed_case_rows):
    seed_case_rows.restore()


@pytest.fixture
def race(transactional_db) -> Iterator[Callable[[Callable[[], Any]], Racer]]:
    """Starts a Racer on the work it is given. Any still running when the test ends is stopped
    before the database is emptied for the next test: left to run, an import went on writing
    while the flush truncated the tables, and the deadlock between them was reported in place
    of the test's own failure."""
    racers: list[Racer] = []

    def start(work: Callable[[], Any]) -> Racer:
        racers.append(Racer(work))
        racers[-1].start()
        return racers[-1]

    yield start
    for racer in racers:
        racer.stop()


@pytest.fixture
def party(db):
    arman = Party.objects.create(
        name="Arman Dzhumageldiev", slug="arman-dzhumageldiev", kind=Party.Kind.PERSON
    )
    PartyAlias.objects.create(party=arman, name="Wild Arman", kind=PartyAlias.Kind.NICKNAME)
    return arman


@pytest.fixture
def other_party(db):
    return Party.objects.create(
        name="The prosecution", slug="prosecution", kind=Party.Kind.STATE_BODY
    )


@pytest.fixture
def source(db):
    return Source.objects.create(title="Trial report", slug="trial-report", text=SOURCE_TEXT)


@pytest.fixture
def case(db):
    return Case.objects.create(title="Almaty trial", slug="almaty-trial")


@pytest.fixture
def claim(case):
    return Claim.objects.create(
        case=case,
        text="Dzhumageldiev led the crowd",
        slug="led-the-crowd",
        status=Claim.Status.PUBLISHED,
    )


@pytest.fixture
def statement(claim, party, source):
    return add_statement(
        claim,
        party,
        source,
        "Арман Джумагельдиев denied it.",
        stance=Statement.Stance.DISPUTES,
        kind=Statement.Kind.TESTIMONY,
    )


@pytest.fixture
def researcher(db):
    return member_of("Researchers", "rita")


@pytest.fixture
def reviewer(db):
    return member_of("Reviewers", "victor")


@pytest.fixture
def researcher_client(researcher):
    return logged_in(researcher)


@pytest.fixture
def reviewer_client(reviewer):
    return logged_in(reviewer)


@pytest.fixture
def draft_claim(case, party):
    return Claim.objects.create(
        case=case, text="Abish gave the order", slug="abish-gave-the-order", claimant=party
    )


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user("reader", password="reader-password")


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_user(
        "researcher", password="researcher-password", is_staff=True
    )


@pytest.fixture
def draft_with_statement(case, party, source):
    draft = Claim.objects.create(
        case=case, text="Dzhumageldiev planned the unrest", slug="planned-the-unrest"
    )
    add_statement(
        draft,
        party,
        source,
        "He said he caught looters.",
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.ALLEGATION,
    )
    return draft


@pytest.fixture
def seed_draft(seed_case):
    """A draft claim in the seed case with one statement by Dzhumageldiev on the seed source."""
    source = Source.objects.get()
    draft = Claim.objects.create(
        case=Case.objects.get(),
        text="Dzhumageldiev planned the unrest",
        slug="planned-the-unrest",
    )
    add_statement(
        draft,
        Party.objects.get(slug="arman-dzhumageldiev"),
        source,
        "closed to the press",
        stance=Statement.Stance.QUALIFIES,
        kind=Statement.Kind.TESTIMONY,
    )
    return draft


def pytest_collection_finish(session):
    """What importing Django and collecting the tests made lives until the run ends: frozen, it
    is no longer walked by each full garbage collection, which took a tenth of a test process's
    time (4.2 s of 43 in one; 2.2 s frozen).

    A test then makes and drops so many objects (a rendered admin page, a few hundred thousand)
    that the collector's default threshold, 700, ran a young collection every few milliseconds:
    still 7 % of a test process's time. Every 50,000 it takes a quarter of that, for 10 % more
    memory (128 to 140 MB in a process that ran the admin and held-edit tests)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that serve the tracker from processes of their own, the slowest, go first
    (pytest-django would put them last): run at the end, they leave the other worker idle."""
    items.sort(key=lambda item: "seeded_sqlite_copy" not in item.fixturenames)


class BrowserTestsTogether(LoadScopeScheduling):
    """xdist's `load` distribution, except that one test process runs all the browser tests:
    the other starts no Chromium and no live server of its own, and runs the rest meanwhile.
    (`--dist loadgroup` would say this with a mark, but xdist 3.8 groups by rewriting an item's
    `_nodeid`, which pytest 9 no longer reads: the browser tests were still split.)"""

    def _split_scope(self, nodeid: str) -> str:
        return "browser" if nodeid.startswith("tests/browser/") else nodeid


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") == "load":
        return BrowserTestsTogether(config, log)
    return None
