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
def draft_claim(case):
    return Claim.objects.create(case=case, text="Abish gave the order", slug="abish-gave-the-order")


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
