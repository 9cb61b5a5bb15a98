from .annotations import Annotation
from .cases import Case, CaseRole, Outcome
from .claims import TRANSITIONS, Claim, ClaimAwaitingReview, ClaimQuerySet, TransitionNotAllowed
from .parties import Party, PartyAlias
from .points import Point, PointQuerySet
from .review import ReviewTransition
from .revisions import Revision
from .sources import Source
from .statements import Statement, StatementQuerySet
from .tags import Tag
from .versioning import StaleEditError

__all__ = [
    "Annotation",
    "Case",
    "CaseRole",
    "Claim",
    "ClaimAwaitingReview",
    "ClaimQuerySet",
    "Outcome",
    "Party",
    "ReviewTransition",
    "Revision",
    "StaleEditError",
    "PartyAlias",
    "Point",
    "PointQuerySet",
    "Source",
    "Statement",
    "StatementQuerySet",
    "Tag",
    "TRANSITIONS",
    "TransitionNotAllowed",
]
