import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.models import (
    Annotation,
    Case,
    CaseRole,
    Claim,
    ClaimAwaitingReview,
    Outcome,
    Party,
    PartyAlias,
    Point,
    ReviewTransition,
    Revision,
    Source,
    Statement,
    Tag,
)

from .helpers import logged_in, make_statements

TRACKER_MODELS = [
    Annotation, Case, Claim, Outcome, Party, PartyAlias, Point, Source, Statement, Tag
]  # fmt: skip
READ_ONLY_MODELS = [ClaimAwaitingReview, ReviewTransition]


NO_INLINE_ANNOTATIONS = {"annotations-TOTAL_FORMS": 0, "annotations-INITIAL_FORMS": 0}


def admin_url(model, action, *args):
    return reverse(f"admin:tracker_{model._meta.model_name}_{action}", args=args)


def test_every_tracker_model_is_in_the_admin():
    registered = {model for model in admin.site._registry if model._meta.app_label == "tracker"}
    assert registered == set(TRACKER_MODELS + READ_ONLY_MODELS + [Revision])


@pytest.fixture
def annotated_seed_case(seed_case, admin_user):
    claim = Claim.objects.first()
    Annotation.objects.create(claim=claim, author=admin_user, text="Check the Russian original.")
    Annotation.objects.create(
        statement=claim.statements.first(), author=admin_user, text="Paraphrase pending."
    )


@pytest.mark.parametrize("model", TRACKER_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_add_and_change_page_answers(admin_client, annotated_seed_case, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m.__name__)
def test_review_queue_and_history_pages_answer_but_cannot_be_added_to(
    admin_client, admin_user, seed_case, model
):
    claim = Claim.objects.first()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DRAFT)
    claim.refresh_from_db()
    claim.transition("submit", admin_user)
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    obj = model.objects.get() if model is ReviewTransition else claim
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_source_change_page_shows_its_text_and_digest(admin_client, seed_case):
    source = Source.objects.get()
    body = admin_client.get(admin_url(Source, "change", source.pk)).content.decode()
    assert "Wild Arman" in body
    assert source.sha256 in body


def test_statement_change_page_shows_the_quote_in_its_context(admin_client, statement):
    body = admin_client.get(admin_url(Statement, "change", statement.pk)).content.decode()
    assert f"<mark>{statement.quote}</mark>" in body


def test_searching_claims_for_an_alias_finds_that_party_claims(admin_client, seed_case):
    response = admin_client.get(admin_url(Claim, "changelist"), {"q": "Wild Arman"})
    found = set(response.context["cl"].result_list.values_list("slug", flat=True))
    arman = Party.objects.get(slug="arman-dzhumageldiev")
    expected = set(Claim.objects.filter(statements__party=arman).values_list("slug", flat=True))
    assert expected <= found
    assert "january-events-casualties" not in found


def test_searching_claims_by_a_transliteration(admin_client, seed_case):
    response = admin_client.get(admin_url(Claim, "changelist"), {"q": "Джумагельдиев"})
    found = set(response.context["cl"].result_list.values_list("slug", flat=True))
    assert "iskakov-asked-dzhumageldiev-to-protect-people" in found
    assert "abish-distanced-himself" not in found


@pytest.mark.parametrize(
    ("filter_query", "kept", "dropped"),
    [
        ({"status__exact": "draft"}, "draft-claim", "led-the-crowd"),
        ({"statements__stance": "disputes"}, "led-the-crowd", "draft-claim"),
        ({"statements__kind": "testimony"}, "led-the-crowd", "draft-claim"),
        ({"case__id__exact": "{case}"}, "led-the-crowd", "other-case-claim"),
        ({"statements__party__id__exact": "{party}"}, "led-the-crowd", "draft-claim"),
    ],
)
def test_claim_changelist_filters(
    admin_client, statement, other_party, filter_query, kept, dropped
):
    Claim.objects.create(case=statement.claim.case, text="Draft", slug="draft-claim")
    other_case = Case.objects.create(title="Other", slug="other")
    Claim.objects.create(case=other_case, text="Elsewhere", slug="other-case-claim")
    ids = {"case": statement.claim.case_id, "party": statement.party_id}
    query = {key: value.format(**ids) for key, value in filter_query.items()}
    response = admin_client.get(admin_url(Claim, "changelist"), query)
    slugs = {c.slug for c in response.context["cl"].result_list}
    assert kept in slugs and dropped not in slugs


def test_a_bad_quote_is_shown_on_its_field(admin_client, claim, party, source):
    response = admin_client.post(
        admin_url(Statement, "add"),
        {
            "claim": claim.pk,
            "party": party.pk,
            "stance": "supports",
            "kind": "testimony",
            "source": source.pk,
            "quote": "Abish gave the order",
            "position": 0,
            "version": 0,
            **NO_INLINE_ANNOTATIONS,
        },
    )
    assert response.status_code == 200
    assert "not in the source" in str(response.context["adminform"].form.errors["quote"])
    assert not Statement.objects.exists()


def test_a_pasted_quote_gets_its_offsets_in_the_admin(admin_client, claim, party, source):
    admin_client.post(
        admin_url(Statement, "add"),
        {
            "claim": claim.pk,
            "party": party.pk,
            "stance": "supports",
            "kind": "testimony",
            "source": source.pk,
            "quote": "He said he caught looters.",
            "position": 0,
            "version": 0,
            **NO_INLINE_ANNOTATIONS,
        },
    )
    statement = Statement.objects.get()
    assert source.text[statement.quote_start : statement.quote_end] == statement.quote


def test_source_text_keeps_its_whitespace_and_unix_line_breaks(admin_client, db):
    admin_client.post(
        admin_url(Source, "add"),
        {
            "title": "Padded",
            "slug": "padded",
            "kind": "news_report",
            "language": "en",
            "text": "  First line.\r\nSecond line.  ",
            "version": 0,
        },
    )
    assert Source.objects.get(slug="padded").text == "  First line.\nSecond line.  "


def populate(count, prefix, case, party, source, admin_user):
    """``count`` more rows in every changelist, each row related like the seed data."""
    for index in range(count):
        key = f"{prefix}-{index}"
        point = Point.objects.create(case=case, question=f"Point {key}?", slug=f"point-{key}")
        claim = Claim.objects.create(
            case=case, text=f"Claim {key}", slug=f"claim-{key}", claimant=party, point=point
        )
        claim.tags.add(Tag.objects.create(name=f"tag {key}", slug=f"tag-{key}"))
        make_statements(claim, party, source, 1)
        Annotation.objects.create(claim=claim, author=admin_user, text=f"Note {key}")
        Annotation.objects.create(
            statement=claim.statements.get(), author=admin_user, text=f"On statement {key}"
        )
        extra_party = Party.objects.create(name=f"Party {key}", slug=f"party-{key}", kind="group")
        PartyAlias.objects.create(party=extra_party, name=f"Alias {key}", kind="nickname")
        Source.objects.create(slug=f"source-{key}", text=f"Text {key}")
        Case.objects.create(title=f"Case {key}", slug=f"case-{key}")
        Outcome.objects.create(
            case=case,
            party=party,
            source=source,
            summary=f"{key} years",
            quote="Prosecutors",
            quote_start=0,
            quote_end=11,
        )


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


def test_every_changelist_query_count_is_the_same_for_3_and_23_rows(
    admin_client, admin_user, case, party, source
):
    def counts():
        return {model.__name__: changelist_queries(admin_client, model) for model in TRACKER_MODELS}

    populate(3, "few", case, party, source, admin_user)
    few = counts()
    populate(20, "many", case, party, source, admin_user)
    assert all(model.objects.count() >= 23 for model in TRACKER_MODELS)
    assert counts() == few


def submit_claims(count, prefix, case, user):
    claimant, _ = Party.objects.get_or_create(slug="claimant", name="Claimant", kind="person")
    for index in range(count):
        claim = Claim.objects.create(
            case=case, text=f"{prefix} {index}", slug=f"{prefix}-{index}", claimant=claimant
        )
        claim.transition("submit", user)


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m.__name__)
def test_review_changelists_query_count_is_the_same_for_3_and_23_rows(
    admin_client, admin_user, case, model
):
    submit_claims(3, "few", case, admin_user)
    few = changelist_queries(admin_client, model)
    submit_claims(20, "many", case, admin_user)
    assert model.objects.count() >= 23
    assert changelist_queries(admin_client, model) == few


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"status__exact": "\x00"},
        {"outlet": "a\x00b"},
        {"q": ["fine", "\x00"]},
    ],
)
def test_nul_characters_in_admin_addresses_are_a_clear_400(admin_client, seed_case, query):
    for model in (Claim, Source):
        response = admin_client.get(admin_url(model, "changelist"), query)
        assert response.status_code == 400
        assert b"NUL character" in response.content


def test_nul_characters_in_the_autocomplete_are_a_clear_400(admin_client, seed_case):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "tracker", "model_name": "statement", "field_name": "party", "term": "\x00"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("model_name", "field_name", "listed"),
    [("claim", "case", Case), ("outcome", "case", Case), ("claim", "point", Point)],
)
def test_case_and_point_choices_come_page_by_page_each_once_in_order(
    admin_client, case, model_name, field_name, listed
):
    for n in range(25):
        title = f"Case {n:02}"
        other = Case.objects.create(title=title, slug=f"case-{n:02}")
        Point.objects.create(case=other, question=f"Question {n:02}?", slug=f"question-{n:02}")
    shown = []
    for page in (1, 2):
        query = {"app_label": "tracker", "model_name": model_name, "field_name": field_name}
        response = admin_client.get("/admin/autocomplete/", {**query, "page": page})
        shown += [row["id"] for row in response.json()["results"]]
    in_order = listed.objects.order_by(*listed._meta.ordering, "pk").values_list("pk", flat=True)
    assert shown == [str(pk) for pk in in_order]


def test_a_review_comment_with_a_nul_character_is_refused(reviewer_client, draft_claim):
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "submit"])
    response = reviewer_client.post(url, {"comment": "a\x00b", "version": draft_claim.version})
    assert response.status_code == 400
    draft_claim.refresh_from_db()
    assert draft_claim.status == Claim.Status.DRAFT


def change_form_queries(client, url):
    """The number of queries the change form takes, and the page it answered. The first
    answer of a test's first form also caches content types and permissions: warm it first."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_claim_change_form_query_count_is_the_same_for_3_and_23_statements(
    admin_client, admin_user, claim, party, other_party, source
):
    url = admin_url(Claim, "change", claim.pk)
    admin_client.get(url)
    make_statements(claim, party, source, 3)
    for statement in claim.statements.all():
        Annotation.objects.create(statement=statement, author=admin_user, text="note")
        Annotation.objects.create(claim=claim, author=admin_user, text="claim note")
    few, _ = change_form_queries(admin_client, url)
    make_statements(claim, other_party, source, 20)
    Statement.objects.filter(claim=claim).update(relayed_by=party)
    for index in range(20):
        Annotation.objects.create(claim=claim, author=admin_user, text=f"claim note {index}")
    assert claim.statements.count() == 23
    many, page = change_form_queries(admin_client, url)
    assert many == few
    assert page.count(f'<option value="{other_party.pk}" selected>The prosecution</option>') == 20


def test_statement_change_form_query_count_is_the_same_for_1_and_20_notes(
    admin_client, admin_user, statement, django_user_model
):
    url = admin_url(Statement, "change", statement.pk)
    admin_client.get(url)
    Annotation.objects.create(statement=statement, author=admin_user, text="note")
    few, _ = change_form_queries(admin_client, url)
    for index in range(19):
        author = django_user_model.objects.create_user(f"author{index}", is_staff=True)
        Annotation.objects.create(statement=statement, author=author, text=f"note {index}")
    many, _ = change_form_queries(admin_client, url)
    assert many == few


# The whole column, not the opening ``Source.objects.without_text()`` takes of it.
FULL_SOURCE_TEXT = re.compile(r'(?<!\()"tracker_source"\."text"')


def form_queries(client, url):
    """The queries a page takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries]


def test_case_change_form_query_count_is_the_same_for_3_and_23_roles_and_outcomes(
    admin_client, case, source
):
    url = admin_url(Case, "change", case.pk)
    admin_client.get(url)

    def add_parties(prefix, count):
        for index in range(count):
            party = Party.objects.create(
                name=f"{prefix} {index}", slug=f"{prefix}-{index}", kind=Party.Kind.GROUP
            )
            CaseRole.objects.create(case=case, party=party, role="witness")
            Outcome.objects.create(
                case=case, party=party, source=source, summary=f"{prefix} {index} years",
                quote="Prosecutors", quote_start=0, quote_end=11,
            )  # fmt: skip

    add_parties("few", 3)
    few = form_queries(admin_client, url)
    add_parties("many", 20)
    many = form_queries(admin_client, url)
    assert len(many) == len(few)
    assert not [query for query in many if FULL_SOURCE_TEXT.search(query)]


def test_point_change_form_query_count_is_the_same_for_3_and_23_versions(admin_client, case, party):
    point = Point.objects.create(case=case, question="Who led?", slug="who-led")
    url = admin_url(Point, "change", point.pk)
    admin_client.get(url)

    def add_versions(prefix, count):
        for index in range(count):
            Claim.objects.create(
                case=case, point=point, claimant=party, text=f"{prefix} {index}",
                slug=f"{prefix}-{index}", point_position=index,
            )  # fmt: skip

    add_versions("few", 3)
    few = form_queries(admin_client, url)
    add_versions("many", 20)
    assert len(form_queries(admin_client, url)) == len(few)


def test_claim_history_query_count_is_the_same_for_3_and_23_records(admin_client, claim):
    url = admin_url(Claim, "history", claim.pk)
    admin_client.get(url)

    def change(prefix, count):
        for index in range(count):
            claim.tags.add(
                Tag.objects.create(name=f"{prefix} tag {index}", slug=f"{prefix}-{index}")
            )
            claim.text = f"{prefix} text {index}"
            claim.save()

    change("few", 3)
    few = form_queries(admin_client, url)
    change("many", 20)
    many = form_queries(admin_client, url)
    assert claim.history.count() >= 23
    assert len(many) == len(few)
    page = admin_client.get(url).content.decode()
    # What changed between records is still shown, each added tag and each new text.
    assert page.count("<strong>Tags:</strong>") == page.count("<strong>Text:</strong>") == 23
    assert "[few tag 0]" in page and "few tag 0, few tag 1]" in page


def test_claim_change_form_query_count_is_the_same_for_3_and_23_notes_for_a_researcher(
    researcher, draft_claim
):
    client = logged_in(researcher)
    url = admin_url(Claim, "change", draft_claim.pk)
    client.get(url)

    def add_notes(count):
        for index in range(count):
            Annotation.objects.create(claim=draft_claim, author=researcher, text=f"note {index}")

    add_notes(3)
    few = form_queries(client, url)
    add_notes(20)
    assert len(form_queries(client, url)) == len(few)


def test_statement_autocomplete_query_count_is_the_same_for_3_and_23_statements(
    admin_client, claim, party, source
):
    url = "/admin/autocomplete/?app_label=tracker&model_name=annotation&field_name=statement"
    admin_client.get(url)
    make_statements(claim, party, source, 3)
    few = form_queries(admin_client, url)
    make_statements(claim, party, source, 20)
    many = form_queries(admin_client, url)
    assert len(many) == len(few)
    assert party.name in admin_client.get(url).content.decode()
