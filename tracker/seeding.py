"""Loading the seed case beside whatever a database already holds, never over it.

The fixture's primary keys only say which of its objects refer to which: every object is
created afresh through its model's ``save()`` (so history rows, search text and digests are
written as for any creation), with the references remapped to the new keys. Parties and tags
that the database already has (same slug or name) are used as they are, never changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import serializers
from django.db import models, transaction

from tracker.interchange.importing import CreationReport, wait_for_other_imports
from tracker.models import Party, PartyAlias, Source, Tag

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "almaty_trial.json"
SEED_CHANGE_REASON = "Loaded with the seed case"


@dataclass
class SeedReport(CreationReport):
    already_loaded: Source | None = None

    def lines(self) -> list[str]:
        if self.already_loaded is not None:
            return [
                "The seed case is already in this database (its source, SHA-256 "
                f"{self.already_loaded.sha256[:12]}…, is source #{self.already_loaded.pk}, "
                "or was once); nothing was changed."
            ]
        return self.creation_lines("Loaded the seed case, the Almaty trial", ", ")


def fixture_source_digests(raw: str) -> set[str]:
    return {
        Source.digest(entry["fields"]["text"])
        for entry in json.loads(raw)
        if entry["model"] == "tracker.source"
    }


def seed_source_in(digests: set[str]) -> Source | None:
    """The source the seed was loaded with, identified by its text's SHA-256, current or past.

    Its history counts too, so that a seed source whose text was corrected since, or that
    was deleted on purpose, is not loaded a second time.
    """
    current = Source.objects.filter(sha256__in=digests).order_by("pk").first()
    if current is not None:
        return current
    past = Source.history.filter(sha256__in=digests).order_by("history_id").first()
    if past is None:
        return None
    return Source(pk=past.id, sha256=past.sha256)


def load_seed_case(fixture: Path = SEED_FIXTURE) -> SeedReport:
    raw = fixture.read_text(encoding="utf-8")
    report = SeedReport()
    with transaction.atomic():
        # Two loads at once (two servers starting) would both find no seed and both load it.
        wait_for_other_imports()
        report.already_loaded = seed_source_in(fixture_source_digests(raw))
        if report.already_loaded is not None:
            return report
        new_keys: dict[tuple[str, Any], Any] = {}
        for deserialized in serializers.deserialize("json", raw):
            obj = deserialized.object
            old_key = (obj._meta.label_lower, obj.pk)
            remap_references(obj, new_keys)
            existing = known_counterpart(obj)
            if existing is not None:
                new_keys[old_key] = existing.pk
                report.reused.append(f"{obj._meta.verbose_name} “{existing}”")
                continue
            create_afresh(obj, report)
            new_keys[old_key] = obj.pk
            for name, old_pks in (deserialized.m2m_data or {}).items():
                related = obj._meta.get_field(name).related_model
                label = related._meta.label_lower  # type: ignore[union-attr]
                getattr(obj, name).set([new_keys[(label, pk)] for pk in old_pks])
    return report


def remap_references(obj: models.Model, new_keys: dict[tuple[str, Any], Any]) -> None:
    for model_field in obj._meta.concrete_fields:
        if not model_field.is_relation:
            continue
        old_pk = getattr(obj, model_field.attname)
        if old_pk is None:
            continue
        label = model_field.related_model._meta.label_lower  # type: ignore[union-attr]
        setattr(obj, model_field.attname, new_keys[(label, old_pk)])


def known_counterpart(obj: models.Model) -> models.Model | None:
    """The row this database already has for a seed party, alias or tag, used as it is.

    A party is the same one only under the same slug: two parties may share a name
    ("The prosecution") in different cases. Tag names are unique, so a tag matches by either.
    """
    if isinstance(obj, Party):
        return Party.objects.filter(slug=obj.slug).first()
    if isinstance(obj, Tag):
        return (
            Tag.objects.filter(slug=obj.slug).first() or Tag.objects.filter(name=obj.name).first()
        )
    if isinstance(obj, PartyAlias):
        return PartyAlias.objects.filter(party_id=obj.party_id, name=obj.name).first()
    return None


def create_afresh(obj: models.Model, report: SeedReport) -> None:
    obj.pk = None
    obj._state.adding = True
    give_free_slug(obj, report)
    obj.full_clean()
    obj._change_reason = SEED_CHANGE_REASON  # type: ignore[attr-defined]
    obj.save()
    report.created[str(obj._meta.verbose_name_plural)] += 1


def give_free_slug(obj: models.Model, report: SeedReport) -> None:
    """A seed slug that someone's row already uses gets a numbered one beside it."""
    slug = getattr(obj, "slug", None)
    if slug:
        obj.slug = report.free_slug(type(obj), slug)  # type: ignore[attr-defined]
