"""The line under a quote that names its source: a tag, not a partial, since a claim or point
page writes one under each of a hundred quotes, where an include for each cost a tenth of
the page (issue 12)."""

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.models import Source

from .calendar_dates import time_element

register = template.Library()


@register.simple_tag
def source_line(source: Source, length: int) -> SafeString:
    """“Source:” and the source's title (cut to ``length`` characters) linked to its page,
    then its outlet, the outlet it cites and its date where known."""
    return format_html(
        '<p class="source-line"><span class="source-line-label">Source:</span> '
        '<a href="{}">{}</a>{}{}{}</p>',
        source.get_absolute_url(),
        truncatechars(source.display_title, length),
        format_html(", {}", source.outlet) if source.outlet else "",
        format_html(", citing {}", source.cited_outlet) if source.cited_outlet else "",
        format_html(", {}", time_element(source.published_on)) if source.published_on else "",
    )
