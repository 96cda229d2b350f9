"""The plan of a synthetic year: where participants live and which employers hold them.

Small tables only (kab/kota, villages, employers, BPU counts per kab/kota), built in Python with a
seeded `random.Random` so they are the same on every machine. The participant-month rows are
generated from these tables inside DuckDB (`synth_sql`).

Province and kab/kota counts are allocated exactly (largest remainder), and employers are placed
largest first in the kab/kota furthest below its share, so that even a small synthetic year keeps
the calibrated province order.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import pyarrow as pa

from paritrana.engine import synth_calibration as cal
from paritrana.engine.regions import RegionIndex

POOLS = ("PU", "Jakon", "PMI")  # segments whose participants have an employer
SIZE_CLASSES_DESC = ("besar", "menengah", "kecil", "mikro")


@dataclass(frozen=True)
class KabKota:
    code: str
    province: str
    share: float  # of all participants, nationally
    villages: tuple[str, ...]


@dataclass
class Plan:
    participants: int
    segments: dict[str, int]
    kabkota: list[KabKota]
    employers: pa.Table  # EMPLOYER_COLUMNS, in output order
    bpu: dict[str, list[object]]  # kabkota_code, n, first, n_villages
    # Planned distinct participants per kab/kota and segment.
    by_kabkota: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def employer_count(self) -> int:
        return int(self.employers.num_rows)


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Integers summing to `total`, proportional to `weights` (ties to the earlier item)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def province_weights(provinces: list[str], kabkota_count: dict[str, int]) -> dict[str, float]:
    """Dec 2023 active participants; the remainder for provinces DOMAIN has no count for."""
    known = cal.PROVINCE_ACTIVE_DEC_2023
    remainder = cal.NATIONAL_ACTIVE_DEC_2023 - sum(known.values())
    unknown = [p for p in provinces if p not in known]
    unknown_kabkota = sum(kabkota_count.get(p, 0) for p in unknown) or 1
    return {
        p: float(known[p]) if p in known else remainder * kabkota_count.get(p, 0) / unknown_kabkota
        for p in provinces
    }


def kabkota_table(regions: RegionIndex) -> list[KabKota]:
    kabkota = regions.codes("kabkota")
    if not kabkota:
        raise ValueError("RegionIndex tanpa kabupaten/kota: data sintetis butuh hierarki wilayah.")
    villages: dict[str, list[str]] = defaultdict(list)
    for code in regions.codes("desa"):
        villages[code[:5]].append(code)
    per_province: dict[str, list[str]] = defaultdict(list)
    for code in kabkota:
        per_province[code[:2]].append(code)
    weights = province_weights(sorted(per_province), {p: len(k) for p, k in per_province.items()})
    total = sum(weights.values())

    def local_weight(code: str) -> float:
        if villages:
            urban = sum(1 for v in villages[code] if v[9:10] == "1")
            return cal.KELURAHAN_WEIGHT * urban + cal.DESA_WEIGHT * (len(villages[code]) - urban)
        is_kota = code[3:5] >= "71"
        return float(
            cal.KOTA_WEIGHT_WITHOUT_VILLAGES if is_kota else cal.KABUPATEN_WEIGHT_WITHOUT_VILLAGES
        )

    table = []
    for province, codes in sorted(per_province.items()):
        local = {c: max(local_weight(c), 1.0) for c in codes}
        local_total = sum(local.values())
        for code in codes:
            share = weights[province] / total * local[code] / local_total
            table.append(KabKota(code, province, share, tuple(villages.get(code, ()))))
    return table


def _quantiles(n: int) -> list[float]:
    """n stratified quantiles in (0, 1): the same size distribution at every seed."""
    return [(i + 0.5) / n for i in range(n)]


def _pool_sizes(
    rng: random.Random, employers: int, workers: int, micro_share: float, ceiling: float
) -> list[int]:
    """Registered workers per employer: micro 1-4, kecil 5-19, menengah 20-99, besar the rest.

    No employer gets more than `ceiling` workers where that is feasible: at small synthetic
    sizes some micro employers become besar ones instead, so that one employer cannot hold
    more than a province's share."""
    employers = min(employers, workers)
    if employers <= 0:
        return []
    n_micro = round(employers * micro_share)
    n_rest = employers - n_micro
    shares = cal.NON_MICRO_CLASS_SHARES
    n_besar = max(1, round(n_rest * shares["besar"])) if n_rest else 0
    n_menengah = min(n_rest - n_besar, round(n_rest * shares["menengah"]))
    n_kecil = n_rest - n_besar - n_menengah
    micro = rng.choices((1, 2, 3, 4), weights=cal.MICRO_WORKER_ODDS, k=n_micro)
    fixed = [min(19, math.floor(5 * 4**q)) for q in _quantiles(n_kecil)]
    fixed += [min(99, math.floor(20 * 5**q)) for q in _quantiles(n_menengah)]
    budget = workers - sum(fixed) - sum(micro) - 100 * n_besar
    cap = max(cal.LARGEST_EMPLOYER_SHARE * workers, 3 * (100 + budget / max(n_besar, 1)))
    cap = max(min(cap, ceiling), 200.0)
    while micro and budget > n_besar * (cap - 100):
        budget += micro.pop() - 100
        n_besar += 1
    if budget < 0:  # tiny sizes: keep the proportions, drop the class bounds
        weights = [float(f) for f in micro + fixed] + [100.0] * n_besar
        sizes = [s for s in largest_remainder(workers, weights) if s > 0]
    else:
        raw = [100 * (1 - q) ** (-1 / cal.PARETO_SHAPE) - 100 for q in _quantiles(n_besar)]
        for _ in range(5):  # the cap applies after scaling: scale, cap, scale again
            scale = budget / sum(raw) if sum(raw) else 0.0
            raw = [min(r, (cap - 100) / scale) if scale else r for r in raw]
        sizes = micro + fixed + [100 + extra for extra in largest_remainder(budget, raw)]
    rng.shuffle(sizes)
    return sizes


def _size_class(workers: int) -> str:
    for name in SIZE_CLASSES_DESC:
        if workers >= cal.SIZE_CLASS_MIN_WORKERS[name]:
            return name
    return "mikro"


def _reported(rng: random.Random, registered: int) -> int:
    draw = rng.random()
    if draw < cal.STALE_REPORT_SHARE:
        reported = max(1, math.floor(registered * 0.9))
        floor = 5 if registered >= 5 else 1
        return max(floor, reported)
    if draw < cal.STALE_REPORT_SHARE + cal.UNDER_REGISTRATION_SHARE:
        reported = math.ceil(registered * rng.uniform(*cal.UNDER_REGISTRATION_FACTOR))
        return min(reported, 4) if registered <= 4 else reported
    return registered


def _greedy(sizes: list[int], order: list[int], targets: list[float]) -> list[int]:
    heap = [(-t, k) for k, t in enumerate(targets)]
    heapq.heapify(heap)
    placed = [0] * len(sizes)
    for i in order:
        deficit, k = heapq.heappop(heap)
        placed[i] = k
        heapq.heappush(heap, (deficit + sizes[i], k))
    return placed


def _place(sizes: list[int], kabkota: list[KabKota], total: int) -> list[int]:
    """Kab/kota index per employer: largest employer first into the province furthest below
    its share, then likewise into that province's kab/kota."""
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    provinces = sorted({k.province for k in kabkota})
    members = {p: [i for i, k in enumerate(kabkota) if k.province == p] for p in provinces}
    province_targets = [total * sum(kabkota[i].share for i in members[p]) for p in provinces]
    in_province = _greedy(sizes, order, province_targets)
    placed = [0] * len(sizes)
    for p_index, province in enumerate(provinces):
        mine = [i for i in order if in_province[i] == p_index]
        local = _greedy(sizes, mine, [total * kabkota[i].share for i in members[province]])
        for i in mine:
            placed[i] = members[province][local[i]]
    return placed


class _Employer(NamedTuple):
    pool_order: int
    kabkota_code: str
    draw: int
    segment: str
    name: str
    sector: str
    risk: str
    size_class: str
    workers: int
    reported_workforce: int
    pay_class: int
    stop_month: int
    jp_gap: float
    n_villages: int


def _employer(
    rng: random.Random, pool_order: int, pool: str, kabkota: KabKota, draw: int, workers: int
) -> _Employer:
    if pool == "PU":
        weights = [s[1] for s in cal.PU_SECTORS]
        sector = rng.choices([s[0] for s in cal.PU_SECTORS], weights=weights)[0]
    else:
        sector = (cal.JAKON_SECTOR if pool == "Jakon" else cal.PMI_SECTOR)[0]
    reported = _reported(rng, workers)
    size_class = _size_class(reported)
    habit = rng.choices((0, 1, 2), weights=cal.PAY_CLASS_ODDS[size_class])[0]
    legal = {"mikro": "UD", "kecil": "CV"}.get(size_class, "PT")
    name = f"{legal} {rng.choice(cal.NAME_WORDS)} {rng.choice(cal.NAME_WORDS)}"
    name += {"Jakon": " Konstruksi", "PMI": " (P3MI)"}.get(pool, "")
    return _Employer(
        pool_order,
        kabkota.code,
        draw,
        pool,
        name,
        sector,
        cal.SECTOR_RISK[sector],
        size_class,
        workers,
        reported,
        habit,
        rng.randint(*cal.ARREARS_STOP_MONTHS),
        cal.PU_JP_GAP[size_class] if pool == "PU" else 0.0,
        len(kabkota.villages),
    )


def _employer_rows(seed: int, segments: dict[str, int], kabkota: list[KabKota]) -> list[_Employer]:
    total_employers = max(
        len(POOLS),
        round(cal.EMPLOYERS_FEB_2025 * sum(segments.values()) / cal.NATIONAL_PARTICIPANTS),
    )
    pool_employers = {
        "Jakon": max(1, round(total_employers * cal.JAKON_EMPLOYER_SHARE)),
        "PMI": max(1, round(total_employers * cal.PMI_EMPLOYER_SHARE)),
    }
    pool_employers["PU"] = total_employers - pool_employers["Jakon"] - pool_employers["PMI"]
    micro_share = cal.MICRO_EMPLOYERS_FEB_2025 / cal.EMPLOYERS_FEB_2025
    province_share: dict[str, float] = defaultdict(float)
    for k in kabkota:
        province_share[k.province] += k.share
    top_province = max(province_share.values())
    rows = []
    for pool_order, pool in enumerate(POOLS):
        rng = random.Random(f"paritrana-synth:{seed}:employers:{pool}")
        sizes = _pool_sizes(
            rng,
            pool_employers[pool],
            segments[pool],
            0.0 if pool == "PMI" else micro_share,
            ceiling=cal.LARGEST_VS_TOP_PROVINCE * top_province * segments[pool],
        )
        places = _place(sizes, kabkota, segments[pool])
        for draw, (workers, place) in enumerate(zip(sizes, places, strict=True)):
            rows.append(_employer(rng, pool_order, pool, kabkota[place], draw, workers))
    rows.sort(key=lambda r: (r.pool_order, r.kabkota_code, r.draw))
    return rows


EMPLOYER_COLUMNS = (
    "employer_id",
    "kabkota_code",
    "segment",
    "name",
    "sector",
    "risk",
    "size_class",
    "workers",
    "reported_workforce",
    "pay_class",
    "stop_month",
    "jp_gap",
    "n_villages",
    "first",
)


def build_plan(regions: RegionIndex, participants: int, seed: int) -> Plan:
    if participants < 1000:
        raise ValueError("participants harus >= 1000 untuk data sintetis yang bermakna.")
    kabkota = kabkota_table(regions)
    names = list(cal.SEGMENT_ACTIVE_APR_2025)
    counts = largest_remainder(participants, [float(cal.SEGMENT_ACTIVE_APR_2025[s]) for s in names])
    segments = dict(zip(names, counts, strict=True))
    employers: dict[str, list[object]] = {c: [] for c in EMPLOYER_COLUMNS}
    by_kabkota: dict[str, dict[str, int]] = {k.code: dict.fromkeys(names, 0) for k in kabkota}
    sequence: dict[str, int] = defaultdict(int)
    first = 0
    for row in _employer_rows(seed, segments, kabkota):
        province = row.kabkota_code[:2]
        sequence[province] += 1
        values = {
            **row._asdict(),
            "employer_id": f"E{province}{sequence[province]:06d}",
            "first": first,
        }
        for column in EMPLOYER_COLUMNS:
            employers[column].append(values[column])
        by_kabkota[row.kabkota_code][row.segment] += row.workers
        first += row.workers
    bpu_counts = largest_remainder(segments["BPU"], [k.share for k in kabkota])
    bpu: dict[str, list[object]] = {"kabkota_code": [], "n": [], "first": [], "n_villages": []}
    for k, n in zip(kabkota, bpu_counts, strict=True):
        if n:
            for column, value in zip(bpu, (k.code, n, first, len(k.villages)), strict=True):
                bpu[column].append(value)
            by_kabkota[k.code]["BPU"] = n
            first += n
    table = pa.table(employers)
    del employers  # the Python lists are ~10 times the size of the Arrow table
    return Plan(participants, segments, kabkota, table, bpu, by_kabkota)
