import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from tracker.models import Claim, Party, Point, Statement
from tracker.models.claim_queries import QUOTES_PER_STANCE

from .helpers import count_queries, make_statements

pytestmark = pytest.mark.django_db

SEED_POINT = "who-sent-dzhumageldiev-and-to-do-what"


def point_url(slug):
    return reverse("tracker:point-detail", args=[slug])


def columns(html):
    """Each version column of the point page, in order."""
    return re.findall(r'<article class="version-column".*?</article>', html, re.S)


def test_point_page_sets_each_version_in_its_own_column_headed_by_its_claimant(client, seed_case):
    html = client.get(point_url(SEED_POINT)).content.decode()
    point = Point.objects.get(slug=SEED_POINT)
    assert f'<h1 class="point-question">{escape(point.question)}</h1>' in html
    versions = list(point.versions.order_by("point_position"))
    found = columns(html)
    assert len(found) == len(versions) == 4
    for version, column in zip(versions, found, strict=True):
        head = re.search(r'<h3 class="version-claimant".*?</h3>', column, re.S).group()
        assert escape(version.claimant.name) in head
        assert escape(version.text) in column
        for statement in version.statements.all():
            assert escape(statement.quote) in column
            assert f'href="{statement.quote_url}"' in column
    assert [v.claimant.slug for v in versions] == [
        "ruslan-iskakov",
        "prosecution",
        "arman-dzhumageldiev",
        "dzhumageldiev-defence",
    ]


def test_point_page_shows_who_disputes_or_qualifies_each_version(client, seed_case):
    html = client.get(point_url(SEED_POINT)).content.decode()
    prosecution = columns(html)[1]
    responses = re.search(r'<div class="version-responses">.*?</article>', prosecution, re.S)
    responses = responses.group()
    disputed, qualified = responses.split("Qualified by")
    assert "Arman Dzhumageldiev" in disputed and "Ruslan Iskakov" not in disputed
    assert "Ruslan Iskakov" in qualified


def test_draft_versions_are_left_out_for_readers(client, seed_case):
    point = Point.objects.get(slug=SEED_POINT)
    hidden = point.versions.get(claimant__slug="dzhumageldiev-defence")
    Claim.objects.filter(pk=hidden.pk).update(status=Claim.Status.DRAFT)
    html = client.get(point_url(SEED_POINT)).content.decode()
    assert len(columns(html)) == 3
    assert escape(hidden.text) not in html
    assert hidden.get_absolute_url() not in html


def test_a_point_without_a_published_version_is_404(client, seed_case):
    point = Point.objects.get(slug=SEED_POINT)
    point.versions.update(status=Claim.Status.IN_REVIEW)
    assert client.get(point_url(SEED_POINT)).status_code == 404
    assert client.get(point.get_permanent_url()).status_code == 404
    assert client.get(point_url("no-such-point")).status_code == 404


def test_a_point_only_drafts_answer_reads_as_one_that_does_not_exist(client, seed_case):
    # A different 404 would tell a reader that the slug names a point researchers are writing.
    point = Point.objects.get(slug=SEED_POINT)
    point.versions.update(status=Claim.Status.DRAFT)
    hidden = client.get(point_url(SEED_POINT))
    missing = client.get(point_url("no-such-point"))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_researchers_see_a_draft_version_marked_as_unpublished(client, seed_case, researcher):
    point = Point.objects.get(slug=SEED_POINT)
    point.versions.update(status=Claim.Status.DRAFT)
    client.force_login(researcher)
    html = client.get(point_url(SEED_POINT)).content.decode()
    assert len(columns(html)) == 4
    assert "Not published: draft" in html


def test_permanent_url_leads_to_the_point_under_its_current_slug(client, seed_case):
    point = Point.objects.get(slug=SEED_POINT)
    point.slug = "renamed"
    point.save()
    response = client.get(point.get_permanent_url())
    assert response.status_code == 302
    assert response["Location"] == point_url("renamed")


def test_point_page_query_count_is_flat_for_2_and_12_versions(
    client, case, party, other_party, source
):
    point = Point.objects.create(case=case, question="Who did it?", slug="who-did-it")

    def add_versions(count, start):
        for n in range(start, start + count):
            claim = Claim.objects.create(
                case=case,
                point=point,
                point_position=n,
                claimant=party if n % 2 else other_party,
                text=f"Version {n}",
                slug=f"version-{n}",
                status=Claim.Status.PUBLISHED,
            )
            make_statements(claim, other_party if n % 2 else party, source, 4)

    add_versions(2, 0)
    few = count_queries(client, point.get_absolute_url())
    add_versions(10, 2)
    assert Claim.objects.filter(point=point).count() == 12
    assert count_queries(client, point.get_absolute_url()) == few
    # The point, its versions, their statements with their sources.
    assert few == 3


def test_point_list_finds_points_by_question_and_by_claimant_alias(client, seed_case):
    def listed(query):
        response = client.get(f"{reverse('tracker:point-list')}?{query}")
        assert response.status_code == 200
        return {point.slug for point in response.context["page"].object_list}

    everything = set(Point.objects.values_list("slug", flat=True))
    assert listed("") == everything
    assert listed("q=streets of almaty") == {SEED_POINT}
    assert listed("q=PROTESTERS") == {"what-dzhumageldiev-men-did-to-protesters"}
    # Dzhumageldiev's aliases, in any script, find the points where he has a version.
    for alias in ("wild arman", "Джумагельдиев", "Jumageldiev"):
        assert listed(f"q={alias}") == {SEED_POINT, "what-dzhumageldiev-men-did-to-protesters"}
    assert listed("q=Prosecutors") == {SEED_POINT}
    assert listed("claimant=witnesses") == {"what-dzhumageldiev-men-did-to-protesters"}
    assert listed("q=no such words") == set()


def test_point_list_leaves_out_points_without_a_published_version(client, seed_case):
    Point.objects.get(slug=SEED_POINT).versions.update(status=Claim.Status.UNPUBLISHED)
    response = client.get(reverse("tracker:point-list"))
    assert SEED_POINT not in {p.slug for p in response.context["page"].object_list}


def test_point_list_query_count_is_flat(client, case, party, other_party):
    def add_points(count, start):
        for n in range(start, start + count):
            point = Point.objects.create(case=case, question=f"Question {n}", slug=f"q-{n}")
            for m, claimant in enumerate((party, other_party)):
                Claim.objects.create(
                    case=case,
                    point=point,
                    claimant=claimant,
                    text=f"Answer {n}-{m}",
                    slug=f"a-{n}-{m}",
                    status=Claim.Status.PUBLISHED,
                )

    add_points(2, 0)
    few = count_queries(client, reverse("tracker:point-list"))
    add_points(10, 2)
    assert count_queries(client, reverse("tracker:point-list")) == few


def test_list_switch_keeps_the_search_when_moving_between_claims_and_points(client, seed_case):
    html = client.get(f"{reverse('tracker:claim-list')}?q=arman&stance=supports").content.decode()
    assert f'href="{reverse("tracker:point-list")}?q=arman"' in html
    html = client.get(f"{reverse('tracker:point-list')}?q=arman").content.decode()
    assert f'href="{reverse("tracker:claim-list")}?q=arman"' in html


def test_statement_kinds_in_a_column_are_written_in_words(client, seed_case):
    html = client.get(point_url(SEED_POINT)).content.decode()
    statement = Statement.objects.get(claim__slug="abish-told-iskakov-to-seek-dzhumageldiev-help")
    assert "Testimony · reported as “According to Iskakov”" in html
    assert statement.party == Party.objects.get(slug="ruslan-iskakov")


def test_point_page_reads_no_tags_or_notes_it_does_not_show(client, seed_case):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(point_url(SEED_POINT)).status_code == 200
    read = " ".join(query["sql"] for query in queries)
    assert "tracker_annotation" not in read and "tracker_tag" not in read


def test_a_version_shows_its_first_quotes_of_each_stance_and_links_to_the_rest(
    client, case, party, other_party, source
):
    point = Point.objects.create(case=case, question="Who did it?", slug="who-did-it")
    claim = Claim.objects.create(
        case=case,
        point=point,
        claimant=party,
        text="A version",
        slug="a-version",
        status=Claim.Status.PUBLISHED,
    )
    make_statements(claim, party, source, 36)  # 12 of each stance, in turn
    make_statements(claim, other_party, source, 2)  # one more support, one more dispute, last
    html = client.get(point_url("who-did-it")).content.decode()
    [column] = columns(html)
    assert column.count('<div class="version-quote ') == 3 * QUOTES_PER_STANCE
    claim_page = claim.get_absolute_url()
    more = '<p class="more-quotes"><a href="{}">{} more quotes of this stance'
    assert column.count(more.format(claim_page, 3)) == 2  # 13 supports, 13 disputes
    assert column.count(more.format(claim_page, 2)) == 1  # 12 qualifies
    # The prosecution's only quotes come after the first ten of their stances, so the column
    # leaves them out, but who stands where still counts them.
    assert str(other_party) not in column
    glance = html[html.index('id="glance-title"') :]
    assert f'<a href="{other_party.get_absolute_url()}">{other_party}</a></th>' in glance
