from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Substr
from django.db.models.query import ModelIterable

from tracker.highlighting import quote_anchor_id
from tracker.quoting import QuoteError, locate_quote, locate_quote_as_pasted
from tracker.streaming import in_chunks

from .sources import TITLE_OPENING_CHARS, Source

if TYPE_CHECKING:
    from .parties import Party

# The fields that tie a quotation to its source's words, in the order lists show them.
QUOTE_FIELDS = ["quote", "quote_start", "quote_end"]
# What a page that links a quotation's source shows of it, for ``only()``: all but its text.
LINKED_SOURCE_FIELDS = [
    f"source__{field.name}" for field in Source._meta.concrete_fields if field.name != "text"
]
# Rows read at a time when checking every quote: a few thousand quotations, a few dozen texts.
QUOTATIONS_AT_A_TIME = 2000
SOURCES_AT_A_TIME = 50
TEXT_CHANGED = (
    "The source's text has changed since this quote was located in it, so its offsets may now "
    "point at other words, even the same words said elsewhere. Nothing was saved; locate the "
    "quote again in the text as it is now (reload a page that shows the text) and save again."
)


class LinkedSources(ModelIterable):
    """Quotations read with their sources joined in but not the sources' texts
    (``with_linked_sources``): each source is given the opening of its text, which an
    untitled source's ``display_title`` shows instead."""

    def __iter__(self) -> Iterator[Any]:
        for row in super().__iter__():
            # Not where a later step dropped the join (a deletion's collection of the rows).
            if row._meta.get_field("source").is_cached(row):
                row.source.text_opening = row.source_text_opening
            yield row


QuotationsT = TypeVar("QuotationsT", bound=models.QuerySet[Any])


def with_linked_sources(quotations: QuotationsT) -> QuotationsT:
    """``quotations`` with each one's source in the same query, as a page that links the
    source shows it: a prefetch of the sources took one query more for each list, and the
    ORM's work for a query cost more than the database's (issue 12). The caller leaves the
    source's text out (``LINKED_SOURCE_FIELDS``), which only the source's own page shows;
    its opening comes along, as ``Source.objects.without_text`` lists sources."""
    opening = Substr("source__text", 1, TITLE_OPENING_CHARS)
    joined = quotations.select_related("source").annotate(source_text_opening=opening)
    joined._iterable_class = LinkedSources
    return joined


class Quotation(models.Model):
    """Exact words of a source at code-point offsets [quote_start, quote_end)."""

    party: Party  # every kind of quotation is some party's words
    # The SHA-256 of the source text the offsets were counted in, where a form or document
    # says (its ``source_sha256``); empty where it does not.
    source_sha256 = ""

    source = models.ForeignKey("tracker.Source", on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(
        help_text="The source's exact words. Paste them; the offsets are found for you."
    )
    quote_start = models.PositiveIntegerField(
        blank=True,
        help_text="Offset of the quote's first character in the source text (code points). "
        "Leave empty to have it found; needed only when the quote occurs more than once.",
    )
    quote_end = models.PositiveIntegerField(
        blank=True,
        help_text="Offset just past the quote's last character. Leave empty to have it found.",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quote_end__gt=models.F("quote_start")),
                name="%(app_label)s_%(class)s_quote_not_empty",
            ),
        ]

    def anchor_quote(self) -> None:
        """Check the quote against the source, filling in missing offsets; raise ValidationError.

        The source is read afresh, locked (``SourceQuerySet.lock``) until the transaction
        that saves this row ends: a change of its text meanwhile would leave the offsets
        pointing into a text that is no longer there, and the change would not move them.
        Offsets counted in another text than this one (``source_sha256``) are refused.
        """
        if self.source_id is None:
            return
        sources = Source.objects.filter(pk=self.source_id).read_locked()
        if not sources:
            raise ValidationError({"source": "This source has been deleted; choose another."})
        self.source = source = sources[0]
        if self.source_sha256 and self.source_sha256 != source.sha256:
            raise ValidationError(TEXT_CHANGED)
        try:
            self.quote, anchor = locate_quote_as_pasted(
                self.source.text, self.quote, self.quote_start, self.quote_end
            )
        except QuoteError as error:
            raise ValidationError({error.field: str(error)}) from error
        self.quote_start, self.quote_end = anchor.start, anchor.end

    def quote_problem(self) -> str | None:
        """Why the stored quote is not the source's text at its offsets, or None if it is."""
        try:
            locate_quote(self.source.text, self.quote, self.quote_start, self.quote_end)
        except QuoteError as error:
            return str(error)
        return None

    @property
    def quote_anchor_id(self) -> str:
        """The id of this quote's highlighted span on the source page."""
        return quote_anchor_id(self.quote_start, self.quote_end)

    @property
    def quote_url(self) -> str:
        """The source page, scrolled to this quote's highlighted span."""
        return f"{self.source.get_absolute_url()}#{self.quote_anchor_id}"

    def clean(self) -> None:
        super().clean()
        self.anchor_quote()


QuotationT = TypeVar("QuotationT", bound=Quotation)


def quote_problems(
    quotations: models.QuerySet[QuotationT],
) -> Iterator[tuple[QuotationT, str | None]]:
    """Each of ``quotations`` with why its quote is not its source's text at its offsets, or
    None if it is.

    The quotations and their sources' texts are read side by side in source order, a few at
    a time, so each text is read once and memory does not grow with the number of quotes.
    """
    sources = chain.from_iterable(
        in_chunks(
            Source.objects.filter(pk__in=quotations.values("source_id"))
            .only("text")
            .order_by("pk"),
            SOURCES_AT_A_TIME,
        )
    )
    source = next(sources, None)
    for chunk in in_chunks(quotations.order_by("source_id", "pk"), QUOTATIONS_AT_A_TIME):
        for quotation in chunk:
            while source is not None and source.pk < quotation.source_id:
                source = next(sources, None)
            # A source saved since the list was read is not in it: the quotation reads it.
            if source is not None and source.pk == quotation.source_id:
                quotation.source = source
            yield quotation, quotation.quote_problem()
