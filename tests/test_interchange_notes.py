"""Notes, review history and publication times travel in the case document (format 2)."""

import copy
import io
import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import escape

from tests.helpers import (
    SEED_CASE,
    add_permissions_used,
    back_in_review,
    empty_the_database,
    logged_in,
    member_of,
    row_counts,
)
from tracker import permissions
from tracker.interchange import ImportRefused, export_case, import_case
from tracker.models import Annotation, Case, Claim, ReviewTransition
from tracker.permissions import IMPORT_PERMISSIONS

pytestmark = pytest.mark.django_db

VERSION_1_DOCUMENT = Path(__file__).parent / "documents" / "case_document_v1.json"
SCHEMA_URL = "/api/case-document/schema/"


@pytest.fixture
def importer(db):
    """A reviewer of the tracker the document goes to; the document's people are not users."""
    return member_of("Reviewers", "ingrid")


@pytest.fixture
def worked_case(seed_case, reviewer, researcher):
    """The seed case with notes by a reviewer and a researcher, public and internal, on claims
    and statements, and claims taken through review steps with comments."""
    reviewer.first_name, reviewer.last_name = "Victor", "Okafor"
    reviewer.save()
    claims = list(Case.objects.get().claims.order_by("position", "pk"))
    back_in_review(claims[0], reviewer, researcher)
    claims[0].transition("request_changes", reviewer, comment="Name the second witness.")
    claims[1].transition("unpublish", reviewer, comment="The source retracted it.")
    Annotation.objects.create(
        claim=claims[0],
        author=reviewer,
        text="Checked against the court record.",
        visibility=Annotation.Visibility.PUBLIC,
    )
    Annotation.objects.create(claim=claims[0], author=researcher, text="Ask Almas about this.")
    statement = claims[2].statements.first()
    Annotation.objects.create(
        statement=statement,
        author=reviewer,
        text="The interpreter's wording, not his.",
        visibility=Annotation.Visibility.PUBLIC,
    )
    return claims


def refused_import(document, **options):
    before = row_counts()
    with pytest.raises(ImportRefused) as refusal:
        import_case(document, **options)
    assert row_counts() == before
    return "\n".join(refusal.value.problems)


def test_round_trip_keeps_notes_review_history_and_publication_times(worked_case, importer):
    document = json.loads(json.dumps(export_case(Case.objects.get())))
    assert document["format_version"] == 2
    first, second, third = document["claims"][:3]
    assert [note["author"] for note in first["annotations"]] == ["Victor Okafor", "rita"]
    assert [note["public"] for note in first["annotations"]] == [True, False]
    assert [step["transition"] for step in first["review_history"]] == [
        "unpublish",
        "revise",
        "submit",
        "request_changes",
    ]
    assert first["review_history"][-1]["comment"] == "Name the second witness."
    assert first["review_history"][1]["actor"] == "rita"
    assert second["review_history"][0]["from_status"] == "published"
    # The seed loads its claims published, with a publication time and no review step.
    assert (
        second["published_at"] == Claim.objects.get(pk=worked_case[1].pk).published_at.isoformat()
    )
    assert third["statements"][0]["annotations"][0]["text"] == "The interpreter's wording, not his."
    users = User.objects.count()
    empty_the_database()
    import_case(copy.deepcopy(document), importer=importer, keep_public_notes=True)
    assert User.objects.count() == users
    assert export_case(Case.objects.get(slug=SEED_CASE)) == document


def test_a_publication_time_and_step_times_are_kept_to_the_microsecond(
    worked_case, importer, reviewer, researcher
):
    claim = worked_case[3]
    back_in_review(claim, reviewer, researcher)
    claim.transition("publish", reviewer, comment="Fine now.")
    document = export_case(Case.objects.get())
    published_at = Claim.objects.get(pk=claim.pk).published_at
    exported = document["claims"][3]
    assert exported["published_at"] == published_at.isoformat()
    empty_the_database()
    import_case(document, importer=importer)
    imported = Claim.objects.get(slug=exported["slug"])
    assert imported.published_at == published_at
    steps = imported.review_transitions.order_by("pk")
    assert [step.created_at.isoformat() for step in steps] == [
        step["created_at"] for step in exported["review_history"]
    ]


def test_imported_notes_and_steps_name_their_original_people_and_the_importer(
    worked_case, importer
):
    document = export_case(Case.objects.get())
    empty_the_database()
    import_case(document, importer=importer, keep_public_notes=True)
    claim = Claim.objects.get(slug=document["claims"][0]["slug"])
    notes = list(claim.annotations.order_by("pk"))
    assert [note.author for note in notes] == [importer, importer]
    assert [note.original_author for note in notes] == ["Victor Okafor", "rita"]
    steps = list(claim.review_transitions.order_by("pk"))
    assert {step.actor for step in steps} == {importer}
    assert [step.original_actor for step in steps] == [
        "Victor Okafor",
        "rita",
        "rita",
        "Victor Okafor",
    ]
    assert "Victor Okafor" in str(steps[-1]) and "ingrid" in str(steps[-1])


def test_public_notes_arrive_internal_unless_the_reviewer_keeps_them_public(worked_case, importer):
    document = export_case(Case.objects.get())
    empty_the_database()
    report = import_case(document, importer=importer)
    assert not Annotation.objects.public().exists()
    assert Annotation.objects.count() == 3
    assert any("2 public notes were imported as internal" in line for line in report.lines())
    note = Annotation.objects.get(text="Checked against the court record.")
    assert "public in the document" in note.history.get().history_change_reason


def test_only_a_reviewer_keeps_imported_notes_public(worked_case, researcher):
    document = export_case(Case.objects.get())
    empty_the_database()
    problems = refused_import(document, importer=researcher, keep_public_notes=True)
    assert "only a reviewer keeps" in problems


def test_a_document_with_notes_needs_the_importing_user(worked_case):
    document = export_case(Case.objects.get())
    empty_the_database()
    assert "name the user who imports it" in refused_import(document)


def test_statuses_stay_as_today_drafts_in_review_and_published_as_the_document_says(
    worked_case, importer
):
    document = export_case(Case.objects.get())
    statuses = {claim["slug"]: claim["status"] for claim in document["claims"]}
    empty_the_database()
    import_case(document, importer=importer)
    assert dict(Claim.objects.values_list("slug", "status")) == statuses


def test_a_version_1_document_still_imports(db, importer):
    raw = VERSION_1_DOCUMENT.read_text(encoding="utf-8")
    old = json.loads(raw)
    assert old["format_version"] == 1
    before = timezone.now()
    import_case(json.loads(raw))
    exported = export_case(Case.objects.get(slug=old["case"]["slug"]))
    assert exported["format_version"] == 2
    for claim in exported["claims"]:
        assert claim.pop("annotations") == []
        assert claim.pop("review_history") == []
        # Version 1 did not carry it: a claim that comes in published is published from now.
        published_at = claim.pop("published_at")
        if claim["status"] == "published":
            assert datetime.fromisoformat(published_at) >= before
        else:
            assert published_at is None
        for statement in claim["statements"]:
            assert statement.pop("annotations") == []
    assert {**exported, "format_version": 1} == old


def test_a_version_1_document_with_version_2_fields_is_refused(db):
    old = json.loads(VERSION_1_DOCUMENT.read_text(encoding="utf-8"))
    old["claims"][0]["annotations"] = []
    problems = refused_import(old)
    assert "fields this tracker does not know: annotations" in problems


def test_bad_notes_and_steps_are_refused_naming_where(worked_case, importer):
    document = export_case(Case.objects.get())
    empty_the_database()
    first, third = document["claims"][0], document["claims"][2]
    slug = first["slug"]
    first["annotations"][0]["public"] = "yes"
    third["statements"][0]["annotations"][0]["created_at"] = "2022-01-05"
    first["review_history"][0]["transition"] = "approve"
    first["review_history"][2]["from_status"] = "published"
    document["claims"][1]["published_at"] = "yesterday"
    problems = refused_import(document, importer=importer)
    assert f"Claim {slug}: note 1: public must be true or false" in problems
    assert (
        f"Claim {third['slug']}: statement 1: note 1: created_at must be a date and time"
        in problems
    )
    assert f"Claim {slug}: review step 1: unknown transition 'approve'" in problems
    assert f"Claim {slug}: review step 3: submit goes from draft to in_review" in problems
    # A claim whose own fields are wrong is named by its place: its slug is not trusted yet.
    assert "Claim 2: published_at must be a date and time" in problems


def test_a_review_history_that_does_not_end_in_the_claims_status_is_refused(worked_case, importer):
    document = export_case(Case.objects.get())
    empty_the_database()
    claim = document["claims"][0]
    claim["review_history"].pop()
    problems = refused_import(document, importer=importer)
    assert (
        f"Claim {claim['slug']}: its review history ends in in_review, not in its status "
        "changes_requested" in problems
    )


def test_the_schema_is_served_and_describes_both_versions(client, worked_case):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    # Checked once above: jsonschema.validate() checks the schema again on each call, 0.15 s.
    validator = jsonschema.Draft202012Validator(schema)
    document = export_case(Case.objects.get())
    validator.validate(document)
    validator.validate(json.loads(VERSION_1_DOCUMENT.read_text(encoding="utf-8")))
    broken = copy.deepcopy(document)
    broken["claims"][0]["annotations"][0]["public"] = "yes"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
    mixed = copy.deepcopy(document)
    mixed["format_version"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(mixed)


def test_import_command_takes_the_user_and_keeps_public_notes_when_told(
    worked_case, importer, tmp_path
):
    path = tmp_path / "case.json"
    call_command("export_case", SEED_CASE, output=path)
    empty_the_database()
    with pytest.raises(CommandError, match="name the user who imports it"):
        call_command("import_case", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No user with the username “nobody”"):
        call_command("import_case", str(path), user="nobody", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_case", str(path), user="ingrid", keep_public_notes=True, stdout=out)
    assert Annotation.objects.public().count() == 2
    assert set(ReviewTransition.objects.values_list("actor__username", flat=True)) == {"ingrid"}


def test_an_imported_claim_published_elsewhere_opens_its_review_page(
    worked_case, importer, reviewer, researcher, reviewer_client
):
    claim = worked_case[4]
    back_in_review(claim, reviewer, researcher)
    claim.transition("publish", reviewer)
    claim.transition("unpublish", reviewer)
    document = export_case(Case.objects.get())
    empty_the_database()
    import_case(document, importer=importer)
    imported = Claim.objects.get(slug=claim.slug)
    assert imported.published_at is not None
    response = reviewer_client.get(f"/admin/tracker/claim/{imported.pk}/review/")
    assert response.status_code == 200
    assert "(it was loaded or imported already published); below is everything in it" in (
        response.content.decode()
    )
    assert escape(imported.text) in response.content.decode()


def upload(client, document, **fields):
    content = json.dumps(document).encode()
    return client.post(
        "/admin/tracker/case/import-document/",
        {"document": SimpleUploadedFile("case.json", content), **fields},
    )


@pytest.mark.parametrize("keep", [False, True])
def test_the_admin_import_records_the_reviewer_and_keeps_public_notes_only_when_ticked(
    worked_case, importer, keep
):
    document = export_case(Case.objects.get())
    empty_the_database()
    fields = {"keep_public_notes": "on"} if keep else {}
    response = upload(logged_in(importer), document, **fields)
    assert response.status_code == 302
    assert Annotation.objects.public().count() == (2 if keep else 0)
    assert set(Annotation.objects.values_list("author__username", flat=True)) == {"ingrid"}
    assert Annotation.history.filter(history_user=importer).count() == 3
    created = Claim.history.filter(history_type="+", history_user=importer)
    assert created.count() == len(document["claims"])


def test_importing_notes_and_steps_takes_only_the_import_permissions(worked_case, importer):
    document = export_case(Case.objects.get())
    empty_the_database()
    written = add_permissions_used(lambda: import_case(document, importer=importer))
    assert {"tracker.add_annotation", "tracker.add_reviewtransition"} <= written
    # Review steps are recorded with the reviewer's permission, as when taken here; the page
    # cache's generation counter changes with every write, by anyone.
    unasked = {"tracker.add_reviewtransition", "tracker.add_pagegeneration"}
    assert written - unasked - set(IMPORT_PERMISSIONS) == set()


def test_a_named_importer_who_may_not_import_cases_is_refused(worked_case, researcher, tmp_path):
    # A researcher named as the importer would put the document's published claims on the
    # reader site, and record its publish steps as theirs: only a reviewer may.
    document = export_case(Case.objects.get())
    empty_the_database()
    assert "may not import case documents" in refused_import(document, importer=researcher)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="may not import case documents"):
        call_command("import_case", str(path), user=researcher.username, stdout=io.StringIO())
    assert not Claim.objects.exists()


@pytest.mark.parametrize("written", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_a_time_outside_what_utc_holds_is_refused_naming_where(worked_case, importer, written):
    # Read with its offset it is a moment, but not one in UTC's years 1 to 9999, where the
    # database keeps it: saving it overflowed (a 500 in the admin).
    document = export_case(Case.objects.get())
    empty_the_database()
    claim = document["claims"][0]
    claim["annotations"][0]["created_at"] = written
    problems = refused_import(document, importer=importer)
    assert f"Claim {claim['slug']}: note 1: created_at must be a date and time" in problems


def test_a_time_later_than_now_is_refused(worked_case, importer, reviewer, researcher):
    # A publication dated in the future would stand for every later version of the claim: its
    # review page would compare the claim with itself and show a reviewer no change at all.
    claim = worked_case[4]
    document = export_case(Case.objects.get())
    empty_the_database()
    [number] = [n for n, c in enumerate(document["claims"], 1) if c["slug"] == claim.slug]
    document["claims"][number - 1]["published_at"] = "2999-01-01T00:00:00+00:00"
    problems = refused_import(copy.deepcopy(document), importer=importer)
    assert f"Claim {number}: published_at is later than now" in problems
    document["claims"][number - 1]["published_at"] = None
    document["claims"][0]["review_history"][-1]["created_at"] = "2999-01-01T00:00:00+00:00"
    problems = refused_import(document, importer=importer)
    assert f"Claim {document['claims'][0]['slug']}: review step 4: created_at is later" in problems


def test_a_history_that_publishes_a_claim_given_no_publication_time_is_refused(
    worked_case, importer, reviewer, researcher
):
    # Taken for a claim never published, its review page would show it as new and its
    # statements could be deleted as if no reader had seen them.
    published_here = worked_case[4]
    back_in_review(published_here, reviewer, researcher)
    published_here.transition("publish", reviewer)
    document = export_case(Case.objects.get())
    empty_the_database()
    claim = next(c for c in document["claims"] if c["slug"] == published_here.slug)
    assert claim["review_history"][-1]["transition"] == "publish"
    claim["published_at"] = None
    problems = refused_import(document, importer=importer)
    assert (
        f"Claim {claim['slug']}: its review history publishes it, but it has no published_at."
        in (problems)
    )


def test_a_history_that_unpublishes_a_claim_given_no_publication_time_is_refused(
    worked_case, importer
):
    # A history may lack its first steps: one starting with the claim's unpublishing shows
    # it published as much as one with the step that published it.
    unpublished_here = worked_case[1]
    document = export_case(Case.objects.get())
    empty_the_database()
    claim = next(c for c in document["claims"] if c["slug"] == unpublished_here.slug)
    assert [step["transition"] for step in claim["review_history"]] == ["unpublish"]
    claim["published_at"] = None
    problems = refused_import(document, importer=importer)
    assert (
        f"Claim {claim['slug']}: its review history publishes it, but it has no published_at."
        in problems
    )


def test_a_claim_imported_published_without_a_time_is_not_taken_for_new_once_unpublished(
    db, importer, reviewer, researcher, reviewer_client
):
    import_case(json.loads(VERSION_1_DOCUMENT.read_text(encoding="utf-8")))
    claim = Claim.objects.published().exclude(claimant=None).first()
    back_in_review(claim, reviewer, researcher)
    body = reviewer_client.get(f"/admin/tracker/claim/{claim.pk}/review/").content.decode()
    assert "It has not been published before" not in body
    assert "It was published before" in body
    assert not permissions.may_delete_statements_of(reviewer, claim)
