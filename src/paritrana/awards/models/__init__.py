from paritrana.awards.models.audit import AuditEntry
from paritrana.awards.models.criteria import Category, Criterion, CriterionKind, RubricLevel
from paritrana.awards.models.cycle import Cycle, Level, Stage, StageKind, StageStatus

__all__ = [
    "AuditEntry",
    "Category",
    "Criterion",
    "CriterionKind",
    "Cycle",
    "Level",
    "RubricLevel",
    "Stage",
    "StageKind",
    "StageStatus",
]
