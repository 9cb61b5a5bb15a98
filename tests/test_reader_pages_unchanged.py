"""Every reader page of the seed case reads as it did before the pages were made cheaper to
render (issue 12): the HTML each page answered then is kept in tests/reader_pages/, with its
whitespace runs folded to one space (as a browser folds them), its database ids replaced by
their order of first appearance, and the seed's times fixed; a page must match it exactly."""

import datetime
import difflib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db.models import DateTimeField
from django.test import Client

from tracker.models import Annotation, Case, Claim, Party, Point, Source, Statement

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "reader_pages"
FIXED_TIME = datetime.datetime(2024, 3, 5, 14, 30, tzinfo=datetime.UTC)
# Where a page shows a database id: element ids and fragments, and permanent addresses.
ID_IN_PAGE = re.compile(r"\b(statement|version|claim)-(\d+)\b|/(claim|point)s/id/(\d+)/")


def settled_seed_case() -> None:
    """The seed case with every stored time fixed, a researcher's public note on a claim and on
    a statement, and a statement relayed by another party, so each part of a page shows."""
    author = User.objects.create_user("note-writer")
    claim = Claim.objects.published().order_by("pk").first()
    statement = Statement.objects.published().order_by("pk").first()
    assert claim is not None and statement is not None
    Annotation.objects.create(
        claim=claim, author=author, text="Checked against\nthe record.", visibility="public"
    )
    Annotation.objects.create(
        statement=statement, author=author, text="The date is the report's.", visibility="public"
    )
    Annotation.objects.create(claim=claim, author=author, text="Internal only.")
    relayer = Party.objects.exclude(pk=statement.party_id).order_by("pk").first()
    Statement.objects.filter(pk=statement.pk).update(
        relayed_by=relayer, attribution="", paraphrase="Said at the trial."
    )
    for model in (Annotation, Case, Claim, Point, Source, Statement):
        times = [f.name for f in model._meta.concrete_fields if isinstance(f, DateTimeField)]
        model._base_manager.update(**dict.fromkeys(times, FIXED_TIME))


def reader_pages() -> dict[str, str]:
    """Each reader page of the seed case, by a file name that says which."""
    pages = {
        "home": "/",
        "claim-list": "/claims/",
        "claim-list-search": "/claims/?q=wild+arman&stance=supports",
        "claim-list-tag": "/claims/?tag=people-s-council",
        "point-list": "/points/",
    }
    for model in (Claim, Point, Case, Source, Party):
        for row in model.objects.published().order_by("slug"):
            pages[f"{model.__name__.lower()}-{row.slug}"] = row.get_absolute_url()
    return pages


def normalised(html: str) -> str:
    numbers: dict[tuple[str, str], str] = {}

    def stable(match: re.Match[str]) -> str:
        """The id as S1, C2, P3… (statement, claim, point) in order of first appearance."""
        kind, number = (match[1], match[2]) if match[1] else (match[3], match[4])
        kind = "statement" if kind == "statement" else "point" if kind == "point" else "claim"
        label = numbers.setdefault((kind, number), f"{kind[0].upper()}{len(numbers) + 1}")
        return match[0].replace(number, label, 1) if match[1] else f"/{match[3]}s/id/{label}/"

    folded = re.sub(r"\s+", " ", html).strip()
    return ID_IN_PAGE.sub(stable, folded).replace("><", ">\n<")


def test_reader_pages_read_as_before(seed_case):
    settled_seed_case()
    client = Client()
    changed = {}
    pages = reader_pages()
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        before = (SNAPSHOTS / f"{name}.html").read_text().splitlines()
        now = normalised(response.content.decode()).splitlines()
        if now != before:
            changed[url] = "\n".join(difflib.unified_diff(before, now, lineterm="", n=1))
    assert changed == {}, "\n\n".join(f"{url}\n{diff}" for url, diff in changed.items())
    assert sorted(path.stem for path in SNAPSHOTS.glob("*.html")) == sorted(pages)
