from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Self
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Substr
from django.db.transaction import TransactionManagementError
from simple_history.models import HistoricalRecords

from tracker.quoting import Anchor
from tracker.reanchoring import reanchor, unchanged_blocks
from tracker.slugs import slug_url

from .held_locking import lock_claims
from .revisions import Revision
from .versioning import Versioned
from .visibility import PublicationQuerySet

if TYPE_CHECKING:
    from .quotations import Quotation

SPAN_FIELDS = ("pk", "quote_start", "quote_end")
Span = tuple[str, int, int, int]
LINKABLE_SCHEMES = {"http", "https"}
TITLE_OPENING_CHARS = 80


class Reanchoring(NamedTuple):
    """What a change of a source's text moves: its quotations, and the quotes of pending held
    edits (by side, ``Revision.quoted_spans``), each to its new anchor."""

    quotations: list[tuple[Quotation, Anchor]]
    held_edits: list[tuple[Revision, dict[str, Anchor]]]


class HttpsURLField(models.URLField):
    """A URL field whose form reads a scheme-less address as https, as Django 6 will."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or forms.URLField,
            choices_form_class=choices_form_class,
            **{"assume_scheme": "https", **kwargs},
        )


class SourceQuerySet(PublicationQuerySet):
    def published(self) -> Self:
        """Sources a published claim's statement quotes, and those an outcome of a public case
        quotes, since its page links to them: a source nothing public cites is not public."""
        from .cases import Outcome
        from .statements import Statement

        outcomes = Outcome.objects.published()
        return self.filter(
            Exists(Statement.objects.published().filter(source=OuterRef("pk")))
            | Exists(outcomes.filter(source=OuterRef("pk")))
        )

    def without_text(self) -> SourceQuerySet:
        """Sources for a list that links them, leaving their full text in the database: only
        its opening comes along, which an untitled source's ``display_title`` needs."""
        return self.defer("text").annotate(text_opening=Substr("text", 1, TITLE_OPENING_CHARS))

    def lock(self, *, for_change: bool = False) -> None:
        """Lock these sources' rows until the transaction ends: to check quotes against their
        text (``Quotation.anchor_quote``), or, ``for_change``, to change it, which plans where
        its quotes move (``Source.plan_reanchoring``).

        Each takes the lock before reading the text, and before any other row: a change then
        waits for a check's transaction and finds the quote it saved, or a check waits for a
        change and reads the new text. Checks share the lock (FOR SHARE), so saves quoting
        the same sources never wait for each other, in whatever order they check them; a
        change takes it alone (FOR UPDATE). SQLite has no row locks, but gives a transaction
        the whole database from its start (BEGIN IMMEDIATE, in the settings). Either way the
        lock is the transaction's, so there must be one.
        """
        try:
            locking = self.locking_read(self.values("pk"), for_change)
        except EmptyResultSet:  # none to lock
            return
        if locking is not None:
            with connections[self.db].cursor() as cursor:
                cursor.execute(*locking)

    def read_locked(self, *, for_change: bool = False) -> list[Source]:
        """These sources, read by the query that locks them (``lock``): what a check or a
        change reads is the row it holds, without a second read."""
        try:
            locking = self.locking_read(self, for_change)
        except EmptyResultSet:  # none to read
            return []
        return list(self if locking is None else self.raw(*locking))

    def locking_read(
        self, rows: models.QuerySet[Any], for_change: bool
    ) -> tuple[str, tuple[Any, ...]] | None:
        """The SQL reading ``rows`` (of these sources) and locking them (``lock``), or None
        where the transaction holds the whole database (SQLite)."""
        connection = connections[self.db]
        if not connection.in_atomic_block:
            raise TransactionManagementError(
                "A source's text is read for a check, or for a change of it, in the "
                "transaction that writes what follows from it: open one first."
            )
        if connection.vendor != "postgresql":
            return None
        # Django writes FOR UPDATE (select_for_update) but not FOR SHARE.
        sql, params = rows.order_by("pk").query.get_compiler(self.db).as_sql()
        return f"{sql} FOR {'UPDATE' if for_change else 'SHARE'}", tuple(params)


class Source(Versioned, models.Model):
    """A document statements are quoted from, kept verbatim so every quote can be checked."""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", "News report"
        COURT_RECORD = "court_record", "Court record"
        INTERVIEW = "interview"
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        OTHER = "other", "Other document"

    title = models.CharField(
        max_length=300, blank=True, help_text="The document's own title; empty if it has none."
    )
    slug = models.SlugField(max_length=200, unique=True)
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Who published it; empty where unknown."
    )
    cited_outlet = models.CharField(
        max_length=200,
        blank=True,
        help_text="The outlet this document cites as its own source, e.g. Tengrinews.kz.",
    )
    url = HttpsURLField(max_length=500, blank=True, help_text="Empty where unknown.")
    published_on = models.DateField(
        null=True, blank=True, help_text="Only where the source gives a full date."
    )
    published_when = models.CharField(
        max_length=100,
        blank=True,
        help_text="The date as the source gives it when it is partial, e.g. “April 2014”.",
    )
    language = models.CharField(
        max_length=20, default="en", help_text="BCP 47 code, e.g. en, ru, kk."
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.NEWS_REPORT)
    text = models.TextField(
        help_text="The full text, verbatim. Quotes are checked against it character by character."
    )
    sha256 = models.CharField(max_length=64, editable=False, verbose_name="SHA-256")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])
    # ((stored text, new text), quoted spans, moves) as clean() planned them, for save() to reuse.
    _reanchoring_plan: tuple[tuple[str, str], list[Span], Reanchoring] | None = None

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sha256 = self.digest(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sha256"}
        with transaction.atomic():
            plan = self.plan_reanchoring()
            super().save(*args, **kwargs)
            # Held edits before the rows they change, in key order (``in_lock_order``).
            for held, anchors in sorted(plan.held_edits, key=lambda move: move[0].pk):
                held.move_quote(anchors)
            # Then the claims the moved statements touch, all of them, before any statement.
            lock_claims(getattr(quotation, "claim_id", None) for quotation, _ in plan.quotations)
            for quotation, anchor in plan.quotations:
                quotation.quote_start, quotation.quote_end = anchor.start, anchor.end
                quotation.save()
        self._reanchoring_plan = None

    def get_absolute_url(self) -> str:
        return slug_url("tracker:source-detail", self.slug)

    def clean(self) -> None:
        super().clean()
        if "\x00" in self.text:
            # PostgreSQL cannot store it; a file with one is refused on every database alike.
            raise ValidationError(
                {
                    "text": "The text has a NUL character (byte 0x00) at offset "
                    f"{self.text.index(chr(0))}, which no text is stored with; remove it first."
                }
            )
        self.plan_reanchoring()

    @property
    def link_url(self) -> str:
        """The address as a link target, only for web addresses: a ``javascript:`` or
        ``data:`` URL stored by a shell, a fixture or an import is never made a live link."""
        return self.url if urlsplit(self.url).scheme.lower() in LINKABLE_SCHEMES else ""

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        # A source listed without its text (``without_text``) brings its opening instead.
        opening = getattr(self, "text_opening", None)
        if opening is None:
            opening = self.text[:TITLE_OPENING_CHARS]
        opening = opening.split("\n")[0]
        return f"“{opening}…” (untitled)"

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def quotations(self) -> list[Quotation]:
        """Every statement and outcome that quotes this source."""
        return [
            *self.statements.select_related("party", "claim").order_by("pk"),
            *self.outcomes.select_related("party").order_by("pk"),
        ]

    def quoted_spans(self, held_edits: list[Revision]) -> list[Span]:
        """Which quotations and pending held edits (``Revision.objects.quoting``) use this
        source, and where: what a re-anchoring plan rests on."""
        return sorted(
            [
                *(("statement", *row) for row in self.statements.values_list(*SPAN_FIELDS)),
                *(("outcome", *row) for row in self.outcomes.values_list(*SPAN_FIELDS)),
                *(
                    (f"held edit, {side}", held.pk, start, end)
                    for held in held_edits
                    for side, start, end in held.quoted_spans(self.pk)
                ),
            ]
        )

    def plan_reanchoring(self) -> Reanchoring:
        """The quotations, and the quotes of pending held edits, whose offsets a change of
        text moves, with their new anchors.

        Refuses (ValidationError on ``text``) a change that would leave any of them without
        its exact words, listing each one. The text is diffed once per change: a plan made by
        ``clean()`` is reused by ``save()`` while the text and the quotes it rests on are the
        same.
        """
        if self._state.adding or self.pk is None:
            return Reanchoring([], [])
        # Locked first: every quote saved before this plan is read, and none after it.
        stored = Source.objects.filter(pk=self.pk).only("text").read_locked(for_change=True)
        stored_text = stored[0].text if stored else None
        if stored_text is None or stored_text == self.text:
            return Reanchoring([], [])
        held_edits = list(Revision.objects.quoting(self))
        spans = self.quoted_spans(held_edits)
        if not spans:
            return Reanchoring([], [])
        plan = getattr(self, "_reanchoring_plan", None)
        if plan is not None and plan[0] == (stored_text, self.text) and plan[1] == spans:
            return plan[2]
        blocks = unchanged_blocks(stored_text, self.text)

        def moved(start: int, end: int) -> Anchor | None:
            return reanchor(stored_text, self.text, start, end, blocks=blocks)

        moves, broken = quotation_moves(self.quotations(), moved)
        held_moves, held_broken = held_edit_moves(held_edits, self.pk, moved, stored_text)
        broken += held_broken
        if broken:
            raise ValidationError({"text": breaking_message(broken)})
        plan = Reanchoring(moves, held_moves)
        self._reanchoring_plan = ((stored_text, self.text), spans, plan)
        return plan


Moved = Callable[[int, int], Anchor | None]


def quotation_moves(
    quotations: list[Quotation], moved: Moved
) -> tuple[list[tuple[Quotation, Anchor]], list[str]]:
    """Where ``moved`` takes each quotation that moves, and those it loses, described."""
    moves, broken = [], []
    for quotation in quotations:
        anchor = moved(quotation.quote_start, quotation.quote_end)
        if anchor is None:
            broken.append(
                f"{quotation._meta.verbose_name} {quotation.pk} ({quotation.party}): "
                f"«{quotation.quote}»"
            )
        elif anchor != (quotation.quote_start, quotation.quote_end):
            moves.append((quotation, anchor))
    return moves, broken


def held_edit_moves(
    held_edits: list[Revision], source_id: int, moved: Moved, old_text: str
) -> tuple[list[tuple[Revision, dict[str, Anchor]]], list[str]]:
    """Where ``moved`` takes the quote of each held edit that moves, by side, and those it
    loses, described by the words of ``old_text`` they quote."""
    moves, broken = [], []
    for held in held_edits:
        spans = held.quoted_spans(source_id)
        anchors = {side: moved(start, end) for side, start, end in spans}
        found = {side: anchor for side, anchor in anchors.items() if anchor is not None}
        if len(found) < len(anchors):
            start, end = next((start, end) for side, start, end in spans if side not in found)
            broken.append(f"held edit {held.pk} by {held.author} ({held}): «{old_text[start:end]}»")
        elif any(found[side] != (start, end) for side, start, end in spans):
            moves.append((held, found))
    return moves, broken


def breaking_message(broken: list[str]) -> str:
    """Why a change of text is refused: the quotes it breaks, each named for who fixes it."""
    holds = any(quote.startswith("held edit") for quote in broken)
    return (
        f"This change would break {len(broken)} quote(s) that are no longer found in the text, "
        f"or no longer found in one place: {'; '.join(broken)}. Change or remove those "
        "statements first"
        + (" (a held edit is changed by its author, or rejected by a reviewer)." if holds else ".")
    )
