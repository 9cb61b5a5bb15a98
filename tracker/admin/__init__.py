"""The review admin: one module per concern, registered on import.

ModelAdmin options live in ``parties``, ``sources``, ``cases``, ``claims``, ``points``,
``annotations``, ``review``, ``revisions`` and ``accounts`` (Django's own, refusing a tampered
choice), and the “Delete selected” they share in
``deletion``; the custom pages they route to are ordinary views in ``views``; who may change
what is asked of ``tracker.permissions``.
"""

from django.contrib import admin

from . import (
    accounts,
    annotations,
    cases,
    claims,
    deletion,
    parties,
    points,
    review,
    revisions,
    sources,
)

admin.site.site_header = "Claims tracker — review"
admin.site.site_title = "Claims tracker"
admin.site.index_title = "Claims, statements and their sources"

__all__ = [
    "accounts",
    "annotations",
    "cases",
    "claims",
    "deletion",
    "parties",
    "points",
    "review",
    "revisions",
    "sources",
]
