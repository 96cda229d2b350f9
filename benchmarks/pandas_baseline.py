"""A straightforward pandas implementation of the engine's metrics, for the benchmark.

It follows the definitions of `paritrana.engine.metrics` (active = any paid amount; one record
per participant-month, the highest wage; employer facts; roll-ups from kab/kota to nation) the
way a competent analyst would write them in pandas: one month at a time (a national year does
not fit in memory at once), vectorised, no Python loops over rows. The benchmark checks that it
gives the same numbers as the engine before it compares their speed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from paritrana.engine.rates import RISKS, month_rates
from paritrana.engine.regions import RegionIndex

PROGRAMME_BITS = {"jkk": 1, "jkm": 2, "jht": 4, "jp": 8}
SEGMENTS = {"PU": "active_pu", "BPU": "active_bpu", "Jakon": "active_jakon", "PMI": "active_pmi"}


def _round_pct(amount: pd.Series, pct: object) -> np.ndarray:
    # Half up to whole rupiah on exact decimals: amount x pct / 100 with pct in hundredths of a
    # percent (0.54% -> 54), integer arithmetic so no float rounding slips in.
    hundredths = round(float(pct) * 100)  # type: ignore[arg-type]
    scaled = amount.to_numpy(dtype=np.int64) * hundredths  # rupiah x 10,000
    return (scaled + 5_000) // 10_000


def month_facts(
    path: Path, month: dt.date, employers: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    df = pd.read_parquet(path)
    paid = df.paid_jkk + df.paid_jkm + df.paid_jht + df.paid_jp
    due = df.due_jkk + df.due_jkm + df.due_jht + df.due_jp
    # Active participants: one record per participant, the highest wage (then employer id).
    payers = df.loc[
        paid > 0,
        [
            "participant_key",
            "kabkota_code",
            "village_code",
            "segment",
            "programmes",
            "wage",
            "employer_id",
        ],
    ]
    payers = payers.sort_values(
        ["participant_key", "wage", "employer_id"],
        ascending=[True, False, False],
        na_position="last",
    )
    primary = payers.drop_duplicates("participant_key", keep="first")
    active = (
        primary.groupby(["kabkota_code", "village_code", "segment", "programmes"], dropna=False)
        .size()
        .rename("active")
        .reset_index()
    )
    active["month"] = pd.Timestamp(month)
    # Employer facts.
    rates = month_rates(month)
    e = df[df.employer_id.notna()].copy()
    e["paid"], e["due"] = paid[e.index], due[e.index]
    e = e.merge(employers[["employer_id", "emp_kabkota", "jkk_risk"]], on="employer_id", how="left")
    required = np.where(e.segment == "PU", 15, 3)
    e["billed"] = e.due > 0
    e["on_time"] = e.billed & (e.paid >= e.due) & (e.paid_date <= e.due_date)
    e["complete"] = (e.programmes.astype(np.int64) & required) == required
    pu = e.segment == "PU"
    capped = np.minimum(e.wage, rates.jp_cap or 0)
    expected = (
        _round_pct(e.wage, rates.jkm_pct)
        + _round_pct(e.wage, rates.jht_employer_pct)
        + _round_pct(e.wage, rates.jht_worker_pct)
        + _round_pct(capped, rates.jp_employer_pct)
        + _round_pct(capped, rates.jp_worker_pct)
    )
    jkk = np.zeros(len(e), dtype=np.int64)
    for risk in RISKS:
        mask = (e.jkk_risk == risk).to_numpy()
        jkk[mask] = _round_pct(e.wage[mask], rates.jkk_pct[risk])
    e["expected"] = np.where(pu, expected + jkk, 0)
    compared = e.paid_jkm + e.paid_jht + e.paid_jp + np.where(e.jkk_risk.isna(), 0, e.paid_jkk)
    e["paid_compared"] = np.where(pu, compared, 0)
    e["pu"] = pu
    e["kabkota"] = e.emp_kabkota.fillna(e.kabkota_code)
    employer = (
        e.groupby("employer_id")
        .agg(
            kabkota=("kabkota", "first"),
            records=("pu", "size"),
            billed=("billed", "sum"),
            on_time=("on_time", "sum"),
            complete=("complete", "sum"),
            due=("due", "sum"),
            paid=("paid", "sum"),
            pu_records=("pu", "sum"),
            expected=("expected", "sum"),
            paid_compared=("paid_compared", "sum"),
        )
        .reset_index()
    )
    employer["month"] = pd.Timestamp(month)
    return active, employer


def _geo(regions: RegionIndex) -> pd.DataFrame:
    provinces = pd.DataFrame({"province": list(regions.zone), "zone": list(regions.zone.values())})
    return provinces


def _rollup(df: pd.DataFrame, measures: dict[str, tuple[str, str]]) -> pd.DataFrame:
    df = df.assign(nation="ID")
    parts = []
    for level, column in (
        ("nasional", "nation"),
        ("zona", "zone"),
        ("provinsi", "province"),
        ("kabkota", "kabkota_code"),
    ):
        grouped = df.groupby(column).agg(**measures).reset_index()
        parts.append(grouped.rename(columns={column: "region_code"}).assign(level=level))
    return pd.concat(parts, ignore_index=True)


def compute(
    *, store_root: Path, regions: RegionIndex, year: int, base_kind: str = "sakernas_bekerja"
) -> dict[str, pd.DataFrame]:
    """Region active counts and UCJ per level, and employer compliance, for `year`."""
    employers = pd.read_parquet(store_root / "employers").rename(
        columns={"kabkota_code": "emp_kabkota"}
    )
    employers = employers.sort_values("_batch_seq").drop_duplicates("employer_id", keep="last")
    active_parts, employer_parts = [], []
    months = sorted((store_root / "contributions").glob("month=*"))
    for folder in months:
        y, m = (int(x) for x in folder.name.removeprefix("month=").split("-"))
        if y != year:
            continue
        a, e = month_facts(folder, dt.date(y, m, 1), employers)
        active_parts.append(a)
        employer_parts.append(e)
    facts = pd.concat(active_parts, ignore_index=True)
    last = facts.month.max()
    dec = facts[facts.month == last].copy()
    dec["province"] = dec.kabkota_code.str[:2]
    dec = dec.merge(_geo(regions), on="province", how="left")
    for segment, column in SEGMENTS.items():
        dec[column] = np.where(dec.segment == segment, dec.active, 0)
    for name, bit in PROGRAMME_BITS.items():
        dec[f"active_{name}"] = np.where(
            (dec.programmes.astype(np.int64) & bit) == bit, dec.active, 0
        )
    measures = {
        c: (c, "sum")
        for c in ["active", *SEGMENTS.values(), *(f"active_{p}" for p in PROGRAMME_BITS)]
    }
    region = _rollup(dec, measures)
    village = dec[dec.village_code.notna()].groupby("village_code").agg(**measures).reset_index()
    village = village.rename(columns={"village_code": "region_code"}).assign(level="desa")
    region = pd.concat([region, village], ignore_index=True)
    workforce = pd.read_parquet(store_root / "workforce")
    workforce = workforce[(workforce.year == year) & (workforce.base_kind == base_kind)]
    workforce = workforce.sort_values("_batch_seq").drop_duplicates("region_code", keep="last")
    region = region.merge(workforce[["region_code", "workers"]], on="region_code", how="left")
    region["ucj_pct"] = 100.0 * region.active / region.workers
    emp = pd.concat(employer_parts, ignore_index=True)
    emp["arrears"] = emp.paid < emp.due
    emp_year = (
        emp.groupby("employer_id")
        .agg(
            kabkota=("kabkota", "first"),
            records=("records", "sum"),
            billed=("billed", "sum"),
            on_time=("on_time", "sum"),
            complete=("complete", "sum"),
            due=("due", "sum"),
            paid=("paid", "sum"),
            expected=("expected", "sum"),
            paid_compared=("paid_compared", "sum"),
            months_in_arrears=("arrears", "sum"),
        )
        .reset_index()
    )
    emp_year["on_time_pct"] = 100.0 * emp_year.on_time / emp_year.billed.replace(0, np.nan)
    emp_year["complete_pct"] = 100.0 * emp_year.complete / emp_year.records
    emp_year["paid_pct_of_expected"] = (
        100.0 * emp_year.paid_compared / emp_year.expected.replace(0, np.nan)
    )
    return {"region_metrics": region, "employer_metrics": emp_year}
