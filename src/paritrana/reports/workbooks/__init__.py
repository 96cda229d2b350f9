"""XLSX workbooks people take away: candidates, individual scores, rankings, coverage metrics.

`style` holds the house style every workbook shares (typed cells, percentages as fractions with
the format 0.00%, bold frozen header, autofilter, a "Keterangan" sheet); which panels, cycles,
candidates and rows a person may take away is the access policy's (`paritrana.access.policy`);
one module per workbook writes it.
Large workbooks are built in the background by `paritrana.reports.exports`.
"""

from paritrana.reports.workbooks.candidates import write_candidates
from paritrana.reports.workbooks.coverage import write_coverage
from paritrana.reports.workbooks.rankings import write_ranking, write_rankings
from paritrana.reports.workbooks.scores import write_scores

__all__ = ["write_candidates", "write_coverage", "write_ranking", "write_rankings", "write_scores"]
