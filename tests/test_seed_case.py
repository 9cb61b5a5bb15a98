import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command

from tracker.models import Case, Claim, Outcome, Party, Point, Source, Statement

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_f3569f0bb6286f90.txt"
SHARED_SEED_FILE = ROOT.parent / "shared" / "seeds" / SEED_FILE.name

pytestmark = pytest.mark.django_db


# SHA-256 of ../shared/seeds/000_f3569f0bb6286f90.txt as it was handed to the project.
SEED_SHA256 = "c94041962ac457a06898e3934d26a7d3928e73f6f1de3c42002feeac6962d6b9"


def test_seed_article_is_copied_byte_for_byte():
    assert hashlib.sha256(SEED_FILE.read_bytes()).hexdigest() == SEED_SHA256
    if SHARED_SEED_FILE.exists():
        assert SEED_FILE.read_bytes() == SHARED_SEED_FILE.read_bytes()


def test_fixture_source_is_the_seed_article_verbatim(seed_case):
    source = Source.objects.get()
    assert source.text == SEED_FILE.read_text(encoding="utf-8")
    assert source.sha256 == hashlib.sha256(SEED_FILE.read_bytes()).hexdigest()
    assert source.cited_outlet == "Tengrinews.kz"


def test_fixture_leaves_empty_what_the_article_does_not_say(seed_case):
    source = Source.objects.get()
    assert (source.title, source.outlet, source.url, source.published_on) == ("", "", "", None)
    case = Case.objects.get()
    assert (case.began_on, case.ended_on) == (None, None)
    assert not Statement.objects.exclude(stated_on=None).exists()


def test_every_fixture_quote_is_the_source_text_at_its_offsets(seed_case):
    quotations = [
        *Statement.objects.select_related("source"),
        *Outcome.objects.select_related("source"),
    ]
    assert len(quotations) >= 20
    for quotation in quotations:
        assert quotation.source.text[quotation.quote_start : quotation.quote_end] == quotation.quote
        quotation.full_clean()


def test_every_attribution_is_the_source_words(seed_case):
    for statement in Statement.objects.exclude(attribution=""):
        assert statement.attribution in statement.source.text


def test_verify_quotes_passes_on_the_seed_case(seed_case, capsys):
    call_command("verify_quotes")
    total = Statement.objects.count() + Outcome.objects.count()
    assert f"All {total} quotes match" in capsys.readouterr().out


EXPECTED_POSITIONS = {
    "iskakov-acted-on-abish-orders": {("ruslan-iskakov", "supports")},
    "abish-told-iskakov-to-seek-dzhumageldiev-help": {("ruslan-iskakov", "supports")},
    "order-to-enlist-dzhumageldiev-was-justified": {("ruslan-iskakov", "supports")},
    "abish-distanced-himself": {("ruslan-iskakov", "supports")},
    "wild-arman-tasked-with-crowds-and-peoples-council": {
        ("prosecution", "supports"),
        ("ruslan-iskakov", "qualifies"),
        ("arman-dzhumageldiev", "disputes"),
    },
    "dzhumageldiev-men-beat-and-tortured-protesters": {
        ("witnesses", "supports"),
        ("arman-dzhumageldiev", "disputes"),
    },
    "iskakov-asked-dzhumageldiev-to-protect-people": {("arman-dzhumageldiev", "supports")},
    "dzhumageldiev-calmed-protesters-and-caught-looters": {("arman-dzhumageldiev", "supports")},
    "dzhumageldiev-acted-as-law-enforcement": {("dzhumageldiev-defence", "supports")},
    "kudaybergen-rallied-support-for-wild-arman": {("prosecution", "supports")},
    "january-events-were-attempted-coup": {("kassym-jomart-tokayev", "supports")},
    "january-events-casualties": {("kazakhstan-authorities", "supports")},
}


def test_seed_case_has_every_contested_claim_with_each_party_position(seed_case):
    positions = {
        claim.slug: {(s.party.slug, s.stance) for s in claim.statements.all()}
        for claim in Claim.objects.prefetch_related("statements__party")
    }
    assert positions == EXPECTED_POSITIONS
    assert set(Claim.objects.values_list("status", flat=True)) == {Claim.Status.PUBLISHED}


def test_seed_case_outcomes_are_the_sentences(seed_case):
    outcomes = {o.party.slug: o.summary for o in Outcome.objects.select_related("party")}
    assert outcomes == {
        "ruslan-iskakov": "15 years and 6 months in prison",
        "arman-dzhumageldiev": "20-year sentence",
        "kairat-kudaybergen": "8 years",
        "samat-abish": "Suspended sentence",
        "karim-massimov": "18 years for treason and attempting to seize power",
    }


def test_dzhumageldiev_is_known_by_his_aliases(seed_case):
    aliases = set(
        Party.objects.get(slug="arman-dzhumageldiev").aliases.values_list("name", flat=True)
    )
    assert {"Wild Arman", "Jumageldiev", "Джумагельдиев"} <= aliases


def test_load_seed_case_leaves_an_edited_case_alone(seed_case):
    Claim.objects.filter(slug="abish-distanced-himself").update(text="Edited by a reviewer")
    call_command("load_seed_case", verbosity=0)
    assert Claim.objects.get(slug="abish-distanced-himself").text == "Edited by a reviewer"


def test_load_seed_case_loads_into_an_empty_database(db):
    call_command("load_seed_case", verbosity=0)
    assert Claim.objects.count() == len(EXPECTED_POSITIONS)


EXPECTED_CLAIMANTS = {
    "iskakov-acted-on-abish-orders": "ruslan-iskakov",
    "abish-told-iskakov-to-seek-dzhumageldiev-help": "ruslan-iskakov",
    "order-to-enlist-dzhumageldiev-was-justified": "ruslan-iskakov",
    "abish-distanced-himself": "ruslan-iskakov",
    "wild-arman-tasked-with-crowds-and-peoples-council": "prosecution",
    "dzhumageldiev-men-beat-and-tortured-protesters": "witnesses",
    "iskakov-asked-dzhumageldiev-to-protect-people": "arman-dzhumageldiev",
    "dzhumageldiev-calmed-protesters-and-caught-looters": "arman-dzhumageldiev",
    "dzhumageldiev-acted-as-law-enforcement": "dzhumageldiev-defence",
    "kudaybergen-rallied-support-for-wild-arman": "prosecution",
    "january-events-were-attempted-coup": "kassym-jomart-tokayev",
    "january-events-casualties": "kazakhstan-authorities",
}

EXPECTED_POINTS = {
    "who-sent-dzhumageldiev-and-to-do-what": [
        ("ruslan-iskakov", "abish-told-iskakov-to-seek-dzhumageldiev-help"),
        ("prosecution", "wild-arman-tasked-with-crowds-and-peoples-council"),
        ("arman-dzhumageldiev", "iskakov-asked-dzhumageldiev-to-protect-people"),
        ("dzhumageldiev-defence", "dzhumageldiev-acted-as-law-enforcement"),
    ],
    "what-dzhumageldiev-men-did-to-protesters": [
        ("witnesses", "dzhumageldiev-men-beat-and-tortured-protesters"),
        ("arman-dzhumageldiev", "dzhumageldiev-calmed-protesters-and-caught-looters"),
    ],
    "what-were-the-january-2022-events": [
        ("kassym-jomart-tokayev", "january-events-were-attempted-coup"),
        ("kazakhstan-authorities", "january-events-casualties"),
    ],
}


def test_every_seed_claim_names_its_claimant_as_the_article_does(seed_case):
    claimants = dict(Claim.objects.values_list("slug", "claimant__slug"))
    assert claimants == EXPECTED_CLAIMANTS


def test_each_seed_claimant_is_the_party_whose_statement_puts_the_claim_forward(seed_case):
    for claim in Claim.objects.select_related("claimant"):
        assert claim.statements.filter(party=claim.claimant, stance="supports").exists(), claim


def test_seed_points_set_out_each_partys_version_in_order(seed_case):
    points = {
        point.slug: [(v.claimant.slug, v.slug) for v in point.versions.in_point_order()]
        for point in Point.objects.prefetch_related("versions__claimant")
    }
    assert points == EXPECTED_POINTS
    assert list(Point.objects.values_list("slug", flat=True))[0] == (
        "who-sent-dzhumageldiev-and-to-do-what"
    )
    assert Point.objects.published().count() == 3
    for point in Point.objects.all():
        assert point.case == Case.objects.get()
        assert point.versions.values("claimant").distinct().count() >= 2
