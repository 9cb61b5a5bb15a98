"""What a reader needs to cite or share a page: absolute addresses and names in a phrase."""

from collections.abc import Iterable

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """``path`` as a full address on the host the page was requested from."""
    return context["request"].build_absolute_uri(path)


@register.filter
def claimant_names(claims: Iterable) -> str:
    """The claimants of ``claims`` as a phrase: “A, B and C”; each named once."""
    names: list[str] = []
    for claim in claims:
        name = claim.claimant.name if claim.claimant_id else "a party not recorded"
        if name not in names:
            names.append(name)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
