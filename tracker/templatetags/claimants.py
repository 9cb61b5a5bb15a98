"""Who puts a claim forward, as every list of claims names them: a tag, not a partial, since a
list, a matrix or a point's columns name one on each row, and an include for each cost more
than the rest of the row (issue 12)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from tracker.models import Claim

register = template.Library()

NOT_RECORDED = mark_safe('<span class="claimant claimant-unknown">Claimant not recorded</span>')


@register.simple_tag
def claimant(claim: Claim, link: bool = False) -> SafeString:
    """The claimant's name, linked to their page if ``link``, or that none is recorded."""
    party = claim.claimant
    if party is None:
        return NOT_RECORDED
    if link:
        return format_html('<a class="claimant" href="{}">{}</a>', party.get_absolute_url(), party)
    return format_html('<span class="claimant">{}</span>', party)
