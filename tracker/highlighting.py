"""A source's text as HTML with every quoted span marked, for the source page."""

from collections import defaultdict
from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

Span = tuple[int, int]


def quote_anchor_id(start: int, end: int) -> str:
    return f"q{start}-{end}"


def _opening_tag(span: Span, continued: bool) -> SafeString:
    anchor = quote_anchor_id(*span)
    if continued:
        # Only the first piece of a span carries its id, so ids stay unique.
        return format_html('<mark class="quote quote-continued" data-quote="{}">', anchor)
    return format_html('<mark class="quote" id="{}">', anchor)


def highlight_quotes(text: str, spans: Iterable[Span]) -> SafeString:
    """``text`` escaped, each (start, end) span wrapped in ``<mark id="q{start}-{end}">``.

    Spans may nest or overlap. Marks must nest properly in HTML, so where a span ends inside
    another that began after it, the inner span is closed and reopened as a continuation
    without an id. Duplicate spans are marked once; spans outside the text are ignored.
    """
    spans = sorted(
        {(start, end) for start, end in spans if 0 <= start < end <= len(text)},
        key=lambda span: (span[0], -span[1]),
    )
    starting, ending = defaultdict(list), defaultdict(set)
    for span in spans:
        starting[span[0]].append(span)
        ending[span[1]].add(span)
    boundaries = sorted({0, len(text), *starting, *ending})

    html: list[str] = []
    open_spans: list[Span] = []
    for index, position in enumerate(boundaries):
        closing = set(ending.get(position, ()))
        reopening = []
        while closing:
            span = open_spans.pop()
            html.append("</mark>")
            if span in closing:
                closing.discard(span)
            else:
                reopening.append(span)
        for span in reversed(reopening):
            open_spans.append(span)
            html.append(_opening_tag(span, continued=True))
        for span in starting.get(position, ()):
            open_spans.append(span)
            html.append(_opening_tag(span, continued=False))
        if index + 1 < len(boundaries):
            html.append(escape(text[position : boundaries[index + 1]]))
    return mark_safe("".join(html))


def _exact_piece(text: str) -> SafeString:
    """``text`` escaped so that a browser's DOM holds it code point for code point: HTML
    parsing turns a literal CR (of a CRLF line break) into nothing or LF, a reference keeps it."""
    return mark_safe(escape(text).replace("\r", "&#13;"))


def workbench_text(
    text: str, quotes: Iterable[tuple[int, int, int]], candidates: Iterable[Span]
) -> SafeString:
    """``text`` escaped and cut where any quote or candidate begins or ends; each piece inside
    logged quotes is a ``<mark>`` naming their statements (``quotes`` are start, end and
    statement id), each piece of a candidate sentence a ``<span class="candidate">``.

    Flat pieces rather than nested marks, so that the text a browser shows is exactly the
    source text and a selection's offsets are counted over it alone.
    """
    quotes = [(s, e, pk) for s, e, pk in quotes if 0 <= s < e <= len(text)]
    candidates = [(s, e) for s, e in candidates if 0 <= s < e <= len(text)]
    cuts = sorted(
        {0, len(text)} | {p for s, e, _ in quotes for p in (s, e)} | set(sum(candidates, ()))
    )
    html: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = _exact_piece(text[start:end])
        statements = [str(pk) for s, e, pk in quotes if s <= start and end <= e]
        in_candidate = any(s <= start and end <= e for s, e in candidates)
        if statements:
            html.append(
                format_html(
                    '<mark class="logged{}" data-statements="{}">{}</mark>',
                    " candidate" if in_candidate else "",
                    " ".join(statements),
                    piece,
                )
            )
        elif in_candidate:
            html.append(format_html('<span class="candidate">{}</span>', piece))
        else:
            html.append(piece)
    return mark_safe("".join(html))
