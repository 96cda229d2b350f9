"""The DuckDB SQL that turns a synthetic plan into one month of participant-month records.

Every random draw is a hash of (participant index, seed, field[, month]) mapped to [0, 1), so a
participant has the same wage, village and programmes every month without any state, and a
month can be generated on its own. Contribution rates come from `paritrana.rules` as in force
on the first day of the month and are written into the SQL as exact integer fractions, rounded
half up per (programme, party) exactly like the calculator:

* PU: JKK at the employer's risk-group rate on the full wage (the gross JKK the employer pays,
  i.e. including the part recomposed into JKP), JKM, JHT employer + worker, JP employer +
  worker on the wage capped at the JP cap in force (only when enrolled in JP). No JKK discount.
* BPU and PMI: JKK 1% of declared income clamped to the minimum and maximum, JKM flat, JHT 2%
  when enrolled (PMI has no rule in the table; it is charged as BPU).
* Jakon: JKK and JKM by marginal tiers of a notional contract value of wage * 10 // 3.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from paritrana.engine import synth_calibration as cal
from paritrana.engine.schemas import JKK_RISKS
from paritrana.engine.store import COMPRESSION, STORE_COLUMNS
from paritrana.rules import RulesTable

# Rows per Parquet row group: DuckDB's default, which is what an import writes (landing's COPY),
# so a benchmark reads generated months the way it reads imported ones. DuckDB reads one row
# group per thread: a month in a single row group of a million rows would be read on one core.
ROW_GROUP_SIZE = 122_880
UNIT = "1.1102230246251565e-16"  # 2**-53: (hash >> 11) * UNIT is uniform in [0, 1)


def setup_sql(seed: int) -> list[str]:
    """Macros for the hash-based draws (a worker connection runs these once).

    DuckDB's multi-argument hash() combines its arguments weakly (draws of one participant for
    fields 4 and 5 correlate at 0.6), so the combined value is hashed once more."""
    seed_sql = f"{int(seed)}::BIGINT"
    return [
        f"CREATE OR REPLACE MACRO u(j, f) AS (hash(hash(j, {seed_sql}, f)) >> 11)::DOUBLE * {UNIT}",
        f"CREATE OR REPLACE MACRO ur(j, m, f) AS "
        f"(hash(hash(j, {seed_sql}, f, m)) >> 11)::DOUBLE * {UNIT}",
        f"CREATE OR REPLACE MACRO participant_key(j) AS hash(hash(j, {seed_sql}, 0))",
    ]


def rounded(expr: str, percent: Decimal) -> str:
    """SQL for round_half_up(expr * percent / 100) in exact integer arithmetic (expr >= 0)."""
    fraction = Fraction(percent) / 100
    p, q = fraction.numerator, fraction.denominator
    if p == 0:
        return "0::BIGINT"
    return f"((2 * ({expr}) * {p} + {q}) // {2 * q})"


def _marginal(expr: str, tiers: list[tuple[int, int | None, Decimal]]) -> str:
    """round_half_up(sum of rate x the part of `expr` inside each tier), exactly."""
    fractions = [(lower, upper, Fraction(rate) / 100) for lower, upper, rate in tiers]
    q = 1
    for _, _, f in fractions:
        q = q * f.denominator // _gcd(q, f.denominator)
    parts = []
    for lower, upper, f in fractions:
        top = expr if upper is None else f"least({expr}, {upper})"
        parts.append(f"greatest(0, {top} - {lower}) * {f.numerator * q // f.denominator}")
    return f"((2 * ({' + '.join(parts)}) + {q}) // {2 * q})"


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _jakon_tiers(
    rules: RulesTable, on: dt.date, kind: str
) -> list[tuple[int, int | None, Decimal]]:
    tiers, lower, tier = [], 0, 1
    while True:
        rate = rules.lookup(f"jakon.tier{tier}.{kind}", on)
        upper_rule = rules.find(f"jakon.tier{tier}.upper", on)
        upper = upper_rule.as_int() if upper_rule else None
        tiers.append((lower, upper, rate.value))
        if upper is None:
            return tiers
        lower, tier = upper, tier + 1


def _lognormal(median: int, log_sd: float) -> str:
    wage = f"{median} * exp({log_sd} * z)"
    return f"greatest({cal.WAGE_FLOOR}, round({wage} / 1000) * 1000)"


def month_sql(*, rules: RulesTable, year: int, month: int, path: str) -> str:
    """COPY statement writing month `month` of `year` to the Parquet file `path`."""
    on = dt.date(year, month, 1)
    due = dt.date(year + month // 12, month % 12 + 1, cal.DUE_DAY)

    def rate(key: str) -> Decimal:
        return rules.lookup(key, on).value

    def amount(key: str) -> int:
        return rules.lookup(key, on).as_int()

    jkk_pu = " ".join(
        f"WHEN '{risk}' THEN {rounded('wage', rate(f'pu.jkk.rate.{risk}'))}" for risk in JKK_RISKS
    )
    cap = amount("pu.jp.wage_cap")
    jp_base = f"least(wage, {cap})"
    contract = "(wage * {} // {})".format(*cal.JAKON_CONTRACT_PER_WAGE)
    bpu_jkk = (
        f"least(greatest({rounded('wage', rate('bpu.jkk.rate'))}, {amount('bpu.jkk.min')}),"
        f" {amount('bpu.jkk.max')})"
    )
    full, joiner = cal.FULL_YEAR_SHARE, cal.FULL_YEAR_SHARE + cal.JOINER_SHARE
    bpu_odds = cal.PAY_CLASS_ODDS["BPU"]
    on_time = [cal.RECORD_ODDS[h][0] for h in (0, 1, 2)]
    late = [cal.RECORD_ODDS[h][0] + cal.RECORD_ODDS[h][1] for h in (0, 1, 2)]
    late_days = [cal.LATE_DAYS[h] for h in (0, 1, 2)]
    paid_columns = ",\n".join(
        f"due_{p}, CASE WHEN status = 2 THEN 0 WHEN partial THEN due_{p} // 2 ELSE due_{p} END"
        f" AS paid_{p}"
        for p in ("jkk", "jkm", "jht", "jp")
    )
    target = path.replace("'", "''")
    types = STORE_COLUMNS["contributions"]
    select = ", ".join(f"{name}::{kind} AS {name}" for name, kind in types.items())
    return f"""
COPY (
WITH people AS (
    SELECT employer_id, kabkota_code, segment, risk, pay_class, stop_month, jp_gap, n_villages,
           first + unnest(range(workers)) AS j
    FROM employers
    UNION ALL
    SELECT NULL, kabkota_code, 'BPU', NULL, NULL, NULL, 0.0, n_villages,
           first + unnest(range(n)) AS j
    FROM bpu
), drawn AS (
    SELECT *, u(j, 1) AS u_life, floor(u(j, 2) * 11)::INTEGER AS d_when FROM people
), present AS (
    SELECT * FROM drawn
    WHERE {month} >= CASE WHEN u_life >= {full} AND u_life < {joiner} THEN 2 + d_when ELSE 1 END
      AND {month} <= CASE WHEN u_life >= {joiner} THEN 1 + d_when ELSE 12 END
), person AS (
    SELECT j, employer_id, kabkota_code, segment, risk, n_villages,
        u(j, 3) AS u_prog, u(j, 4) AS u_wage,
        sqrt(-2 * ln(1 - u(j, 4))) * cos(2 * pi() * u(j, 5)) AS z,
        u(j, 6) AS u_village, u(j, 7) AS u_village_pick, u(j, 8) AS u_habit,
        CASE WHEN segment = 'BPU' THEN {cal.ARREARS_STOP_MONTHS[0]}
             + floor(u(j, 9) * {cal.ARREARS_STOP_MONTHS[1] - cal.ARREARS_STOP_MONTHS[0] + 1})
             ELSE stop_month END AS stop_m,
        pay_class, jp_gap,
        ur(j, {month}, 10) AS r_pay, ur(j, {month}, 11) AS r_day, ur(j, {month}, 12) AS r_part
    FROM present
), shaped AS (
    SELECT j, employer_id, kabkota_code, segment, risk, stop_m, r_pay, r_day, r_part,
        CASE WHEN segment <> 'BPU' THEN pay_class
             WHEN u_habit < {bpu_odds[0]} THEN 0
             WHEN u_habit < {bpu_odds[0] + bpu_odds[1]} THEN 1 ELSE 2 END AS habit,
        CASE segment
            WHEN 'PU' THEN CASE WHEN u_prog < jp_gap THEN 7 ELSE 15 END
            WHEN 'BPU' THEN CASE WHEN u_prog < {cal.BPU_JHT_SHARE} THEN 7 ELSE 3 END
            WHEN 'PMI' THEN CASE WHEN u_prog < {cal.PMI_JHT_SHARE} THEN 7 ELSE 3 END
            ELSE 3 END AS programmes,
        CASE segment
            WHEN 'PU' THEN {_lognormal(cal.PU_WAGE_MEDIAN, cal.PU_WAGE_LOG_SD)}
            WHEN 'Jakon' THEN {_lognormal(cal.JAKON_WAGE_MEDIAN, cal.JAKON_WAGE_LOG_SD)}
            WHEN 'BPU' THEN 1000000 + 100000 * floor(u_wage * u_wage * 41)
            ELSE 1000000 + 100000 * floor(u_wage * 11) END::BIGINT AS wage,
        CASE WHEN n_villages > 0 AND (segment = 'BPU' OR u_village < {cal.VILLAGE_SHARE_NON_BPU})
             THEN floor(u_village_pick * n_villages)::INTEGER END AS village_idx
    FROM person
), due AS (
    SELECT *,
        CASE WHEN segment = 'PU' THEN CASE risk {jkk_pu} END
             WHEN segment = 'Jakon' THEN {_marginal(contract, _jakon_tiers(rules, on, "jkk"))}
             ELSE {bpu_jkk} END AS due_jkk,
        CASE WHEN segment = 'PU' THEN {rounded("wage", rate("pu.jkm.rate"))}
             WHEN segment = 'Jakon' THEN {_marginal(contract, _jakon_tiers(rules, on, "jkm"))}
             ELSE {amount("bpu.jkm.flat")} END AS due_jkm,
        CASE WHEN programmes & 4 = 0 THEN 0
             WHEN segment = 'PU' THEN {rounded("wage", rate("pu.jht.employer"))}
                 + {rounded("wage", rate("pu.jht.worker"))}
             ELSE {rounded("wage", rate("bpu.jht.rate"))} END AS due_jht,
        CASE WHEN programmes & 8 = 0 THEN 0
             ELSE {rounded(jp_base, rate("pu.jp.employer"))}
                 + {rounded(jp_base, rate("pu.jp.worker"))} END AS due_jp,
        CASE WHEN habit = 2 AND {month} >= stop_m THEN 2
             WHEN r_pay < {on_time}[habit + 1] THEN 0
             WHEN r_pay < {late}[habit + 1] THEN 1 ELSE 2 END AS status
    FROM shaped
), paid AS (
    SELECT *, habit > 0 AND r_part < {cal.PARTIAL_SHARE} AS partial,
        DATE '{due}' AS due_date,
        CASE status
            WHEN 0 THEN DATE '{due}' - floor(r_day * {cal.DUE_DAY})::INTEGER
            WHEN 1 THEN DATE '{due}' + 1 + floor(r_day * {late_days}[habit + 1])::INTEGER
        END AS paid_date
    FROM due
), record AS (
    SELECT participant_key(j) AS participant_key, employer_id,
        paid.kabkota_code, v.village_code, segment, programmes, wage,
        {paid_columns},
        due_date, paid_date, DATE '{on}' AS month
    FROM paid LEFT JOIN villages v
        ON v.kabkota_code = paid.kabkota_code AND v.idx = paid.village_idx
)
SELECT {select} FROM record
) TO '{target}' (FORMAT parquet, COMPRESSION {COMPRESSION}, ROW_GROUP_SIZE {ROW_GROUP_SIZE})
"""
