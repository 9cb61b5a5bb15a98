import pytest
from django.core.management import call_command

from tracker.models import Case, Claim, Party, PartyAlias, Source, Statement

SOURCE_TEXT = (
    "Prosecutors argued that «Wild Arman» led the crowd—and witnesses agreed. "
    "Арман Джумагельдиев denied it. He said he caught looters."
)


@pytest.fixture
def seed_case(db):
    call_command("loaddata", "almaty_trial", verbosity=0)


@pytest.fixture
def party(db):
    arman = Party.objects.create(
        name="Arman Dzhumageldiev", slug="arman-dzhumageldiev", kind=Party.Kind.PERSON
    )
    PartyAlias.objects.create(party=arman, name="Wild Arman", kind=PartyAlias.Kind.NICKNAME)
    return arman


@pytest.fixture
def other_party(db):
    return Party.objects.create(
        name="The prosecution", slug="prosecution", kind=Party.Kind.STATE_BODY
    )


@pytest.fixture
def source(db):
    return Source.objects.create(title="Trial report", slug="trial-report", text=SOURCE_TEXT)


@pytest.fixture
def case(db):
    return Case.objects.create(title="Almaty trial", slug="almaty-trial")


@pytest.fixture
def claim(case):
    return Claim.objects.create(
        case=case,
        text="Dzhumageldiev led the crowd",
        slug="led-the-crowd",
        status=Claim.Status.PUBLISHED,
    )


@pytest.fixture
def statement(claim, party, source):
    statement = Statement(
        claim=claim,
        party=party,
        source=source,
        stance=Statement.Stance.DISPUTES,
        kind=Statement.Kind.TESTIMONY,
        quote="Арман Джумагельдиев denied it.",
    )
    statement.full_clean()
    statement.save()
    return statement


def make_statements(claim, party, source, count):
    """``count`` valid statements on ``claim``, quoting the first word of ``source``."""
    quote = source.text.split()[0]
    start = source.text.index(quote)
    Statement.objects.bulk_create(
        Statement(
            claim=claim,
            party=party,
            source=source,
            stance=list(Statement.Stance)[index % 3],
            kind=Statement.Kind.TESTIMONY,
            quote=quote,
            quote_start=start,
            quote_end=start + len(quote),
        )
        for index in range(count)
    )


def member_of(group_name, username):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pw-" + username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def researcher(db):
    return member_of("Researchers", "rita")


@pytest.fixture
def reviewer(db):
    return member_of("Reviewers", "victor")


def logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def researcher_client(researcher):
    return logged_in(researcher)


@pytest.fixture
def reviewer_client(reviewer):
    return logged_in(reviewer)


@pytest.fixture
def draft_claim(case, party):
    return Claim.objects.create(
        case=case, text="Abish gave the order", slug="abish-gave-the-order", claimant=party
    )


def form_values(response):
    """What the browser would post back: every bound field's initial value, by prefixed name."""
    values = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        values.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
                f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
            }
        )
        forms.extend(formset.initial_forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            values[bound.html_name] = value
    return values


@pytest.fixture
def reader(db, django_user_model):
    return django_user_model.objects.create_user("reader", password="reader-password")


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_user(
        "researcher", password="researcher-password", is_staff=True
    )


@pytest.fixture
def draft_with_statement(case, party, source):
    draft = Claim.objects.create(
        case=case, text="Dzhumageldiev planned the unrest", slug="planned-the-unrest"
    )
    statement = Statement(
        claim=draft,
        party=party,
        source=source,
        stance=Statement.Stance.SUPPORTS,
        kind=Statement.Kind.ALLEGATION,
        quote="He said he caught looters.",
    )
    statement.full_clean()
    statement.save()
    return draft


def count_queries(client, url):
    """How many queries answering ``url`` takes; the page must answer 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def seed_draft(seed_case):
    """A draft claim in the seed case with one statement by Dzhumageldiev on the seed source."""
    source = Source.objects.get()
    draft = Claim.objects.create(
        case=Case.objects.get(),
        text="Dzhumageldiev planned the unrest",
        slug="planned-the-unrest",
        status=Claim.Status.IN_REVIEW,
    )
    statement = Statement(
        claim=draft,
        party=Party.objects.get(slug="arman-dzhumageldiev"),
        source=source,
        stance=Statement.Stance.QUALIFIES,
        kind=Statement.Kind.TESTIMONY,
        quote="closed to the press",
    )
    statement.full_clean()
    statement.save()
    return draft
