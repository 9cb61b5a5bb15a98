import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.helpers import SEED_CASE, add_statement, empty_the_database, row_counts
from tracker.interchange import (
    ImportRefused,
    dump_case_document,
    export_case,
    import_case,
    read_case_document,
)
from tracker.models import (
    Case,
    CaseRole,
    Claim,
    Party,
    PartyAlias,
    Source,
    Statement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_document(seed_case):
    return export_case(Case.objects.get(slug=SEED_CASE))


def refused(document):
    before = row_counts()
    with pytest.raises(ImportRefused) as refusal:
        import_case(document)
    assert row_counts() == before
    return "\n".join(refusal.value.problems)


def test_export_import_into_empty_database_export_gives_the_same_document(seed_document):
    assert len(seed_document["claims"]) == 12
    empty_the_database()
    assert row_counts()["Claim"] == 0
    report = import_case(json.loads(json.dumps(seed_document)))
    assert report.case.slug == SEED_CASE
    assert export_case(Case.objects.get(slug=SEED_CASE)) == seed_document


def test_export_and_import_commands_round_trip_through_a_file(seed_case, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("export_case", SEED_CASE, output=first)
    empty_the_database()
    call_command("import_case", str(first), verbosity=0, stdout=io.StringIO())
    call_command("export_case", SEED_CASE, output=second)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_import_writes_history_with_the_reason(seed_document):
    empty_the_database()
    import_case(seed_document)
    claim = Claim.objects.get(slug="january-events-casualties")
    created = claim.history.get(history_type="+")
    assert created.history_change_reason == "Imported from a case document"
    assert Statement.history.filter(history_change_reason__startswith="Imported").count() == 15


def test_import_beside_existing_rows_reuses_parties_sources_and_tags(seed_document):
    document = copy.deepcopy(seed_document)
    document["case"]["slug"] = "almaty-trial-copy"
    before = row_counts()
    report = import_case(document)
    after = row_counts()
    assert after["Party"] == before["Party"]
    assert after["Source"] == before["Source"]
    assert after["Tag"] == before["Tag"]
    assert after["Claim"] == before["Claim"] + 12
    assert Case.objects.get(slug="almaty-trial-copy").claims.count() == 12
    # Claim slugs are unique across cases, so the copies get numbered ones.
    assert Claim.objects.filter(slug="january-events-casualties-2").exists()
    assert any("party “Arman Dzhumageldiev”" in line for line in report.reused)


def test_party_is_matched_by_alias_not_duplicated(seed_document):
    document = copy.deepcopy(seed_document)
    document["case"]["slug"] = "another"
    arman = next(p for p in document["parties"] if p["slug"] == "arman-dzhumageldiev")
    arman.update(slug="wild-arman", name="Wild Arman", aliases=[])
    for claim in document["claims"]:
        if claim["claimant"] == "arman-dzhumageldiev":
            claim["claimant"] = "wild-arman"
        for statement in claim["statements"]:
            if statement["party"] == "arman-dzhumageldiev":
                statement["party"] = "wild-arman"
    for outcome in document["outcomes"]:
        if outcome["party"] == "arman-dzhumageldiev":
            outcome["party"] = "wild-arman"
    parties = Party.objects.count()
    import_case(document)
    assert Party.objects.count() == parties
    arman = Party.objects.get(slug="arman-dzhumageldiev")
    assert arman.statements.filter(claim__case__slug="another").exists()


def test_import_of_a_case_already_there_is_refused(seed_document):
    assert "already in this database" in refused(seed_document)


def test_tampered_quote_is_refused(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    statement = document["claims"][3]["statements"][0]
    statement["quote"] = statement["quote"].replace("a", "o", 1)
    problems = refused(document)
    assert "the quote is not in source" in problems
    assert f"Claim {document['claims'][3]['slug']}: statement 1" in problems


def test_changed_source_text_is_refused(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["sources"][0]["text"] = document["sources"][0]["text"].replace("Almaty", "Almata")
    assert "does not match its SHA-256" in refused(document)


def test_changed_source_text_with_a_matching_digest_still_fails_on_its_quotes(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    source = document["sources"][0]
    source["text"] = "Prefix. " + source["text"]
    source["sha256"] = Source.digest(source["text"])
    assert "the quote is not in source" in refused(document)


def test_missing_party_is_refused(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["parties"] = [p for p in document["parties"] if p["slug"] != "ruslan-iskakov"]
    problems = refused(document)
    assert "party 'ruslan-iskakov' is not among the document's parties" in problems


@pytest.mark.parametrize(
    "raw",
    [b"{", b"\xff\xfe not utf-8", b"[1, 2]", b'{"format": "something else"}', b"null"],
)
def test_malformed_document_is_refused_with_a_clear_message(db, raw):
    before = row_counts()
    with pytest.raises(ImportRefused) as refusal:
        import_case(read_case_document(raw))
    assert refusal.value.problems
    assert "Traceback" not in str(refusal.value)
    assert row_counts() == before


def test_wrong_types_and_unknown_fields_are_refused(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["claims"][0]["position"] = "first"
    document["claims"][1]["statements"][0]["quote_start"] = True
    document["sources"][0]["colour"] = "blue"
    document["case"]["began_on"] = "5 January"
    document["claims"][2]["tags"] = [{"slug": "x"}]
    document["claims"][3]["text"] = "Nul\x00"
    problems = refused(document)
    assert "position must be a whole number" in problems
    assert "quote_start must be a whole number" in problems
    assert "fields this tracker does not know: colour" in problems
    assert "began_on must be a date" in problems
    assert "tags must be a list of tag slugs" in problems
    assert "text contains a NUL character" in problems


def test_other_format_version_is_refused(seed_document):
    empty_the_database()
    problems = refused({**seed_document, "format_version": 3})
    assert "version 1 or 2, found 'claims-tracker/case' version 3" in problems
    assert "version 1 or 2" in refused({**seed_document, "format_version": True})


def test_invalid_choice_is_refused_after_partial_writes_are_rolled_back(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["claims"][-1]["statements"][-1]["stance"] = "shrugs"
    problems = refused(document)
    assert "stance" in problems
    assert Case.objects.count() == 0


def test_import_command_refusal_is_a_command_error(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_case", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_case", str(tmp_path / "absent.json"))


def test_export_command_names_the_cases_it_knows(seed_case):
    with pytest.raises(CommandError, match=SEED_CASE):
        call_command("export_case", "no-such-case")


def test_export_command_refuses_a_file_it_cannot_write_with_the_reason(seed_case, tmp_path):
    unwritable = tmp_path / "no-such-folder" / "case.json"
    with pytest.raises(CommandError, match=r"Cannot write .*case\.json: No such file or directory"):
        call_command("export_case", SEED_CASE, output=unwritable)
    assert not unwritable.parent.exists()


def test_roles_and_qualifiers_round_trip(seed_document):
    case = Case.objects.get(slug=SEED_CASE)
    arman = Party.objects.get(slug="arman-dzhumageldiev")
    CaseRole.objects.create(case=case, party=arman, role="defendant", position=1)
    prosecution = Party.objects.create(
        name="The prosecution", qualifier="Almaty", slug="prosecution-almaty", kind="state_body"
    )
    CaseRole.objects.create(case=case, party=prosecution, role="prosecution", position=2)
    document = export_case(case)
    assert [role["role"] for role in document["roles"]] == ["defendant", "prosecution"]
    assert {"slug": "prosecution-almaty", "qualifier": "Almaty"}.items() <= next(
        p for p in document["parties"] if p["slug"] == "prosecution-almaty"
    ).items()
    empty_the_database()
    import_case(document)
    assert export_case(Case.objects.get(slug=SEED_CASE)) == document


def test_a_party_of_the_same_name_but_another_qualifier_is_not_reused(seed_document):
    case = Case.objects.get(slug=SEED_CASE)
    Party.objects.create(
        name="The prosecution", qualifier="Astana", slug="prosecution-astana", kind="state_body"
    )
    prosecution = Party.objects.create(
        name="The prosecution", qualifier="Almaty", slug="prosecution-almaty", kind="state_body"
    )
    CaseRole.objects.create(case=case, party=prosecution, role="prosecution")
    document = export_case(case)
    document["case"]["slug"] = "copy"
    Party.objects.filter(slug="prosecution-almaty").update(qualifier="Shymkent")
    import_case(document)
    (role,) = CaseRole.objects.filter(case__slug="copy")
    assert (role.party.name, role.party.qualifier) == ("The prosecution", "Almaty")
    assert role.party.slug == "prosecution-almaty-2"


def test_two_parties_of_one_document_stay_two_when_ones_name_is_the_others_alias(seed_case):
    case = Case.objects.get(slug=SEED_CASE)
    assert PartyAlias.objects.filter(party__slug="arman-dzhumageldiev", name="Wild Arman")
    singer = Party.objects.create(name="Wild Arman", slug="wild-arman-singer", kind="person")
    CaseRole.objects.create(case=case, party=singer, role="witness")
    document = export_case(case)
    empty_the_database()
    import_case(json.loads(json.dumps(document)))
    (role,) = CaseRole.objects.all()
    assert (role.party.name, role.party.slug) == ("Wild Arman", "wild-arman-singer")
    assert export_case(Case.objects.get(slug=SEED_CASE)) == document


def test_points_and_claimants_round_trip(seed_document):
    assert seed_document["points"]
    claim = next(c for c in seed_document["claims"] if c["point"])
    assert claim["claimant"] in {party["slug"] for party in seed_document["parties"]}
    empty_the_database()
    import_case(seed_document)
    imported = Claim.objects.get(slug=claim["slug"])
    assert imported.point.slug == claim["point"]
    assert imported.claimant.slug == claim["claimant"]


def test_unknown_point_or_claimant_is_refused(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["claims"][0]["point"] = "no-such-point"
    document["claims"][1]["claimant"] = "nobody"
    problems = refused(document)
    assert "point 'no-such-point' is not among the document's points" in problems
    assert "claimant 'nobody' is not among the document's parties" in problems


def test_text_with_a_lone_surrogate_is_refused_not_a_crash(seed_document):
    # "\ud800" is valid JSON (an escape) but no UTF-8 text: no database can store it.
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["case"]["title"] = "Trial \ud800"
    document["parties"][0]["aliases"] = [{"name": "\udfff", "kind": "nickname"}]
    raw = json.dumps(document).encode("utf-8")
    problems = refused(read_case_document(raw))
    assert "The case: title contains a lone surrogate" in problems
    assert "alias 1: name contains a lone surrogate" in problems


def test_source_text_with_a_lone_surrogate_is_refused_not_a_crash(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["sources"][0]["text"] = "\ud800" + document["sources"][0]["text"]
    problems = refused(read_case_document(json.dumps(document)))
    assert "text contains a lone surrogate" in problems


def test_a_number_too_long_to_read_is_refused_by_the_command_not_a_traceback(db, tmp_path):
    # Python refuses to read an integer of more than 4,300 digits (a guard against slow
    # conversions) with a ValueError that is not a JSON error.
    path = tmp_path / "long-number.json"
    path.write_text('{"format_version": ' + "9" * 5000 + "}", encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match="a number too long"):
        call_command("import_case", str(path))
    assert row_counts() == before


def test_two_sources_of_one_text_stay_two_with_their_own_outlets(seed_case):
    # Two outlets can publish one wire story word for word: each source keeps its outlet,
    # address and statements through an export and an import.
    report = Source.objects.get()
    reprint = Source.objects.create(
        title="The same report, reprinted",
        slug="reprint",
        outlet="Another outlet",
        url="https://another.example/reprint",
        text=report.text,
    )
    moved = Statement.objects.order_by("pk").first()
    Statement.objects.filter(pk=moved.pk).update(source=reprint)
    document = export_case(Case.objects.get(slug=SEED_CASE))
    assert len(document["sources"]) == 2
    empty_the_database()
    import_case(copy.deepcopy(document))
    assert export_case(Case.objects.get(slug=SEED_CASE)) == document
    assert Statement.objects.get(quote=moved.quote, source__slug="reprint").source.outlet == (
        "Another outlet"
    )


def test_quotes_past_astral_characters_combining_marks_and_crlf_round_trip_exactly(
    case, party, claim
):
    # Offsets count code points: a character outside the BMP is one (two in UTF-16), a
    # combining accent is one of its own, and CRLF is two.
    text = "Line one\r\nThe 𝔘𝔫𝔦 witness said: e\u0301te\u0301 \U0001f600 happened.\r\nAnd more.\r\n"
    source = Source.objects.create(title="Transcript", slug="transcript", text=text)
    for quote in ["𝔘𝔫𝔦 witness", "e\u0301te\u0301 \U0001f600", "happened.\r\nAnd"]:
        add_statement(claim, party, source, quote, stance="supports", kind="testimony")
    claim.claimant = party
    claim.save()
    document = export_case(case)
    raw = dump_case_document(document).encode("utf-8")
    empty_the_database()
    import_case(read_case_document(raw))
    assert export_case(Case.objects.get(slug=case.slug)) == document
    imported = Source.objects.get(slug="transcript")
    assert imported.text == text
    for statement in imported.statements.all():
        assert text[statement.quote_start : statement.quote_end] == statement.quote
    assert [s.quote_start for s in imported.statements.order_by("quote_start")] == [14, 32, 40]


@pytest.mark.parametrize("value", ["2022-W01-1", "20220105", "2022-005", "2022-01-05T10:00"])
def test_a_date_not_written_year_month_day_is_refused(seed_document, value):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    document["case"]["began_on"] = value
    document["claims"][0]["statements"][0]["stated_on"] = value
    problems = refused(document)
    assert "The case: began_on must be a date (YYYY-MM-DD) or null." in problems
    assert "statement 1: stated_on must be a date (YYYY-MM-DD) or null." in problems


def test_a_file_that_begins_with_a_byte_order_mark_is_read(seed_document):
    empty_the_database()
    raw = "\ufeff" + dump_case_document(seed_document)
    for document in (raw, raw.encode("utf-8")):
        assert read_case_document(document) == seed_document


def test_a_claim_slug_given_twice_refuses_the_document_naming_it(seed_document):
    empty_the_database()
    document = copy.deepcopy(seed_document)
    twice = document["claims"][0]["slug"]
    document["claims"][3]["slug"] = twice
    assert f"Claim {twice} is in the document twice." in refused(document)


def test_a_taken_slug_of_the_longest_length_gets_a_number_that_fits(seed_document):
    longest = "a" * Claim._meta.get_field("slug").max_length
    document = copy.deepcopy(seed_document)
    document["claims"][0]["slug"] = longest
    Claim.objects.filter(slug=seed_document["claims"][0]["slug"]).update(slug=longest)
    document["case"]["slug"] = "another-copy"
    report = import_case(document)
    renamed = longest[:-2] + "-2"
    assert Claim.objects.filter(slug=renamed, case__slug="another-copy").exists()
    assert f"{longest} → {renamed}" in report.renamed_slugs
