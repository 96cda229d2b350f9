from paritrana.awards.models.audit import AuditEntry
from paritrana.awards.models.criteria import Category, Criterion, CriterionKind, RubricLevel
from paritrana.awards.models.cycle import Cycle, Level, Stage, StageKind, StageStatus
from paritrana.awards.models.nomination import Nomination, NominationSource, NominationStatus

__all__ = [
    "AuditEntry",
    "Category",
    "Criterion",
    "CriterionKind",
    "Cycle",
    "Level",
    "Nomination",
    "NominationSource",
    "NominationStatus",
    "RubricLevel",
    "Stage",
    "StageKind",
    "StageStatus",
]
