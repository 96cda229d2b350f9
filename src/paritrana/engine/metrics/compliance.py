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

import duckdb

from paritrana.engine.metrics.levels import rollup_sql, with_geography


def build_employer_metrics(con: duckdb.DuckDBPyConnection, *, year: int) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TABLE employer_metrics AS
        WITH y AS (
            SELECT employer_id, any_value(kabkota) AS kabkota,
                   sum(records)::BIGINT AS records, sum(billed)::BIGINT AS billed,
                   sum(on_time)::BIGINT AS on_time, sum(complete)::BIGINT AS complete,
                   sum(due)::BIGINT AS due, sum(paid)::BIGINT AS paid,
                   sum(pu_records)::BIGINT AS pu_records, sum(expected)::BIGINT AS expected,
                   sum(paid_compared)::BIGINT AS paid_compared,
                   count(*) FILTER (paid < due) AS months_in_arrears,
                   arg_max(records, month) AS registered,
                   max(month) AS last_month
            FROM employer_facts WHERE year(month) = {int(year)}
            GROUP BY employer_id
        )
        SELECT {int(year)} AS year, y.employer_id, e.name, e.size_class, e.sector,
               coalesce(e.kabkota_code, y.kabkota) AS kabkota, e.reported_workforce,
               e.jkk_risk, y.registered, y.last_month,
               100.0 * y.registered / nullif(e.reported_workforce, 0) AS registered_share_pct,
               100.0 * y.complete / nullif(y.records, 0) AS complete_pct,
               100.0 * y.on_time / nullif(y.billed, 0) AS on_time_pct,
               y.months_in_arrears,
               100.0 * y.paid / nullif(y.due, 0) AS paid_pct_of_due,
               100.0 * y.paid_compared / nullif(y.expected, 0) AS paid_pct_of_expected,
               y.records, y.billed, y.on_time, y.complete, y.due, y.paid, y.pu_records,
               y.expected, y.paid_compared
        FROM y LEFT JOIN employers e USING (employer_id)
        """
    )


def build_region_compliance(con: duckdb.DuckDBPyConnection) -> None:
    measures = (
        "count(*) AS employers, "
        "count(*) FILTER (months_in_arrears > 0) AS employers_in_arrears, "
        "100.0 * sum(on_time) / nullif(sum(billed), 0) AS on_time_pct, "
        "100.0 * sum(complete) / nullif(sum(records), 0) AS complete_pct, "
        "100.0 * sum(paid) / nullif(sum(due), 0) AS paid_pct_of_due, "
        "100.0 * sum(paid_compared) / nullif(sum(expected), 0) AS paid_pct_of_expected, "
        "100.0 * sum(registered) FILTER (reported_workforce IS NOT NULL) "
        "/ nullif(sum(reported_workforce), 0) AS registered_share_pct"
    )
    source = (
        "(SELECT *, NULL::VARCHAR AS village, true AS in_kabkota, false AS in_village FROM "
        + with_geography("employer_metrics")
        + ")"
    )
    con.execute(
        "CREATE OR REPLACE TABLE region_compliance AS "
        + rollup_sql(source, measures, village=False)
    )
