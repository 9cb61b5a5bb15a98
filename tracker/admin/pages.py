"""A ModelAdmin's custom pages, declared as ``pages`` rather than written into ``get_urls``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.urls import URLPattern, path


@dataclass(frozen=True)
class AdminPage:
    """One custom address, behind the admin's login, named ``tracker_<model>_<name>`` as
    Django names the admin's own. A view that takes ``admin_site`` (a page drawn in the
    admin's frame needs it) is passed the admin site."""

    route: str
    view: Callable[..., Any]
    name: str

    @property
    def with_site(self) -> bool:
        return "admin_site" in inspect.signature(self.view).parameters


class WithPages:
    """ModelAdmin side: routes ``pages`` ahead of the admin's own addresses."""

    pages: ClassVar[list[AdminPage]] = []

    def get_urls(self) -> list[URLPattern]:
        site = self.admin_site  # type: ignore[attr-defined]
        opts = self.opts  # type: ignore[attr-defined]
        own = [
            path(
                page.route,
                site.admin_view(page.view),
                {"admin_site": site} if page.with_site else {},
                name=f"{opts.app_label}_{opts.model_name}_{page.name}",
            )
            for page in self.pages
        ]
        return [*own, *super().get_urls()]  # type: ignore[misc]
