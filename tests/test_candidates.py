"""Candidate statements are found in a source's sentences with reporting words."""

import pytest
from django.core.management import CommandError, call_command

from tracker.candidates import Candidate, find_candidates, known_names, sentences
from tracker.models import Party, Source, Statement

pytestmark = pytest.mark.django_db


def overlaps(start: int, end: int, candidates: list[Candidate]) -> bool:
    return any(candidate.start < end and start < candidate.end for candidate in candidates)


def test_every_seed_statement_overlaps_a_candidate(seed_case):
    source = Source.objects.get()
    found = find_candidates(source.text, known_names())
    statements = list(Statement.objects.all())
    recalled = [s for s in statements if overlaps(s.quote_start, s.quote_end, found)]
    assert len(recalled) / len(statements) >= 0.9
    for candidate in found:
        assert source.text[candidate.start : candidate.end] == candidate.text


def test_the_speaker_is_the_party_named_before_the_reporting_word(seed_case):
    text = Source.objects.get().text
    found = find_candidates(text, known_names())
    prosecutors = next(c for c in found if c.text.startswith("Prosecutors argued"))
    assert prosecutors.speaker == Party.objects.get(slug="prosecution")
    assert prosecutors.reporting_word == "argued"
    according = next(c for c in found if c.text.startswith("According to"))
    assert according.speaker == Party.objects.get(slug="ruslan-iskakov")


def test_sentences_without_reporting_words_are_not_candidates():
    text = "The court met in Almaty. The witness said he saw nothing.\nThe hearing closed."
    found = find_candidates(text)
    assert [c.text for c in found] == ["The witness said he saw nothing."]
    assert found[0].speaker is None


def test_sentences_keep_their_closing_quotation_marks_and_offsets():
    text = "He said «no.» Then she left! 2022 was long."
    spans = list(sentences(text))
    assert [text[s:e] for s, e in spans] == ["He said «no.»", "Then she left!", "2022 was long."]


def test_the_command_prints_candidates_with_offsets(seed_case, capsys):
    source = Source.objects.get()
    call_command("candidates", source.slug)
    output = capsys.readouterr().out
    start = source.text.index("Prosecutors argued")
    assert f"{start}–" in output
    assert "[argued]  The prosecution: Prosecutors argued" in output


def test_the_command_refuses_an_unknown_source(db):
    with pytest.raises(CommandError, match="No source with the slug"):
        call_command("candidates", "no-such-source")
