"""A save refused at write time, an oversized source and a near-miss quote: the user is told
why and keeps what they typed; nothing is half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import pre_save
from django.urls import reverse

from tracker.models import Claim, Revision, Source

from .helpers import form_values

pytestmark = pytest.mark.django_db


def test_a_save_refused_at_write_time_shows_the_form_again_with_the_input(
    researcher_client, draft_claim
):
    url = reverse("admin:tracker_claim_change", args=[draft_claim.pk])
    values = form_values(researcher_client.get(url))

    def someone_else_saves_first(sender, instance, **kwargs):
        # Another person's save lands after this form was validated, before its write.
        if instance.pk == draft_claim.pk and instance.text == "My careful rewording":
            Claim.objects.filter(pk=draft_claim.pk).update(text="Their edit", version=7)

    pre_save.connect(someone_else_saves_first, sender=Claim)
    try:
        response = researcher_client.post(url, {**values, "text": "My careful rewording"})
    finally:
        pre_save.disconnect(someone_else_saves_first, sender=Claim)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this claim after you opened it" in html
    assert "My careful rewording" in html
    # Nothing of the refused save was written (the other writer's update, made inside the
    # same request here, was rolled back with it).
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Abish gave the order"


def source_form(source: Source, **changes: object) -> dict[str, object]:
    return {
        "title": source.title,
        "slug": source.slug,
        "kind": source.kind,
        "language": source.language,
        "text": source.text,
        "version": source.version,
        **changes,
    }


def test_a_source_over_five_megabytes_gets_a_form_error_and_keeps_its_title(admin_client, source):
    url = reverse("admin:tracker_source_change", args=[source.pk])
    huge = "Ж" * (3 * 1024 * 1024)  # 6 MB in UTF-8
    response = admin_client.post(url, source_form(source, text=huge, title="Kept title"))
    assert response.status_code == 200
    assert "a source may hold at most 5 MB" in response.content.decode()
    assert response.context["adminform"].form["title"].value() == "Kept title"
    source.refresh_from_db()
    assert source.text != huge


def test_a_request_over_the_limit_gets_a_page_saying_so(admin_client, source, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    url = reverse("admin:tracker_source_change", args=[source.pk])
    response = admin_client.post(url, source_form(source, text="x" * 20_000))
    assert response.status_code == 413
    assert "the tracker accepts at most" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()


def test_a_source_can_be_added_from_an_uploaded_text_file(admin_client):
    text = "Witnesses claimed he led them.\r\n🙂 Second line.\n"
    upload = SimpleUploadedFile("report.txt", text.encode("utf-8"), content_type="text/plain")
    response = admin_client.post(
        reverse("admin:tracker_source_add"),
        {
            "slug": "report",
            "kind": "news_report",
            "language": "en",
            "version": 0,
            "text_file": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Source.objects.get(slug="report").text == text


def test_an_edited_text_and_an_uploaded_file_together_are_refused_keeping_the_edit(
    admin_client, source
):
    url = reverse("admin:tracker_source_change", args=[source.pk])
    values = form_values(admin_client.get(url))
    typed = source.text + " Updated by the editor."
    upload = SimpleUploadedFile("report.txt", b"Another report altogether.")
    response = admin_client.post(url, {**values, "text": typed, "text_file": upload})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "not both" in form.errors["text_file"][0]
    assert form["text"].value() == typed
    assert Source.objects.get(pk=source.pk).text == source.text


def test_a_file_replaces_the_researchers_own_pending_text_left_as_it_was(
    researcher_client, statement
):
    source = statement.source
    url = reverse("admin:tracker_source_change", args=[source.pk])
    values = form_values(researcher_client.get(url))
    pending_text = "Correction appended by the editor. " + source.text
    assert researcher_client.post(url, {**values, "text": pending_text}).status_code == 302
    values = form_values(researcher_client.get(url))
    assert values["text"] == pending_text
    in_the_file = source.text + "\nA paragraph the new edition adds."
    upload = SimpleUploadedFile("report.txt", in_the_file.encode("utf-8"))
    response = researcher_client.post(url, {**values, "text_file": upload})
    assert response.status_code == 302
    assert Revision.objects.pending().of(source).get().proposed["text"] == in_the_file


@pytest.mark.parametrize("box", ["as it was", "emptied"])
def test_an_uploaded_file_replaces_the_text_left_as_it_was_or_emptied(admin_client, source, box):
    url = reverse("admin:tracker_source_change", args=[source.pk])
    values = form_values(admin_client.get(url))
    if box == "emptied":
        values["text"] = ""
    upload = SimpleUploadedFile("report.txt", b"Another report altogether.")
    response = admin_client.post(url, {**values, "text_file": upload})
    assert response.status_code == 302
    assert Source.objects.get(pk=source.pk).text == "Another report altogether."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"T\xe9moins", "is not UTF-8 text"),
        (b"  \n", "holds no text"),
        (b"The court\x00 adjourned.", "NUL character"),
    ],
)
def test_an_unusable_upload_is_refused_with_a_reason(admin_client, content, message):
    upload = SimpleUploadedFile("bad.txt", content, content_type="text/plain")
    response = admin_client.post(
        reverse("admin:tracker_source_add"),
        {"slug": "bad", "kind": "news_report", "language": "en", "version": 0, "text_file": upload},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Source.objects.exists()


def test_the_same_text_cannot_be_added_twice(admin_client, source):
    response = admin_client.post(
        reverse("admin:tracker_source_add"),
        {
            "slug": "again",
            "kind": "news_report",
            "language": "en",
            "version": 0,
            "text": source.text,
        },
    )
    assert response.status_code == 200
    assert "This text is stored already" in response.content.decode()
    assert Source.objects.count() == 1


def test_the_live_preview_offers_the_closest_passage_and_each_occurrence(admin_client, source):
    url = reverse("admin:tracker_source_locate")
    near = admin_client.get(url, {"source": source.pk, "quote": '"Wild Arman" led the crowd'})
    assert near.status_code == 422
    closest = near.json()["closest"]
    assert closest["quote"] == "«Wild Arman» led the crowd"
    assert source.text[closest["start"] : closest["end"]] == closest["quote"]

    Source.objects.filter(pk=source.pk).update(text=source.text + " He denied it.")
    twice = admin_client.get(url, {"source": source.pk, "quote": "denied it"})
    assert twice.status_code == 422
    choices = twice.json()["choices"]
    assert [c["quote"] for c in choices] == ["denied it", "denied it"]
    assert "Джумагельдиев " in choices[0]["before"]
    assert "occurs 2 times" in twice.json()["errors"]["quote_start"]


def refuse_next_save_of(model, pk):
    """Another person's save lands between this form's validation and its write."""

    def someone_else_saves_first(sender, instance, **kwargs):
        if instance.pk == pk:
            model.objects.filter(pk=pk).update(version=99)

    return someone_else_saves_first


@pytest.mark.parametrize("form", ["statement page", "claim inline"])
def test_a_statement_save_refused_at_write_time_keeps_the_input(
    researcher_client, draft_with_statement, form
):
    from tracker.models import Statement

    statement = draft_with_statement.statements.get()
    if form == "statement page":
        url = reverse("admin:tracker_statement_change", args=[statement.pk])
        field = "paraphrase"
    else:
        url = reverse("admin:tracker_claim_change", args=[draft_with_statement.pk])
        field = "statements-0-paraphrase"
    values = form_values(researcher_client.get(url))
    receiver = refuse_next_save_of(Statement, statement.pk)
    pre_save.connect(receiver, sender=Statement)
    try:
        response = researcher_client.post(url, {**values, field: "A paraphrase typed with care"})
    finally:
        pre_save.disconnect(receiver, sender=Statement)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this statement after you opened it" in html
    assert "A paraphrase typed with care" in html
    assert Statement.objects.get(pk=statement.pk).paraphrase == ""


def test_a_source_save_refused_at_write_time_keeps_the_input(admin_client, source):
    url = reverse("admin:tracker_source_change", args=[source.pk])
    receiver = refuse_next_save_of(Source, source.pk)
    pre_save.connect(receiver, sender=Source)
    try:
        response = admin_client.post(url, source_form(source, title="A title typed with care"))
    finally:
        pre_save.disconnect(receiver, sender=Source)
    assert response.status_code == 200
    assert "Someone else changed this source after you opened it" in response.content.decode()
    assert "A title typed with care" in response.content.decode()
    source.refresh_from_db()
    assert source.title == "Trial report"
