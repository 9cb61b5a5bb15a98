"""`manage.py ingest` stores a text file byte for byte, or refuses it and writes nothing."""

import pytest
from django.core.management import CommandError, call_command

from tracker.models import Source

pytestmark = pytest.mark.django_db

REPORT = "Witnesses claimed the guard «Wild Arman» beat them.\nThe court adjourned.\n🙂 é\r\n"


def ingest(path, *extra: str) -> None:
    call_command("ingest", str(path), "--case", "almaty-trial", *extra)


def test_a_utf8_file_is_stored_byte_for_byte_with_its_candidates(case, party, tmp_path, capsys):
    report = tmp_path / "report.txt"
    report.write_bytes(REPORT.encode("utf-8"))

    ingest(report, "--title", "Court report", "--outlet", "Vlast.kz", "--published", "2024-05-01")

    source = Source.objects.get()
    assert source.text.encode("utf-8") == report.read_bytes()
    assert (source.title, source.outlet, str(source.published_on)) == (
        "Court report",
        "Vlast.kz",
        "2024-05-01",
    )
    assert source.history.count() == 1
    output = capsys.readouterr().out
    assert "1 candidate statement(s)" in output
    assert "0–51  [claimed]" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Témoins".encode("latin-1"), "is not UTF-8 text"),
        (b"", "holds no text"),
        (b" \n\t\n", "holds no text"),
        # PostgreSQL cannot store it; SQLite could, and every database refuses it alike.
        (b"The court\x00 adjourned.", "NUL character"),
    ],
)
def test_a_file_that_is_not_usable_text_is_refused(case, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        ingest(path)
    assert not Source.objects.exists()


def test_text_already_stored_is_refused(case, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    ingest(path, "--title", "First")
    with pytest.raises(CommandError, match="already stored as source"):
        ingest(path, "--title", "Second")
    assert Source.objects.count() == 1


def test_an_unknown_case_or_a_bad_date_is_refused(case, tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    with pytest.raises(CommandError, match="No case with the slug"):
        call_command("ingest", str(path), "--case", "nowhere")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        ingest(path, "--published", "April 2014")
    assert not Source.objects.exists()


def test_options_can_be_passed_by_name_from_code(case, tmp_path):
    """``call_command`` takes options by their names on the command line, as Django's own
    commands do: ``case=`` is ``--case``."""
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode("utf-8"))

    call_command("ingest", str(path), case="almaty-trial", title="By name")

    assert Source.objects.get().title == "By name"
