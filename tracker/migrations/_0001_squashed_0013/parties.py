"""Parties and their aliases."""

from django.db import models

from .columns import search_text_column, slug_column, version_column
from .history import tracked_model

PARTY_KINDS = [
    ("person", "Person"),
    ("organisation", "Organisation"),
    ("state_body", "State body"),
    ("court", "Court"),
    ("group", "Group of people"),
    ("media", "News outlet"),
]
ALIAS_KINDS = [
    ("nickname", "Nickname"),
    ("transliteration", "Transliteration"),
    ("native", "Native spelling"),
    ("short", "Short form"),
    ("title", "Title or office"),
]

operations = [
    *tracked_model(
        "Party",
        ("name", models.CharField(help_text="The name readers know the party by.", max_length=200)),
        slug_column(),
        ("kind", models.CharField(choices=PARTY_KINDS, max_length=20)),
        (
            "description",
            models.TextField(
                blank=True,
                help_text="Role or position as the sources describe it, e.g. “former head of a "
                "KNB department”.",
            ),
        ),
        search_text_column(),
        (
            "qualifier",
            models.CharField(
                blank=True,
                help_text="Tells apart parties of the same name, shown after it: the place or "
                "case, e.g. “Almaty” for “The prosecution (Almaty)”.",
                max_length=100,
            ),
        ),
        version_column(),
        added_since_history_began=("qualifier",),
        verbose_name_plural="parties",
        ordering=["name", "qualifier"],
        constraints=[
            models.UniqueConstraint(
                fields=("name", "qualifier"),
                name="unique_party_name_and_qualifier",
                violation_error_message="A party of this name and qualifier exists already; if "
                "this is another one, add a qualifier (the place or case) to tell them apart.",
            )
        ],
    ),
    *tracked_model(
        "PartyAlias",
        ("name", models.CharField(max_length=200)),
        ("kind", models.CharField(choices=ALIAS_KINDS, max_length=20)),
        (
            "party",
            models.ForeignKey(on_delete=models.CASCADE, related_name="aliases", to="tracker.party"),
        ),
        search_text_column(),
        version_column(),
        verbose_name_plural="party aliases",
        ordering=["party", "name"],
        constraints=[
            models.UniqueConstraint(fields=("party", "name"), name="unique_alias_per_party")
        ],
    ),
]
