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
