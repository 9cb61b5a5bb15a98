"""Finding and checking quotes in a source's text.

Offsets count Unicode code points, which is what Python's ``str`` indexes, so
``text[start:end] == quote`` is the whole definition of a faithful quote.
"""

import re
from typing import NamedTuple

from tracker.near_miss import Passage, closest_passage

CONTEXT_CHARS = 30


class Anchor(NamedTuple):
    start: int
    end: int


class QuoteError(ValueError):
    """A quote that cannot be anchored in its source; ``field`` names what to correct.

    ``closest`` is the passage a quote not found most likely means; ``occurrences`` the spans
    of a quote found more than once: what a form offers as choices.
    """

    def __init__(
        self,
        message: str,
        field: str = "quote",
        closest: Passage | None = None,
        occurrences: list[Anchor] | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.closest = closest
        self.occurrences = occurrences or []


def occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping matches included."""
    found = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


class Excerpt(NamedTuple):
    """A quoted span with the words around it, as cut from its text."""

    before: str
    quote: str
    after: str
    cut_before: bool  # text goes on before ``before``
    cut_after: bool  # text goes on after ``after``

    def __str__(self) -> str:
        return self.before + self.quote + self.after


def excerpt(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Excerpt:
    """``text[start:end]`` with up to ``context`` code points either side of it."""
    left, right = max(0, start - context), min(len(text), end + context)
    return Excerpt(text[left:start], text[start:end], text[end:right], left > 0, right < len(text))


def first_difference(quote: str, passage: str) -> int | None:
    """Index of the first code point where the two strings differ, or None if equal."""
    for index, (a, b) in enumerate(zip(quote, passage, strict=False)):
        if a != b:
            return index
    if len(quote) != len(passage):
        return min(len(quote), len(passage))
    return None


def not_found_message(quote: str, passage: Passage | None) -> str:
    if passage is None:
        return "This quote is not in the source text, nor is anything close to it."
    where = f"{passage.start}–{passage.end}"
    if passage.exact_after_folding:
        return (
            f"This quote is not in the source text as typed; the passage at {where} has the "
            "same words with other quotation marks, dashes, spacing or capitals: "
            f"«{passage.text}». Use the source's exact words."
        )
    index = first_difference(quote, passage.text) or 0
    quote_has = excerpt(quote, index, index, 15).after or "(end of quote)"
    source_has = excerpt(passage.text, index, index, 15).after or "(end of passage)"
    return (
        f"This quote is not in the source text. The closest passage, at {where}, differs at "
        f"offset {passage.start + index}: the quote has «{quote_has}» where the source has "
        f"«{source_has}». The source's exact words there: «{passage.text}»."
    )


def describe_mismatch(text: str, quote: str, start: int, end: int) -> str:
    passage = text[start:end]
    index = first_difference(quote, passage)
    assert index is not None, "describe_mismatch is only asked about differing texts"
    where = start + index
    quote_has = excerpt(quote, index, index, 15).after or "(end of quote)"
    source_has = excerpt(passage, index, index, 15).after or "(end of passage)"
    message = (
        f"The quote differs from the source at offset {where} "
        f"(character {index + 1} of the quote): the quote has «{quote_has}» "
        f"where the source has «{source_has}»."
    )
    if len(quote) != end - start:
        message += (
            f" The quote is {len(quote)} characters long; offsets {start}–{end} span {end - start}."
        )
    return message


def occurs_several_times(text: str, spans: list[Anchor]) -> QuoteError:
    """The refusal of a quote found at each of ``spans``: which one is for the user to say."""
    listed = "; ".join(
        f"at {span.start} («{'…' * choice.cut_before}{choice}{'…' * choice.cut_after}»)"
        for span, choice in ((span, excerpt(text, *span)) for span in spans[:10])
    )
    more = f"; and {len(spans) - 10} more" if len(spans) > 10 else ""
    return QuoteError(
        f"This quote occurs {len(spans)} times in the source: {listed}{more}; "
        "give the start offset of the one you mean.",
        field="quote_start",
        occurrences=spans,
    )


def locate_quote(text: str, quote: str, start: int | None = None, end: int | None = None) -> Anchor:
    """Anchor ``quote`` in ``text`` and return its offsets, or raise QuoteError saying why not.

    With no offsets the quote must occur exactly once. With one offset the other
    follows from the quote's length. With both, the text there must be the quote.
    """
    if not quote:
        raise QuoteError("Give the exact words quoted from the source.")
    if start is None and end is None:
        found = occurrences(text, quote)
        if not found:
            passage = closest_passage(text, quote)
            raise QuoteError(not_found_message(quote, passage), closest=passage)
        if len(found) > 1:
            raise occurs_several_times(text, [Anchor(p, p + len(quote)) for p in found])
        return Anchor(found[0], found[0] + len(quote))
    if start is None:
        assert end is not None  # with neither offset the quote was found above
        start = end - len(quote)
    if end is None:
        end = start + len(quote)
    if start < 0:
        raise QuoteError("The start offset cannot be negative.", field="quote_start")
    if end <= start:
        raise QuoteError("The end offset must be after the start offset.", field="quote_end")
    if end > len(text):
        raise QuoteError(
            f"The end offset {end} is past the end of the source ({len(text)} characters).",
            field="quote_end",
        )
    if text[start:end] != quote:
        raise QuoteError(describe_mismatch(text, quote, start, end))
    return Anchor(start, end)


def locate_quote_as_pasted(
    text: str, quote: str, start: int | None = None, end: int | None = None
) -> tuple[str, Anchor]:
    """``locate_quote`` for a quote pasted into a form, and the quote as the source writes it.

    A textarea gives every line break as LF (its value) or CRLF (as submitted), whatever was
    pasted; a source keeps the ones it was stored with: LF, or for a file stored byte for
    byte CRLF or an old Mac's lone CR, mixed even. So each line break of the quote stands
    for any one line break of the source, and the quote kept is the source's text there.
    """
    if not LINE_BREAK.search(quote):
        return quote, locate_quote(text, quote, start, end)
    fitting = [
        span
        for span in spans_across_line_breaks(text, quote)
        if start in (None, span.start) and end in (None, span.end)
    ]
    if len(fitting) > 1:
        raise occurs_several_times(text, fitting)
    if fitting:
        exact = text[fitting[0].start : fitting[0].end]
        return exact, locate_quote(text, exact, start, end)
    if start is not None and end is not None and text[start:end] == quote:
        return quote, Anchor(start, end)  # as stored, ending between a CRLF's CR and LF
    # Not there: refused as the quote with the line breaks the source mostly uses.
    as_lf = LINE_BREAK.sub("\n", quote)
    spelt = as_lf.replace("\n", "\r\n") if breaks_lines_with_crlf(text) else as_lf
    return spelt, locate_quote(text, spelt, start, end)


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def spans_across_line_breaks(text: str, quote: str) -> list[Anchor]:
    """Every span of ``text``, overlapping ones too, that is ``quote`` with each of its line
    breaks as any one line break (CRLF, LF or CR)."""
    pattern = re.compile(r"(?:\r\n|\r|\n)".join(map(re.escape, LINE_BREAK.split(quote))))
    spans = []
    match = pattern.search(text)
    while match is not None:
        spans.append(Anchor(match.start(), match.end()))
        match = pattern.search(text, match.start() + 1)
    return spans


def breaks_lines_with_crlf(text: str) -> bool:
    """Whether most of ``text``'s line breaks are CRLF (a file stored byte for byte)."""
    return text.count("\r\n") * 2 > text.count("\n")
