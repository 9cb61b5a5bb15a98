"""Reader pages served to anonymous readers from Django's cache.

A reader page is cached under the current ``PageGeneration`` token, the address it was asked
for (scheme, host, path and, sorted, the query parameters the page reads) and the database, and
only when it is a 200 that nothing makes personal (no session, no cookie set, not private) and
is not streamed (the CSV download, which no copy could keep without holding it whole). Every
save, delete or m2m change of a tracker row replaces the token once its transaction commits, so
the next request, on any worker or machine, renders afresh. Each page carries an ETag (its
content's hash) and, where it is safe, a Last-Modified, and answers 304 to a reader who already
has it.

The admin and the API are never cached: the admin is staff-only, and the API's anonymous
throttle must see every request. Nor is /healthz, which must say whether the server answers.
"""

from __future__ import annotations

import hashlib
from calendar import timegm
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from simple_history.models import HistoricalChanges

from tracker.models import PageGeneration
from tracker.reader_query import declared_parameters, declared_query

# Older pages are unreachable once the token changes; the timeout only frees their memory.
PAGE_SECONDS = 600
# A page this big is a bug to fix (issue 12: every page under 1 MB), not one to keep.
LARGEST_PAGE_BYTES = 2 * 1024 * 1024
LONGEST_QUERY_STRING = 2000
# Cookies that can make a page personal: signed in, or a message waiting for this browser.
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
# Last-Modified has whole seconds: for a second after a change it could not tell two apart.
LAST_MODIFIED_SETTLES = timedelta(seconds=1)


@dataclass(frozen=True)
class CachedPage:
    content: bytes
    headers: list[tuple[str, str]]
    etag: str

    @classmethod
    def of(cls, response: HttpResponse) -> CachedPage:
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        return cls(response.content, list(response.headers.items()), etag)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


class ReaderPageCache:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        address = cacheable_address(request)
        if address is None:
            return self.get_response(request)
        # The token is read before the page is rendered, so a page is never cached under a
        # token newer than the data it shows.
        token, changed_at = PageGeneration.current()
        key = page_key(address, token)
        page = cache.get(key)
        if page is not None:
            return conditional_response(request, page.response(), page.etag, changed_at)
        response = self.get_response(request)
        if not is_cacheable(response):
            return response
        assert isinstance(response, HttpResponse)
        page = CachedPage.of(response)
        cache.set(key, page, PAGE_SECONDS)
        return conditional_response(request, response, page.etag, changed_at)


def cacheable_address(request: HttpRequest) -> str | None:
    """The full address of a request an anonymous reader's cached page may answer, or None."""
    if not settings.READER_PAGE_CACHE or request.method not in {"GET", "HEAD"}:
        return None
    if PERSONAL_COOKIES & request.COOKIES.keys() or "HTTP_AUTHORIZATION" in request.META:
        return None
    # Only reader pages: not the admin, the API (whose throttle must see every request) or
    # /healthz (which must say whether the server answers).
    declared = declared_parameters(request.path_info)
    if declared is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # Only what the page reads; names sorted, each name's values in the order given: a page
    # reads the last of them.
    query = declared_query(request.GET, declared)
    pairs = [(name, value) for name in sorted(query) for value in query.getlist(name)]
    query_string = urlencode(pairs)
    if len(query_string) > LONGEST_QUERY_STRING:
        return None
    return f"{request.scheme}://{host}{request.path}?{query_string}"


def page_key(address: str, token: int) -> str:
    database = connection.settings_dict["NAME"]
    digest = hashlib.sha256(f"{database}\n{address}".encode()).hexdigest()
    return f"reader-page:{token}:{digest}"


def is_cacheable(response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and len(response.content) <= LARGEST_PAGE_BYTES
    )


def conditional_response(
    request: HttpRequest, response: HttpResponse, etag: str, changed_at: datetime
) -> HttpResponseBase:
    """The page, or a 304 if the reader's copy (by ETag or date) is still current."""
    response["ETag"] = etag
    last_modified = None
    if timezone.now() - changed_at >= LAST_MODIFIED_SETTLES:
        last_modified = timegm(changed_at.utctimetuple())
        response["Last-Modified"] = http_date(last_modified)
    # Browsers keep the page but ask each time; the ETag makes asking cheap.
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    return conditional or response


def shows_readers(model: type[models.Model]) -> bool:
    """Whether rows of ``model`` can appear on a reader page (its history cannot)."""
    return (
        model._meta.app_label == "tracker"
        and not issubclass(model, HistoricalChanges)
        and model is not PageGeneration
    )


def replace_token() -> None:
    PageGeneration.bump()


def bump_after_commit() -> None:
    # After the commit, so that no page rendered before it is cached under the new token;
    # the update is then a statement of its own, holding its row lock for no longer. Once a
    # transaction: a seed load or a case import saves hundreds of rows. A bump queued in a
    # savepoint that rolls back leaves the queue with it, so the next change queues another.
    if not any(entry[1] is replace_token for entry in connection.run_on_commit):
        transaction.on_commit(replace_token)


def bump_on_change(sender: type[models.Model], **kwargs: Any) -> None:
    if shows_readers(sender):
        bump_after_commit()


def bump_on_m2m_change(sender: type[models.Model], action: str, **kwargs: Any) -> None:
    # sender is the through model; the instance is the row whose relation changed.
    if action.startswith("post_") and shows_readers(type(kwargs["instance"])):
        bump_after_commit()


def bump_after_migrate(app_config: AppConfig, **kwargs: Any) -> None:
    # A deploy runs migrate: pages rendered by the old templates are dropped with it.
    table = PageGeneration._meta.db_table
    if app_config.label == "tracker" and table in connection.introspection.table_names():
        PageGeneration.bump()


def connect_signals() -> None:
    post_save.connect(bump_on_change, dispatch_uid="page_cache_post_save")
    post_delete.connect(bump_on_change, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(bump_on_m2m_change, dispatch_uid="page_cache_m2m_changed")
    post_migrate.connect(bump_after_migrate, dispatch_uid="page_cache_post_migrate")
