"""Coverage metrics per region and year, from `active_facts` and the small input tables.

Definitions (the same everywhere the product shows them):
- active: participants active in the reference month (December of the year, or the latest month
  of the year with data; `as_of_month` says which), by segment and programme;
- ucj_pct: Universal Coverage Jamsostek = active / workforce x 100, against the chosen workforce
  base kind (`base_kind`, always shown with the figure);
- change_points: ucj_pct minus the previous year's; change_pct: that change relative to the
  previous year's ucj_pct; active_growth_pct: growth of active participants;
- attainment_pct: ucj_pct / target_pct x 100; gap_workers: additional active participants needed
  to reach the target, ceil(target_pct/100 x workforce - active), at least 0;
- projected_year: the year the target is reached if UCJ keeps growing by change_points a year
  (the year itself when already reached, NULL when UCJ is not growing);
- bpu_coverage_pct: active BPU (informal, vulnerable) participants / workforce x 100;
- benefits_per_participant: benefits paid in the year / active participants.
"""

from __future__ import annotations

import duckdb

from paritrana.engine.metrics.levels import region_values_sql, rollup_sql, with_geography

SEGMENT_COLUMNS = {
    "PU": "active_pu",
    "BPU": "active_bpu",
    "Jakon": "active_jakon",
    "PMI": "active_pmi",
}


def _programme(bit: int) -> str:
    # Unknown (NULL) when any contributing row came from aggregated counts, which carry no
    # programme detail.
    return (
        f"CASE WHEN count(*) FILTER (programmes IS NULL) > 0 THEN NULL "
        f"ELSE coalesce(sum(active) FILTER ((programmes & {bit}) = {bit}), 0) END"
    )


def build_monthly_active(con: duckdb.DuckDBPyConnection) -> None:
    measures = (
        "sum(active)::BIGINT AS active, "
        f"{_programme(1)} AS active_jkk, {_programme(2)} AS active_jkm, "
        f"{_programme(4)} AS active_jht, {_programme(8)} AS active_jp, "
        "bool_or(source <> 'raw') AS from_aggregated"
    )
    con.execute(
        "CREATE OR REPLACE TABLE monthly_active AS "
        + rollup_sql(with_geography("active_facts"), measures, keys="month, segment")
    )


def build_region_metrics(con: duckdb.DuckDBPyConnection, *, year: int, base_kind: str) -> None:
    """`region_metrics`: one row per (level, region_code) for `year`."""
    pivot = ", ".join(
        f"coalesce(sum(active) FILTER (segment = '{seg}'), 0)::BIGINT AS {col}"
        for seg, col in SEGMENT_COLUMNS.items()
    )
    programmes = ", ".join(
        f"CASE WHEN count(active_{p}) = count(*) THEN sum(active_{p})::BIGINT END AS active_{p}"
        for p in ("jkk", "jkm", "jht", "jp")
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE reference_month AS
        SELECT year(month) AS year, max(month) AS as_of_month
        FROM monthly_active WHERE level = 'nasional' GROUP BY 1
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE active_year AS
        SELECT r.year, m.level, m.region_code, r.as_of_month,
               sum(active)::BIGINT AS active, {pivot}, {programmes},
               bool_or(from_aggregated) AS from_aggregated
        FROM monthly_active m JOIN reference_month r ON m.month = r.as_of_month
        GROUP BY ALL
        """
    )
    for label, which in (("wf_now", year), ("wf_prev", year - 1)):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {label}_src AS SELECT region_code, workers "
            "FROM workforce WHERE year = ? AND base_kind = ?",
            [which, base_kind],
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {label} AS "
            + region_values_sql(f"{label}_src", ["workers"])
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE benefits_src AS SELECT region_code, "
        "sum(amount)::BIGINT AS amount, sum(recipients)::BIGINT AS recipients "
        "FROM benefits WHERE year = ? "
        "GROUP BY region_code",
        [year],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE benefits_levels AS "
        + region_values_sql("benefits_src", ["amount", "recipients"])
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE region_metrics AS
        WITH base AS (
            SELECT a.level, a.region_code, a.as_of_month, a.active,
                   a.active_pu, a.active_bpu, a.active_jakon, a.active_pmi,
                   a.active_jkk, a.active_jkm, a.active_jht, a.active_jp, a.from_aggregated,
                   p.active AS prev_active,
                   w.workers AS workforce, w.derived OR w.partial AS workforce_derived,
                   w.partial AS workforce_partial,
                   wp.workers AS prev_workforce, wp.partial AS wp_partial,
                   t.target_pct,
                   b.amount AS benefits_amount, b.recipients AS benefits_recipients
            FROM active_year a
            LEFT JOIN active_year p
                   ON p.year = a.year - 1 AND p.level = a.level AND p.region_code = a.region_code
            LEFT JOIN wf_now w ON w.level = a.level AND w.region_code = a.region_code
            LEFT JOIN wf_prev wp ON wp.level = a.level AND wp.region_code = a.region_code
            LEFT JOIN targets t ON t.region_code = a.region_code AND t.year = a.year
            LEFT JOIN benefits_levels b ON b.level = a.level AND b.region_code = a.region_code
            WHERE a.year = {int(year)}
        ),
        ratios AS (
            SELECT *,
                   -- A base that lacks some of the region's parts gives no percentage.
                   CASE WHEN NOT workforce_partial
                        THEN 100.0 * active / nullif(workforce, 0) END AS ucj_pct,
                   CASE WHEN NOT wp_partial
                        THEN 100.0 * prev_active / nullif(prev_workforce, 0) END AS prev_ucj_pct,
                   CASE WHEN NOT workforce_partial
                        THEN 100.0 * active_bpu / nullif(workforce, 0) END AS bpu_coverage_pct
            FROM base
        )
        SELECT {int(year)} AS year, {_literal(base_kind)} AS base_kind, *,
               ucj_pct - prev_ucj_pct AS change_points,
               100.0 * (ucj_pct - prev_ucj_pct) / nullif(prev_ucj_pct, 0) AS change_pct,
               100.0 * (active - prev_active) / nullif(prev_active, 0) AS active_growth_pct,
               100.0 * ucj_pct / nullif(target_pct, 0) AS attainment_pct,
               CASE WHEN target_pct IS NOT NULL AND workforce IS NOT NULL THEN
                   greatest(0, ceil(target_pct / 100.0 * workforce - active))::BIGINT
               END AS gap_workers,
               CASE
                   WHEN target_pct IS NULL OR ucj_pct IS NULL THEN NULL
                   WHEN ucj_pct >= target_pct THEN {int(year)}
                   WHEN ucj_pct - prev_ucj_pct > 0 THEN
                       {int(year)}
                       + ceil((target_pct - ucj_pct) / (ucj_pct - prev_ucj_pct))::INTEGER
               END AS projected_year,
               benefits_amount / nullif(active, 0) AS benefits_per_participant
        FROM ratios
        """
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
