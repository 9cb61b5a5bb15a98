import re

import pytest
from django.urls import reverse

from tests.helpers import count_queries, make_statements
from tracker.highlighting import highlight_quotes
from tracker.models import Outcome, Source, Statement

pytestmark = pytest.mark.django_db

SOURCE_URL = reverse("tracker:source-detail", args=["almaty-trial-verdict-report"])


def test_highlight_marks_separate_spans():
    assert highlight_quotes("abcdef", [(1, 3)]) == 'a<mark class="quote" id="q1-3">bc</mark>def'


def test_highlight_nests_a_span_inside_another():
    html = highlight_quotes("abcdef", [(1, 5), (2, 4)])
    assert html == (
        'a<mark class="quote" id="q1-5">b<mark class="quote" id="q2-4">cd</mark>e</mark>f'
    )


def test_highlight_splits_overlapping_spans_keeping_ids_unique():
    html = highlight_quotes("abcdef", [(0, 3), (2, 5)])
    assert html == (
        '<mark class="quote" id="q0-3">ab<mark class="quote" id="q2-5">c</mark></mark>'
        '<mark class="quote quote-continued" data-quote="q2-5">de</mark>f'
    )


def test_highlight_marks_a_repeated_span_once_and_ignores_spans_outside_the_text():
    html = highlight_quotes("abc", [(0, 2), (0, 2), (2, 9), (-1, 1)])
    assert html == '<mark class="quote" id="q0-2">ab</mark>c'


def test_highlight_escapes_the_text():
    html = highlight_quotes("<b>&</b>", [(0, 3)])
    assert html == '<mark class="quote" id="q0-3">&lt;b&gt;</mark>&amp;&lt;/b&gt;'


def test_highlight_keeps_the_whole_text():
    text = "Prosecutors argued that «Wild Arman» led the crowd."
    html = highlight_quotes(text, [(0, 11), (5, 30), (24, 36), (24, 36), (40, 51)])
    assert re.sub(r"<[^>]+>", "", html) == text


def test_source_page_marks_every_published_quote(client, seed_case):
    html = client.get(SOURCE_URL).content.decode()
    for quotation in [*Statement.objects.all(), *Outcome.objects.all()]:
        assert html.count(f'id="{quotation.quote_anchor_id}"') == 1, quotation
    # Statement 6 quotes part of statement 2's words: its mark sits inside the other.
    assert re.search(
        r'<mark class="quote" id="q836-932">[^<]*<mark class="quote" id="q884-932">', html
    )
    # The key above the text shows both shades by the same marks, and says what each means.
    assert re.search(
        r'<mark class="quote">lighter</mark> shade where one quote covers them and a '
        r'<mark class="quote"><mark class="quote">darker</mark></mark> one where two or more '
        r"overlap",
        html,
    )


def test_source_page_shows_metadata_without_inventing_any(client, seed_case):
    source = Source.objects.get()
    html = client.get(SOURCE_URL).content.decode()
    assert source.sha256 in html
    assert "Tengrinews.kz" in html
    assert "<dt>Outlet</dt><dd>not stated</dd>" in html
    assert "<dt>Published</dt><dd>not stated</dd>" in html
    assert "(untitled)" in html


def test_source_page_lists_the_statements_drawn_from_it(client, seed_case):
    html = client.get(SOURCE_URL).content.decode()
    for statement in Statement.objects.select_related("claim"):
        assert f'href="#{statement.quote_anchor_id}"' in html
        assert f'href="{statement.get_absolute_url()}"' in html


def test_source_page_hides_draft_statements(client, seed_draft):
    statement = seed_draft.statements.get()
    html = client.get(SOURCE_URL).content.decode()
    assert f'id="{statement.quote_anchor_id}"' not in html
    assert seed_draft.text not in html


def test_unknown_source_is_404(client, db):
    assert client.get(reverse("tracker:source-detail", args=["nope"])).status_code == 404


def test_source_text_is_escaped(researcher_client, db):
    source = Source.objects.create(slug="hostile", text="<script>alert(1)</script> said X.")
    html = researcher_client.get(source.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_source_page_query_count_does_not_grow_with_statements(client, claim, party, source, case):
    make_statements(claim, party, source, 3)
    few = count_queries(client, source.get_absolute_url())
    make_statements(claim, party, source, 57)
    Outcome.objects.bulk_create(
        Outcome(
            case=case,
            party=party,
            source=source,
            summary=f"Outcome {n}",
            quote="He said",
            quote_start=source.text.index("He said"),
            quote_end=source.text.index("He said") + 7,
        )
        for n in range(5)
    )
    assert count_queries(client, source.get_absolute_url()) == few
