"""schema.org descriptions of public pages, embedded as JSON-LD for search engines and
fact-check tools (https://schema.org/Claim)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from .models import Claim, Party, Source

SCHEMA_ORG = "https://schema.org"
SOURCE_TYPES: dict[str, str] = {
    Source.Kind.NEWS_REPORT: "NewsArticle",
    Source.Kind.INTERVIEW: "CreativeWork",
    Source.Kind.COURT_RECORD: "DigitalDocument",
    Source.Kind.OFFICIAL_STATEMENT: "CreativeWork",
}
# JSON inside <script> must not be able to close the element or open a comment.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def source_work(source: Source, request: HttpRequest) -> dict[str, Any]:
    """The source as a CreativeWork at its own address, with our verbatim copy as archive."""
    copy = request.build_absolute_uri(source.get_absolute_url())
    work: dict[str, Any] = {
        "@type": SOURCE_TYPES.get(source.kind, "CreativeWork"),
        "name": source.display_title,
        "url": source.link_url or copy,
        "archivedAt": copy,
        "inLanguage": source.language,
    }
    if source.outlet:
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.published_on:
        work["datePublished"] = source.published_on.isoformat()
    return work


def party_thing(party: Party, request: HttpRequest) -> dict[str, Any]:
    kind = "Person" if party.kind == Party.Kind.PERSON else "Organization"
    return {
        "@type": kind,
        "name": str(party),
        "url": request.build_absolute_uri(party.get_absolute_url()),
    }


def claim_thing(claim: Claim, request: HttpRequest) -> dict[str, Any]:
    """The claim, who puts it forward, the case it belongs to and every source its
    statements quote. Uses the claim's prefetched statements (``with_versions()``)."""
    sources = {s.source_id: s.source for s in claim.statements.all()}
    thing = {
        "@context": SCHEMA_ORG,
        "@type": "Claim",
        "@id": request.build_absolute_uri(claim.get_absolute_url()) + "#claim",
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "name": claim.text,
        "text": claim.text,
        "dateModified": claim.updated_at.isoformat(),
        "about": {
            "@type": "Event",
            "name": claim.case.title,
            "url": request.build_absolute_uri(claim.case.get_absolute_url()),
        },
        "appearance": [source_work(sources[key], request) for key in sorted(sources)],
    }
    if claim.claimant is not None:
        thing["author"] = party_thing(claim.claimant, request)
    return thing


def claims_graph(claims: list[Claim], request: HttpRequest) -> dict[str, Any]:
    """Several claims in one document: a disputed point's published versions."""
    things = [claim_thing(claim, request) for claim in claims]
    for thing in things:
        del thing["@context"]
    return {"@context": SCHEMA_ORG, "@graph": things}


def script_block(thing: dict[str, Any]) -> SafeString:
    text = json.dumps(thing, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
