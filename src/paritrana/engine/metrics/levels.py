"""Roll-ups from kab/kota (and village) to province, zone and nation, written once."""

from __future__ import annotations

LEVELS = ("nasional", "zona", "provinsi", "kabkota", "desa")
NATIONAL_CODE = "ID"


def pct(numerator: str, denominator: str) -> str:
    """numerator / denominator x 100 as a DOUBLE (NULL when the denominator is 0): the same
    type on every engine (Spark would keep 100.0 x integer as a DECIMAL)."""
    return f"100.0 * CAST({numerator} AS DOUBLE) / nullif({denominator}, 0)"


def rollup_sql(source: str, measures: str, *, keys: str = "", village: bool = True) -> str:
    """UNION ALL of GROUP BYs over `source`, which must have columns kabkota, province, zone,
    village, in_kabkota and in_village. `measures` are aggregate expressions; `keys` extra
    grouping columns (e.g. "month, segment")."""
    extra = f"{keys}, " if keys else ""
    # The nation has no grouping column of its own: grouped by the keys, or (without keys) one
    # row when there is anything to count, none otherwise.
    nation = f"GROUP BY {keys}" if keys else "HAVING count(*) > 0"
    parts = [
        f"SELECT {extra}'nasional' AS level, '{NATIONAL_CODE}' AS region_code, {measures} "
        f"FROM {source} WHERE in_kabkota {nation}",
        f"SELECT {extra}'zona', zone, {measures} FROM {source} "
        f"WHERE in_kabkota AND zone IS NOT NULL GROUP BY {extra}zone",
        f"SELECT {extra}'provinsi', province, {measures} FROM {source} "
        f"WHERE in_kabkota GROUP BY {extra}province",
        f"SELECT {extra}'kabkota', kabkota, {measures} FROM {source} "
        f"WHERE in_kabkota GROUP BY {extra}kabkota",
    ]
    if village:
        parts.append(
            f"SELECT {extra}'desa', village, {measures} FROM {source} "
            f"WHERE in_village GROUP BY {extra}village"
        )
    return "\nUNION ALL\n".join(parts)


def with_geography(table: str) -> str:
    """`table` (with a kabkota column) joined to its province and zone."""
    return (
        f"(SELECT t.*, substr(t.kabkota, 1, 2) AS province, pz.zone FROM {table} t "
        "LEFT JOIN province_zone pz ON pz.province = substr(t.kabkota, 1, 2))"
    )


def region_values_sql(table: str, value_columns: list[str], *, where: str = "true") -> str:
    """Values given per province or kab/kota (`table`: region_code plus value columns) at every
    level: a kab/kota's own row; a province's own row, else the sum of its kab/kota rows; zone
    and nation as sums over provinces. `derived` says a sum stood in for a missing row; `partial`
    that the sum lacks some of the parts (a figure over a partial base must not be read as the
    whole region's)."""
    sums = ", ".join(f"sum({c})::BIGINT AS {c}" for c in value_columns)
    cols = ", ".join(value_columns)
    return f"""
    WITH src AS (
        SELECT t.region_code, g.level, {cols} FROM {table} t
        JOIN (SELECT code, level FROM geo
              UNION ALL SELECT province, 'provinsi' FROM province_zone) g ON g.code = t.region_code
        WHERE {where}
    ),
    kab AS (SELECT region_code, {cols} FROM src WHERE level = 'kabkota'),
    prov AS (
        SELECT region_code, {cols}, false AS derived, false AS partial
        FROM src WHERE level = 'provinsi'
        UNION ALL
        SELECT province, {sums}, true, count(*) < max(n_kabkota)
        FROM (SELECT *, substr(region_code, 1, 2) AS province FROM kab) k
        JOIN (SELECT province AS p, count(*) AS n_kabkota FROM geo
              WHERE level = 'kabkota' GROUP BY 1) n ON n.p = k.province
        WHERE province NOT IN (SELECT region_code FROM src WHERE level = 'provinsi')
        GROUP BY province
    ),
    zone_size AS (SELECT zone, count(*) AS n FROM province_zone GROUP BY zone)
    SELECT 'kabkota' AS level, region_code, {cols}, false AS derived, false AS partial FROM kab
    UNION ALL SELECT 'provinsi', region_code, {cols}, derived, partial FROM prov
    UNION ALL SELECT 'zona', pz.zone, {sums}, bool_or(derived),
        bool_or(partial) OR count(*) < max(zs.n)
        FROM prov JOIN province_zone pz ON pz.province = prov.region_code
        JOIN zone_size zs ON zs.zone = pz.zone GROUP BY pz.zone
    UNION ALL SELECT 'nasional', '{NATIONAL_CODE}', {sums}, bool_or(derived),
        bool_or(partial) OR count(*) < (SELECT count(*) FROM province_zone)
        FROM prov
    """
