"""A claim's review history as a case document gives it, checked step by step: each step
is the record of a decision, and is recreated only as this tracker could have taken it."""

from datetime import datetime
from typing import Any

from tracker.models import TRANSITIONS, Claim

# A step from or to one of these shows the claim was published (a history may lack the step
# that published it, and start with its unpublishing).
PUBLISHED_STATES = {Claim.Status.PUBLISHED, Claim.Status.UNPUBLISHED}


def shows_published(step: dict[str, Any]) -> bool:
    return step["from_status"] in PUBLISHED_STATES or step["to_status"] in PUBLISHED_STATES


def review_history_problems(
    steps: list[dict[str, Any]], status: str, published_at: datetime | None, where: str
) -> list[str]:
    """What is wrong with a claim's review ``steps`` (records of the right shape): a step
    that is not one of this tracker's review steps, does not start where the step before it
    ended, or is dated before it; a history whose last step does not leave the claim in its
    ``status``, or that shows a claim published the document gives no time of publication. A claim
    may have no history (one loaded already published has none), or lack its first steps;
    the steps it has follow each other."""
    problems = []
    previous: dict[str, Any] | None = None
    for number, step in enumerate(steps, 1):
        here = f"{where}: review step {number}"
        transition = TRANSITIONS.get(step["transition"])
        if transition is None:
            known = ", ".join(TRANSITIONS)
            problems.append(f"{here}: unknown transition {step['transition']!r} (known: {known}).")
        elif (
            step["from_status"] not in transition.sources or step["to_status"] != transition.target
        ):
            problems.append(
                f"{here}: {transition.name} goes from {' or '.join(transition.sources)} to "
                f"{transition.target}, not from {step['from_status']} to {step['to_status']}."
            )
        if previous is not None and step["from_status"] != previous["to_status"]:
            problems.append(
                f"{here}: it starts from {step['from_status']}, but the step before it ended "
                f"in {previous['to_status']}."
            )
        if previous is not None and step["created_at"] < previous["created_at"]:
            problems.append(f"{here}: it is dated before the step before it.")
        previous = step
    if previous is not None and previous["to_status"] != status:
        problems.append(
            f"{where}: its review history ends in {previous['to_status']}, not in its status "
            f"{status}."
        )
    if published_at is None and any(shows_published(step) for step in steps):
        # Its review page would take it for one never published, and let its statements go.
        problems.append(f"{where}: its review history publishes it, but it has no published_at.")
    return problems
