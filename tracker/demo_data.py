"""A large, realistic demo database, for trying and measuring the tracker at scale.

Rows are inserted with ``bulk_create``, so ``save()`` and signals do not run: ``search_text``
and ``sha256`` are computed here as the models compute them, and no history rows are written
(nobody edited demo data). Everything is added beside what exists, under slugs of its own;
no existing row is changed. The same seed gives the same data in an empty database.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from django.db import connection, models, transaction
from django.utils.text import slugify

from tracker import demo_vocabulary as words
from tracker.models.annotations import Annotation
from tracker.models.cases import Case, Outcome
from tracker.models.claims import Claim
from tracker.models.page_generation import PageGeneration
from tracker.models.parties import Party, PartyAlias
from tracker.models.points import Point
from tracker.models.sources import Source
from tracker.models.statements import Statement
from tracker.models.tags import Tag
from tracker.search import normalise_for_search

BATCH = 2000
CLAIMS_PER_CASE = 2000
STATEMENTS_PER_SOURCE = 20
BIG_CLAIM_STATEMENTS = 100
M = TypeVar("M", bound=models.Model)
TRACKER_ROWS = (Case, Claim, Statement, Source, Party, PartyAlias, Point, Tag, Outcome, Annotation)
EPOCH = datetime(2022, 1, 5, tzinfo=UTC)


class DatabaseHoldsData(Exception):
    """The database has tracker rows, and the caller did not say to add beside them."""


def holds_data() -> bool:
    return any(model.objects.exists() for model in TRACKER_ROWS)


@dataclass
class Quotable:
    """A sentence of a generated source: where its words are, and who says them."""

    start: int
    end: int
    attribution: str
    speaker: Party


@dataclass
class Generator:
    rng: random.Random
    run: str
    counts: dict[str, int] = field(default_factory=dict)

    def insert(self, model: type[M], rows: list[M]) -> list[M]:
        created = model._default_manager.bulk_create(rows, batch_size=BATCH)
        label = str(model._meta.verbose_name_plural)
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    def parties(self, count: int) -> tuple[list[Party], list[Party]]:
        """(people and bodies who make statements, news outlets that relay them)."""
        taken = set(Party.objects.values_list("name", "qualifier"))
        outlets = [Party(name=name, kind=Party.Kind.MEDIA) for name in words.OUTLETS]
        bodies = [Party(name=name, kind=kind) for name, kind in words.ORGANISATIONS]
        natives = [f"{f} {s}" for f in words.FIRST_NAMES for s in words.SURNAMES]
        self.rng.shuffle(natives)
        people: list[tuple[Party, str]] = []
        for index in range(max(0, count - len(bodies))):
            native = natives[index % len(natives)]
            person = Party(name=words.transliterate(native), kind=Party.Kind.PERSON)
            if index >= len(natives):
                person.qualifier = f"{self.rng.choice(words.CITIES)} {index // len(natives)}"
            people.append((person, native))
        everyone = [*outlets, *bodies, *(person for person, _ in people)]
        for index, party in enumerate(everyone):
            while (party.name, party.qualifier) in taken:
                party.qualifier = f"{party.qualifier} demo".strip()
            taken.add((party.name, party.qualifier))
            party.slug = f"{self.run}-{slugify(party.name)[:150]}-{index}"
            party.search_text = normalise_for_search(party.name)
        self.insert(Party, everyone)
        self.insert(PartyAlias, [a for person in people for a in self.aliases(*person)])
        return [*bodies, *(person for person, _ in people)], outlets

    def aliases(self, person: Party, native: str) -> Iterator[PartyAlias]:
        names = {person.name}
        candidates = [(native, PartyAlias.Kind.NATIVE)]
        rival = words.rival_spelling(person.name)
        if rival:
            candidates.append((rival, PartyAlias.Kind.TRANSLITERATION))
        if self.rng.random() < 0.15:
            first = person.name.split()[0]
            nickname = f"{self.rng.choice(words.NICKNAMES)} {first}"
            candidates.append((nickname, PartyAlias.Kind.NICKNAME))
        for name, kind in candidates:
            if name not in names:
                names.add(name)
                yield PartyAlias(
                    party=person, name=name, kind=kind, search_text=normalise_for_search(name)
                )

    def cases(self, count: int) -> list[Case]:
        cases = []
        for index in range(count):
            city = words.CITIES[index % len(words.CITIES)]
            title = f"{city} trial over the January events ({index + 1})"
            cases.append(
                Case(
                    title=title,
                    slug=f"{self.run}-{slugify(title)}",
                    place=city,
                    period="January 2022",
                    summary=f"Demo case: the trial in {city} of those accused over the unrest.",
                )
            )
        return self.insert(Case, cases)

    def tags(self) -> list[Tag]:
        existing = {tag.name: tag for tag in Tag.objects.filter(name__in=words.TAGS)}
        new = [
            Tag(name=name, slug=f"{self.run}-{slugify(name)}")
            for name in words.TAGS
            if name not in existing
        ]
        return [*existing.values(), *self.insert(Tag, new)]

    def claims(
        self, count: int, cases: list[Case], speakers: list[Party], tags: list[Tag]
    ) -> dict[int, list[Claim]]:
        """``count`` claims spread over ``cases``, some as versions of disputed points;
        returns each case's claims."""
        statuses = [Claim.Status.PUBLISHED] * 17 + [Claim.Status.DRAFT] * 2
        statuses.append(Claim.Status.IN_REVIEW)
        claims: list[Claim] = []
        points: list[Point] = []
        taking_versions: dict[int, Point] = {}  # by case
        versions_left: dict[int, int] = {}
        for index in range(count):
            case = cases[index % len(cases)]
            status = self.rng.choice(statuses)
            claimant = self.rng.choice(speakers)
            city = self.rng.choice(words.CITIES)
            text = f"{claimant.name} {self.rng.choice(words.ACTIONS)} in {city}"
            claim = Claim(
                case=case,
                text=text,
                slug=f"{self.run}-claim-{index}",
                claimant=claimant,
                status=status,
                position=(index // len(cases)) % 32_000,
                published_at=self.moment() if status == Claim.Status.PUBLISHED else None,
                search_text=normalise_for_search(text),
            )
            if index % 10 < 4:  # four in ten answer a disputed point, two to four per point
                if not versions_left.get(case.pk):
                    taking_versions[case.pk] = self.point(case, city, index)
                    points.append(taking_versions[case.pk])
                    versions_left[case.pk] = self.rng.randint(2, 4)
                claim.point = taking_versions[case.pk]
                claim.point_position = versions_left[case.pk]
                versions_left[case.pk] -= 1
            claims.append(claim)
        self.insert(Point, points)
        self.insert(Claim, claims)
        through = Claim.tags.through
        self.insert(
            through,
            [
                through(claim_id=claim.pk, tag_id=tag.pk)
                for claim in claims
                for tag in self.rng.sample(tags, self.rng.choice((0, 1, 1, 2, 3)))
            ],
        )
        by_case: dict[int, list[Claim]] = {case.pk: [] for case in cases}
        for claim in claims:
            by_case[claim.case_id].append(claim)
        return by_case

    def point(self, case: Case, city: str, index: int) -> Point:
        question = f"Who gave the orders in {city}, and what did {case.place} police do?"
        return Point(
            case=case,
            question=question,
            slug=f"{self.run}-point-{index}",
            position=index % 32_000,
            search_text=normalise_for_search(question),
        )

    def moment(self) -> datetime:
        return EPOCH + timedelta(minutes=self.rng.randrange(4 * 365 * 24 * 60))

    def source(
        self, case: Case, index: int, speakers: list[Party], weights: list[float]
    ) -> tuple[Source, list[Quotable]]:
        """A source of 3–20 KB, and where each of its reported sentences is."""
        length = self.rng.randint(3000, 20000)
        parts: list[str] = []
        quotables: list[Quotable] = []
        offset = 0
        while offset < length:
            if self.rng.random() < 0.3:
                sentence = self.rng.choice(words.FILLER)
            else:
                speaker = self.rng.choices(speakers, cum_weights=weights)[0]
                reporting = self.rng.choice(words.REPORTING).format(name=speaker.name)
                subject = self.rng.choice(speakers).name
                body = f"{subject} {self.rng.choice(words.ACTIONS)} in {case.place}"
                start = offset + len(reporting) + 1
                attribution = reporting.removesuffix(",").removesuffix(" that")
                quotables.append(Quotable(start, start + len(body), attribution, speaker))
                sentence = f"{reporting} {body}."
            separator = "\n\n" if len(parts) % 12 == 11 else " "
            parts.append(sentence + separator)
            offset += len(sentence) + len(separator)
        text = "".join(parts).rstrip() + "\n"
        outlet = self.rng.choice(words.OUTLETS)
        source = Source(
            title=f"{outlet}: day {index % 90 + 1} of the {case.place} trial",
            slug=f"{self.run}-source-{index}",
            outlet=outlet,
            url=f"https://example.org/{self.run}/{index}",
            published_on=date(2022, 1, 5) + timedelta(days=self.rng.randrange(1400)),
            kind=self.rng.choice(Source.Kind.values),
            text=text,
            sha256=Source.digest(text),
        )
        return source, quotables

    def statements(
        self,
        count: int,
        cases: list[Case],
        by_case: dict[int, list[Claim]],
        speakers: list[Party],
        outlets: list[Party],
    ) -> None:
        """``count`` statements, about twenty a source, each quoting a sentence of its source
        at its code-point offsets; the first hundred on one claim, as the busiest have."""
        weights, total = [], 0.0
        for rank in range(len(speakers)):
            total += 1 / (rank + 1) ** 0.8  # a few parties say much, most say little
            weights.append(total)
        source_count = max(len(cases), count // STATEMENTS_PER_SOURCE)
        big_claim = next(
            (c for claims in by_case.values() for c in claims if c.is_published),
            next(iter(by_case.values()))[0],
        )
        pending: list[Statement] = []
        made = 0
        for index in range(source_count):
            case = cases[index % len(cases)]
            source, quotables = self.source(case, index, speakers, weights)
            self.insert(Source, [source])
            share = count // source_count + (1 if index < count % source_count else 0)
            claims = by_case[case.pk] or [big_claim]
            for _ in range(share):
                spot = self.rng.choice(quotables)
                claim = big_claim if made < BIG_CLAIM_STATEMENTS else self.rng.choice(claims)
                pending.append(self.statement(source, spot, claim, outlets))
                made += 1
            if index < len(cases):
                self.outcome(case, source, quotables[0])
            if len(pending) >= BATCH:
                self.insert(Statement, pending)
                pending = []
        self.insert(Statement, pending)

    def statement(
        self, source: Source, spot: Quotable, claim: Claim, outlets: list[Party]
    ) -> Statement:
        quote = source.text[spot.start : spot.end]
        relayed = self.rng.random() < 0.05
        return Statement(
            claim=claim,
            party=spot.speaker,
            source=source,
            stance=self.rng.choice(Statement.Stance.values),
            kind=self.rng.choice(Statement.Kind.values),
            quote=quote,
            quote_start=spot.start,
            quote_end=spot.end,
            attribution=spot.attribution,
            relayed_by=self.rng.choice(outlets) if relayed else None,
            search_text=normalise_for_search(f"{quote} {spot.attribution}"),
        )

    def outcome(self, case: Case, source: Source, spot: Quotable) -> None:
        years = self.rng.randint(3, 20)
        outcome = Outcome(
            case=case,
            party=spot.speaker,
            source=source,
            summary=f"Sentenced to {years} years in prison",
            quote=source.text[spot.start : spot.end],
            quote_start=spot.start,
            quote_end=spot.end,
        )
        self.insert(Outcome, [outcome])


def free_run_label(seed: int) -> str:
    """A slug prefix no row uses yet, so a second run adds beside the first."""
    label, attempt = f"demo{seed}", 1
    while any(
        model.objects.filter(slug__startswith=f"{label}-").exists()
        for model in (Case, Claim, Party, Point, Source, Tag)
    ):
        attempt += 1
        label = f"demo{seed}r{attempt}"
    return label


def generate_demo_data(
    claims: int, statements: int, seed: int = 1, force: bool = False
) -> dict[str, int]:
    """Add a demo database of ``claims`` claims and ``statements`` statements; return how many
    rows of each kind were added. Refuses a database holding tracker rows unless ``force``."""
    if not force and holds_data():
        raise DatabaseHoldsData(
            "This database holds tracker data. Demo data is meant for an empty one; "
            "pass --force to add it beside what is there (nothing existing is changed)."
        )
    generator = Generator(random.Random(seed), free_run_label(seed))
    with transaction.atomic():
        speakers, outlets = generator.parties(max(20, claims // 5))
        cases = generator.cases(max(1, -(-claims // CLAIMS_PER_CASE)))
        by_case = generator.claims(claims, cases, speakers, generator.tags())
        generator.statements(statements, cases, by_case, speakers, outlets)
    # bulk_create sends no signals: readers' cached pages are dropped here instead.
    PageGeneration.bump()
    refresh_planner_statistics()
    return generator.counts


def refresh_planner_statistics() -> None:
    """PostgreSQL plans from sampled statistics that autovacuum refreshes only later: right
    after a bulk load it takes a table of thousands of rows for a handful and picks nested
    loops that make one page take seconds. ANALYZE now, as any bulk load should.

    VACUUM too, where no transaction is open (it cannot run in one): until it marks the new
    rows visible to all, no index-only scan is planned, and a case page's list of sources read
    every statement (37 ms of its queries' 66 at 100,000 statements, 23 after)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
