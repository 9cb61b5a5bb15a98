from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control


class RejectNullCharacters:
    """Answer 400 to a request whose query string carries a NUL character.

    PostgreSQL cannot store or compare strings holding NUL, so a value like ``?q=%00`` would
    reach the database as an error. The reader site's forms refuse it with a message of
    their own; this covers the admin's search, list filters and autocomplete.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "The address contains a NUL character (%00), which no field accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PrivateForStaff:
    """Pages answered to a signed-in user (drafts, banners, the admin) are theirs alone: no
    shared cache or proxy may keep them and serve them to the next reader."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


class ExplainOversizedRequests:
    """A form sent with more than the request limit gets a page that says so and how to go
    on, not a bare 400: nothing in it was saved, and the browser still holds what was typed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 (reading it is what enforces the limit)
            except RequestDataTooBig:
                limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
                context = {"limit_mb": limit // 1024 // 1024, "size_mb": request_mb(request)}
                return render(request, "request_too_big.html", context, status=413)
        return self.get_response(request)


def request_mb(request: HttpRequest) -> str:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return f"{int(length) / 1024 / 1024:.1f}" if length.isdigit() else "?"
