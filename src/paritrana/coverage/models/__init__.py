from paritrana.coverage.models.imports import DataImport, ImportStatus
from paritrana.coverage.models.metrics import EmployerMetric, MetricRun, RegionMetric

__all__ = ["DataImport", "EmployerMetric", "ImportStatus", "MetricRun", "RegionMetric"]
