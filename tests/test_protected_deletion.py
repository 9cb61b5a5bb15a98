from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from tracker.models import Case, Claim, Party, Point, Source, Statement


@pytest.mark.parametrize(
    "target",
    ["party", "source", "claim", "case"],
)
def test_what_statements_depend_on_cannot_be_deleted(statement, target):
    obj = {
        "party": statement.party,
        "source": statement.source,
        "claim": statement.claim,
        "case": statement.claim.case,
    }[target]
    with pytest.raises(ProtectedError):
        obj.delete()
    assert Statement.objects.filter(pk=statement.pk).exists()
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("target", ["claimant", "point", "relayed_by"])
def test_what_an_optional_link_names_cannot_be_deleted_while_it_is_set(
    statement, other_party, target
):
    claim = statement.claim
    point = Point.objects.create(case=claim.case, question="Who led the crowd?", slug="who-led")
    Claim.objects.filter(pk=claim.pk).update(claimant=other_party, point=point)
    Statement.objects.filter(pk=statement.pk).update(relayed_by=other_party)
    obj = {"claimant": other_party, "point": point, "relayed_by": other_party}[target]
    with pytest.raises(ProtectedError):
        obj.delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()
    Claim.objects.filter(pk=claim.pk).update(claimant=None, point=None)
    Statement.objects.filter(pk=statement.pk).update(relayed_by=None)
    obj.delete()
    assert not type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("model", "attribute"),
    [(Party, "party"), (Source, "source"), (Claim, "claim")],
)
def test_admin_refuses_deletion_and_says_why(admin_client, draft_with_statement, model, attribute):
    statement = draft_with_statement.statements.get()
    obj = getattr(statement, attribute)
    url = reverse(f"admin:tracker_{model._meta.model_name}_delete", args=[obj.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "would require deleting the following protected related objects" in body
    assert str(statement) in body
    admin_client.post(url, {"post": "yes"})
    assert model.objects.filter(pk=obj.pk).exists()


def test_admin_refuses_deleting_a_case_with_claims(admin_client, claim):
    url = reverse("admin:tracker_case_delete", args=[claim.case.pk])
    # A published claim is never deleted, so the page names claims as what may not go.
    body = admin_client.get(url).content.decode()
    assert "Cannot delete case" in body and "claim" in body
    admin_client.post(url, {"post": "yes"})
    assert Case.objects.filter(pk=claim.case.pk).exists()


def test_an_unused_party_can_be_deleted(db):
    party = Party.objects.create(name="Nobody", slug="nobody", kind=Party.Kind.PERSON)
    party.delete()
    assert not Party.objects.filter(slug="nobody").exists()


def test_a_bulk_delete_of_statements_marks_their_claim_changed(reviewer_client, statement):
    from tracker.models import Claim

    claim = statement.claim
    Claim.objects.filter(pk=claim.pk).update(
        status=Claim.Status.DRAFT, updated_at=timezone.now() - timedelta(days=3)
    )
    before = Claim.objects.get(pk=claim.pk).updated_at

    response = reviewer_client.post(
        reverse("admin:tracker_statement_changelist"),
        {"action": "delete_selected", "_selected_action": [statement.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert Claim.objects.get(pk=claim.pk).updated_at > before
