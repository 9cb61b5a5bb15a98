import pytest
from django.core.management import call_command

from tracker.models import Claim, Party, PartyAlias, Statement
from tracker.search import normalise_for_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Wild Arman", "wild arman"),
        ("DZHUMAGELDÍEV", "dzhumageldiev"),
        ("Джумагельдиев", "джумагельдиев"),
        ("ДЖУМАГЕЛЬДИЕВ", "джумагельдиев"),
        ("Straße", "strasse"),
        ("  two\t spaces\n", "two spaces"),
        ("nul\x00byte", "nulbyte"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_for_search_folds_case_accents_space_and_controls(text, normalised):
    assert normalise_for_search(text) == normalised


def test_search_text_is_kept_on_save(claim, statement, party):
    claim.refresh_from_db()
    statement.refresh_from_db()
    party.refresh_from_db()
    assert claim.search_text == "dzhumageldiev led the crowd"
    assert statement.search_text == "арман джумагельдиев denied it."
    assert party.search_text == "arman dzhumageldiev"
    assert PartyAlias.objects.get(name="Wild Arman").search_text == "wild arman"


def test_search_text_follows_a_partial_save(claim):
    claim.text = "Dzhumageldiev led NO crowd"
    claim.save(update_fields=["text"])
    claim.refresh_from_db()
    assert claim.search_text == "dzhumageldiev led no crowd"


@pytest.fixture
def raw_seed(db):
    """The seed fixture through loaddata, which saves raw and skips save()."""
    call_command("loaddata", "almaty_trial", verbosity=0)


def test_loaddata_fills_search_text_although_it_saves_raw(raw_seed):
    assert not Claim.objects.filter(search_text="").exists()
    assert not Statement.objects.filter(search_text="").exists()
    assert not Party.objects.filter(search_text="").exists()
    assert PartyAlias.objects.get(name="Jumageldiev").search_text == "jumageldiev"


def test_loaddata_twice_keeps_search_text(raw_seed):
    call_command("loaddata", "almaty_trial", verbosity=0)
    assert not Claim.objects.filter(search_text="").exists()
