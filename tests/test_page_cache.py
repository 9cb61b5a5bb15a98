"""Reader pages from the cache: never stale after a change, 304s, nothing personal cached."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test import Client
from django.urls import get_script_prefix, reverse, set_script_prefix
from django.utils import timezone
from django.utils.http import http_date

from tests.helpers import (
    ROOT,
    add_statement,
    body,
    environment,
    fetch,
    free_port,
    logged_in,
)
from tracker.models import (
    Annotation,
    Claim,
    Outcome,
    PageGeneration,
    PartyAlias,
    Point,
    Statement,
    Tag,
)
from tracker.page_cache import replace_token
from tracker.settings import envcache

pytestmark = pytest.mark.usefixtures("reader_page_cache")


def queued_bumps() -> int:
    """How many token replacements wait for the test's transaction to commit."""
    return sum(queued is replace_token for _, queued, *_ in connection.run_on_commit)


def test_a_transaction_of_many_changes_replaces_the_token_once(case):
    for number in range(5):
        Claim.objects.create(case=case, text=f"Claim {number}", slug=f"claim-{number}")
    assert queued_bumps() == 1


def test_a_change_after_a_rolled_back_savepoint_still_replaces_the_token(db):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        Tag.objects.create(name="Undone", slug="undone")
        assert queued_bumps() == 1
        raise RuntimeError("rolled back")
    assert queued_bumps() == 0
    Tag.objects.create(name="Kept", slug="kept")
    assert queued_bumps() == 1


def url(name: str, slug: str) -> str:
    return reverse(f"tracker:{name}", args=[slug])


def rename_claim(world: dict[str, Any]) -> None:
    world["claim"].text = "Dzhumageldiev led the crowd on 5 January"
    world["claim"].save()


def edit_statement(world: dict[str, Any]) -> None:
    world["statement"].paraphrase = "He says he was not there"
    world["statement"].save()


def add_a_statement(world: dict[str, Any]) -> None:
    add_statement(
        world["claim"],
        world["other_party"],
        world["source"],
        "He said he caught looters.",
        stance=Statement.Stance.QUALIFIES,
        kind=Statement.Kind.ARGUMENT,
    )


def delete_statement(world: dict[str, Any]) -> None:
    world["statement"].delete()


def retitle_source(world: dict[str, Any]) -> None:
    world["source"].title = "Court transcript, day two"
    world["source"].save()


def rename_party(world: dict[str, Any]) -> None:
    world["party"].name = "Arman Jumageldiev"
    world["party"].save()


def add_alias(world: dict[str, Any]) -> None:
    PartyAlias.objects.create(
        party=world["party"], name="Джумагельдиев А.", kind=PartyAlias.Kind.NATIVE
    )


def tag_claim(world: dict[str, Any]) -> None:
    world["claim"].tags.add(Tag.objects.create(name="Street violence", slug="street-violence"))


def rename_case(world: dict[str, Any]) -> None:
    world["case"].title = "Almaty trial of 2023"
    world["case"].save()


def make_claim_a_version(world: dict[str, Any]) -> None:
    point = Point.objects.create(
        case=world["case"], question="Who led the crowd into the square?", slug="who-led"
    )
    world["claim"].point = point
    world["claim"].save()


def annotate_claim(world: dict[str, Any]) -> None:
    Annotation.objects.create(
        claim=world["claim"],
        author=world["reviewer"],
        text="The Russian original says the same.",
        visibility=Annotation.Visibility.PUBLIC,
    )


def add_outcome(world: dict[str, Any]) -> None:
    quote = "He said he caught looters."
    start = world["source"].text.index(quote)
    Outcome.objects.create(
        case=world["case"],
        party=world["party"],
        source=world["source"],
        summary="Sentenced to 15 years",
        quote=quote,
        quote_start=start,
        quote_end=start + len(quote),
    )


# (change, page it shows on, words readers must see after it, words they must no longer see)
CHANGES = [
    (rename_claim, ("claim-detail", "led-the-crowd"), "on 5 January", None),
    (edit_statement, ("claim-detail", "led-the-crowd"), "He says he was not there", None),
    (add_a_statement, ("claim-detail", "led-the-crowd"), "He said he caught looters.", None),
    (delete_statement, ("claim-detail", "led-the-crowd"), None, "Арман Джумагельдиев denied"),
    (retitle_source, ("source-detail", "trial-report"), "Court transcript, day two", None),
    (rename_party, ("claim-detail", "led-the-crowd"), "Arman Jumageldiev", None),
    (add_alias, ("party-detail", "arman-dzhumageldiev"), "Джумагельдиев А.", None),
    (tag_claim, ("claim-detail", "led-the-crowd"), "Street violence", None),
    (rename_case, ("case-detail", "almaty-trial"), "Almaty trial of 2023", None),
    (make_claim_a_version, ("claim-detail", "led-the-crowd"), "Who led the crowd", None),
    (annotate_claim, ("claim-detail", "led-the-crowd"), "The Russian original", None),
    (add_outcome, ("case-detail", "almaty-trial"), "Sentenced to 15 years", None),
]


@pytest.mark.parametrize(
    "change, page, shown, gone", CHANGES, ids=[change[0].__name__ for change in CHANGES]
)
def test_a_change_is_on_the_very_next_request_of_every_reader(
    change, page, shown, gone, statement, other_party, reviewer, committed
):
    world = {
        "statement": statement,
        "claim": statement.claim,
        "party": statement.party,
        "source": statement.source,
        "case": statement.claim.case,
        "other_party": other_party,
        "reviewer": reviewer,
    }
    first_reader, second_reader = Client(), Client()
    before = first_reader.get(url(*page)).content.decode()
    assert second_reader.get(url(*page)).content.decode() == before, "served from the cache"
    if shown:
        assert shown not in before
    if gone:
        assert gone in before

    committed(lambda: change(world))

    for reader in (first_reader, second_reader):
        after = reader.get(url(*page)).content.decode()
        if shown:
            assert shown in after
        if gone:
            assert gone not in after


def test_a_cached_page_costs_one_query(statement, django_assert_num_queries):
    page = url("claim-detail", "led-the-crowd")
    rendered = Client().get(page)
    with django_assert_num_queries(1):
        cached = Client().get(page)
    assert cached.content == rendered.content
    assert cached["ETag"] == rendered["ETag"]


def test_unpublishing_hides_the_claim_at_once(statement, reviewer, committed):
    claim = statement.claim
    page = url("claim-detail", claim.slug)
    assert Client().get(page).status_code == 200
    committed(lambda: claim.transition("unpublish", reviewer))
    assert Client().get(page).status_code == 404


def test_publishing_shows_the_claim_at_once(draft_claim, reviewer, researcher, committed):
    page = url("claim-detail", draft_claim.slug)
    home = Client().get(reverse("tracker:home")).content.decode()
    assert Client().get(page).status_code == 404

    def publish() -> None:
        draft_claim.transition("submit", researcher)
        draft_claim.transition("publish", reviewer)

    committed(publish)
    assert Client().get(page).status_code == 200
    assert draft_claim.text not in home
    assert draft_claim.text in Client().get(reverse("tracker:home")).content.decode()


def test_unchanged_page_answers_304_to_its_etag(statement):
    page = url("claim-detail", "led-the-crowd")
    etag = Client().get(page)["ETag"]
    response = Client().get(page, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_changed_page_answers_200_to_an_old_etag(statement, committed):
    page = url("claim-detail", "led-the-crowd")
    etag = Client().get(page)["ETag"]
    committed(lambda: rename_claim({"claim": statement.claim}))
    response = Client().get(page, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "on 5 January" in response.content.decode()
    assert response["ETag"] != etag


def test_page_answers_304_when_not_modified_since(statement, committed):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    PageGeneration.bump()
    PageGeneration.objects.update(changed_at=an_hour_ago)
    page = url("claim-detail", "led-the-crowd")
    response = Client().get(page)
    assert response["Last-Modified"] == http_date(an_hour_ago.timestamp())
    since = {"If-Modified-Since": response["Last-Modified"]}
    assert Client().get(page, headers=since).status_code == 304
    committed(lambda: rename_claim({"claim": statement.claim}))
    assert Client().get(page, headers=since).status_code == 200


def test_no_last_modified_within_a_second_of_a_change(statement):
    # Whole seconds cannot tell a change now from one a moment ago: the ETag must decide.
    PageGeneration.bump()
    assert "Last-Modified" not in Client().get(url("claim-detail", "led-the-crowd"))


def test_reader_pages_vary_on_cookie_and_are_revalidated(statement):
    response = Client().get(url("claim-detail", "led-the-crowd"))
    assert "Cookie" in response["Vary"]
    assert "no-cache" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"], "kept from the render"


def test_staff_see_their_own_page_never_the_cached_one(statement, draft_claim, researcher):
    reader_page = Client().get(url("claim-detail", "led-the-crowd"))
    staff = logged_in(researcher)
    staff_page = staff.get(url("claim-detail", "led-the-crowd"))
    assert "ETag" not in staff_page
    assert "private" in staff_page["Cache-Control"]
    assert (
        staff.get(
            url("claim-detail", "led-the-crowd"), headers={"If-None-Match": reader_page["ETag"]}
        ).status_code
        == 200
    )


def test_a_draft_seen_by_staff_is_never_served_to_readers(draft_claim, researcher):
    page = url("claim-detail", draft_claim.slug)
    staff_page = logged_in(researcher).get(page)
    assert staff_page.status_code == 200 and "Not published." in staff_page.content.decode()
    assert Client().get(page).status_code == 404


def test_error_pages_are_not_cached(db):
    missing = Client().get(url("claim-detail", "no-such-claim"))
    assert missing.status_code == 404
    assert "ETag" not in missing


def test_invalid_filters_are_not_cached(statement):
    bad = Client().get(reverse("tracker:claim-list"), {"stance": "sideways"})
    assert bad.status_code == 400
    assert "ETag" not in bad


def test_the_csv_download_is_streamed_and_never_kept(statement):
    csv_url = reverse("tracker:claim-list-csv")
    first = Client().get(csv_url)
    assert first.streaming and "ETag" not in first
    assert b"Said in court" not in body(first)
    # Not committed, so the token stays: a kept copy would still be served.
    Statement.objects.filter(pk=statement.pk).update(attribution="Said in court")
    assert b"Said in court" in body(Client().get(csv_url))


def test_query_string_order_does_not_matter(statement, django_assert_num_queries):
    claims = reverse("tracker:claim-list")
    Client().get(claims, {"q": "crowd", "stance": "disputes"})
    with django_assert_num_queries(1):
        page = Client().get(claims + "?stance=disputes&q=crowd")
    assert "Dzhumageldiev led the crowd" in page.content.decode()


def test_a_shared_links_tracking_parameters_get_the_cached_page_and_are_not_passed_on(
    statement, django_assert_num_queries
):
    claims = reverse("tracker:claim-list")
    plain = Client().get(claims, {"q": "crowd"})
    with django_assert_num_queries(1):
        shared = Client().get(claims + "?utm_source=feed&q=crowd&fbclid=IwAR0x")
    assert shared.content == plain.content
    assert "fbclid" not in shared.content.decode()
    assert "utm_source" not in shared.content.decode()


def test_a_page_rendered_for_a_tracking_link_does_not_carry_it_on(statement):
    claims = reverse("tracker:claim-list")
    html = Client().get(claims + "?fbclid=IwAR0x&q=crowd").content.decode()
    assert "Dzhumageldiev led the crowd" in html
    assert "fbclid" not in html
    assert "q=crowd" in html  # the declared parameter is still carried to the other list


def test_a_repeated_parameter_keeps_its_order_in_the_cache(statement):
    # The page reads a repeated parameter's last value: the same values in another order
    # ask for another page, which one reader's link must not decide for the next.
    claims = reverse("tracker:claim-list")
    found = Client().get(claims + "?q=nothing-like-it&q=crowd").content.decode()
    assert "Dzhumageldiev led the crowd" in found
    missed = Client().get(claims + "?q=crowd&q=nothing-like-it").content.decode()
    assert "Dzhumageldiev led the crowd" not in missed


def test_admin_api_and_posts_are_never_cached(statement):
    assert "ETag" not in Client().get("/admin/login/")
    assert "ETag" not in Client().get("/api/claims/", headers={"Accept": "application/json"})
    assert "ETag" not in Client().post(url("claim-detail", "led-the-crowd"))


def test_health_check_answers_without_the_database_or_the_cache(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.content == b"ok\n" and "ETag" not in response


def test_the_api_throttle_still_counts_every_request(statement, settings):
    settings.API_ANONYMOUS_RATE = "3/minute"
    api = Client()
    statuses = [
        api.get("/api/claims/", headers={"Accept": "application/json"}).status_code
        for _ in range(5)
    ]
    assert statuses[0] == 200
    assert 429 in statuses


def test_deleting_a_claim_is_seen_at_once(case, reviewer, committed):
    claim = Claim.objects.create(
        case=case, text="A claim nobody quoted", slug="unquoted", status=Claim.Status.PUBLISHED
    )
    list_page = reverse("tracker:claim-list")
    assert claim.text in Client().get(list_page).content.decode()
    committed(claim.delete)
    assert claim.text not in Client().get(list_page).content.decode()


@pytest.fixture(params=["redis://127.0.0.1:6379/0", ""], ids=["redis", "local-memory"])
def two_worker_server(request, seeded_sqlite_copy):
    """gunicorn with two worker processes on a database of its own, sharing Redis or each
    with its own local memory."""
    env = environment(
        DEBUG="1", DATABASE_URL=f"sqlite:///{seeded_sqlite_copy}", CACHE_URL=request.param
    )
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "tracker.wsgi", "--workers", "2"]
        + ["--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # gunicorn answers about half a second after it starts: asked every half second, it
        # kept the test waiting half a second longer than that.
        for _ in range(1200):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.05)
        yield base, env
    finally:
        # Killed, not stopped gracefully (which takes gunicorn half a second): the test is over
        # and the database a copy of its own.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def change_in_another_process(env: dict[str, str], code: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )


def test_a_change_made_elsewhere_is_seen_by_every_worker(two_worker_server):
    base, env = two_worker_server
    party_page = base + reverse("tracker:party-detail", args=["arman-dzhumageldiev"])
    # Enough requests that both workers have the page cached.
    before = {fetch(party_page)[2] for _ in range(8)}
    assert len(before) == 1 and "Jumageldiev the Younger" not in before.pop()
    if env["CACHE_URL"]:
        assert redis.Redis.from_url(env["CACHE_URL"]).keys("*reader-page:*"), "kept in Redis"
    change_in_another_process(
        env,
        "from tracker.models import Party; party = Party.objects.get(slug='arman-dzhumageldiev');"
        "party.name = 'Arman Jumageldiev the Younger'; party.save()",
    )
    for _ in range(8):
        assert "Jumageldiev the Younger" in fetch(party_page)[2]


def test_cache_url_chooses_redis_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/2")
    assert envcache("CACHE_URL") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }
    monkeypatch.setenv("CACHE_URL", "memcached://127.0.0.1")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        envcache("CACHE_URL")
    monkeypatch.delenv("CACHE_URL")
    assert envcache("CACHE_URL")["BACKEND"].endswith("LocMemCache")


def test_the_api_is_never_cached_under_a_script_prefix(statement):
    before = get_script_prefix()
    try:
        response = Client().get(
            "/api/claims/", SCRIPT_NAME="/tracker", headers={"Accept": "application/json"}
        )
    finally:
        set_script_prefix(before)
    assert response.status_code == 200
    assert "ETag" not in response
