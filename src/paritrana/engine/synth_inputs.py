"""The five non-contribution inputs of a synthetic year, as the CSV files a data officer imports.

Column names and order come from `schemas.SCHEMAS`, so the files always match the templates.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import duckdb

from paritrana.engine import synth_calibration as cal
from paritrana.engine import synth_scale
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.synth_plan import Plan, largest_remainder

Progress = Callable[[str, int, int], None]
INPUT_KINDS = ("employers", "active_counts", "workforce", "targets", "benefits")


def _write_csv(path: Path, kind: str, rows: Iterable[dict[str, object]]) -> Path:
    names = SCHEMAS[kind].names
    partial = path.with_name(path.name + ".tmp")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if row.get(n) is None else row[n] for n in names])
    partial.replace(path)
    return path


def _sql_csv(con: duckdb.DuckDBPyConnection, path: Path, kind: str, query: str) -> Path:
    """COPY a query's columns named as the schema (extra query columns are dropped)."""
    names = ", ".join(f'"{n}"' for n in SCHEMAS[kind].names)
    partial = path.with_name(path.name + ".tmp")
    target = str(partial).replace("'", "''")
    con.execute(f"COPY (SELECT {names} FROM ({query})) TO '{target}' (FORMAT csv, HEADER)")
    partial.replace(path)
    return path


def employers_query() -> str:
    # jkk_risk is not (yet) an EMPLOYERS schema column; it is written when the schema has it.
    return """
        SELECT employer_id, name, size_class, sector, kabkota_code, reported_workforce,
               risk AS jkk_risk
        FROM employers ORDER BY employer_id"""


def active_counts_query(december: Path) -> str:
    """December active participants per kab/kota and segment: a participant is active in a month
    when its record for that month has any paid amount > 0; distinct participants counted."""
    source = str(december).replace("'", "''")
    return f"""
        SELECT kabkota_code AS region_code, segment, strftime(month, '%Y-%m') AS month,
               count(DISTINCT participant_key) AS active
        FROM read_parquet('{source}', hive_partitioning = false)
        WHERE paid_jkk > 0 OR paid_jkm > 0 OR paid_jht > 0 OR paid_jp > 0
        GROUP BY ALL ORDER BY region_code, segment"""


def workforce_rows(
    *, plan: Plan, active: dict[str, int], year: int, published_scale: bool = False
) -> list[dict[str, object]]:
    """Sakernas-like employed population per province and kab/kota, for year-1 and year.
    `published_scale`: the national totals are BPS's published figures and anchored provinces
    keep their published workers (see `synth_scale`); otherwise the sample is scaled."""
    members: dict[str, list[str]] = defaultdict(list)
    for kabkota in plan.kabkota:
        members[kabkota.province].append(kabkota.code)
    by_province = {p: max(1, sum(active.get(k, 0) for k in ks)) for p, ks in members.items()}
    total_active = sum(by_province.values())
    total_kabkota = sum(len(ks) for ks in members.values())
    # UCJ proportional to sqrt(participant share / kab/kota share): workforce = active / UCJ.
    weights = {
        p: by_province[p] / math.sqrt(by_province[p] / total_active / (len(ks) / total_kabkota))
        for p, ks in members.items()
    }

    def spread(total: int, fixed: dict[str, float]) -> dict[str, int]:
        rest = [p for p in sorted(members) if p not in fixed]
        remaining = max(0, total - round(sum(fixed.values())))
        found = dict(
            zip(rest, largest_remainder(remaining, [weights[p] for p in rest]), strict=True)
        )
        return found | {p: round(w) for p, w in fixed.items()}

    if published_scale:
        by_year = {}
        for the_year in (year - 1, year):
            total = synth_scale.national_employed(the_year)
            fixed = {
                a.province: total * a.workers / synth_scale.national_employed(a.year)
                for a in synth_scale.anchors()
                if a.province in members
            }
            by_year[the_year] = spread(total, fixed)
        source = cal.PUBLISHED_WORKFORCE_SOURCE
    else:
        national = round(cal.EMPLOYED_AUG_2024 * plan.participants / cal.NATIONAL_PARTICIPANTS)
        anchored = {
            p: by_province[p] / (pct / 100) for p, pct in cal.UCJ_ANCHORS.items() if p in members
        }
        now = spread(national, anchored)
        previous = 1 / (1 + cal.WORKFORCE_GROWTH)
        by_year = {year - 1: {p: round(w * previous) for p, w in now.items()}, year: now}
        source = cal.WORKFORCE_SOURCE
    # Within a province: at the published scale, the kab/kota's planned shares, which its
    # active participants follow too (`synth_scale.kabkota_targets`); otherwise the square
    # root of the sample's participants.
    planned = {k.code: k.share for k in plan.kabkota}
    rows: list[dict[str, object]] = []
    for the_year in (year - 1, year):
        for province in sorted(members):
            codes = members[province]
            local = [
                planned[k] if published_scale else math.sqrt(max(active.get(k, 0), 1))
                for k in codes
            ]
            counts = largest_remainder(by_year[the_year][province], local)
            for region, workers in ((province, sum(counts)), *zip(codes, counts, strict=True)):
                rows.append(
                    {
                        "region_code": region,
                        "year": the_year,
                        "base_kind": "sakernas_bekerja",
                        "workers": workers,
                        "source": source.format(year=the_year),
                    }
                )
    return rows


def target_rows(provinces: Sequence[str], year: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for province in provinces:
        pct, source = cal.REGION_TARGETS.get((province, year), cal.DEFAULT_TARGET)
        rows.append({"region_code": province, "year": year, "target_pct": pct, "source": source})
    return rows


def benefit_rows(
    plan: Plan, year: int, active: dict[str, int] | None = None
) -> list[dict[str, object]]:
    """Benefits proportional to participants, at Kalimantan Barat's 2024 rate at national scale.
    `active`: December active participants per kab/kota at the published scale, used instead of
    the sample's planned participants."""
    kalbar = (
        cal.NATIONAL_PARTICIPANTS
        * cal.PROVINCE_ACTIVE_DEC_2023["61"]
        / cal.NATIONAL_ACTIVE_DEC_2023
    )
    amount_rate = cal.KALBAR_BENEFITS_2024[0] / kalbar
    recipient_rate = cal.KALBAR_BENEFITS_2024[1] / kalbar
    participants: dict[str, int] = defaultdict(int)
    if active is not None:
        for code, n in active.items():
            participants[code[:2]] += n
    else:
        for code, segments in plan.by_kabkota.items():
            participants[code[:2]] += sum(segments.values())
    rows: list[dict[str, object]] = []
    for province in sorted(participants):
        for programme, (amount_share, recipient_share) in cal.BENEFIT_SPLIT.items():
            amount = round(participants[province] * amount_rate * amount_share)
            recipients = participants[province] * recipient_rate * recipient_share
            rows.append(
                {
                    "region_code": province,
                    "programme": programme,
                    "year": year,
                    "amount": amount,
                    # At small synthetic sizes a paid amount still has at least one recipient.
                    "recipients": max(1 if amount else 0, round(recipients)),
                }
            )
    return rows


def write_inputs(
    *,
    plan: Plan,
    con: duckdb.DuckDBPyConnection,
    inputs_dir: Path,
    months: list[Path],
    year: int,
    progress: Progress | None = None,
    published_scale: bool = False,
) -> list[Path]:
    """Write the five input files; `con` (closed here) computes the active counts from the
    month files (`months`, January to December): the sample's December counts, or with
    `published_scale` counts for every month at the published scale (see `synth_scale`)."""
    inputs_dir.mkdir(parents=True, exist_ok=True)
    try:
        con.register("employers", plan.employers)
        files = [_sql_csv(con, inputs_dir / "employers.csv", "employers", employers_query())]
        if progress:
            progress("inputs", 1, len(INPUT_KINDS))
        active: dict[str, int] = defaultdict(int)
        if published_scale:
            planned = {k.code: k.share for k in plan.kabkota}
            counts, scaled = synth_scale.scaled_counts(con, months, year, planned)
            active.update(scaled)
        else:
            counts = active_counts_query(months[-1])
            for region, n in con.execute(f"SELECT region_code, active FROM ({counts})").fetchall():
                active[region] += int(n)
        files.append(_sql_csv(con, inputs_dir / "active_counts.csv", "active_counts", counts))
        if progress:
            progress("inputs", 2, len(INPUT_KINDS))
    finally:
        con.close()
    provinces = sorted({k.province for k in plan.kabkota})
    workforce = workforce_rows(plan=plan, active=active, year=year, published_scale=published_scale)
    benefits = benefit_rows(plan, year, dict(active) if published_scale else None)
    for kind, rows in (
        ("workforce", workforce),
        ("targets", target_rows(provinces, year)),
        ("benefits", benefits),
    ):
        files.append(_write_csv(inputs_dir / f"{kind}.csv", kind, rows))
        if progress:
            progress("inputs", len(files), len(INPUT_KINDS))
    return files
