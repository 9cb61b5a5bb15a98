"""The stance matrix's cells, the one place a page renders thousands of the same small
element (a case page's 20 claims × every party with a statement on them), and the list a
narrow screen shows instead (a line for each party's stand on each claim): built here in
one pass rather than by the template engine cell by cell, which cost most of the page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from tracker.models.cases import PartyStances, StanceRow

register = template.Library()

# Most cells are empty (a case page at 100,000 statements had 3,000 of them): the words are
# for screen readers, and the stylesheet shows a dot in their place.
NO_STANCE = mark_safe("<td><span>No statement</span></td>")


@register.simple_tag
def stance_cells(row: StanceRow) -> SafeString:
    """The row's ``<td>`` cells: each party's stances, each linking to the claim, or a dot
    and “No statement” where the party has none."""
    url = row.claim.get_absolute_url()
    cells = []
    for cell in row.cells:
        if not cell.stances:
            cells.append(NO_STANCE)
            continue
        links = format_html_join(
            mark_safe("<br>"),
            '<a class="stance-word stance-{}" href="{}">{}<span class="visually-hidden">'
            " (see {} on this claim)</span></a>",
            ((stance.lower(), url, stance, cell.party) for stance in cell.stances),
        )
        cells.append(format_html("<td>{}</td>", links))
    return mark_safe("".join(cells))


@register.simple_tag
def party_stance_items(column: PartyStances) -> SafeString:
    """The ``<li>`` of each claim ``column``'s party has a stance on: its stances, the claim
    linked, and who puts it forward."""
    items = []
    for claim, stances in column.claims:
        words = format_html_join(
            ", ", '<span class="stance-word stance-{}">{}</span>', ((s.lower(), s) for s in stances)
        )
        claimant = claim.claimant
        by = format_html("put forward by {}", claimant) if claimant else "claimant not recorded"
        items.append(
            format_html(
                '\n      <li>{}: <a href="{}">{}</a> <span class="meta">({})</span></li>\n      ',
                words,
                claim.get_absolute_url(),
                claim.text,
                by,
            )
        )
    return mark_safe("".join(items))
