"""Employer compliance for a year, per employer and rolled up per region.

Per employer (from `employer_facts`, i.e. every record with an employer, paid or not):
- registered: participants with a record in the reference month; registered_share_pct: that
  over the employer's reported workforce (under 100 = workers not registered);
- complete_pct: records enrolled in every programme their segment requires (PU: JKK, JKM, JHT,
  JP; others: JKK, JKM);
- on_time_pct: billed records paid in full by their due date;
- months_in_arrears: months whose payments fell short of the amounts due;
- paid_pct_of_due: paid / due; paid_pct_of_expected: for PU records, what was paid against what
  the rules calculator says was due on the declared wage (JKK only where the employer's risk
  group is known) - under 100 suggests under-declared wages or missing programmes.
Per region (by the employer's kab/kota): employers, employers_in_arrears, and the record- and
amount-weighted shares of the same measures.
"""

from __future__ import annotations

from paritrana.engine.backends import Backend
from paritrana.engine.metrics.levels import pct, rollup_sql, with_geography


def build_employer_metrics(backend: Backend, *, year: int) -> None:
    backend.create(
        "employer_metrics",
        f"""
        WITH y AS (
            SELECT employer_id, max(kabkota) AS kabkota,
                   sum(records)::BIGINT AS records, sum(billed)::BIGINT AS billed,
                   sum(on_time)::BIGINT AS on_time, sum(complete)::BIGINT AS complete,
                   sum(due)::BIGINT AS due, sum(paid)::BIGINT AS paid,
                   sum(pu_records)::BIGINT AS pu_records, sum(expected)::BIGINT AS expected,
                   sum(paid_compared)::BIGINT AS paid_compared,
                   count(*) FILTER (WHERE paid < due) AS months_in_arrears,
                   arg_max(records, month) AS registered,
                   max(month) AS last_month
            FROM employer_facts WHERE year(month) = {int(year)}
            GROUP BY employer_id
        )
        SELECT {int(year)} AS year, y.employer_id, e.name, e.size_class, e.sector,
               coalesce(e.kabkota_code, y.kabkota) AS kabkota, e.reported_workforce,
               e.jkk_risk, y.registered, y.last_month,
               {pct("y.registered", "e.reported_workforce")} AS registered_share_pct,
               {pct("y.complete", "y.records")} AS complete_pct,
               {pct("y.on_time", "y.billed")} AS on_time_pct,
               y.months_in_arrears,
               {pct("y.paid", "y.due")} AS paid_pct_of_due,
               {pct("y.paid_compared", "y.expected")} AS paid_pct_of_expected,
               y.records, y.billed, y.on_time, y.complete, y.due, y.paid, y.pu_records,
               y.expected, y.paid_compared
        FROM y LEFT JOIN employers e ON e.employer_id = y.employer_id
        """,
    )


def build_region_compliance(backend: Backend) -> None:
    registered = "sum(registered) FILTER (WHERE reported_workforce IS NOT NULL)"
    measures = (
        "count(*) AS employers, "
        "count(*) FILTER (WHERE months_in_arrears > 0) AS employers_in_arrears, "
        f"{pct('sum(on_time)', 'sum(billed)')} AS on_time_pct, "
        f"{pct('sum(complete)', 'sum(records)')} AS complete_pct, "
        f"{pct('sum(paid)', 'sum(due)')} AS paid_pct_of_due, "
        f"{pct('sum(paid_compared)', 'sum(expected)')} AS paid_pct_of_expected, "
        f"{pct(registered, 'sum(reported_workforce)')} AS registered_share_pct"
    )
    source = (
        "(SELECT *, NULL::VARCHAR AS village, true AS in_kabkota, false AS in_village FROM "
        + with_geography("employer_metrics")
        + ")"
    )
    backend.create("region_compliance", rollup_sql(source, measures, village=False))
