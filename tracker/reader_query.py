"""The query parameters a reader page reads, declared with its address in tracker/urls.py.

A reader page sees only the parameters it declares: any other (``?utm_source=…``, ``?fbclid=…``,
junk) is dropped before the view runs, so the page, its links and the page cache's key depend
on the declared ones alone. Without this, every shared link's tracking parameter made a page
of its own, rendered afresh and kept beside the others, and the links on it carried the
parameter on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.http import HttpRequest, QueryDict
from django.http.response import HttpResponseBase
from django.urls import Resolver404, get_urlconf, resolve

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

View = Callable[..., HttpResponseBase]


def reading_only(view: View, parameters: Iterable[str]) -> View:
    declared = frozenset(parameters)

    @wraps(view)
    def reads_declared(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.GET = declared_query(request.GET, declared)
        return view(request, *args, **kwargs)

    reads_declared.reader_parameters = declared  # type: ignore[attr-defined]
    return reads_declared


def declared_query(query: _ImmutableQueryDict, declared: frozenset[str]) -> _ImmutableQueryDict:
    """``query`` without the parameters not declared, each kept one's values in their order."""
    if query.keys() <= declared:
        return query
    kept = [(name, value) for name in query if name in declared for value in query.getlist(name)]
    return QueryDict(urlencode(kept))


def declared_parameters(path_info: str) -> frozenset[str] | None:
    """The parameters the reader page at ``path_info`` reads, or None if it is no reader page."""
    return parameters_by_path(get_urlconf(), path_info)


# Resolving an address took 40–60 µs, about a twentieth of serving a cached page.
@lru_cache(maxsize=4096)
def parameters_by_path(urlconf: str | None, path_info: str) -> frozenset[str] | None:
    try:
        view = resolve(path_info, urlconf).func
    except Resolver404:
        return None
    return getattr(view, "reader_parameters", None)
