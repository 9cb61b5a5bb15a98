"""Links between the pages of a list, keeping the reader's other parameters."""

from django import template
from django.template.context import RequestContext

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: RequestContext, param: str, number: int) -> str:
    """This address with ``param`` set to page ``number``; page 1 is the address without it,
    so a list's first page has one address."""
    query = context.request.GET.copy()
    query.pop(param, None)
    if number != 1:
        query[param] = str(number)
    return f"?{query.urlencode()}"
