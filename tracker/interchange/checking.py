"""Reading a case document and checking its shape, digests, quotes and references."""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tracker.models import (
    Claim,
    Source,
)
from tracker.quoting import QuoteError, locate_quote

from .document import ImportRefused
from .review_history import review_history_problems
from .spec import (
    ALIAS_SPEC,
    CASE_SPEC,
    CLAIM_SPEC,
    CLAIM_SPECS,
    DOCUMENT_SPECS,
    FORMAT,
    MOMENT,
    NOTE_SPEC,
    OPTIONAL_DATE,
    OPTIONAL_MOMENT,
    OPTIONAL_SLUG,
    OUTCOME_SPEC,
    PARTY_SPEC,
    POINT_SPEC,
    READABLE_VERSIONS,
    REVIEW_STEP_SPEC,
    ROLE_SPEC,
    SOURCE_SPEC,
    STATEMENT_SPEC,
    STATEMENT_SPECS,
    TAG_SPEC,
    json_type,
    upgraded,
)


def read_case_document(raw: str | bytes) -> Any:
    """The parsed JSON, or ImportRefused saying where it stops being JSON."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise ImportRefused([f"The file is not UTF-8 text (byte {error.start})."]) from error
    try:
        # A byte order mark (some Windows editors write one) says only that this is UTF-8.
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                f"The file is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}."
            ]
        ) from error
    except RecursionError as error:
        raise ImportRefused(["The file is not valid JSON: it is nested too deeply."]) from error
    except ValueError as error:
        # Python reads no integer of more than 4,300 digits, and says so outside JSON's errors.
        raise ImportRefused(
            ["The file cannot be read: it has a number too long to read (over 4,300 digits)."]
        ) from error


def checked_record(
    entry: Any, spec: dict[str, Any], where: str, problems: list[str]
) -> dict[str, Any] | None:
    """``entry`` with its dates parsed, if it has exactly the spec's fields, each of the
    right JSON type; otherwise None, with the reasons added to ``problems``."""
    if not isinstance(entry, dict):
        problems.append(f"{where} must be a JSON object.")
        return None
    missing = [name for name in spec if name not in entry]
    unknown = [name for name in entry if name not in spec]
    if missing:
        problems.append(f"{where} lacks {', '.join(missing)}.")
    if unknown:
        problems.append(f"{where} has fields this tracker does not know: {', '.join(unknown)}.")
    if missing or unknown:
        return None
    record: dict[str, Any] = {}
    valid = True
    for name, kind in spec.items():
        value = entry[name]
        if kind == OPTIONAL_DATE:
            try:
                value = None if value is None else year_month_day(value)
            except (TypeError, ValueError):
                problems.append(f"{where}: {name} must be a date (YYYY-MM-DD) or null.")
                valid = False
        elif kind in (MOMENT, OPTIONAL_MOMENT):
            try:
                value = None if value is None and kind == OPTIONAL_MOMENT else moment(value)
            except (TypeError, ValueError):
                or_null = " or null" if kind == OPTIONAL_MOMENT else ""
                problems.append(
                    f"{where}: {name} must be a date and time with its offset from UTC "
                    f"(YYYY-MM-DDTHH:MM:SS+00:00){or_null}."
                )
                valid = False
            else:
                if value is not None and value > (now := timezone.now()):
                    # A publication dated later would stand for every later version of its
                    # claim, which the review page would then show a reviewer as published.
                    problems.append(
                        f"{where}: {name} is later than now ({now.isoformat()} here): "
                        "a document records only what has happened."
                    )
                    valid = False
        elif kind == OPTIONAL_SLUG:
            if value is not None and not isinstance(value, str):
                problems.append(f"{where}: {name} must be a slug or null.")
                valid = False
        elif not isinstance(value, json_type(kind)) or (kind is int and isinstance(value, bool)):
            problems.append(f"{where}: {name} must be {JSON_TYPE_NAMES[json_type(kind)]}.")
            valid = False
        elif kind is int and value < 0:
            problems.append(f"{where}: {name} must not be negative.")
            valid = False
        elif isinstance(value, str) and "\x00" in value:
            # PostgreSQL cannot store it, and no text this tracker keeps holds one.
            problems.append(f"{where}: {name} contains a NUL character.")
            valid = False
        elif isinstance(value, str) and not is_utf8_text(value):
            # JSON's escapes can spell half of a UTF-16 pair ("\ud800"), which no UTF-8 text
            # holds: saving it would fail in the database driver.
            problems.append(f"{where}: {name} contains a lone surrogate (an unpaired \\u escape).")
            valid = False
        record[name] = value
    return record if valid else None


def year_month_day(value: Any) -> datetime.date:
    """The date ``value`` writes as YYYY-MM-DD; ValueError for any other way of writing one
    (``date.fromisoformat`` also reads 20220105 and the week date 2022-W01-1)."""
    if not isinstance(value, str) or not YEAR_MONTH_DAY.fullmatch(value):
        raise ValueError(value)
    return datetime.date.fromisoformat(value)


YEAR_MONTH_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def moment(value: Any) -> datetime.datetime:
    """The moment ``value`` writes as YYYY-MM-DDTHH:MM:SS, with up to six decimals of the
    second and its offset from UTC; ValueError for any other way of writing one, or none, and
    for one outside the years 1 to 9999 in UTC, where the database keeps it."""
    if not isinstance(value, str) or not DATE_TIME_OFFSET.fullmatch(value):
        raise ValueError(value)
    written = datetime.datetime.fromisoformat(value)
    try:
        written.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValueError(value) from error
    return written


DATE_TIME_OFFSET = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)


def is_utf8_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


JSON_TYPE_NAMES = {
    str: "a string",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


@dataclass
class CaseDocument:
    """A document whose shape, digests, quotes and references have all been checked."""

    case: dict[str, Any]
    roles: list[dict[str, Any]]
    points: dict[str, dict[str, Any]]
    tags: dict[str, dict[str, Any]]
    parties: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    outcomes: list[dict[str, Any]]
    claims: list[dict[str, Any]]

    def has_notes_or_review_steps(self) -> bool:
        return any(
            claim["annotations"]
            or claim["review_history"]
            or any(statement["annotations"] for statement in claim["statements"])
            for claim in self.claims
        )


def checked_document(document: Any) -> CaseDocument:
    version = format_version(document)
    problems: list[str] = []
    top = checked_record(document, DOCUMENT_SPECS[version], "The document", problems)
    if top is None:
        raise ImportRefused(problems)
    case = checked_record(top["case"], CASE_SPEC, "The case", problems)
    tags = keyed(top["tags"], TAG_SPEC, "Tag", problems)
    parties = keyed(top["parties"], PARTY_SPEC, "Party", problems)
    for slug, party in parties.items():
        party["aliases"] = checked_list(
            party["aliases"], ALIAS_SPEC, f"Party {slug}: alias", problems
        )
    sources = keyed(top["sources"], SOURCE_SPEC, "Source", problems)
    for slug, source in sources.items():
        if Source.digest(source["text"]) != source["sha256"]:
            problems.append(
                f"Source {slug}: its text does not match its SHA-256 "
                f"({source['sha256'][:12]}…); the text was changed or the digest is wrong."
            )
    roles = checked_list(top["roles"], ROLE_SPEC, "Role", problems)
    for number, role in enumerate(roles, 1):
        if role["party"] not in parties:
            problems.append(
                f"Role {number}: party {role['party']!r} is not among the document's parties."
            )
    outcomes = checked_list(top["outcomes"], OUTCOME_SPEC, "Outcome", problems)
    for number, outcome in enumerate(outcomes, 1):
        check_references(outcome, f"Outcome {number}", parties, sources, problems)
    points = keyed(top["points"], POINT_SPEC, "Point", problems)
    claims = [
        upgraded(claim, CLAIM_SPEC)
        for claim in checked_list(top["claims"], CLAIM_SPECS[version], "Claim", problems)
    ]
    if version == 1:
        # Version 1 gave no time of publication: a claim it brings in published is published
        # here from now, not taken for one never published once it is unpublished.
        for claim in claims:
            if claim["status"] == Claim.Status.PUBLISHED:
                claim["published_at"] = timezone.now()
    # No record names a claim, so claims are a list; two of one slug would be told apart only
    # by the number the import gives the second, which then answers at another address.
    problems += refused_twice([claim["slug"] for claim in claims], "Claim")
    for claim in claims:
        where = f"Claim {claim['slug']}"
        if claim["claimant"] is not None and claim["claimant"] not in parties:
            problems.append(
                f"{where}: claimant {claim['claimant']!r} is not among the document's parties."
            )
        if claim["point"] is not None and claim["point"] not in points:
            problems.append(
                f"{where}: point {claim['point']!r} is not among the document's points."
            )
        if claim["status"] not in Claim.Status.values:
            problems.append(f"{where}: unknown status {claim['status']!r}.")
        for tag in claim["tags"]:
            if not isinstance(tag, str):
                problems.append(f"{where}: tags must be a list of tag slugs.")
            elif tag not in tags:
                problems.append(f"{where}: tag {tag!r} is not among the document's tags.")
        claim["statements"] = [
            upgraded(statement, STATEMENT_SPEC)
            for statement in checked_list(
                claim["statements"], STATEMENT_SPECS[version], f"{where}: statement", problems
            )
        ]
        for number, statement in enumerate(claim["statements"], 1):
            here = f"{where}: statement {number}"
            check_references(statement, here, parties, sources, problems)
            statement["annotations"] = checked_list(
                statement["annotations"], NOTE_SPEC, f"{here}: note", problems
            )
        claim["annotations"] = checked_list(
            claim["annotations"], NOTE_SPEC, f"{where}: note", problems
        )
        claim["review_history"] = checked_list(
            claim["review_history"], REVIEW_STEP_SPEC, f"{where}: review step", problems
        )
        problems += review_history_problems(
            claim["review_history"], claim["status"], claim["published_at"], where
        )
    if case is None or problems:
        raise ImportRefused(problems)
    return CaseDocument(case, roles, points, tags, parties, sources, outcomes, claims)


def format_version(document: Any) -> int:
    """The document's version of the format, if this tracker reads it; else ImportRefused."""
    if not isinstance(document, dict):
        raise ImportRefused(["The document must be a JSON object."])
    found_format, version = document.get("format"), document.get("format_version")
    if found_format != FORMAT or type(version) is not int or version not in READABLE_VERSIONS:
        readable = " or ".join(str(version) for version in READABLE_VERSIONS)
        raise ImportRefused(
            [
                f"This is not a case document this tracker reads: expected format {FORMAT!r} "
                f"version {readable}, found {found_format!r} version {version}."
            ]
        )
    return version


def checked_list(
    entries: Any, spec: dict[str, Any], label: str, problems: list[str]
) -> list[dict[str, Any]]:
    if not isinstance(entries, list):
        problems.append(f"{label}s must be a list.")
        return []
    records = [
        checked_record(entry, spec, f"{label} {n}", problems) for n, entry in enumerate(entries, 1)
    ]
    return [record for record in records if record is not None]


def keyed(
    entries: Any, spec: dict[str, Any], label: str, problems: list[str]
) -> dict[str, dict[str, Any]]:
    """Records by slug, refusing a slug given twice."""
    records = checked_list(entries, spec, label, problems)
    problems += refused_twice([record["slug"] for record in records], label)
    return {record["slug"]: record for record in records}


def refused_twice(slugs: list[str], label: str) -> list[str]:
    """A problem for each slug ``slugs`` gives more than once."""
    counts = Counter(slugs)
    return [f"{label} {slug} is in the document twice." for slug, n in counts.items() if n > 1]


def check_references(
    record: dict[str, Any],
    where: str,
    parties: dict[str, Any],
    sources: dict[str, Any],
    problems: list[str],
) -> None:
    for name in ("party", "relayed_by"):
        slug = record.get(name)
        if slug is not None and slug not in parties:
            problems.append(f"{where}: party {slug!r} is not among the document's parties.")
    source = sources.get(record["source"])
    if source is None:
        problems.append(
            f"{where}: source {record['source']!r} is not among the document's sources."
        )
        return
    try:
        locate_quote(source["text"], record["quote"], record["quote_start"], record["quote_end"])
    except QuoteError as error:
        problems.append(f"{where}: the quote is not in source {record['source']}: {error}")
