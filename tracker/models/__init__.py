from .annotations import Annotation
from .cases import Case, Outcome
from .claims import Claim, ClaimQuerySet, Statement, StatementQuerySet, Tag
from .parties import Party, PartyAlias
from .sources import Source

__all__ = [
    "Annotation",
    "Case",
    "Claim",
    "ClaimQuerySet",
    "Outcome",
    "Party",
    "PartyAlias",
    "Source",
    "Statement",
    "StatementQuerySet",
    "Tag",
]
