from .annotations import Annotation
from .cases import Case, CaseRole, Outcome
from .claims import Claim, ClaimAwaitingReview, ClaimQuerySet
from .page_generation import PageGeneration
from .parties import Party, PartyAlias
from .points import Point, PointQuerySet
from .review import TRANSITIONS, ReviewTransition, TransitionNotAllowed
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
    "PageGeneration",
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
