"""Finding and checking quotes in a source's text.

Offsets count Unicode code points, which is what Python's ``str`` indexes, so
``text[start:end] == quote`` is the whole definition of a faithful quote.
"""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

CONTEXT_CHARS = 30


class QuoteError(ValueError):
    """A quote that cannot be anchored in its source; ``field`` names what to correct."""

    def __init__(self, message: str, field: str = "quote") -> None:
        super().__init__(message)
        self.field = field


class Anchor(NamedTuple):
    start: int
    end: int


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
            hint = ""
            other_case = re.search(re.escape(quote), text, flags=re.IGNORECASE)
            if other_case:
                hint = (
                    f" It does occur with different capitals at offset {other_case.start()}: "
                    f"«{other_case.group()}»."
                )
            raise QuoteError(f"This quote is not in the source text.{hint}")
        if len(found) > 1:
            listed = ", ".join(str(position) for position in found[:10])
            raise QuoteError(
                f"This quote occurs {len(found)} times in the source (at offsets {listed}); "
                "give the start offset of the one you mean.",
                field="quote_start",
            )
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


def _common_suffix_length(a, b):
    length = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        length += 1
    return length


def _common_prefix_length(a, b):
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def unchanged_blocks(old_text, new_text):
    """The (old_from, old_to, new_from) runs an edit left as they were; one diff per edit."""
    matcher = SequenceMatcher(None, old_text, new_text, autojunk=False)
    return [
        (old_from, old_to, new_from)
        for tag, old_from, old_to, new_from, _ in matcher.get_opcodes()
        if tag == "equal"
    ]


def _mapped_through_diff(blocks, start, end):
    """Where [start, end) of the old text went, if the edit left it untouched."""
    for old_from, old_to, new_from in blocks:
        if old_from <= start and end <= old_to:
            return new_from + (start - old_from)
    return None


def reanchor(old_text, new_text, start, end, context=CONTEXT_CHARS, blocks=None):
    """Where the quote at [start, end) of ``old_text`` stands in ``new_text``, or None.

    The edit itself says where an untouched passage went. Where the diff cannot say (the
    quote's surroundings were rewritten), the words before and after it decide, as a W3C
    Web Annotation TextQuoteSelector's prefix and suffix do, but only when they clearly
    point at one occurrence: a quote is never moved to a passage that merely repeats it.
    Pass ``blocks`` from ``unchanged_blocks`` when re-anchoring many quotes for one edit.
    """
    quote = old_text[start:end]
    candidates = occurrences(new_text, quote)
    if not candidates:
        return None
    if blocks is None:
        blocks = unchanged_blocks(old_text, new_text)
    mapped = _mapped_through_diff(blocks, start, end)
    if mapped is not None and mapped in candidates:
        return Anchor(mapped, mapped + len(quote))
    prefix = old_text[max(0, start - context) : start]
    suffix = old_text[end : end + context]

    def score(position):
        before = new_text[max(0, position - context) : position]
        after = new_text[position + len(quote) : position + len(quote) + context]
        return _common_suffix_length(prefix, before) + _common_prefix_length(suffix, after)

    scored = sorted(((score(position), position) for position in candidates), reverse=True)
    best_score, best = scored[0]
    runner_up_score = scored[1][0] if len(scored) > 1 else -1
    needed = min(context, len(prefix) + len(suffix))
    if best_score < needed or best_score == runner_up_score:
        return None
    return Anchor(best, best + len(quote))
