"""Disputed points and claimants: the model rules that every page and the admin rely on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from tracker.models import Case, Claim, Party, Point, TransitionNotAllowed

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(case):
    return Point.objects.create(
        case=case, question="Who sent Dzhumageldiev into the streets?", slug="who-sent"
    )


def version(point, claimant, slug, status=Claim.Status.PUBLISHED, position=0):
    return Claim.objects.create(
        case=point.case,
        point=point,
        point_position=position,
        claimant=claimant,
        text=f"Version {slug}",
        slug=slug,
        status=status,
    )


@pytest.mark.parametrize(
    "statuses, public",
    [
        ([], False),
        ([Claim.Status.DRAFT], False),
        ([Claim.Status.IN_REVIEW, Claim.Status.UNPUBLISHED], False),
        ([Claim.Status.PUBLISHED], True),
        ([Claim.Status.DRAFT, Claim.Status.PUBLISHED], True),
    ],
)
def test_a_point_is_published_only_through_a_published_version(point, party, statuses, public):
    for index, status in enumerate(statuses):
        version(point, party, f"v{index}", status)
    assert (point in Point.objects.published()) is public
    assert (point in Point.objects.visible_to(AnonymousUser())) is public


def test_researchers_see_every_point_and_staff_without_a_role_do_not(point, researcher, staff):
    assert point in Point.objects.visible_to(researcher)
    assert point not in Point.objects.visible_to(staff)


def test_point_search_finds_question_and_claimant_names_and_aliases(point, party, other_party):
    version(point, party, "arman")
    other = Point.objects.create(case=point.case, question="Unrelated question", slug="other")
    version(other, other_party, "prosecution")
    assert list(Point.objects.matching("streets")) == [point]
    assert list(Point.objects.matching("WILD ARMAN")) == [point]  # an alias of the claimant
    assert list(Point.objects.matching("Arman Dzhumageldiev")) == [point]
    assert list(Point.objects.matching("prosecution")) == [other]


def test_point_search_ignores_claimants_of_unpublished_versions(point, party):
    version(point, party, "draft", Claim.Status.DRAFT)
    assert not Point.objects.matching("wild arman").exists()


def test_put_forward_by_keeps_points_with_the_partys_published_version(point, party, other_party):
    version(point, party, "arman")
    version(point, other_party, "prosecution-draft", Claim.Status.DRAFT)
    assert list(Point.objects.put_forward_by(Party.objects.filter(pk=party.pk))) == [point]
    assert not Point.objects.put_forward_by(Party.objects.filter(pk=other_party.pk)).exists()


@pytest.mark.parametrize(
    "status, open_to_researchers",
    [
        (Claim.Status.DRAFT, True),
        (Claim.Status.CHANGES_REQUESTED, True),
        (Claim.Status.UNPUBLISHED, True),
        (Claim.Status.IN_REVIEW, False),
        (Claim.Status.PUBLISHED, False),
    ],
)
def test_a_point_is_open_to_researchers_while_no_version_is_in_review_or_published(
    point, party, status, open_to_researchers
):
    version(point, party, "draft", Claim.Status.DRAFT)
    version(point, party, "other", status)
    assert point.is_open_to_researchers is open_to_researchers


def test_a_version_takes_its_points_case_and_may_not_belong_to_another(point, party):
    claim = Claim(point=point, claimant=party, text="A version", slug="a-version")
    claim.clean()  # as the point's inline form does, where the case is not a field
    assert claim.case == point.case
    claim.case = Case.objects.create(title="Another case", slug="another")
    with pytest.raises(ValidationError) as refused:
        claim.full_clean()
    assert "point" in refused.value.message_dict


def test_a_claim_cannot_be_submitted_or_published_without_a_claimant(case, researcher, party):
    claim = Claim.objects.create(case=case, text="Nobody's claim", slug="nobodys")
    with pytest.raises(TransitionNotAllowed, match="claimant"):
        claim.transition("submit", researcher)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    claim.claimant = party
    claim.save()
    claim.transition("submit", researcher)
    assert claim.status == Claim.Status.IN_REVIEW


def test_a_draft_may_lack_a_claimant_but_a_published_claim_may_not(case, claim, party):
    draft = Claim(case=case, text="Work in progress", slug="wip")
    draft.full_clean()
    claim.claimant = None
    with pytest.raises(ValidationError) as refused:
        claim.full_clean()
    assert "claimant" in refused.value.message_dict


def test_publishing_records_when_the_claim_was_published(draft_claim, researcher, reviewer):
    assert draft_claim.published_at is None
    draft_claim.transition("submit", researcher)
    draft_claim.transition("publish", reviewer)
    draft_claim.refresh_from_db()
    assert draft_claim.published_at is not None
    assert draft_claim.history.first().published_at == draft_claim.published_at


def test_rival_versions_are_the_points_other_published_versions_in_order(point, party):
    prosecution = Party.objects.create(name="Prosecution", slug="pros", kind=Party.Kind.STATE_BODY)
    mine = version(point, party, "mine", position=2)
    third = version(point, prosecution, "third", position=3)
    first = version(point, prosecution, "first", position=1)
    version(point, prosecution, "draft", Claim.Status.DRAFT)
    assert mine.rival_versions() == [first, third]
    assert Claim.objects.create(case=point.case, text="Alone", slug="alone").rival_versions() == []


def test_point_history_is_kept(point, party):
    point.question = "Who sent him, and why?"
    point.save()
    assert [h.question for h in point.history.all()] == [
        "Who sent him, and why?",
        "Who sent Dzhumageldiev into the streets?",
    ]


def test_the_matrix_of_a_points_versions_lists_each_party_with_a_statement(point, party, statement):
    statement.claim.point = point
    statement.claim.claimant = party
    statement.claim.save()
    versions = point.versions_for(AnonymousUser())
    matrix = Point.stance_matrix(versions)
    assert [p.slug for p in matrix.parties] == [party.slug]
    assert [(c.party, c.stances) for c in matrix.rows[0].cells] == [(party, ["Disputes"])]
    assert [(column.party, column.claims) for column in matrix.by_party] == [
        (party, [(statement.claim, ["Disputes"])])
    ]
