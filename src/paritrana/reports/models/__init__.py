"""Models of the reports app (each in its own module, imported here)."""

from paritrana.reports.models.certificate import CertificateTemplate  # noqa: F401  (PDF reports)
from paritrana.reports.models.export import Export, ExportKind, ExportStatus  # noqa: F401
