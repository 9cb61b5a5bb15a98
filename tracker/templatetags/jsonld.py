from typing import Any

from django import template
from django.utils.safestring import SafeString

from tracker import jsonld
from tracker.models import Claim

register = template.Library()


@register.simple_tag(takes_context=True)
def claim_jsonld(context: dict[str, Any], claim: Claim) -> SafeString:
    """The claim's schema.org description as a JSON-LD script block; nothing for a claim
    that is not published, whose page only staff see."""
    if not claim.is_published:
        return SafeString("")
    return jsonld.script_block(jsonld.claim_thing(claim, context["request"]))


@register.simple_tag(takes_context=True)
def point_jsonld(context: dict[str, Any], versions: list[Claim]) -> SafeString:
    """The published versions of a point as schema.org Claims, one JSON-LD block."""
    published = [claim for claim in versions if claim.is_published]
    if not published:
        return SafeString("")
    return jsonld.script_block(jsonld.claims_graph(published, context["request"]))
