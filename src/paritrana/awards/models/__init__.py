from paritrana.awards.models.audit import AuditEntry
from paritrana.awards.models.criteria import Category, Criterion, CriterionKind, RubricLevel
from paritrana.awards.models.cycle import Cycle, Level, Stage, StageKind, StageStatus
from paritrana.awards.models.nomination import Nomination, NominationSource, NominationStatus
from paritrana.awards.models.workspace import (
    Evidence,
    EvidenceKind,
    Representative,
    SelfAssessment,
)

__all__ = [
    "AuditEntry",
    "Category",
    "Criterion",
    "CriterionKind",
    "Cycle",
    "Evidence",
    "EvidenceKind",
    "Level",
    "Nomination",
    "NominationSource",
    "NominationStatus",
    "Representative",
    "RubricLevel",
    "SelfAssessment",
    "Stage",
    "StageKind",
    "StageStatus",
]
