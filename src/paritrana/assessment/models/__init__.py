from paritrana.assessment.models.conflict import (
    DERIVED_KINDS,
    Conflict,
    ConflictKind,
    ConflictOverride,
)
from paritrana.assessment.models.decision import (
    DEFAULT_TIE_RULES,
    NATION,
    DecidedRanking,
    Decision,
    JudgingRules,
    group_name,
)
from paritrana.assessment.models.interview import Attendance, InterviewSlot
from paritrana.assessment.models.panel import Affiliation, MemberRole, Panel, PanelMember
from paritrana.assessment.models.reminder import Reminder, ReminderKind
from paritrana.assessment.models.scores import Assignment, AssignmentMethod, Score, ScoreSheet

__all__ = [
    "DEFAULT_TIE_RULES",
    "DERIVED_KINDS",
    "NATION",
    "Affiliation",
    "Assignment",
    "AssignmentMethod",
    "Attendance",
    "Conflict",
    "ConflictKind",
    "ConflictOverride",
    "DecidedRanking",
    "Decision",
    "InterviewSlot",
    "JudgingRules",
    "MemberRole",
    "Panel",
    "PanelMember",
    "Reminder",
    "ReminderKind",
    "Score",
    "ScoreSheet",
    "group_name",
]
