"""Helpers the tests share; fixtures stay in conftest.py, plain functions live here."""

import os
import socket
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import DateTimeField
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracker.models import (
    Annotation,
    Case,
    CaseRole,
    Claim,
    Outcome,
    Party,
    PartyAlias,
    Point,
    ReviewTransition,
    Revision,
    Source,
    Statement,
    Tag,
)

# Threads racing on their own connections for row locks: SQLite takes writers one at a time.
ROW_LOCK_RACES = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and real concurrency: PostgreSQL"
)


def add_statement(
    claim: Claim, party: Party, source: Source, quote: str, **fields: Any
) -> Statement:
    """A statement checked as the admin checks it (offsets found from the quote), then saved,
    in one transaction."""
    statement = Statement(claim=claim, party=party, source=source, quote=quote, **fields)
    with transaction.atomic():
        statement.full_clean()
        statement.save()
    return statement


def statement_form(
    claim: Claim, party: Party, source: Source, quote: str, note: str = "", **fields: Any
) -> dict[str, Any]:
    """What the statement add page posts for a new statement quoting ``quote``, with one
    note written beside it if ``note`` is given."""
    values: dict[str, Any] = {
        "claim": claim.pk,
        "party": party.pk,
        "source": source.pk,
        "stance": "disputes",
        "kind": "testimony",
        "quote": quote,
        "position": 0,
        "version": 0,
        "annotations-TOTAL_FORMS": 1 if note else 0,
        "annotations-INITIAL_FORMS": 0,
        **fields,
    }
    if note:
        values.update({"annotations-0-version": 0, "annotations-0-text": note})
    return values


def make_statements(claim: Claim, party: Party, source: Source, count: int) -> None:
    """``count`` valid statements on ``claim``, quoting the first word of ``source``."""
    quote = source.text.split()[0]
    start = source.text.index(quote)
    Statement.objects.bulk_create(
        Statement(
            claim=claim,
            party=party,
            source=source,
            stance=list(Statement.Stance)[index % 3],
            kind=Statement.Kind.TESTIMONY,
            quote=quote,
            quote_start=start,
            quote_end=start + len(quote),
        )
        for index in range(count)
    )


def published_claims(case: Case, count: int, prefix: str = "claim", **fields: Any) -> list[Claim]:
    """``count`` published claims in ``case``, “claim 000” onwards, in that order."""
    return Claim.objects.bulk_create(
        Claim(
            case=case,
            text=f"{prefix} {n:03}",
            slug=f"{prefix}-{n:03}",
            status=Claim.Status.PUBLISHED,
            position=n,
            **fields,
        )
        for n in range(count)
    )


def parties(count: int, prefix: str = "party") -> list[Party]:
    """``count`` people, “party 000” onwards."""
    return Party.objects.bulk_create(
        Party(name=f"{prefix} {n:03}", slug=f"{prefix}-{n:03}", kind=Party.Kind.PERSON)
        for n in range(count)
    )


def statement_on(claim: Claim, party: Party, source: Source, **fields: Any) -> Statement:
    """An unsaved statement by ``party`` supporting ``claim``, quoting the first word of
    ``source`` unless ``fields`` say otherwise, for ``bulk_create``."""
    quote = source.text.split()[0]
    defaults = {
        "stance": Statement.Stance.SUPPORTS,
        "kind": Statement.Kind.TESTIMONY,
        "quote": quote,
        "quote_start": 0,
        "quote_end": len(quote),
    }
    return Statement(claim=claim, party=party, source=source, **{**defaults, **fields})


def back_in_review(claim: Claim, reviewer: User, researcher: User) -> None:
    """A published claim unpublished by ``reviewer``, then returned to draft and submitted
    again by ``researcher``: the held edits made while it was published wait still."""
    claim.refresh_from_db()
    claim.transition("unpublish", reviewer)
    claim.transition("revise", researcher)
    claim.transition("submit", researcher)


def member_of(group_name: str, username: str) -> User:
    user = User.objects.create_user(username, password="pw-" + username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(user: User, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    return client


def form_values(response: HttpResponse) -> dict[str, Any]:
    """What the browser would post back: every bound field's initial value, by prefixed name."""
    values: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        values.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
                f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
            }
        )
        forms.extend(formset.initial_forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            values[bound.html_name] = value
    return values


def count_queries(client: Client, url: str) -> int:
    """How many queries answering ``url`` takes, to its last byte; it must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body(response)
    assert response.status_code == 200
    return len(queries)


def rows_fetched(client: Client, url: str) -> int:
    """How many rows the queries answering ``url`` fetched in all, each captured SELECT run
    again to count them; it must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body(response)
    assert response.status_code == 200
    fetched = 0
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute(query["sql"])
                fetched += len(cursor.fetchall())
    return fetched


def body(response: HttpResponseBase) -> bytes:
    """The response's content, read to the end if it is streamed."""
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response.content


class TableSnapshot:
    """The rows added to the tracker's tables between its making and ``take()``, which
    ``restore()`` writes back with one prepared insert per table.

    Restoring the seed case this way takes a millisecond where ``loaddata`` (a save, its
    signals and history for each object) takes a third of a second per test, and
    ``bulk_create`` (which compiles the insert's SQL for each row) seven."""

    def __init__(self) -> None:
        self.models = [
            model
            for model in apps.get_app_config("tracker").get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]
        self.rows_before = {
            model: set(model._base_manager.values_list("pk", flat=True)) for model in self.models
        }
        self.inserts: list[tuple[str, list[int], list[list[Any]]]] = []

    def take(self) -> None:
        quote = connection.ops.quote_name
        for model in self.models:
            added = model._base_manager.exclude(pk__in=self.rows_before[model])
            fields = model._meta.local_concrete_fields
            rows = [
                [
                    field.get_db_prep_save(getattr(row, field.attname), connection)
                    for field in fields
                ]
                for row in added
            ]
            if not rows:
                continue
            columns = ", ".join(quote(field.column) for field in fields)
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
            # A created or updated time is the time of the restore, as when a row is saved.
            stamped = [
                index
                for index, field in enumerate(fields)
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            ]
            self.inserts.append((sql, stamped, rows))

    def restore(self) -> None:
        now = DateTimeField().get_db_prep_save(timezone.now(), connection)
        with transaction.atomic(), connection.cursor() as cursor:
            for sql, stamped, rows in self.inserts:
                if stamped:
                    rows = [[now if i in stamped else v for i, v in enumerate(r)] for r in rows]
                cursor.executemany(sql, rows)
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)


ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-key-of-more-than-fifty-characters-0123456789-xyz",
    "ALLOWED_HOSTS": "127.0.0.1,claims.example.org",
}


def environment(**overrides: str) -> dict[str, str]:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE may be set in this process: not in production.
    dropped = {"DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, **PRODUCTION_ENV, **overrides}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


# How long a racing thread waits for its turn before the test gives up on it: only a test
# that hangs (a lock never released) ever waits this long.
RACE_WAIT = 30


class Racer(threading.Thread):
    """Runs ``work`` in a thread on a database connection of its own, keeping what it returned
    or raised; ``backend_pid`` is the PostgreSQL backend serving it."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.backend_pid: int | None = None
        self.connected = threading.Event()

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.backend_pid = cursor.fetchone()[0]
            self.connected.set()
            self.result = self.work()
        except BaseException as error:  # handed to the test, which raises it
            self.error = error
        finally:
            self.connected.set()
            connection.close()

    def outcome(self) -> Any:
        """What ``work`` returned, once it has finished; what it raised is raised here."""
        self.join(RACE_WAIT)
        assert not self.is_alive(), "the racer never finished"
        if self.error is not None:
            raise self.error
        return self.result

    def stop(self) -> None:
        """End the work if it still runs (its test failed while it waited): its backend is
        ended, and with it its transaction and locks."""
        if self.is_alive():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE pid = %s AND datname = current_database()",
                    [self.backend_pid],
                )
        self.join(RACE_WAIT)


def wait_until_blocked_or_done(racer: Racer) -> bool:
    """Wait until ``racer`` waits for a lock another transaction holds (True), as PostgreSQL's
    pg_stat_activity tells, or has finished (False)."""
    assert racer.connected.wait(RACE_WAIT)
    activity = None
    for _ in range(RACE_WAIT * 100):
        with connection.cursor() as cursor:
            # Once read in a transaction, pg_stat_activity lists the same backends until it
            # ends: a caller holding the lock in one never saw a racer that connected after.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT wait_event_type, wait_event, state, query FROM pg_stat_activity "
                "WHERE pid = %s",
                [racer.backend_pid],
            )
            activity = cursor.fetchone()
        if activity is not None and activity[0] == "Lock":
            return True
        racer.join(0.01)
        if not racer.is_alive():
            return False
    raise AssertionError(
        "the racer neither finished nor waited for a lock: its backend's wait, state and "
        f"query are {activity}"
    )


def add_permissions_used(write: Callable[[], object]) -> set[str]:
    """The tracker's permissions to add each kind of row that ``write()`` adds rows of."""
    tables = [
        model
        for model in apps.get_app_config("tracker").get_models()
        if not model._meta.proxy and not model.__name__.startswith("Historical")
    ]
    before = {model: model._base_manager.count() for model in tables}
    write()
    return {
        f"tracker.add_{model._meta.model_name}"
        for model in tables
        if model._base_manager.count() > before[model]
    }


# A page of the admin, as its author or reviewer opens and saves it.
def page_of(obj):
    return reverse(f"admin:tracker_{obj._meta.model_name}_change", args=[obj.pk])


def proposed_on_its_page(client: Client, obj, **changes) -> dict:
    """What the author's browser posts from ``obj``'s change page, with ``changes`` made."""
    values = form_values(client.get(page_of(obj)))
    return {**values, **changes}


def statement_row(values: dict, statement: Statement) -> str:
    """The prefix of ``statement``'s row in a claim page's posted values."""
    key = next(k for k, v in values.items() if k.endswith("-id") and v == statement.pk)
    return key.removesuffix("id")


def held(client: Client, obj, **changes) -> Revision:
    response = client.post(page_of(obj), proposed_on_its_page(client, obj, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Revision.objects.pending().of(obj).get()


# A case as a document: exported, imported, uploaded.
SEED_CASE = "almaty-trial-january-2022"
IMPORT_URL = "/admin/tracker/case/import-document/"
CONTENT_MODELS = [Case, Point, Claim, Statement, Outcome, Party, PartyAlias, Source, Tag]
# Children before the rows they point at.
CONTENT_TABLES = [
    Claim.tags.through,
    Annotation,
    CaseRole,
    ReviewTransition,
    Statement,
    Outcome,
    Claim,
    Point,
    Case,
    PartyAlias,
    Party,
    Source,
    Tag,
]


def empty_the_database() -> None:
    """No tracker content left, as in a tracker that never held the case: one DELETE a table.
    Deleted through the ORM, each of the seed's rows was collected, signalled and given a
    history row one by one, a third of a second a call (44 calls in the suite); a row left
    pointing at a deleted one fails the constraint check here as the ORM's PROTECT would."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in CONTENT_TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        connection.check_constraints()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CONTENT_MODELS} | {
        "history": Claim.history.count() + Statement.history.count() + Party.history.count()
    }


def upload(client: Client, content: bytes, name: str = "case.json") -> HttpResponse:
    return client.post(IMPORT_URL, {"document": SimpleUploadedFile(name, content)})


def claim_form(claim: Claim, **overrides: Any) -> dict[str, Any]:
    """The claim's form as a browser posts it, with no inline rows (a new claim's too)."""
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "case": claim.case_id,
        "claimant": claim.claimant_id or "",
        "point_position": claim.point_position,
        "position": claim.position,
        "version": claim.version,
        "statements-TOTAL_FORMS": 0,
        "statements-INITIAL_FORMS": 0,
        "annotations-TOTAL_FORMS": 0,
        "annotations-INITIAL_FORMS": 0,
        "review_transitions-TOTAL_FORMS": 0,
        "review_transitions-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


# A source's text edited under the quotes that stand in it, as the admin edits it.
PREFACE = "Preface. "  # what the text edit adds: every quote after it moves by nine


def prefaced(source_pk: int, preface: str = PREFACE) -> None:
    """Edit the source's text as the admin does (check, then save, in one transaction)."""
    with transaction.atomic():
        source = Source.objects.get(pk=source_pk)
        source.text = preface + source.text
        source.full_clean()
        source.save()


def plan_held_open(source_pk: int, planned: threading.Event, go_on: threading.Event) -> None:
    """The text edit, holding the source's lock from its plan (``clean``) until ``go_on``."""
    with transaction.atomic():
        source = Source.objects.get(pk=source_pk)
        source.text = PREFACE + source.text
        source.full_clean()
        planned.set()
        assert go_on.wait(RACE_WAIT)
        source.save()


def stands_in_its_source(quotation: Statement) -> bool:
    text = Source.objects.get(pk=quotation.source_id).text
    return text[quotation.quote_start : quotation.quote_end] == quotation.quote
