from paritrana.coverage.models.imports import DataImport, ImportStatus
from paritrana.coverage.models.metrics import (
    ComputationBeat,
    EmployerMetric,
    MetricRun,
    RegionMetric,
)

__all__ = [
    "ComputationBeat",
    "DataImport",
    "EmployerMetric",
    "ImportStatus",
    "MetricRun",
    "RegionMetric",
]
