"""Published statements as W3C Web Annotations (https://www.w3.org/TR/annotation-model/).

Each statement is an annotation whose target is its source's stored text, served as plain
text at ``/sources/<slug>/text``, selected two ways: a TextPositionSelector with the
statement's code-point offsets, and a TextQuoteSelector with the exact words and enough
words either side (``prefix``, ``suffix``) to pick out that one occurrence. Either selector
alone finds the same span in the stored text (``anchor_quote_selector``).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .models import Case, Source, Statement
from .quoting import Anchor, occurrences
from .views import page_of

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_CONTENT_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'
CONTEXT_CHARS = 32
# About 1.4 kB an annotation: a page of a hundred is under 150 kB.
ANNOTATIONS_PER_PAGE = 100


def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix around [start, end): CONTEXT_CHARS each, or more where the quote
    recurs, until the quote with its context occurs only there."""
    exact = text[start:end]
    width = CONTEXT_CHARS
    while True:
        prefix, suffix = text[max(0, start - width) : start], text[end : end + width]
        if anchor_quote_selector(text, exact, prefix, suffix) == Anchor(start, end):
            return prefix, suffix
        if start - width <= 0 and end + width >= len(text):
            return prefix, suffix
        width *= 2


def anchor_quote_selector(
    text: str, exact: str, prefix: str = "", suffix: str = ""
) -> Anchor | None:
    """Where a TextQuoteSelector points in ``text``: the one occurrence of ``exact`` preceded
    by ``prefix`` and followed by ``suffix``, or None if there is none or more than one."""
    found = [
        position
        for position in occurrences(text, exact)
        # Compared in place: a slice would copy the text up to each occurrence.
        if text.endswith(prefix, 0, position) and text.startswith(suffix, position + len(exact))
    ]
    return Anchor(found[0], found[0] + len(exact)) if len(found) == 1 else None


def statement_annotation(statement: Statement, request: HttpRequest) -> dict[str, Any]:
    source, claim = statement.source, statement.claim
    prefix, suffix = quote_context(source.text, statement.quote_start, statement.quote_end)
    stance = statement.stance_label
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": request.build_absolute_uri(statement.get_absolute_url()),
        "type": "Annotation",
        "motivation": "linking",
        "created": statement.created_at.isoformat(),
        "modified": statement.updated_at.isoformat(),
        "body": [
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": f"{statement.party.name} ({statement.kind_label.lower()}) "
                f"{stance.lower()} the claim “{claim.text}”",
                "format": "text/plain",
            },
            {"type": "TextualBody", "purpose": "classifying", "value": stance},
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": request.build_absolute_uri(claim.get_absolute_url()),
            },
        ],
        "target": {
            "type": "SpecificResource",
            "source": {
                "id": request.build_absolute_uri(source_text_url(source.slug)),
                "type": "Text",
                "format": "text/plain",
                "language": source.language,
            },
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": statement.quote,
                    "prefix": prefix,
                    "suffix": suffix,
                },
                {
                    "type": "TextPositionSelector",
                    "start": statement.quote_start,
                    "end": statement.quote_end,
                },
            ],
        },
    }


def annotation_collection(
    statements: QuerySet[Statement], request: HttpRequest, label: str
) -> dict[str, Any]:
    """The collection with its first page inside, or, asked for ``?page=``, that page: the W3C
    model's AnnotationCollection and AnnotationPages, each page linking the next."""
    collection_id = request.build_absolute_uri(request.path)
    number = request.GET.get("page")
    page = page_of(statements, number, ANNOTATIONS_PER_PAGE)
    collection = {
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": page.paginator.count,
    }
    if number is None:
        return {
            "@context": ANNOTATION_CONTEXT,
            **collection,
            "first": annotation_page(page, request, collection_id),
            "last": page_url(collection_id, page.paginator.num_pages),
        }
    return {
        "@context": ANNOTATION_CONTEXT,
        **annotation_page(page, request, collection_id),
        "partOf": collection,
    }


def annotation_page(
    page: Page[Statement], request: HttpRequest, collection_id: str
) -> dict[str, Any]:
    items = [statement_annotation(s, request) for s in page]
    for item in items:
        del item["@context"]
    document = {
        "id": page_url(collection_id, page.number),
        "type": "AnnotationPage",
        "partOf": collection_id,
        "startIndex": (page.number - 1) * ANNOTATIONS_PER_PAGE,
        "items": items,
    }
    if page.has_previous():
        document["prev"] = page_url(collection_id, page.previous_page_number())
    if page.has_next():
        document["next"] = page_url(collection_id, page.next_page_number())
    return document


def page_url(collection_id: str, number: int) -> str:
    return f"{collection_id}?page={number}"


def source_text_url(slug: str) -> str:
    return reverse("tracker:source-text", args=[slug])


def annotated_statements() -> QuerySet[Statement]:
    # Prefetched, each source's text comes once for the page, not once for each statement.
    return (
        Statement.objects.published()
        .select_related("claim", "party")
        .prefetch_related("source")
        .order_by("source__title", "source", "quote_start", "quote_end", "pk")
    )


def annotation_response(document: dict[str, Any]) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=ANNOTATION_CONTENT_TYPE,
    )


def source_annotations(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.published(), slug=slug)
    statements = annotated_statements().filter(source=source)
    label = f"Statements quoted from {source.display_title}"
    return annotation_response(annotation_collection(statements, request, label))


def case_annotations(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(Case.objects.published(), slug=slug)
    statements = annotated_statements().filter(claim__case=case)
    label = f"Statements on the claims of {case.title}"
    return annotation_response(annotation_collection(statements, request, label))


def source_text(request: HttpRequest, slug: str) -> HttpResponse:
    """The stored text, verbatim: what every quote's offsets and selectors index."""
    source = get_object_or_404(Source.objects.published(), slug=slug)
    response = HttpResponse(source.text, content_type="text/plain; charset=utf-8")
    digest = base64.b64encode(bytes.fromhex(source.sha256)).decode("ascii")
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response
