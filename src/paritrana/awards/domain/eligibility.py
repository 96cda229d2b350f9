"""Who may compete in a category: checked from the category's configuration, with reasons.

A candidate is described by a `Candidate`: a region (kab/kota, province or village) or an
employer with its size class, sector and kab/kota. The category's `eligibility` names the kind
of entity and optionally the size classes and sectors it admits; a national per-zone category
admits provinces; `regions` (Kemendagri codes) limits a category to those regions and what
lies inside them. Every refusal says why, in Bahasa Indonesia.
"""

from __future__ import annotations

from dataclasses import dataclass

from paritrana.awards.models import Category, Nomination

ENTITY_NAMES = {
    "kabkota": "pemerintah kabupaten/kota",
    "provinsi": "pemerintah provinsi",
    "desa": "pemerintah desa/kelurahan",
    "perusahaan": "perusahaan",
}


@dataclass(frozen=True)
class Candidate:
    entity: str  # "kabkota", "provinsi", "desa" or "perusahaan"
    name: str
    region_code: str  # the region itself, or the employer's kab/kota
    size_class: str = ""  # employers: besar, menengah, kecil, mikro
    sector: str = ""
    employer_id: str = ""  # employers: their id in the coverage data


def candidate_of(nomination: Nomination) -> Candidate:
    """The candidate a nomination stands for (an employer's id is the nomination's key)."""
    return Candidate(
        entity=nomination.entity,
        name=nomination.name,
        region_code=nomination.region_code,
        size_class=nomination.size_class,
        sector=nomination.sector,
        employer_id=nomination.key if nomination.entity == "perusahaan" else "",
    )


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # why not (empty when eligible)

    def explain(self) -> str:
        return "Memenuhi syarat." if self.eligible else " ".join(self.reasons)


def check(category: Category, candidate: Candidate) -> Eligibility:
    rules = category.eligibility
    reasons: list[str] = []
    wanted = rules.get("entity")
    if wanted and candidate.entity != wanted:
        actual = ENTITY_NAMES.get(candidate.entity, candidate.entity)
        reasons.append(
            f"Kategori '{category.name}' untuk {ENTITY_NAMES.get(wanted, wanted)}, "
            f"sedangkan {candidate.name} adalah {actual}."
        )
    sizes = rules.get("size_classes") or []
    if sizes and candidate.size_class not in sizes:
        shown = candidate.size_class or "tidak diketahui"
        reasons.append(f"Skala usaha {shown}; kategori ini hanya untuk skala {', '.join(sizes)}.")
    sectors = rules.get("sectors") or []
    if sectors and candidate.sector not in sectors:
        shown = candidate.sector or "tidak diketahui"
        reasons.append(f"Sektor {shown}; kategori ini hanya untuk sektor {', '.join(sectors)}.")
    regions = rules.get("regions") or []
    if regions and not any(
        candidate.region_code == code or candidate.region_code.startswith(f"{code}.")
        for code in regions
    ):
        reasons.append(
            f"Wilayah {candidate.region_code} di luar wilayah kategori ini ({', '.join(regions)})."
        )
    if not category.enabled:
        reasons.append(f"Kategori '{category.name}' tidak dipakai pada siklus ini.")
    return Eligibility(not reasons, tuple(reasons))
