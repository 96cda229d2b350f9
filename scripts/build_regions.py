#!/usr/bin/env python3
"""Rebuild src/paritrana/regions/data/kemendagri_2025.csv.gz from the npm package idn-area-data.

    python scripts/build_regions.py            # fetches idn-area-data@4.0.1 with `npm pack`
    python scripts/build_regions.py --from DIR # DIR holds provinces.csv ... villages.csv

The source is idn-area-data 4.0.1 (Kepmendagri 300.2.2-2138/2025), whose data is licensed
under the Open Database License (ODbL 1.0); the packaged file is a derivative database under
the same licence (see src/paritrana/regions/data/ATTRIBUTION.md). The version is pinned:
npm resolves an unpinned name to 3.1.2 on Node 20, which is an older list.

Output columns: code, parent_code, level, kind, name. The output is deterministic (gzip mtime 0),
so rebuilding from the same source gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "idn-area-data@4.0.1"
OUT = Path(__file__).resolve().parents[1] / "src/paritrana/regions/data/kemendagri_2025.csv.gz"
VILLAGE_KIND = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}


def fetch(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True)
    (tarball,) = workdir.glob("idn-area-data-*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "data"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def regency_kind(name: str) -> str:
    if name.startswith("Kabupaten "):
        return "kabupaten"
    if name.startswith("Kota "):
        return "kota"
    raise SystemExit(f"kab/kota name without 'Kabupaten'/'Kota' prefix: {name!r}")


def build(source: Path) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    for row in read(source / "provinces.csv"):
        rows.append((row["code"], "", "provinsi", "", row["name"]))
    for row in read(source / "regencies.csv"):
        kind = regency_kind(row["name"])
        rows.append((row["code"], row["province_code"], "kabkota", kind, row["name"]))
    for row in read(source / "districts.csv"):
        rows.append((row["code"], row["regency_code"], "kecamatan", "", row["name"]))
    for row in read(source / "villages.csv"):
        kind = VILLAGE_KIND[row["code"].rsplit(".", 1)[1][0]]
        rows.append((row["code"], row["district_code"], "desa", kind, row["name"]))
    codes = {row[0] for row in rows}
    orphans = [row for row in rows if row[1] and row[1] not in codes]
    if orphans or len(codes) != len(rows):
        raise SystemExit(f"inconsistent source: {len(orphans)} orphans, duplicate codes present")
    return rows


def write(rows: list[tuple[str, str, str, str, str]]) -> None:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "parent_code", "level", "kind", "name"])
    writer.writerows(rows)
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.getvalue().encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="folder with the package's CSVs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch(Path(tmp))
        rows = build(source)
        write(rows)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[2]] = counts.get(row[2], 0) + 1
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
