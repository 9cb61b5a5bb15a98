from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBadRequest
from django.http.response import HttpResponseBase
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

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
