"""A calendar day as the reader pages show it, built in one step: the ``date`` filter parses
its format on every call, and each statement and source line showed a day twice (for
machines and for readers), on every row of a list (issue 12)."""

from datetime import date

from django import template
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def time_element(day: date) -> SafeString:
    """``day`` (a date, not a datetime) as ``<time datetime="2022-01-05">5 January 2022</time>``:
    what ``date:'Y-m-d'`` and ``date:"j F Y"`` give."""
    machine = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    return format_html(
        '<time datetime="{}">{}</time>', machine, f"{day.day} {MONTHS[day.month]} {day.year:04d}"
    )
