import json

import pytest

from tests.helpers import (
    IMPORT_URL,
    SEED_CASE,
    add_permissions_used,
    empty_the_database,
    row_counts,
    upload,
)
from tracker.interchange import export_case, import_case, read_case_document
from tracker.models import Case
from tracker.permissions import IMPORT_PERMISSIONS

pytestmark = pytest.mark.django_db


def export_url(case):
    return f"/admin/tracker/case/{case.pk}/export-document/"


def test_case_page_offers_the_export_and_it_downloads_the_document(reviewer_client, seed_case):
    case = Case.objects.get()
    url = export_url(case)
    page = reviewer_client.get(f"/admin/tracker/case/{case.pk}/change/").content.decode()
    assert f'href="{url}"' in page
    response = reviewer_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{SEED_CASE}.json"'
    assert json.loads(response.content) == export_case(case)


def test_reviewer_imports_a_document_into_an_empty_database(reviewer_client, seed_case):
    document = json.dumps(export_case(Case.objects.get())).encode()
    empty_the_database()
    response = upload(reviewer_client, document)
    assert response.status_code == 302
    case = Case.objects.get(slug=SEED_CASE)
    assert response["Location"] == f"/admin/tracker/case/{case.pk}/change/"
    assert case.claims.count() == 12
    assert export_case(case) == json.loads(document)
    followed = reviewer_client.get(response["Location"]).content.decode()
    assert "Imported the case" in followed


def test_tampered_upload_is_refused_on_the_page_with_nothing_written(reviewer_client, seed_case):
    document = export_case(Case.objects.get())
    empty_the_database()
    document["claims"][0]["statements"][0]["quote"] += "!"
    before = row_counts()
    response = upload(reviewer_client, json.dumps(document).encode())
    assert response.status_code == 400
    assert "nothing was imported" in response.content.decode()
    assert "the quote is not in source" in response.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\x89PNG\r\n\x1a\n",
        b'{"format": 1}',
        b"[]" * 1000,
        b'{"format_version": ' + b"9" * 5000 + b"}",
    ],
)
def test_junk_uploads_get_a_clear_error_never_a_500(reviewer_client, content):
    response = upload(reviewer_client, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "errornote" in page or "errorlist" in page


def test_importing_takes_the_permission_to_add_every_kind_of_row_an_import_writes(seed_case):
    document = read_case_document(json.dumps(export_case(Case.objects.get())).encode())
    empty_the_database()
    written = add_permissions_used(lambda: import_case(document))
    assert "tracker.add_point" in written
    # The page cache's generation counter changes with every write, by anyone.
    assert written - {"tracker.add_pagegeneration"} - set(IMPORT_PERMISSIONS) == set()


def test_researchers_may_not_import_and_see_no_import_link(researcher_client, seed_case):
    assert researcher_client.get(IMPORT_URL).status_code == 403
    assert upload(researcher_client, b"{}").status_code == 403
    changelist = researcher_client.get("/admin/tracker/case/").content.decode()
    assert IMPORT_URL not in changelist


def test_reviewers_see_the_import_link(reviewer_client):
    assert IMPORT_URL in reviewer_client.get("/admin/tracker/case/").content.decode()
    assert reviewer_client.get(IMPORT_URL).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, seed_case):
    for url in (IMPORT_URL, export_url(Case.objects.get())):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_export_of_an_unknown_case_is_404(reviewer_client):
    assert reviewer_client.get("/admin/tracker/case/999999/export-document/").status_code == 404
