"""Synthetic data for the demo and for trying the product: generate a national year, put its
records in the store and import its other files through the ordinary import path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from paritrana.coverage.domain.imports import import_now
from paritrana.coverage.domain.store import region_index, store_root
from paritrana.coverage.models import DataImport, ImportStatus
from paritrana.engine.store import MANIFESTS, imported_files
from paritrana.engine.synth import SynthSummary, generate

Progress = Callable[[str, int, int], None]
INPUT_KINDS = ("employers", "workforce", "targets", "benefits")


def load_synthetic(
    *,
    participants: int,
    year: int,
    seed: int,
    progress: Progress | None = None,
    keep_inputs: Path | None = None,
    published_scale: bool = False,
) -> tuple[SynthSummary, list[DataImport]]:
    """Generate `participants` for `year` and load them. Contributions go into the store as
    synthetic batches (there is no raw identifier to pseudonymise); employers, workforce,
    targets and benefits are imported as a data officer would import them.
    `published_scale`: the records are a sample, and aggregated active counts and the
    workforce are imported at the published national scale (engine.synth_scale)."""
    root = store_root()
    work = root.parent / f".synth-{year}-{seed}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        summary = generate(
            regions=region_index(),
            out_dir=work,
            participants=participants,
            year=year,
            seed=seed,
            progress=progress,
            published_scale=published_scale,
        )
        # Records first, the manifest last: the batch counts only once its manifest is there.
        generated = work / "store"
        for source in sorted(imported_files(generated, "contributions")):
            target = root / source.relative_to(generated)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
        for manifest in (generated / MANIFESTS / "contributions").glob("*.json"):
            target = root / manifest.relative_to(generated)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(manifest, target)
        DataImport.objects.create(
            kind="contributions",
            file_name=f"sintetis-{year}-seed{seed}",
            status=ImportStatus.IMPORTED,
            rows=summary.rows,
            rows_written=summary.rows,
            months=[f"{year}-{m:02d}" for m in range(1, 13)],
            message=f"Data sintetis: {_ribuan(summary.rows)} baris, "
            f"{_ribuan(summary.participants)} peserta"
            + (" (sampel; peserta aktif dari hitungan agregat)." if published_scale else "."),
        )
        # Employers are imported like any file, which also brings the new records' facts up
        # to date (see imports.FACT_INPUTS).
        kinds = (*INPUT_KINDS, "active_counts") if published_scale else INPUT_KINDS
        imports = [
            import_now(path=work / "inputs" / f"{kind}.csv", kind=kind, progress=progress)
            for kind in kinds
        ]
        if keep_inputs:
            keep_inputs.mkdir(parents=True, exist_ok=True)
            for csv_file in (work / "inputs").glob("*.csv"):
                shutil.copy(csv_file, keep_inputs / f"{year}-{csv_file.name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary, imports


def _ribuan(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def describe(summary: SynthSummary) -> dict[str, Any]:
    return {
        "rows": summary.rows,
        "participants": summary.participants,
        "employers": summary.employers,
        "seconds": round(summary.seconds, 1),
    }
