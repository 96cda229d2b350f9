"""The pure maths of judging: scoring functions, criteria trees, aggregation and robustness,
and the assignment of assessors to candidates.

This package imports no Django and nothing else from paritrana, so a notebook or a batch job can
use it alone::

    >>> from paritrana.scoring import PERCENT, Criterion, evaluate, score
    >>> score("linear", {"lower": 20, "upper": 60}, 31, scale=PERCENT, label="UCJ", unit="%")
    Scored(score=27.5, explanation='UCJ 31,00% di antara batas 20,00 dan 60,00 -> 27,50 dari 100')
    >>> tree = Criterion.from_dict({"code": "T", "name": "Total", "children": [
    ...     {"code": "A", "name": "Coverage", "weight": 3},
    ...     {"code": "B", "name": "Regulasi", "weight": 1, "scale": {"levels": [1, 2, 3, 4, 5]}},
    ... ]})
    >>> evaluate(tree, {"A": 27.5, "B": 5}).total
    45.625
"""

from paritrana.scoring.aggregate import (
    METHODS,
    Aggregation,
    Breakdown,
    CriterionBreakdown,
    Method,
    Ranking,
    Severity,
    TieRule,
    aggregate,
    combine_assessors,
    combine_totals,
    normalise_severity,
    rank,
    to_percent,
    weighted_totals,
)
from paritrana.scoring.assignment import Assignment, Shortfall, assign
from paritrana.scoring.functions import (
    FUNCTIONS,
    PERCENT,
    Scale,
    Scored,
    ScoringError,
    score,
    validate,
)
from paritrana.scoring.reliability import (
    LEVELS,
    Disagreement,
    Level,
    Measure,
    disagreement,
    krippendorff_alpha,
)
from paritrana.scoring.robustness import Robustness, stability
from paritrana.scoring.tree import (
    MISSING_POLICIES,
    Criterion,
    Evaluation,
    MissingPolicy,
    NodeScore,
    evaluate,
)

__all__ = [
    "FUNCTIONS",
    "LEVELS",
    "METHODS",
    "MISSING_POLICIES",
    "PERCENT",
    "Aggregation",
    "Assignment",
    "Breakdown",
    "Criterion",
    "CriterionBreakdown",
    "Disagreement",
    "Evaluation",
    "Level",
    "Measure",
    "Method",
    "MissingPolicy",
    "NodeScore",
    "Ranking",
    "Robustness",
    "Scale",
    "Scored",
    "ScoringError",
    "Severity",
    "Shortfall",
    "TieRule",
    "aggregate",
    "assign",
    "combine_assessors",
    "combine_totals",
    "disagreement",
    "evaluate",
    "krippendorff_alpha",
    "normalise_severity",
    "rank",
    "score",
    "stability",
    "to_percent",
    "validate",
    "weighted_totals",
]
