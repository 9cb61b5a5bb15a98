"""How long one admin edit of a source takes as the source grows (issue: nothing lost).

For each size, a source of that many characters with 20 quoting statements is edited through
the admin's change form, as a reviewer would: a correction inserted near the top (so every
quote moves) and a word fixed in the middle. Prints the time of the POST and checks that every
quote still stands at its offsets. Run: ``.venv/bin/python bench/source_edit.py``.
It uses a database file of its own in a temporary folder, never the tracker's.
"""

import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

    from tracker.models import Source

ROOT = Path(__file__).resolve().parent.parent
SIZES = [20_000, 80_000, 320_000, 1_000_000]
QUOTES = 20


def paragraphs(size: int, rng: random.Random) -> str:
    """Text like the seed article's, numbered so that each sentence occurs once."""
    words = (ROOT / "seeds" / "000_f3569f0bb6286f90.txt").read_text(encoding="utf-8").split()
    lines, total, number = [], 0, 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            number += 1
            sentences.append(f"({number}) " + " ".join(rng.choices(words, k=rng.randint(8, 30))))
        line = ". ".join(sentences) + ".\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)[:size]


def main() -> None:
    folder = tempfile.mkdtemp(prefix="tracker-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["DEBUG"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from tracker.models import Case, Claim, Party, Source, Statement

    call_command("migrate", verbosity=0)
    admin = User.objects.create(username="bench", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    case = Case.objects.create(title="Bench", slug="bench")
    claim = Claim.objects.create(case=case, text="Bench claim", slug="bench-claim")
    party = Party.objects.create(name="Bench party", slug="bench-party", kind="person")
    rng = random.Random(2022)

    print("characters  one edit (s)  every line (s)  quotes kept")
    for size in SIZES:
        text = paragraphs(size, rng)
        source = Source.objects.create(slug=f"bench-{size}", text=text)
        numbered = re.findall(r"\((\d+)\) ", text[: size - 100])
        on_one_line = [n for n in numbered[1:] if "\n" not in text[text.index(f"({n}) ") :][:40]]
        marks = sorted(rng.sample(on_one_line, QUOTES), key=int)
        for mark in marks:
            start = text.index(f"({mark}) ")
            Statement.objects.create(
                claim=claim,
                party=party,
                source=source,
                stance="supports",
                kind="testimony",
                quote=text[start : start + 40],
                quote_start=start,
                quote_end=start + 40,
            )
        middle = text.index(" ", size // 2)
        local_edit = "A correction by the editor.\n" + text[:middle] + " (sic)" + text[middle:]
        every_line_edit = local_edit.replace("\n", " ¶\n")
        timings = [edit(client, source, changed) for changed in (local_edit, every_line_edit)]
        kept = all(
            s.source.text[s.quote_start : s.quote_end] == s.quote
            for s in Statement.objects.filter(source=source).select_related("source")
        )
        local, every_line = timings
        print(
            f"{size:>10,}  {local:>10.3f}  {every_line:>15.3f}  {local / size * 1e5:>10.3f}  {kept}"
        )


def edit(client: "Client", source: "Source", text: str) -> float:
    """Seconds one admin save of ``text`` into ``source`` takes; it must be accepted."""
    from django.urls import reverse

    source.refresh_from_db()
    form = {
        "title": "",
        "slug": source.slug,
        "kind": source.kind,
        "language": source.language,
        "text": text,
        "version": source.version,
    }
    url = reverse("admin:tracker_source_change", args=[source.pk])
    began = time.perf_counter()
    response = client.post(url, form)
    took = time.perf_counter() - began
    assert response.status_code == 302, response.content[:2000]
    return took


if __name__ == "__main__":
    main()
