"""Coverage metrics per region and year, from `active_facts` and the small input tables.

Definitions (the same everywhere the product shows them):
- active: participants active in the reference month, by segment and programme: each kab/kota
  at its latest month of the year with data (December when all is in), a village at its
  kab/kota's, a province, zone and the nation as the sum of their kab/kota (`as_of_month`: the
  latest of those months, `earliest_month` the earliest: they differ while some kab/kota's
  later months are not in);
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

from paritrana.engine.backends import Backend, text_literal
from paritrana.engine.metrics.levels import pct, region_values_sql, rollup_sql, with_geography

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
        f"CASE WHEN count(*) FILTER (WHERE programmes IS NULL) > 0 THEN NULL "
        f"ELSE coalesce(sum(active) FILTER (WHERE (programmes & {bit}) = {bit}), 0) END"
    )


PROGRAMME_BITS = {"active_jkk": 1, "active_jkm": 2, "active_jht": 4, "active_jp": 8}


def build_monthly_active(backend: Backend) -> None:
    """`monthly_active`: per month, segment, level and region. The facts are read twice, for
    the kab/kota and the village rows; province, zone and nation are sums of the kab/kota rows
    (the same figures as grouping the facts again, in a fraction of the time: a national
    year's facts hold millions of village rows)."""
    programmes = ", ".join(f"{_programme(bit)} AS {name}" for name, bit in PROGRAMME_BITS.items())
    measures = (
        f"sum(active)::BIGINT AS active, {programmes}, bool_or(source <> 'raw') AS from_aggregated"
    )
    parts = ", ".join(
        f"sum(active) FILTER (WHERE (programmes & {bit}) = {bit}) AS {name}"
        for name, bit in PROGRAMME_BITS.items()
    )
    backend.create(
        "kabkota_active",
        "SELECT month, segment, kabkota, sum(active) AS active, "
        f"count(*) FILTER (WHERE programmes IS NULL) AS unknown, {parts}, "
        "bool_or(source <> 'raw') AS from_aggregated "
        "FROM active_facts WHERE in_kabkota GROUP BY month, segment, kabkota",
    )
    summed = ", ".join(
        f"CASE WHEN sum(unknown) > 0 THEN NULL ELSE coalesce(sum({name}), 0) END AS {name}"
        for name in PROGRAMME_BITS
    )
    source = (
        "(SELECT *, NULL AS village, true AS in_kabkota, false AS in_village FROM "
        + with_geography("kabkota_active")
        + ")"
    )
    backend.create(
        "monthly_active",
        rollup_sql(
            source,
            f"sum(active)::BIGINT AS active, {summed}, bool_or(from_aggregated) AS from_aggregated",
            keys="month, segment",
            village=False,
        )
        + "\nUNION ALL\n"
        + f"SELECT month, segment, 'desa', village, {measures} FROM active_facts "
        "WHERE in_village GROUP BY month, segment, village",
    )


def build_region_metrics(backend: Backend, *, year: int, base_kind: str) -> None:
    """`region_metrics`: one row per (level, region_code) for `year`."""
    year = int(year)
    pivot = ", ".join(
        f"coalesce(sum(active) FILTER (WHERE segment = '{seg}'), 0)::BIGINT AS {col}"
        for seg, col in SEGMENT_COLUMNS.items()
    )
    programmes = ", ".join(
        f"CASE WHEN count(active_{p}) = count(*) THEN sum(active_{p})::BIGINT END AS active_{p}"
        for p in ("jkk", "jkm", "jht", "jp")
    )
    # Each kab/kota is read at its own latest month of the year, and the province, zone and
    # nation add up their kab/kota as read: a file for one kab/kota's later month (a branch
    # office reporting first) left every other region without a figure for the year when the
    # year was read at the nation's latest month (a province fell from 401,000 to 31).
    backend.create(
        "kabkota_reference",
        """
        SELECT year(month) AS year, region_code AS kabkota, max(month) AS as_of_month
        FROM monthly_active WHERE level = 'kabkota' GROUP BY year(month), region_code
        """,
    )
    backend.create(
        "kabkota_year",
        """
        SELECT r.year, r.kabkota, r.as_of_month, m.segment, m.active, m.active_jkk,
               m.active_jkm, m.active_jht, m.active_jp, m.from_aggregated,
               true AS in_kabkota, false AS in_village, CAST(NULL AS VARCHAR) AS village
        FROM monthly_active m JOIN kabkota_reference r
          ON m.level = 'kabkota' AND m.region_code = r.kabkota AND m.month = r.as_of_month
        """,
    )
    measures = (
        "max(as_of_month) AS as_of_month, min(as_of_month) AS earliest_month, "
        f"sum(active)::BIGINT AS active, {pivot}, "
        f"{programmes}, bool_or(from_aggregated) AS from_aggregated"
    )
    backend.create(
        "active_year",
        rollup_sql(with_geography("kabkota_year"), measures, keys="year", village=False)
        + "\nUNION ALL\n"
        # A village at its kab/kota's month (its code begins with the kab/kota's).
        + f"""
        SELECT r.year, 'desa' AS level, m.region_code, {measures}
        FROM monthly_active m JOIN kabkota_reference r
          ON m.level = 'desa' AND substr(m.region_code, 1, 5) = r.kabkota
         AND m.month = r.as_of_month
        GROUP BY r.year, m.region_code
        """,
    )
    for label, which in (("wf_now", year), ("wf_prev", year - 1)):
        backend.create(
            f"{label}_src",
            "SELECT region_code, workers FROM workforce "
            f"WHERE year = {which} AND base_kind = {text_literal(base_kind)}",
        )
        backend.create(label, region_values_sql(f"{label}_src", ["workers"]))
    backend.create(
        "benefits_src",
        "SELECT region_code, sum(amount)::BIGINT AS amount, "
        f"sum(recipients)::BIGINT AS recipients FROM benefits WHERE year = {year} "
        "GROUP BY region_code",
    )
    backend.create("benefits_levels", region_values_sql("benefits_src", ["amount", "recipients"]))
    backend.create(
        "region_metrics",
        f"""
        WITH base AS (
            SELECT a.level, a.region_code, a.as_of_month, a.earliest_month, a.active,
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
            WHERE a.year = {year}
        ),
        ratios AS (
            SELECT *,
                   -- A base that lacks some of the region's parts gives no percentage.
                   CASE WHEN NOT workforce_partial
                        THEN {pct("active", "workforce")} END AS ucj_pct,
                   CASE WHEN NOT wp_partial
                        THEN {pct("prev_active", "prev_workforce")} END AS prev_ucj_pct,
                   CASE WHEN NOT workforce_partial
                        THEN {pct("active_bpu", "workforce")} END AS bpu_coverage_pct
            FROM base
        )
        SELECT {year} AS year, {text_literal(base_kind)} AS base_kind, *,
               ucj_pct - prev_ucj_pct AS change_points,
               {pct("ucj_pct - prev_ucj_pct", "prev_ucj_pct")} AS change_pct,
               {pct("active - prev_active", "prev_active")} AS active_growth_pct,
               {pct("ucj_pct", "target_pct")} AS attainment_pct,
               CASE WHEN target_pct IS NOT NULL AND workforce IS NOT NULL THEN
                   greatest(0, ceil(target_pct / 100.0 * workforce - active))::BIGINT
               END AS gap_workers,
               CASE
                   WHEN target_pct IS NULL OR ucj_pct IS NULL THEN NULL
                   WHEN ucj_pct >= target_pct THEN {year}
                   WHEN ucj_pct - prev_ucj_pct > 0 THEN
                       {year}
                       + ceil((target_pct - ucj_pct) / (ucj_pct - prev_ucj_pct))::INTEGER
               END AS projected_year,
               CAST(benefits_amount AS DOUBLE) / nullif(active, 0) AS benefits_per_participant
        FROM ratios
        """,
    )
