"""Candidate statements: the sentences of a source in which someone is reported as saying
something, with the speaker matched to a known party where the words name one.

A plain rule set, so that a researcher can see why a sentence was proposed: a sentence is a
candidate when it holds a reporting word ("claimed", "according to", "denied" …); its speaker
is the known party named closest before that word, or else the first one named after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.search import normalise_for_search

# The forms of each reporting verb that reports use, one verb a line.
REPORTING_VERBS = [
    "claim claims claimed",
    "argue argues argued",
    "allege alleges alleged",
    "insists insisted",
    "describes described",
    "accuses accused",
    "testify testifies testified",
    "deny denies denied",
    "defends defended",
    "maintains maintained",
    "asserts asserted",
    "admits admitted",
    "confirms confirmed",
    "explains explained",
    "acknowledges acknowledged",
    "contends contended",
    "suggests suggested",
    "reports reported",
    "warns warned",
    "replies replied",
    "stated states",
    "presented",
    "recalled recalls",
    "declared declares",
    "announced announces",
    "noted",
    "added",
]
REPORTING_WORDS = [
    "according to",
    "reportedly",
    "allegedly",
    "said",
    "says",
    "told",
    "tells",
    *(form for forms in REPORTING_VERBS for form in forms.split()),
]
REPORTING = re.compile(r"\b(?:" + "|".join(REPORTING_WORDS) + r")\b", re.IGNORECASE)
# A sentence ends at . ! ? (or a closing quotation mark after one) before white space and a
# capital, a digit or an opening quotation mark; and at every line break.
SENTENCE_END = re.compile(r"(?<=[.!?])[»”\"']?\s+(?=[A-ZА-ЯЁ0-9«“\"])|\n+")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    reporting_word: str
    speaker: object | None  # a Party, where one is named

    def describe(self) -> str:
        """One line for a terminal: offsets, the reporting word, the speaker, the words."""
        speaker = self.speaker or "speaker not known"
        return f"{self.start}–{self.end}  [{self.reporting_word}]  {speaker}: {self.text}"


def sentences(text: str) -> Iterable[tuple[int, int]]:
    """Offsets of each sentence, white space around it left out."""
    start = 0
    for boundary in [*SENTENCE_END.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        if boundary and text[end] in "»”\"'":
            end += 1
        piece = text[start:end]
        stripped_start = start + len(piece) - len(piece.lstrip())
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            yield stripped_start, stripped_end
        if boundary is None:
            break
        start = boundary.end()


def find_candidates(text: str, names: list[tuple[str, object]] | None = None) -> list[Candidate]:
    """Every sentence of ``text`` with a reporting word; ``names`` pairs known party names
    and aliases with their party (see ``known_names``)."""
    found = []
    for start, end in sentences(text):
        sentence = text[start:end]
        reporting = REPORTING.search(sentence)
        if reporting is None:
            continue
        speaker = speaker_in(sentence, reporting.start(), names or [])
        found.append(Candidate(start, end, sentence, reporting.group(), speaker))
    return found


def speaker_in(sentence: str, reporting_at: int, names: list[tuple[str, object]]) -> object | None:
    normalised = normalise_for_search(sentence)
    before_word = len(normalise_for_search(sentence[:reporting_at]))
    named: list[tuple[int, int, object]] = []  # (position, -length, party)
    for name, party in names:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", normalised):
            named.append((match.start(), -len(name), party))
    if not named:
        return None
    before = [entry for entry in named if entry[0] < before_word]
    if before:
        return max(before, key=lambda entry: (entry[0], -entry[1]))[2]
    return min(named)[2]


def known_names() -> list[tuple[str, object]]:
    """Every party's name and aliases, normalised as search text is, longest first."""
    from tracker.models import Party, PartyAlias

    names: list[tuple[str, object]] = [
        (party.search_text, party) for party in Party.objects.all() if party.search_text
    ]
    for alias in PartyAlias.objects.select_related("party"):
        names.append((normalise_for_search(alias.name).strip("«»\"' "), alias.party))
    return sorted({(name, party) for name, party in names if name}, key=lambda e: -len(e[0]))
