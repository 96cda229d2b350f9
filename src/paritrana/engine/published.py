"""Published reference figures (BPS workforce, BPJS active participants, RPJMN and regional
targets), packaged in `data/published_figures.json`, each with its source and the date it refers
to.

    figures = published_figures()
    value("employed", year=2025)          # 146_540_000 (BPS Sakernas August 2025)
    target_series("RPJMN 2025-2029")      # [(2025, 32.15), (2029, 43.92)]

They are reference values shown beside the product's own figures and the scale the synthetic
demo data is drawn at; they never enter a computation as if they were imported data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

NATIONAL = "ID"
MEASURES = ("labour_force", "employed", "formal_share", "active", "ucj", "workers", "target")
PERCENT_MEASURES = frozenset({"formal_share", "ucj", "target"})
RPJMN = "RPJMN 2025-2029"


@dataclass(frozen=True)
class Figure:
    id: str
    measure: str  # one of MEASURES (or "employers")
    region: str  # "ID" for the nation, else a Kemendagri code
    year: int
    period: str  # what the figure refers to: YYYY, YYYY-MM
    value: float
    source: str  # the agency or document, with the date it was published where known
    reported_by: str  # where the project found it
    base: str = ""  # for a UCJ figure: the workforce base it was computed on
    series: str = ""  # for a target: the plan it belongs to (RPJMN 2025-2029, RKP, ...)

    @property
    def percent(self) -> bool:
        return self.measure in PERCENT_MEASURES


@cache
def published_figures() -> tuple[Figure, ...]:
    text = (resources.files("paritrana.engine") / "data" / "published_figures.json").read_text(
        encoding="utf-8"
    )
    return tuple(Figure(**row) for row in json.loads(text)["figures"])


def value(measure: str, *, year: int, region: str = NATIONAL, period: str = "") -> float | None:
    """The figure of `measure` for `region` in `year` (the latest period of the year, or the
    given `period`); None when none was published."""
    found = [
        f
        for f in published_figures()
        if f.measure == measure
        and f.region == region
        and f.year == year
        and (not period or f.period == period)
    ]
    return max(found, key=lambda f: f.period).value if found else None


def target_series(series: str = RPJMN, *, region: str = NATIONAL) -> list[tuple[int, float]]:
    """(year, target %) of a plan's published targets, by year."""
    return sorted(
        (f.year, f.value)
        for f in published_figures()
        if f.measure == "target" and f.series == series and f.region == region
    )
